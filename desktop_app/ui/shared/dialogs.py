"""Questions to the person in a message box that shows its text as plain text, never as markup.

``QMessageBox.question`` guesses whether a text is rich text; an account title (a display name and org name
from the server) like ``<a href="file:///etc">x</a>`` would then become a live link. Every question goes
through here instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def message_box(
    parent: QWidget | None, title: str, text: str, buttons: Button, default: Button
) -> QMessageBox:
    """A question box whose text is plain text."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setDefaultButton(default)
    return box


def question(
    parent: QWidget | None, title: str, text: str, yes_label: str = "", no_label: str = ""
) -> Button:
    """Ask Yes or No (No is the default); the labels rename the buttons when given."""
    box = message_box(parent, title, text, Button.Yes | Button.No, Button.No)
    if yes_label:
        box.button(Button.Yes).setText(yes_label)
    if no_label:
        box.button(Button.No).setText(no_label)
    return Button(box.exec())
