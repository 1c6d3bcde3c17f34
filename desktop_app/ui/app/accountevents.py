"""What the workers report about each account, turned into its status, its API usage and words on screen.

Every answer (``ApiService.outcome``) says whether the account's session and org are fine and how much of
its API allowance is used; token refreshes report through ``RefreshBridge``; ``AccountStates`` owns each
account's status, and its changes go to the sidebar, the status bar, the profile and, when a session ends,
the message bar with Sign in again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from desktop_app.accounts.book import AccountBook
from desktop_app.accounts.status import AccountState, Event, event_for_refresh
from desktop_app.api.errors import SessionExpired
from desktop_app.api.limits import ApiUsage
from desktop_app.api.refreshevents import RefreshEvent
from desktop_app.errors import NetworkError
from desktop_app.ui.app.apiworker import ApiOutcome
from desktop_app.ui.app.parts import AppParts
from desktop_app.ui.window.mainwindow import MainWindow


class AccountEvents(QObject):
    """Follows the workers' answers and token refreshes of every account (``usage``: its latest API use)."""

    def __init__(
        self,
        parts: AppParts,
        window: MainWindow,
        sign_in_again: Callable[[str], None],
        warm_up_sign_in: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._parts = parts
        self._book: AccountBook = parts.book
        self._window = window
        self._sign_in_again = sign_in_again
        self._warm_up_sign_in = warm_up_sign_in
        # The latest API use each account's answers reported, for Settings > Sessions.
        self.usage: dict[str, ApiUsage] = {}
        parts.api.outcome.connect(self._on_outcome)
        parts.refresh_bridge.happened.connect(self._on_refresh_event)
        parts.states.add_listener(self._on_state_changed)

    @Slot(object)
    def _on_outcome(self, outcome: ApiOutcome[object]) -> None:
        key = outcome.call.account_key
        current = self._window.current_account
        if isinstance(outcome.usage, ApiUsage):
            self.usage[key] = outcome.usage
            if current is not None and key == current.key:
                self._window.status.show_usage(outcome.usage)
        if outcome.ok:
            self._parts.states.apply(key, Event.CALL_SUCCEEDED)
            self._book.remember_version(key, outcome.api_version)
        elif isinstance(outcome.error, SessionExpired):
            self._parts.states.apply(key, Event.SESSION_EXPIRED)
        elif isinstance(outcome.error, NetworkError) and outcome.error.unreachable:
            # An answer that started and broke off shows the org is there: other calls may well succeed.
            self._parts.states.apply(key, Event.CALL_UNREACHABLE)

    @Slot(str, object)
    def _on_refresh_event(self, key: str, refresh: RefreshEvent) -> None:
        if refresh is RefreshEvent.NOT_SAVED:
            account = self._book.get(key)
            name = account.title if account is not None else "an account"
            self._window.messages.show_error(
                f"The renewed sign-in of {name} could not be saved to the keyring. It works until you quit; "
                "unlock the keyring to keep it for next time."
            )
            return
        event = event_for_refresh(refresh)
        if event is None:
            return
        self._parts.states.apply(key, event)
        if event is Event.REFRESH_FINISHED:
            self._book.mark_refreshed(key)

    def _on_state_changed(self, key: str, _old: AccountState, new: AccountState) -> None:
        self._window.sidebar.set_state(key, new)
        if new is AccountState.NEEDS_SIGN_IN:
            self._offer_sign_in_again(key)  # once per account, when its session ends
        current = self._window.current_account
        if current is not None and key == current.key:
            self._window.status.show_state(new)
        self._window.profile.set_session_state(key, new)

    def _offer_sign_in_again(self, key: str) -> None:
        self._warm_up_sign_in()
        account = self._book.get(key)
        name = account.display_name if account is not None else "an account"
        org = f" ({account.org_name})" if account is not None and account.org_name else ""
        self._window.messages.show_error(
            f"The session for {name}{org} has ended. Your other accounts keep working.",
            "Sign in again",
            lambda: self._sign_in_again(key),
        )
