"""The composer's text box: Ctrl+Enter sends, and the @mention completer gets the keys it needs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget


class PostEdit(QPlainTextEdit):
    """Multi-line entry that sends on Ctrl+Enter and leaves completion keys to an open popup."""

    submit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.completer: QCompleter | None = None
        self.setTabChangesFocus(True)

    def _completing(self) -> bool:
        popup = self.completer.popup() if self.completer is not None else None
        return popup is not None and popup.isVisible()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab picks the highlighted person while suggestions show, and moves focus otherwise."""
        return False if self._completing() else super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter posts; Enter/Tab/Esc pick or dismiss a suggestion while the list is open."""
        key = event.key()
        if self._completing() and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()
            return
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submit_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
