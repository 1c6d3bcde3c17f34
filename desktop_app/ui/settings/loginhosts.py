"""The settings tab for custom login hosts (My Domain, Experience Cloud sites): add, check and remove."""

from __future__ import annotations

from functools import partial

import msgspec
import requests
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import log
from desktop_app.auth.hosts import PRODUCTION, SANDBOX, normalize_host
from desktop_app.auth.request import AUTHORIZE_PATH
from desktop_app.auth.transport import session_scope
from desktop_app.storage import settings as keys
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.tasks import Task, TaskResult, TaskRunner

OPENID_PATH = "/.well-known/openid-configuration"
CHECK_TIMEOUT = (3.0, 5.0)


class HostCheck(msgspec.Struct, frozen=True):
    """Whether a login host answered, in words for people."""

    host: str
    reachable: bool
    text: str


def _why_unreachable(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return f"it did not answer within {CHECK_TIMEOUT[0] + CHECK_TIMEOUT[1]:g} seconds"
    if isinstance(exc, requests.exceptions.SSLError):
        return "its security certificate could not be verified"
    if isinstance(exc, requests.ConnectionError):
        return "the connection failed (the name may be wrong, or a firewall or proxy blocks it)"
    return f"the request failed ({type(exc).__name__})"


def _is_openid_configuration(response: requests.Response) -> bool:
    if response.status_code != 200:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and "authorization_endpoint" in body


def check_login_host(host: str, session: requests.Session | None = None) -> HostCheck:
    """Ask the host for its OpenID configuration, then its authorize page; any answer means reachable.

    Runs network I/O with a short timeout: call it off the GUI thread.
    """
    with session_scope(session) as http:
        try:
            with http.get(f"{host}{OPENID_PATH}", timeout=CHECK_TIMEOUT, allow_redirects=False) as response:
                if _is_openid_configuration(response):
                    return HostCheck(
                        host, True, f"{host} is reachable and answers like a Salesforce login host."
                    )
            with http.get(
                f"{host}{AUTHORIZE_PATH}", timeout=CHECK_TIMEOUT, allow_redirects=False
            ) as response:
                status = response.status_code
        except requests.RequestException as exc:
            log.ui.info("Login host %s did not answer: %s", host, type(exc).__name__)
            return HostCheck(host, False, f"{host} is not reachable: {_why_unreachable(exc)}.")
    return HostCheck(
        host,
        True,
        f"{host} is reachable (it answered with HTTP status {status}), "
        "but did not describe itself as a Salesforce login host.",
    )


class LoginHostsTab(QWidget):
    """Lists, adds, checks and removes custom login hosts (signals: hosts_changed(list[str]))."""

    hosts_changed = Signal(object)
    """The saved list of custom hosts changed; carries the new list."""
    check_finished = Signal(object)
    """A reachability check finished; carries its HostCheck."""

    def __init__(self, settings: Settings, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tasks = tasks
        self._task: Task | None = None
        intro = QLabel(
            f"Sign-ins can always use {PRODUCTION} and {SANDBOX}. Add your My Domain host "
            "(e.g. acme.my.salesforce.com) or an Experience Cloud site here to sign in there instead.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.host_edit = QLineEdit(self)
        self.host_edit.setPlaceholderText("acme.my.salesforce.com")
        self.host_edit.setAccessibleName("New login host")
        self.add_button = QPushButton("&Add", self)
        self.add_button.setAccessibleName("Add login host")
        self.host_list = QListWidget(self)
        self.host_list.setAccessibleName("Custom login hosts")
        self.check_button = QPushButton("C&heck", self)
        self.check_button.setAccessibleName("Check whether the login host is reachable")
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setAccessibleName("Remove login host")
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Login host status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        add_row = QHBoxLayout()
        add_row.addWidget(self.host_edit, 1)
        add_row.addWidget(self.add_button)
        side = QVBoxLayout()
        side.addWidget(self.check_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.host_list, 1)
        list_row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(add_row)
        layout.addLayout(list_row, 1)
        layout.addWidget(self.status)
        self._reload()
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_host)
        self.host_edit.returnPressed.connect(self.add_host)
        self.check_button.clicked.connect(self.check_host)
        self.remove_button.clicked.connect(self.remove_host)
        self.host_list.currentRowChanged.connect(self._update_buttons)
        self.host_edit.textChanged.connect(self._update_buttons)

    @property
    def hosts(self) -> list[str]:
        """The custom hosts as listed."""
        return [self.host_list.item(row).text() for row in range(self.host_list.count())]

    @property
    def checking(self) -> bool:
        """True while a reachability check runs."""
        return self._task is not None

    def _selected_host(self) -> str | None:
        row = self.host_list.currentRow()
        return self.host_list.item(row).text() if 0 <= row < self.host_list.count() else None

    def _reload(self) -> None:
        self.host_list.clear()
        self.host_list.addItems(self._settings.get_str_list(keys.LOGIN_HOSTS))

    def _save(self, hosts: list[str]) -> bool:
        try:
            self._settings.set(keys.LOGIN_HOSTS, hosts)
        except OSError as exc:
            log.ui.warning("Could not save the login hosts: %s", type(exc).__name__)
            self.status.setText(f"\u2717 Could not save the login hosts: {exc.strerror or exc}")
            return False
        self._reload()
        self.hosts_changed.emit(list(hosts))
        return True

    def _typed_host(self) -> str | None:
        try:
            return normalize_host(self.host_edit.text())
        except ValueError:
            self.status.setText(
                "\u2717 That is not a host Connect Desktop can sign in at. Enter a name like "
                "acme.my.salesforce.com, or an https:// address."
            )
            return None

    @Slot()
    def add_host(self) -> None:
        """Add the typed host (normalised) and save the list."""
        host = self._typed_host()
        if host is None:
            return
        if host in (PRODUCTION, SANDBOX):
            self.status.setText(f"{host} is always available; there is no need to add it.")
            return
        hosts = self.hosts
        if host in hosts:
            self.status.setText(f"{host} is already in the list.")
        elif self._save([*hosts, host]):
            self.status.setText(f"\u2713 Added {host}.")
            self.host_edit.clear()
        if host in self.hosts:
            self.host_list.setCurrentRow(self.hosts.index(host))

    @Slot()
    def remove_host(self) -> None:
        """Remove the selected host and save the list."""
        host = self._selected_host()
        if host is None:
            return
        if self._save([h for h in self.hosts if h != host]):
            self.status.setText(f"\u2713 Removed {host}.")

    @Slot()
    def check_host(self) -> None:
        """Check in the background whether the typed host, else the selected one, answers."""
        if self.checking:
            return
        host = self._typed_host() if self.host_edit.text().strip() else self._selected_host()
        if host is None:
            return
        self.status.setText(f"Checking {host}\u2026")
        self._task = self._tasks.run(partial(check_login_host, host), self._on_checked)
        self._update_buttons()

    @Slot(object)
    def _on_checked(self, result: TaskResult) -> None:
        self._task = None
        check = result.value
        if not isinstance(check, HostCheck):
            check = HostCheck("", False, f"The check failed unexpectedly ({type(result.error).__name__}).")
        self.status.setText(("\u2713 " if check.reachable else "\u2717 ") + check.text)
        self._update_buttons()
        self.check_finished.emit(check)

    def cancel(self) -> None:
        """Drop the answer of a check still under way (the dialog is closing)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    @Slot()
    def _update_buttons(self) -> None:
        selected = self._selected_host() is not None
        has_target = selected or bool(self.host_edit.text().strip())
        self.check_button.setEnabled(has_target and not self.checking)
        self.remove_button.setEnabled(selected)
        self.add_button.setEnabled(bool(self.host_edit.text().strip()))
