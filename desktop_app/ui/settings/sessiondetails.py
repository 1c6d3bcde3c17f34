"""One saved session in detail: hosts, API version, connected app, scopes, times, API use, state; "Check now".

"Check now" runs on a background task: it makes a client for the account from the book, calls the identity
URL and the limits resource (api.sessioncheck), closes the client and reports each call here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.accounts.book import AccountBook
from desktop_app.api.limits import ApiUsage
from desktop_app.api.sessioncheck import SessionCheck, check_session, usage_text
from desktop_app.auth.account import Account
from desktop_app.errors import describe
from desktop_app.ui.app.tasks import Task, TaskResult, TaskRunner
from desktop_app.ui.settings.sessionsmodel import account_state, format_time

_FIELDS = (
    "Login host",
    "Instance",
    "API version",
    "Connected app",
    "Granted scopes",
    "Signed in",
    "Token last refreshed",
    "API use (24 h)",
    "State",
)
_KEY_HEAD, _KEY_TAIL = 6, 4


def short_key(consumer_key: str) -> str:
    """A consumer key shortened for display: its first and last characters only."""
    if not consumer_key:
        return "not recorded"
    if len(consumer_key) <= _KEY_HEAD + _KEY_TAIL + 1:
        return consumer_key
    return f"{consumer_key[:_KEY_HEAD]}\u2026{consumer_key[-_KEY_TAIL:]}"


def run_check(book: AccountBook, key: str) -> SessionCheck:
    """Check one account's session (blocking: a background task)."""
    client = book.client(key)
    try:
        return check_session(client, book.pool.get(client.account))
    finally:
        client.close()


class SessionDetails(QGroupBox):
    """The selected session's details and its last check (signals: checked(SessionCheck))."""

    checked = Signal(object)
    """A check finished; carries its SessionCheck."""

    def __init__(
        self,
        book: AccountBook,
        tasks: TaskRunner,
        usage: Mapping[str, ApiUsage] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Session details", parent)
        self._book = book
        self._tasks = tasks
        self._usage: dict[str, ApiUsage] = dict(usage or {})
        self._states: Mapping[str, str] = {}
        self._checks: dict[str, SessionCheck] = {}
        self._account: Account | None = None
        self._task: Task | None = None
        self._checking: str | None = None
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in _FIELDS:
            value = QLabel(self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # One line each: a wrapping label in a form row is laid out narrower than its text.
            value.setWordWrap(False)
            value.setAccessibleName(name)
            self.values[name] = value
            form.addRow(f"{name}:", value)
        self.check_button = QPushButton("Check &now", self)
        self.check_button.setAccessibleName("Check the selected session now")
        self.result = QLabel(self)
        self.result.setObjectName("checkResult")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        # One line per step, never wrapped: a wrapping label's height for its width is not what a
        # fixed-height group asks it for.
        self.result.setWordWrap(False)
        # Room for a check's three lines from the start, so the panel does not jump when one arrives.
        self.result.setMinimumHeight(self.result.fontMetrics().lineSpacing() * 3)
        self.result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName("Result of the last check")
        row = QHBoxLayout()
        row.addWidget(self.result, 1)
        row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        self.check_button.clicked.connect(self.check_now)
        # Every row is read in full; the list above gives way instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.show_account(None, {})

    @property
    def account_key(self) -> str | None:
        """The key of the account shown (None when none is)."""
        return self._account.key if self._account is not None else None

    @property
    def busy(self) -> bool:
        """True while a check runs."""
        return self._task is not None

    def show_account(self, account: Account | None, states: Mapping[str, str]) -> None:
        """Show an account's details (None: nothing selected)."""
        self._account, self._states = account, states
        if account is None:
            for value in self.values.values():
                value.setText("")
            self.result.setText("Select a session to see its details.")
            self.check_button.setEnabled(False)
            return
        check = self._checks.get(account.key)
        usage = check.usage if check is not None and check.usage is not None else self._usage.get(account.key)
        version = (check.api_version if check is not None else None) or account.api_version
        texts = {
            "Login host": account.login_host,
            "Instance": account.instance_url,
            "API version": version or "not known yet",
            "Connected app": short_key(account.client_id),
            "Granted scopes": account.scopes or "not recorded (signed in before scopes were kept)",
            "Signed in": format_time(account.signed_in_at, "unknown"),
            "Token last refreshed": format_time(account.last_refresh),
            "API use (24 h)": usage_text(usage),
            "State": account_state(account, states),
        }
        for name, text in texts.items():
            self.values[name].setText(text)
        self.values["Connected app"].setToolTip("Consumer key, shortened")
        if self._checking == account.key:
            self.result.setText(f"Checking {account.title}\u2026")
        elif check is not None:
            self.result.setText(f"Checked {format_time(check.checked_at)}:\n{check.text}")
        else:
            self.result.setText("Not checked in this window yet.")
        self.check_button.setEnabled(not self.busy)

    @Slot()
    def check_now(self) -> None:
        """Call the identity URL and the limits resource for the shown account, off the GUI thread."""
        account = self._account
        if account is None or self.busy:
            return
        self.check_button.setEnabled(False)
        self._checking = account.key
        self.result.setText(f"Checking {account.title}\u2026")
        self._task = self._tasks.run(
            partial(run_check, self._book, account.key), partial(self._done, account)
        )

    def _done(self, account: Account, result: TaskResult) -> None:
        self._task = None
        self._checking = None
        if isinstance(result.value, SessionCheck):
            self._checks[account.key] = result.value
            self._book.remember_version(account.key, result.value.api_version)
            self.checked.emit(result.value)
        shown = self._account
        if shown is None or shown.key != account.key:
            self.check_button.setEnabled(shown is not None)
            return
        if result.error is not None:
            self.result.setText(f"The check could not run: {describe(result.error)}")
            self.check_button.setEnabled(True)
            return
        fresh = self._book.registry.get(account.key) or account
        self.show_account(fresh, self._states)

    def cancel(self) -> None:
        """Drop a check's answer (the dialog closes)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self._checking = None
