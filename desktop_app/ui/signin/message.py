"""The sign-in dialog's message area (what went wrong, with buttons for what to do), its status page and its
row of buttons."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

_W = TypeVar("_W", bound=QWidget)


def named(widget: _W, name: str, accessible: str) -> _W:
    """The widget with its object name and accessible name set."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class SignInButtons(QWidget):
    """Back, Reload, Copy diagnostics and Cancel; none is a default button (Enter belongs to the page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = named(QPushButton("Back", self), "backButton", "Back")
        self.back.setToolTip("Back (Alt+Left)")
        self.reload = named(QPushButton("Reload", self), "reloadButton", "Reload")
        self.reload.setToolTip("Reload (Ctrl+R, F5)")
        self.copy = named(QPushButton("Copy diagnostics", self), "copyDiagnostics", "Copy diagnostics")
        self.copy.setToolTip("Copy what this sign-in attempt did (hosts, statuses, timings; no secrets)")
        self.cancel = named(QPushButton("Cancel", self), "cancelButton", "Cancel sign-in")
        self.cancel.setToolTip("Cancel (Esc)")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.back, self.reload, self.copy):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.cancel.setAutoDefault(False)
        row.addWidget(self.cancel)


class SignInMessage(QFrame):
    """A message with the buttons it offers, hidden while there is none
    (signals: pkce_requested(), retry_requested(), start_over_requested())."""

    pkce_requested = Signal()
    """Sign in with PKCE instead was clicked."""
    retry_requested = Signal()
    """Retry was clicked."""
    start_over_requested = Signal()
    """Start over was clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInMessage")
        self.setAccessibleName("Sign-in message area")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._label = QLabel(self)
        self._label.setObjectName("messageLabel")
        self._label.setAccessibleName("Sign-in message")
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pkce_text = "Sign in with PKCE instead"
        self._pkce_button = self._button(pkce_text, "pkceButton", pkce_text)
        self._retry_button = self._button("Retry", "retryButton", "Retry loading the page")
        self._start_over_button = self._button("Start over", "startOverButton", "Start the sign-in over")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self._pkce_button, self._retry_button, self._start_over_button):
            # Enter belongs to the sign-in page's form, never to a dialog button.
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        layout.addLayout(buttons)
        self._pkce_button.clicked.connect(self.pkce_requested)
        self._retry_button.clicked.connect(self.retry_requested)
        self._start_over_button.clicked.connect(self.start_over_requested)
        self.setVisible(False)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    @property
    def text(self) -> str:
        """The message shown ("" when none)."""
        return "" if self.isHidden() else self._label.text()

    def show_message(
        self, text: str, *, start_over: bool = False, retry: bool = False, pkce: bool = False
    ) -> None:
        """Show text with the buttons asked for (and no others)."""
        self._label.setText(text)
        self._pkce_button.setVisible(pkce)
        self._retry_button.setVisible(retry)
        self._start_over_button.setVisible(start_over)
        self.setVisible(True)

    def hide_message(self) -> None:
        """Clear and hide the message."""
        self._label.clear()
        self.setVisible(False)


class SignInStatus(QWidget):
    """The page shown while a sign-in finishes: what is happening, in plain text, and a busy bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setObjectName("statusLabel")
        self.label.setAccessibleName("Sign-in status")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busyIndicator")
        self.busy.setAccessibleName("Finishing sign-in")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.busy)
        layout.addStretch(2)

    def show_text(self, text: str, *, busy: bool) -> None:
        """Say what is happening; the busy bar shows while ``busy``."""
        self.label.setText(text)
        self.busy.setVisible(busy)
