"""The settings dialog: saved sessions, the connected app, custom login hosts and the network."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.accounts.book import AccountBook
from desktop_app.api.limits import ApiUsage
from desktop_app.ui.app.network import NetworkControl
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.settings.connectedapp import AppSettingsTab
from desktop_app.ui.settings.loginhosts import LoginHostsTab
from desktop_app.ui.settings.network import NetworkTab
from desktop_app.ui.settings.sessions import SessionsTab


class SettingsDialog(QDialog):
    """Sessions, connected app, login hosts and (given its control) the network, one tab each.

    Signals: sign_in_again_requested(str key), account_removed(str key), revoke_finished(RevokeReport),
    app_settings_saved(), login_hosts_changed(list[str]).
    """

    sign_in_again_requested = Signal(str)
    """The person asked to sign in again to this account; the dialog closes itself after emitting it."""
    account_removed = Signal(str)
    """This account left the computer (keyring entry, record and caches): drop it from the sidebar."""
    revoke_finished = Signal(object)
    """One account's revoke ended; carries its RevokeReport."""
    app_settings_saved = Signal()
    """The connected-app settings were saved."""
    login_hosts_changed = Signal(object)
    """The custom login hosts changed; carries the new list."""

    SESSIONS, CONNECTED_APP, LOGIN_HOSTS, NETWORK = range(4)

    def __init__(
        self,
        book: AccountBook,
        tasks: TaskRunner,
        account_states: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        *,
        network: NetworkControl | None = None,
        api_usage: Mapping[str, ApiUsage] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} Settings")
        self.setAccessibleName("Settings")
        self.sessions = SessionsTab(
            book, tasks, account_states=account_states, api_usage=api_usage, parent=self
        )
        self.connected_app = AppSettingsTab(book.settings, self)
        self.login_hosts = LoginHostsTab(book.settings, tasks, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Settings sections")
        self.tabs.addTab(self.sessions, "&Sessions")
        self.tabs.addTab(self.connected_app, "&Connected app")
        self.tabs.addTab(self.login_hosts, "&Login hosts")
        self.network = NetworkTab(network, self) if network is not None else None
        if self.network is not None:
            self.tabs.addTab(self.network, "&Network")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 680)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.sessions.sign_in_again_requested.connect(self._on_sign_in_again)
        self.sessions.account_removed.connect(self.account_removed)
        self.sessions.revoke_finished.connect(self.revoke_finished)
        self.sessions.busy_changed.connect(self._on_busy_changed)
        self.connected_app.saved.connect(self.app_settings_saved)
        self.login_hosts.hosts_changed.connect(self.login_hosts_changed)

    def set_account_states(self, states: Mapping[str, str]) -> None:
        """Show these session states in the Sessions tab (account key -> words)."""
        self.sessions.set_account_states(states)

    def show_tab(self, index: int) -> None:
        """Bring one tab to the front (SESSIONS, CONNECTED_APP, LOGIN_HOSTS or NETWORK)."""
        self.tabs.setCurrentIndex(index)

    @Slot(str)
    def _on_sign_in_again(self, key: str) -> None:
        self.sign_in_again_requested.emit(key)
        self.accept()

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def done(self, result: int) -> None:
        """Close, unless a revoke is still under way (its outcome must reach the keyring and the list)."""
        if self.sessions.busy:
            return
        self.login_hosts.cancel()
        self.sessions.details.cancel()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while a revoke runs."""
        if self.sessions.busy:
            event.ignore()
            return
        self.login_hosts.cancel()
        super().closeEvent(event)
