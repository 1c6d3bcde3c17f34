"""What the feed shows instead of posts: a message in plain text, a busy bar, one action button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class FeedMessage(QWidget):
    """The feed's loading, empty and failed states, with one action (button.clicked), e.g. Try again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setFixedWidth(200)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Loading")
        self.button = QPushButton(self)
        page = QVBoxLayout(self)
        page.setContentsMargins(32, 32, 32, 32)
        page.addStretch(1)
        page.addWidget(self.label)
        for widget in (self.progress, self.button):
            page.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addStretch(2)

    def show_text(self, text: str, button: str = "", *, busy: bool = False) -> None:
        """Say ``text``, offer ``button`` when given, and show the busy bar when ``busy``."""
        self.label.setText(text)
        self.button.setText(button)
        self.button.setVisible(bool(button))
        self.progress.setVisible(busy)

    @property
    def busy(self) -> bool:
        """True while the busy bar is shown."""
        return self.progress.isVisibleTo(self)
