"""Each account's session status and how events move it: the one owner of "is this account working?".

Workers report what happened to a call or a refresh as an :class:`Event`; :func:`next_state` is the whole
transition table; :class:`AccountStates` keeps the current state of every account and tells its listeners
about real changes only (so "the session has ended" is said once per account, not once per failed call).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, StrEnum

from desktop_app.api.refreshevents import RefreshEvent


class AccountState(StrEnum):
    """What the app knows about an account's session."""

    CONNECTED = "connected"
    REFRESHING = "refreshing"
    NEEDS_SIGN_IN = "needs sign-in"
    OFFLINE = "offline"
    UNKNOWN = ""


class Event(Enum):
    """Something that happened to an account's calls or session."""

    CALL_SUCCEEDED = "call succeeded"
    CALL_UNREACHABLE = "call could not reach the org"
    SESSION_EXPIRED = "session expired"
    REFRESH_STARTED = "refresh started"
    REFRESH_FINISHED = "refresh finished"
    REFRESH_EXPIRED = "refresh refused: signed out"
    REFRESH_FAILED = "refresh failed"
    SIGNED_IN = "signed in"


_ALWAYS = {
    Event.CALL_UNREACHABLE: AccountState.OFFLINE,
    Event.SESSION_EXPIRED: AccountState.NEEDS_SIGN_IN,
    Event.REFRESH_STARTED: AccountState.REFRESHING,
    Event.REFRESH_FINISHED: AccountState.CONNECTED,
    Event.REFRESH_EXPIRED: AccountState.NEEDS_SIGN_IN,
    Event.REFRESH_FAILED: AccountState.OFFLINE,
    Event.SIGNED_IN: AccountState.CONNECTED,
}


def next_state(state: AccountState, event: Event) -> AccountState:
    """The state after ``event``.

    A successful call proves the org is reachable, so it ends "offline" and "not checked yet"; it says
    nothing about a session that has ended (another call may have been answered from a token that has
    since been refused) or a refresh under way, which end only through their own events.
    """
    if event is Event.CALL_SUCCEEDED:
        return AccountState.CONNECTED if state in (AccountState.OFFLINE, AccountState.UNKNOWN) else state
    return _ALWAYS[event]


_REFRESH = {
    RefreshEvent.STARTED: Event.REFRESH_STARTED,
    RefreshEvent.FINISHED: Event.REFRESH_FINISHED,
    RefreshEvent.EXPIRED: Event.REFRESH_EXPIRED,
    RefreshEvent.FAILED: Event.REFRESH_FAILED,
}


def event_for_refresh(refresh: RefreshEvent) -> Event | None:
    """The status event a refresh event stands for (None: it changes no status, e.g. NOT_SAVED)."""
    return _REFRESH.get(refresh)


Listener = Callable[[str, AccountState, AccountState], None]
"""Called with (account key, old state, new state) after a change."""


class AccountStates:
    """The current state of every account, changed only through events."""

    def __init__(self) -> None:
        self._states: dict[str, AccountState] = {}
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` after every change of any account's state."""
        self._listeners.append(listener)

    def get(self, key: str) -> AccountState:
        """An account's state (UNKNOWN until something happened to it)."""
        return self._states.get(key, AccountState.UNKNOWN)

    def apply(self, key: str, event: Event) -> bool:
        """Move an account's state by an event; True (and listeners told) when it changed."""
        old = self.get(key)
        new = next_state(old, event)
        if new == old:
            return False
        self._states[key] = new
        for listener in list(self._listeners):
            listener(key, old, new)
        return True

    def forget(self, key: str) -> None:
        """Drop a removed account's state (a later sign-in starts from UNKNOWN)."""
        self._states.pop(key, None)

    def snapshot(self) -> dict[str, AccountState]:
        """Every known account's state, for views that list them all."""
        return dict(self._states)
