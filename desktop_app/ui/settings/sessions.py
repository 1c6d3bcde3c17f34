"""The settings tab listing every saved session, its details and a check, with revoke and sign in again."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.accounts.book import AccountBook
from desktop_app.accounts.revoke import (
    UNREACHABLE_QUESTION,
    UNREADABLE_QUESTION,
    RevokeReport,
    StepOutcome,
    kept_report,
    not_revoked,
)
from desktop_app.api.limits import ApiUsage
from desktop_app.auth.account import Account
from desktop_app.ui.app.tasks import TaskResult, TaskRunner
from desktop_app.ui.settings.sessiondetails import SessionDetails
from desktop_app.ui.settings.sessionsmodel import KEY_ROLE, SessionsModel, host_of
from desktop_app.ui.shared import dialogs


class SessionsTab(QWidget):
    """Lists the saved sessions and runs revokes with a step-by-step report.

    Signals: sign_in_again_requested(str key), account_removed(str key), revoke_finished(RevokeReport),
    busy_changed(bool).
    """

    sign_in_again_requested = Signal(str)
    """The person asked to sign in again to the account with this key."""
    account_removed = Signal(str)
    """The account with this key left this computer (its record, keyring entry and caches)."""
    revoke_finished = Signal(object)
    """One account's revoke ended; carries its RevokeReport."""
    busy_changed = Signal(bool)
    """A revoke started (True) or every queued revoke ended (False)."""

    def __init__(
        self,
        book: AccountBook,
        tasks: TaskRunner,
        *,
        account_states: Mapping[str, str] | None = None,
        api_usage: Mapping[str, ApiUsage] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self.details = SessionDetails(book, tasks, api_usage, self)
        self._tasks = tasks
        self._states: Mapping[str, str] = dict(account_states or {})
        self._queue: deque[str] = deque()
        self._current: Account | None = None
        self.reports: list[RevokeReport] = []
        self._build_table()
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(self._button_row())
        layout.addWidget(self.report_view)
        self._set_progress(None)
        self.reload()
        self._connect_signals()

    def _build_table(self) -> None:
        self.model = SessionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Saved sessions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def _build_controls(self) -> None:
        self.revoke_button = QPushButton("&Revoke", self)
        self.revoke_button.setAccessibleName("Revoke the selected session")
        self.revoke_all_button = QPushButton("Revoke &all", self)
        self.revoke_all_button.setAccessibleName("Revoke every session")
        self.sign_in_button = QPushButton("Sign &in again", self)
        self.sign_in_button.setAccessibleName("Sign in again to the selected account")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Revoking")
        self.progress.setMaximumWidth(160)
        self.progress_label = QLabel(self)
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.report_view = QPlainTextEdit(self)
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName("Revoke report")
        self.report_view.setPlaceholderText(
            "Revoking signs the account out at Salesforce (at its login host), deletes its tokens from the "
            "keyring and forgets it on this computer. Each step is reported here."
        )
        self.report_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)

    def _button_row(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.revoke_all_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress_label)
        buttons.addWidget(self.progress)
        return buttons

    def _connect_signals(self) -> None:
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.revoke_all_button.clicked.connect(self.revoke_all)
        self.sign_in_button.clicked.connect(self._on_sign_in_again)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    @property
    def busy(self) -> bool:
        """True while revokes are running or queued."""
        return self._current is not None or bool(self._queue)

    def set_account_states(self, states: Mapping[str, str]) -> None:
        """Show these session states (account key -> words such as "connected" or "needs sign-in")."""
        self._states = dict(states)
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the accounts again, keeping the selection where the account still exists."""
        selected = self.selected_key()
        self.model.set_accounts(self._book.registry.accounts, self._states)
        self.table.selectRow(0)
        if selected is not None:
            self.select_key(selected)
        self._update_buttons()

    def selected_key(self) -> str | None:
        """The key of the selected account."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return str(rows[0].data(KEY_ROLE)) if rows else None

    def select_key(self, key: str) -> None:
        """Select the account with this key."""
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(KEY_ROLE) == key:
                self.table.selectRow(row)

    @Slot()
    def _update_buttons(self) -> None:
        key = self.selected_key()
        self.details.show_account(self._book.registry.get(key) if key else None, self._states)
        idle = not self.busy
        has_selection = self.selected_key() is not None
        self.revoke_button.setEnabled(idle and has_selection)
        self.sign_in_button.setEnabled(idle and has_selection)
        self.revoke_all_button.setEnabled(idle and self.model.rowCount() > 0)

    @Slot()
    def _on_sign_in_again(self) -> None:
        key = self.selected_key()
        if key is not None and not self.busy:
            self.sign_in_again_requested.emit(key)

    def _ask(self, title: str, text: str, yes_label: str = "", no_label: str = "") -> bool:
        answer = dialogs.question(self, title, text, yes_label, no_label)
        return bool(answer == QMessageBox.StandardButton.Yes)

    @Slot()
    def revoke_selected(self) -> None:
        """Confirm, then revoke the selected account."""
        key = self.selected_key()
        account = self._book.registry.get(key) if key is not None else None
        if account is None or self.busy:
            return
        text = (
            f"Revoke the session of {account.title}?\n\n"
            f"Connect Desktop will revoke it at {account.login_host}, delete its tokens from the keyring "
            "and remove the account from this computer."
        )
        if self._ask("Revoke session", text):
            self.start_revoke([account.key])

    @Slot()
    def revoke_all(self) -> None:
        """Confirm, then revoke every account, one after another."""
        accounts = self._book.registry.accounts
        if not accounts or self.busy:
            return
        names = "\n".join(f"\u2022 {a.title}" for a in accounts)
        text = (
            f"Revoke all {len(accounts)} sessions?\n\n{names}\n\n"
            "Each one is revoked at its login host, its tokens are deleted from the keyring and it is "
            "removed from this computer."
        )
        if self._ask("Revoke all sessions", text):
            self.start_revoke([a.key for a in accounts])

    def start_revoke(self, keys_to_revoke: list[str]) -> None:
        """Revoke these accounts without asking first (the caller confirmed)."""
        if self.busy or not keys_to_revoke:
            return
        self.report_view.clear()
        self._queue.extend(keys_to_revoke)
        self.busy_changed.emit(True)
        self._next()

    def _next(self) -> None:
        self._current = None
        while self._queue:
            account = self._book.registry.get(self._queue.popleft())
            if account is not None:
                self._current = account
                break
        if self._current is None:
            self._set_progress(None)
            self.reload()
            self.busy_changed.emit(False)
            return
        account = self._current
        self._set_progress(f"Revoking {account.title} at {host_of(account.login_host)}\u2026")
        self._update_buttons()
        self._tasks.run(partial(self._book.revoke_at_org, account), self._on_remote_done)

    @Slot(object)
    def _on_remote_done(self, result: TaskResult) -> None:
        account = self._current
        if account is None:
            return
        if result.error is None and isinstance(result.value, StepOutcome) and result.value.tokens_unreadable:
            # Nothing is known about the session: keep the account unless the person says otherwise.
            self._set_progress(None)
            remove = self._ask(
                "Keyring not available",
                f"{account.title}\n\n{result.value.text}\n\n{UNREADABLE_QUESTION}",
                "Remove from this computer anyway",
                "Keep the account",
            )
            report = RevokeReport(account.key, account.title, (result.value,))
            self._finish(report, remove=remove, even_if_keyring_fails=remove)
            return
        if result.error is None:
            self._finish(RevokeReport(account.key, account.title, (result.value,)), remove=True)
            return
        step = not_revoked(account, result.error)
        self._set_progress(None)
        remove = self._ask("Salesforce not reachable", f"{account.title}\n\n{UNREACHABLE_QUESTION}")
        self._finish(RevokeReport(account.key, account.title, (step,)), remove=remove)

    def _finish(self, report: RevokeReport, *, remove: bool, even_if_keyring_fails: bool = False) -> None:
        if remove:
            # The keyring is D-Bus (and may be slow to answer): off the GUI thread like the revoke itself.
            work = partial(
                self._book.remove_locally, report.account_key, even_if_keyring_fails=even_if_keyring_fails
            )
            self._tasks.run(work, partial(self._on_removed, report))
            return
        account = self._current
        assert account is not None
        self._report(kept_report(account, report.steps[0]))

    def _on_removed(self, report: RevokeReport, result: TaskResult) -> None:
        if result.error is not None:  # the book reports its own failures; this is anything else
            failure = f"{report.account_title}: could not be removed from this computer ({result.error})."
            self.report_view.appendPlainText(failure)
            self.reload()
            self._next()
            return
        steps = (*report.steps, *result.value)
        self._report(RevokeReport(report.account_key, report.account_title, steps))

    def _report(self, report: RevokeReport) -> None:
        self.reports.append(report)
        self.report_view.appendPlainText(report.text)
        self.reload()
        if report.removed:
            self.account_removed.emit(report.account_key)
        self.revoke_finished.emit(report)
        self._next()

    def _set_progress(self, text: str | None) -> None:
        self.progress.setVisible(text is not None)
        self.progress_label.setVisible(text is not None)
        self.progress_label.setText(text or "")
