"""The app's few accents on top of the platform palette, so light and dark themes both read well.

Each is set on the widget that carries it, never as a style sheet for the whole application: with one, Qt
routes every widget's polish and paint through its style sheet engine (some 5 ms of the first paint, and a
share of every frame of the feed) for the sake of a handful of widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

PRIMARY_BUTTON = """
QPushButton {
    background: #0B5CAB;
    color: white;
    border: none;
    border-radius: 6px;
    padding: 8px 18px;
    font-weight: bold;
}
QPushButton:hover { background: #1B96FF; }
QPushButton:focus { outline: 2px solid palette(highlight); }
QPushButton:disabled { background: palette(mid); }
"""

# A tinted, rounded box whose colour follows the bar's "kind" property.
MESSAGE_BAR = """
QWidget#messageBar[kind="error"] {
    background: rgba(194, 57, 52, 0.16);
    border: 1px solid rgba(194, 57, 52, 0.55);
    border-radius: 6px;
}
QWidget#messageBar[kind="info"] {
    background: rgba(27, 150, 255, 0.14);
    border: 1px solid rgba(27, 150, 255, 0.45);
    border-radius: 6px;
}
"""


def primary(button: QPushButton) -> None:
    """The one button of a screen that does what the screen is for."""
    button.setObjectName("primaryButton")
    button.setStyleSheet(PRIMARY_BUTTON)


def quiet(label: QLabel) -> None:
    """Secondary text (captions, hints) in the palette's placeholder colour."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)


def message_box(bar: QWidget) -> None:
    """A bar's tinted box, by its "kind" property ("error" or "info"); re-polish it when the kind changes."""
    bar.setObjectName("messageBar")
    # A plain QWidget subclass paints a style sheet's background and border only when asked to.
    bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    bar.setStyleSheet(MESSAGE_BAR)
