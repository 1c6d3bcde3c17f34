"""Opens the sign-in dialog and saves what it brings back (signals: account_added(str), message(str))."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app import log
from desktop_app.accounts.book import AccountBook
from desktop_app.errors import describe
from desktop_app.storage import settings as keys
from desktop_app.ui.app.tasks import TaskResult, TaskRunner

if TYPE_CHECKING:
    from desktop_app.auth.signin import SignedIn
    from desktop_app.ui.app.network import NetworkControl


# How long after a sign-in becomes likely the web engine is readied: after the screen that says so is painted.
WARM_UP_DELAY_MS = 300


class SignInController(QObject):
    """One sign-in dialog at a time; the account is saved off the GUI thread, then announced."""

    account_added = Signal(str)
    message = Signal(str)

    def __init__(
        self,
        book: AccountBook,
        tasks: TaskRunner,
        parent: QWidget,
        network: Callable[[], NetworkControl] | None = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._tasks = tasks
        self._network = network
        self._parent = parent
        self.dialog: QWidget | None = None
        self.warmed_up = False

    def warm_up_soon(self) -> None:
        """A sign-in is likely (no account yet, or a session ended): ready the web engine shortly, in idle
        time, so the dialog opens without waiting for it (see ``ui.signin.warmup``)."""
        if not self.warmed_up:
            QTimer.singleShot(WARM_UP_DELAY_MS, self, self.warm_up)

    @Slot()
    def warm_up(self) -> None:
        """Ready the web engine now (once); nothing is loaded from the network."""
        if self.warmed_up or self.dialog is not None:
            return
        self.warmed_up = True
        # The web engine loads only when a sign-in is likely, never at start-up itself.
        from desktop_app.ui.signin.warmup import warm_up_web_engine

        warm_up_web_engine()

    def open(
        self, host: str | None = None, *, prompt_login: bool = False, login_hint: str | None = None
    ) -> None:
        """Show the dialog (QtWebEngine loads now, not at start-up)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        # QtWebEngine loads with the sign-in dialog, never at start-up; the request module (and the hashing
        # and random-number modules it brings) with it.
        from desktop_app.auth.request import Flow
        from desktop_app.ui.signin.signindialog import LoginHostChoice, SignInDialog

        book = self._book
        flow_name = book.settings.get_str(keys.DEFAULT_FLOW) or Flow.USER_AGENT.value
        try:
            flow = Flow(flow_name)
        except ValueError:
            flow = Flow.USER_AGENT
        choices = [LoginHostChoice(h.label, h.url, custom=h.custom) for h in book.login_hosts()]
        dialog = SignInDialog(
            hosts=choices,
            client_id=book.client_id_for(host or choices[0].url),
            default_flow=flow,
            prompt_login=prompt_login,
            login_hint=login_hint,
            tasks=self._tasks,
            initial_host=host,
            client_id_for=book.client_id_for,
            callback_url=self._callback_for(host),
            scopes=book.settings.get_str(keys.SCOPES).split() or ["api", "refresh_token"],
            network=self._network() if self._network is not None else None,
            parent=self._parent,
        )
        dialog.signed_in.connect(self._on_signed_in)
        dialog.custom_hosts_changed.connect(self._on_custom_hosts_changed)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _callback_for(self, host: str | None) -> str | None:
        """The connected app's callback from Settings; the demo org always uses its own."""
        demo = self._book.demo
        if demo is not None and (host is None or host == demo.login_url):
            return None
        return self._book.settings.get_str(keys.CALLBACK_URL) or None

    @Slot(object)
    def _on_signed_in(self, signed_in: SignedIn) -> None:
        book = self._book
        self._tasks.run(partial(book.save_sign_in, signed_in), partial(self._on_saved, signed_in))

    def _on_saved(self, signed_in: SignedIn, result: TaskResult) -> None:
        dialog = self.dialog
        if result.error is not None:
            log.ui.error("could not save the account: %s", type(result.error).__name__)
            # A session nobody can use must not stay valid at Salesforce.
            self._tasks.run(partial(self._book.end_fresh_grant, signed_in), lambda _result: None)
            text = (
                f"You signed in, but the sign-in could not be stored: {describe(result.error)} The new "
                "session was ended at Salesforce so it does not linger. Check that your keyring is unlocked, "
                "then start over."
            )
            # Loaded with the dialog, not at start-up.
            from desktop_app.ui.signin.signindialog import SignInDialog

            if isinstance(dialog, SignInDialog):
                dialog.report_not_saved(text)
            else:
                self.message.emit(text)
            return
        report = result.value
        key = report.account.key if hasattr(report, "account") else ""
        for note in getattr(report, "notes", ()):
            self.message.emit(str(note))
        if dialog is not None:
            dialog.close()
        if key:
            self.account_added.emit(key)

    @Slot(list)
    def _on_custom_hosts_changed(self, urls: list[str]) -> None:
        self._book.settings.set(keys.LOGIN_HOSTS, list(urls))

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
