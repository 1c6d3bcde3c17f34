"""The sign-in dialog: pick a login host and flow, sign in on the org's own page, hand back a SignedIn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import log
from desktop_app.auth.callback import parse_callback
from desktop_app.auth.errors import AuthError
from desktop_app.auth.grant import AuthorizationCode, Grant
from desktop_app.auth.request import DEFAULT_SCOPES, AuthorizeRequest, Flow
from desktop_app.auth.signin import SignedIn, complete_sign_in
from desktop_app.ui.app.tasks import Task, TaskResult, TaskRunner
from desktop_app.ui.signin.diagnostics import Outcome, outcome_of_error, versions_text
from desktop_app.ui.signin.hostpicker import LoginHostChoice, LoginHostPicker
from desktop_app.ui.signin.message import SignInButtons, SignInMessage, SignInStatus, named

if TYPE_CHECKING:
    from desktop_app.ui.app.network import NetworkControl
    from desktop_app.ui.signin.browser import SignInBrowser

__all__ = ["DEFAULT_SIZE", "LoginHostChoice", "SignInDialog"]

DEFAULT_SIZE = (580, 700)
_FLOW_LABELS = {
    Flow.USER_AGENT: "Browser sign-in (user-agent flow)",
    Flow.PKCE: "Authorization code + PKCE",
}


class SignInDialog(QDialog):
    """Embedded Salesforce sign-in (signals: signed_in(SignedIn), failed(AuthError), cancelled(),
    custom_hosts_changed(list[str]))."""

    signed_in = Signal(object)
    """Sign-in finished: carries an ``auth.signin.SignedIn``; the caller stores it and closes the dialog."""
    failed = Signal(object)
    """A sign-in ended with an ``AuthError`` (also shown in the dialog, which stays open to try again)."""
    cancelled = Signal()
    """The person closed the dialog without signing in."""
    custom_hosts_changed = Signal(list)
    """The user added or removed a My Domain host: carries every custom host URL, to remember."""

    def __init__(
        self,
        *,
        hosts: Sequence[LoginHostChoice],
        client_id: str,
        tasks: TaskRunner,
        default_flow: Flow = Flow.USER_AGENT,
        prompt_login: bool = False,
        login_hint: str | None = None,
        initial_host: str | None = None,
        callback_url: str | None = None,
        scopes: Sequence[str] = DEFAULT_SCOPES,
        client_id_for: Callable[[str], str] | None = None,
        network: NetworkControl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to Salesforce")
        self.setObjectName("signInDialog")
        self.resize(*DEFAULT_SIZE)
        self._client_id = client_id
        self._client_id_for = client_id_for
        self._tasks = tasks
        self._prompt_login = prompt_login
        self._login_hint = login_hint
        self._callback_url = callback_url
        self._scopes = tuple(scopes)
        self._task: Task | None = None
        self._started = False
        self._finished = False
        self._network = network
        self._build(default_flow)
        for choice in hosts:
            self._hosts.add_choice(choice)
        if initial_host:
            self._hosts.select_initial(initial_host)
        self._connect_signals()
        self._update_controls()

    def _build(self, default_flow: Flow) -> None:
        # QtWebEngine loads here, when a dialog is made, never when the app starts.
        from desktop_app.ui.signin.browser import SignInBrowser

        credentials = self._network.credentials_for if self._network is not None else None
        self._browser: SignInBrowser = SignInBrowser(self, credentials)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._browser)
        self._status_page = SignInStatus(self)
        self._stack.addWidget(self._status_page)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_pickers(default_flow))
        self._message = SignInMessage(self)
        layout.addWidget(self._message)
        layout.addWidget(self._stack, 1)
        self._buttons = SignInButtons(self)
        layout.addWidget(self._buttons)
        self.cancel_action = self._shortcut("Cancel", QKeySequence(Qt.Key.Key_Escape))
        self.reload_action = self._shortcut("Reload", QKeySequence("Ctrl+R"), QKeySequence(Qt.Key.Key_F5))
        self.back_action = self._shortcut("Back", QKeySequence("Alt+Left"))

    def _build_pickers(self, default_flow: Flow) -> QFormLayout:
        self._hosts = LoginHostPicker(self)
        self._flow_picker = named(QComboBox(self), "flowPicker", "Sign-in method")
        for flow, label in _FLOW_LABELS.items():
            self._flow_picker.addItem(label, flow.value)
        self._flow_picker.setCurrentIndex(self._flow_picker.findData(Flow(default_flow).value))
        host_label = QLabel("Login &host:", self)
        host_label.setBuddy(self._hosts.combo)
        form = QFormLayout()
        form.addRow(host_label, self._hosts)
        form.addRow("Sign-in &method:", self._flow_picker)
        return form

    def _shortcut(self, name: str, *keys: QKeySequence) -> QAction:
        action = QAction(name, self)
        action.setObjectName(f"{name.lower()}Action")
        action.setShortcuts(list(keys))
        # Reaches the dialog from its children too, the web view included.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _connect_signals(self) -> None:
        self._hosts.host_changed.connect(self._host_changed)
        self._hosts.custom_hosts_changed.connect(self.custom_hosts_changed)
        self._hosts.refused.connect(self._message.show_message)
        self._flow_picker.activated.connect(self._on_flow_picked)
        self._message.pkce_requested.connect(self._on_pkce_clicked)
        self._message.retry_requested.connect(self.start)
        self._message.start_over_requested.connect(self.start)
        self._buttons.back.clicked.connect(self.go_back)
        self._buttons.reload.clicked.connect(self.reload)
        self._buttons.cancel.clicked.connect(self.reject)
        self._buttons.copy.clicked.connect(self.copy_diagnostics)
        self.cancel_action.triggered.connect(self.reject)
        self.reload_action.triggered.connect(self.reload)
        self.back_action.triggered.connect(self.go_back)
        self._browser.callback_reached.connect(self._on_callback_reached)
        self._browser.problem.connect(self._on_browser_problem)
        self._browser.page_loaded.connect(self._update_controls)

    # ----- hosts

    @property
    def selected_host(self) -> str:
        """The login host URL picked now ("" when there is none)."""
        return self._hosts.selected_host

    @property
    def selected_flow(self) -> Flow:
        """The sign-in flow picked now."""
        return Flow(self._flow_picker.currentData())

    @property
    def custom_hosts(self) -> list[str]:
        """Every removable (My Domain) host URL in the picker, in order."""
        return self._hosts.custom_hosts

    def add_custom_host(self, text: str) -> str | None:
        """Check a typed My Domain address, add and select it, and sign in there; None when it is refused."""
        return self._hosts.add_custom_host(text)

    def remove_selected_host(self) -> bool:
        """Remove the selected My Domain host (never Production, Sandbox or the demo org)."""
        return self._hosts.remove_selected_host()

    @Slot()
    def _host_changed(self) -> None:
        self._update_controls()
        if self._started and not self._finished:
            self.start()

    @Slot(int)
    def _on_flow_picked(self, _index: int) -> None:
        if self._started and not self._finished:
            self.start()

    # ----- the sign-in

    @property
    def browser(self) -> SignInBrowser:
        """The browser part: the attempt's request, page, view and profile (None between attempts)."""
        return self._browser

    @property
    def message(self) -> str:
        """The message shown in the dialog ("" when none)."""
        return self._message.text

    @property
    def status(self) -> str:
        """The status shown instead of the page ("Finishing sign-in…", "Signed in as …"; "" when none)."""
        return self._status_page.label.text() if self._stack.currentIndex() == 1 else ""

    def diagnostics_report(self) -> str:
        """What the current attempt did, with versions and the proxy mode (no tokens, codes or cookies)."""
        network = self._network.describe() if self._network is not None else "proxy not configured here"
        return self._browser.diagnostics.report(versions_text(), network)

    @Slot()
    def copy_diagnostics(self) -> None:
        """Put the diagnostics report on the clipboard."""
        QGuiApplication.clipboard().setText(self.diagnostics_report())

    def showEvent(self, event: QShowEvent) -> None:
        """Start the first sign-in when the dialog first appears."""
        super().showEvent(event)
        if not self._started:
            self.start()

    @Slot()
    def start(self) -> None:
        """Start (or start over) signing in at the selected host, with a fresh browser profile."""
        self._started = True
        self._finished = False
        self._cancel_task()
        self._message.hide_message()
        host = self.selected_host
        client_id = (self._client_id_for(host) if self._client_id_for and host else "") or self._client_id
        try:
            request = AuthorizeRequest.new(
                host,
                client_id,
                flow=self.selected_flow,
                redirect_uri=self._callback_url,
                scopes=self._scopes,
                prompt_login=self._prompt_login,
                login_hint=self._login_hint,
            )
        except ValueError as exc:
            log.ui.warning("Cannot start a sign-in: %s", exc)
            self._browser.stop()
            self._show_status("Not signed in.")
            self._message.show_message(
                "No connected app client id is set. Add one in Settings, then try again."
                if not client_id.strip()
                else f"Connect Desktop cannot sign in at this address: {exc}"
            )
            self._update_controls()
            return
        log.ui.info("Signing in at %s (%s flow)", request.login_host, request.flow.value)
        self._stack.setCurrentIndex(0)
        self._browser.start(request)
        self._update_controls()

    def _cancel_task(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()

    @Slot()
    def reload(self) -> None:
        """Reload the page; with nothing from the server on screen (our error page), start over."""
        if self._busy_now() or self._finished:
            return
        if not self._browser.reload():
            self.start()

    @Slot()
    def go_back(self) -> None:
        """Go back one page in this attempt."""
        if not self._busy_now():
            self._browser.back()

    @Slot(str, bool)
    def _on_browser_problem(self, text: str, retry: bool) -> None:
        self._message.show_message(text, retry=retry, start_over=not retry)
        self._update_controls()

    @Slot(str, object)
    def _on_callback_reached(self, url: str, request: AuthorizeRequest) -> None:
        result = parse_callback(url, request)
        if isinstance(result, AuthError):
            self._fail(result)
            return
        self._finish(result, request)

    def _finish(self, result: Grant | AuthorizationCode, request: AuthorizeRequest) -> None:
        self._message.hide_message()
        self._show_status("Finishing sign-in…", busy=True)
        self._task = self._tasks.run(partial(complete_sign_in, result, request), self._on_sign_in_done)
        self._update_controls()

    @Slot(object)
    def _on_sign_in_done(self, result: TaskResult) -> None:
        self._task = None
        error = result.error
        if error is None and isinstance(result.value, SignedIn):
            signed_in = result.value
            account = signed_in.account
            self._finished = True
            self._show_status(
                f"Signed in as {account.display_name or account.username} ({account.username}) "
                f"to {account.org_name or account.org_id}."
            )
            self._update_controls()
            self._browser.diagnostics.finish(Outcome.SIGNED_IN)
            log.ui.info("Sign-in finished for %s", account.key)
            self.signed_in.emit(signed_in)
            return
        if not isinstance(error, AuthError):
            log.ui.error("Sign-in could not be finished: %s", type(error).__name__)
            error = AuthError(
                "unexpected",
                type(error).__name__,
                "Connect Desktop could not finish the sign-in because of an internal error. Try again.",
            )
        self._fail(error)

    def report_not_saved(self, text: str) -> None:
        """The sign-in worked but the caller could not keep it: say so here, and offer to start over."""
        self._finished = False
        self._show_status("Not signed in.")
        self._message.show_message(text, start_over=True)
        self._update_controls()

    def _fail(self, error: AuthError) -> None:
        log.ui.info("Sign-in failed: %s (%s)", error.code, type(error).__name__)
        self._browser.diagnostics.finish(outcome_of_error(error), error.code)
        self._show_status("Not signed in.")
        self._message.show_message(error.user_message, start_over=True, pkce=error.offer_pkce)
        self._update_controls()
        self.failed.emit(error)

    @Slot()
    def _on_pkce_clicked(self) -> None:
        self._flow_picker.setCurrentIndex(self._flow_picker.findData(Flow.PKCE.value))
        self.start()

    # ----- what is shown

    def _busy_now(self) -> bool:
        return self._task is not None

    @Slot()
    def _update_controls(self) -> None:
        busy = self._busy_now()
        self._hosts.set_controls_enabled(not busy)
        self._flow_picker.setEnabled(not busy)
        self._buttons.reload.setEnabled(not busy and not self._finished)
        self._buttons.back.setEnabled(not busy and self._browser.can_go_back())

    def _show_status(self, text: str, *, busy: bool = False) -> None:
        self._browser.stop()
        self._status_page.show_text(text, busy=busy)
        self._stack.setCurrentIndex(1)

    # ----- closing

    def done(self, result: int) -> None:
        """Close: the attempt's page and profile are deleted and a sign-in still finishing is dropped."""
        self._browser.stop()
        self._cancel_task()
        super().done(result)

    @Slot()
    def reject(self) -> None:
        """Cancel (Esc, Cancel, closing the window); cancelled() unless the sign-in had finished."""
        if not self._finished:
            log.ui.info("Sign-in cancelled")
            self._browser.diagnostics.finish(Outcome.CANCELLED)
            self.cancelled.emit()
        super().reject()
