"""The first screen when no account is saved: sign in, or try the demo org."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.ui.shared import accents

DEMO_HINT = (
    "The demo org is a small Salesforce-like org that runs on this computer, with made-up people and posts:\n"
    "no Salesforce account needed. Like a real org, it remembers what you post and who is signed in\n"
    "(the README says how to start it afresh)."
)


class WelcomePage(QWidget):
    """Two big choices (signals: sign_in_requested(), demo_requested())."""

    sign_in_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel(f"Welcome to {APP_NAME}", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        blurb = QLabel(
            "Read and share your Chatter news feed and see your profile,\n"
            "across every Salesforce org you use.\n"
            "Your sign-in stays in your system keyring; nothing is stored in plain files.",
            self,
        )
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        blurb.setTextFormat(Qt.TextFormat.PlainText)
        self.sign_in_button = QPushButton("Sign in to Salesforce…", self)
        accents.primary(self.sign_in_button)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAccessibleName("Sign in to Salesforce")
        self.sign_in_button.setMinimumWidth(260)
        self.demo_button = QPushButton("Try the demo org", self)
        self.demo_button.setAccessibleName("Try the demo org")
        self.demo_button.setMinimumWidth(260)
        hint = QLabel(DEMO_HINT, self)
        accents.quiet(hint)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addWidget(blurb)
        layout.addSpacing(24)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(hint)
        layout.addStretch(3)
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.demo_button.clicked.connect(self.demo_requested)
