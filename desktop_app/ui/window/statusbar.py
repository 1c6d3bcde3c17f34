"""The status bar: one message area (the session's state, or a passing notice) and the API usage."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop_app.accounts.status import AccountState
from desktop_app.api.limits import ApiUsage

STATE_TEXT = {
    AccountState.CONNECTED: "● Connected",
    AccountState.REFRESHING: "↻ Refreshing the session…",
    AccountState.NEEDS_SIGN_IN: "⚠ Signed out: sign in again to continue",
    AccountState.OFFLINE: "○ Offline: can't reach Salesforce",
}


class ConnectionStatus:
    """Shows one text at a time: a notice for a while, else the current account's state."""

    def __init__(self, bar: QStatusBar) -> None:
        self._state_text = "No account"
        self.message = QLabel("", bar)
        self.message.setObjectName("statusMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Connection state")
        self.usage_label = QLabel("", bar)
        self.usage_label.setAccessibleName("API usage")
        self.usage_label.setToolTip("API requests used in the last 24 hours, from Sforce-Limit-Info")
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.usage_label)
        self._timer = QTimer(bar)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_state_text)
        self._show_state_text()

    @property
    def text(self) -> str:
        """What the message area shows now."""
        return self.message.text()

    def show_no_account(self) -> None:
        """No account is on screen."""
        self._state_text = "No account"
        self.usage_label.setText("")
        self._show_state_text()

    def show_state(self, state: AccountState) -> None:
        """The current account's session state (shown once any notice has passed)."""
        self._state_text = STATE_TEXT.get(state, "Connecting…")
        if not self._timer.isActive():
            self._show_state_text()

    @Slot(str)
    def notice(self, text: str, msecs: int = 5000) -> None:
        """A passing notice in place of the state for a while (an empty text ends the notice)."""
        if not text:
            self._timer.stop()
            self._show_state_text()
            return
        self.message.setText(text)
        self._timer.start(msecs)

    def show_usage(self, usage: ApiUsage) -> None:
        """The org's API use over the last 24 hours."""
        self.usage_label.setText(f"API usage: {usage.used:,} / {usage.limit:,}")

    @Slot()
    def _show_state_text(self) -> None:
        self.message.setText(self._state_text)
