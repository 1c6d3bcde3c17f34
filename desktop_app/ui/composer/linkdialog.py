"""A small dialog asking for a link's address and words (only http and https addresses are taken)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from desktop_app.ui.composer.richedit import web_link


class LinkDialog(QDialog):
    """Asks for a URL and the words to show; OK is enabled once the URL is an http(s) address."""

    def __init__(self, words: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert link")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://")
        self.url.setAccessibleName("Link address")
        self.words = QLineEdit(words, self)
        self.words.setAccessibleName("Link text")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QFormLayout(self)
        layout.addRow("Address", self.url)
        layout.addRow("Text", self.words)
        layout.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url.textChanged.connect(self._refresh)
        self._refresh()

    @property
    def link(self) -> str | None:
        """The address typed, when it is one Chatter takes."""
        return web_link(self.url.text())

    @Slot()
    def _refresh(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.link is not None)
