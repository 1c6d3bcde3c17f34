"""The line under a people view that says what is under way or what went wrong, with a retry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class StatusLine(QWidget):
    """Progress, an error's words and a Retry button (signals: retry_requested())."""

    retry_requested = Signal()

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(f"Loading {subject}")
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(f"{subject.capitalize()} status")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Re&try", self)
        self.retry_button.setAccessibleName(f"Try loading {subject} again")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.busy)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.retry_button.clicked.connect(self.retry_requested)
        self.clear()

    def show_busy(self, words: str) -> None:
        """Say what is under way, with a moving bar."""
        self._show(words, busy=True, error=False)

    def show_error(self, words: str, *, can_retry: bool = True) -> None:
        """Say what went wrong; offer Retry when trying again may help."""
        self._show(words, busy=False, error=True, retry=can_retry)

    def show_message(self, words: str) -> None:
        """Say something calm (nothing found, a request sent)."""
        self._show(words, busy=False, error=False)

    def clear(self) -> None:
        """Nothing to say."""
        self._show("", busy=False, error=False)
        self.setVisible(False)

    @property
    def is_error(self) -> bool:
        """Whether the line shows an error now."""
        return bool(self.property("error"))

    def _show(self, words: str, *, busy: bool, error: bool, retry: bool = False) -> None:
        self.label.setText(words)
        self.busy.setVisible(busy)
        self.retry_button.setVisible(error and retry)
        self.setProperty("error", error)
        self.setVisible(bool(words))
