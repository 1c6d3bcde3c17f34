"""The one-line comment entry a feed post opens in place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class CommentEditor(QLineEdit):
    """The one-line comment entry opened inside a post (signals: submitted(item_id, text))."""

    submitted = Signal(str, str)

    def __init__(self, item_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.setPlaceholderText("Write a comment… (Enter sends, Esc cancels)")
        self.setAccessibleName("Comment")
        self.setMaxLength(10_000)
        self.returnPressed.connect(self._submit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter sends and stops there: the list must not also see it and fold the comments."""
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()

    @Slot()
    def _submit(self) -> None:
        text = self.text().strip()
        if text:
            self.clear()
            self.submitted.emit(self.item_id, text)
