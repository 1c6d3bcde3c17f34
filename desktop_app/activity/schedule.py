"""When to ask each account's org what changed: adaptive intervals, back-off and a hard hourly cap.

Each account has two watches: its news feed (through the ``updatesUrl`` of the last page, one cheap request)
and its To Me feed (first page, sorted by last activity). The schedule only decides *when*; it never sends.
Every decision is made from an injected clock, so tests drive hours of events in microseconds.

The rules, in the order they apply (see the README, "How often Connect Desktop asks your org"):

* an interval per watch by where the account is: on screen, in the background, or with the window hidden;
  the To Me feed is never asked more than once a minute (Salesforce's polling guidance);
* after a failure the interval doubles per consecutive failure, up to ``MAX_BACKOFF_S``; a 503 waits at
  least its ``Retry-After``;
* when ``Sforce-Limit-Info`` shows the org's daily use above ``SLOW_AT_USAGE`` the intervals stretch;
* whatever else happens, no account is asked more than ``MAX_REQUESTS_PER_HOUR`` times in any hour.

Cost: O(accounts) per decision, O(MAX_REQUESTS_PER_HOUR) memory per account.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from enum import Enum

import msgspec

from desktop_app.api.limits import ApiUsage


class Watch(Enum):
    """What one check asks for."""

    NEWS = "news"
    TO_ME = "to_me"


class Place(Enum):
    """Where an account is, which sets how often it is watched."""

    ON_SCREEN = "on_screen"
    BACKGROUND = "background"
    HIDDEN = "hidden"


HOUR_S = 3600.0
MAX_REQUESTS_PER_HOUR = 60
"""The hard cap of background checks per account in any sliding hour (both watches together)."""
MIN_TO_ME_INTERVAL_S = 60.0
"""Salesforce asks clients to poll a feed at most once a minute."""
INTERVALS_S: dict[tuple[Place, Watch], float | None] = {
    # The feed on screen refreshes itself with its own updatesUrl: the watcher leaves it alone.
    (Place.ON_SCREEN, Watch.NEWS): None,
    (Place.ON_SCREEN, Watch.TO_ME): 60.0,
    (Place.BACKGROUND, Watch.NEWS): 180.0,
    (Place.BACKGROUND, Watch.TO_ME): 120.0,
    (Place.HIDDEN, Watch.NEWS): 600.0,
    (Place.HIDDEN, Watch.TO_ME): 300.0,
}
MAX_BACKOFF_S = 30 * 60.0
SLOW_AT_USAGE = 0.8
"""Above this share of the org's daily API allowance every interval is multiplied by ``SLOW_FACTOR``."""
SLOW_FACTOR = 4.0
STOP_AT_USAGE = 0.95
"""Above this share the watcher asks at most once an hour per watch, leaving the rest to the person."""
FIRST_CHECK_DELAY_S = 5.0
"""A new account's first checks wait this long, so they never compete with its first feed page."""


class Check(msgspec.Struct, frozen=True):
    """One request the watcher may send now."""

    account_key: str
    watch: Watch


class _Account(msgspec.Struct):
    place: Place
    next_due: dict[Watch, float]
    sent: deque[float] = msgspec.field(default_factory=deque)
    failures: dict[Watch, int] = msgspec.field(default_factory=dict)
    in_flight: set[Watch] = msgspec.field(default_factory=set)
    quiet_until: float = 0.0
    usage: float = 0.0


class WatchSchedule:
    """Decides which checks are due for every watched account, never more than the hourly cap."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        intervals: Mapping[tuple[Place, Watch], float | None] = INTERVALS_S,
        cap: int = MAX_REQUESTS_PER_HOUR,
    ) -> None:
        self._clock = clock
        self._intervals = intervals
        self._cap = cap
        self._accounts: dict[str, _Account] = {}
        self._on_screen: str | None = None
        self._hidden = False

    # What is watched and where it is.

    @property
    def accounts(self) -> list[str]:
        """The watched accounts."""
        return list(self._accounts)

    def add(self, key: str) -> None:
        """Start watching an account (its first checks come after ``FIRST_CHECK_DELAY_S``)."""
        if key in self._accounts:
            return
        first = self._clock() + FIRST_CHECK_DELAY_S
        self._accounts[key] = _Account(self._place_of(key), dict.fromkeys(Watch, first))

    def remove(self, key: str) -> None:
        """Stop watching an account."""
        self._accounts.pop(key, None)

    def set_on_screen(self, key: str | None) -> None:
        """The account whose feed is shown (None: none)."""
        self._on_screen = key
        self._replace()

    def set_hidden(self, hidden: bool) -> None:
        """The window was hidden (or minimized) or shown again."""
        self._hidden = hidden
        self._replace()

    def place(self, key: str) -> Place | None:
        """Where an account is (None when it is not watched)."""
        account = self._accounts.get(key)
        return account.place if account is not None else None

    def _place_of(self, key: str) -> Place:
        if self._hidden:
            return Place.HIDDEN
        return Place.ON_SCREEN if key == self._on_screen else Place.BACKGROUND

    def _replace(self) -> None:
        now = self._clock()
        for key, account in self._accounts.items():
            place = self._place_of(key)
            if place is account.place:
                continue
            account.place = place
            # A shorter interval applies from now; a longer one waits for the check already planned.
            for watch in Watch:
                interval = self.interval(key, watch)
                if interval is not None:
                    account.next_due[watch] = min(account.next_due[watch], now + interval)

    # The decisions.

    def interval(self, key: str, watch: Watch) -> float | None:
        """Seconds between two checks of a watch now (None: not watched in this place)."""
        account = self._accounts.get(key)
        if account is None:
            return None
        base = self._intervals.get((account.place, watch))
        if base is None:
            return None
        if watch is Watch.TO_ME:
            base = max(base, MIN_TO_ME_INTERVAL_S)
        if account.usage >= STOP_AT_USAGE:
            base = max(base, HOUR_S)
        elif account.usage >= SLOW_AT_USAGE:
            base *= SLOW_FACTOR
        failures = account.failures.get(watch, 0)
        if failures:
            base = min(max(base, base * 2.0**failures), max(base, MAX_BACKOFF_S))
        return base

    def take_due(self) -> list[Check]:
        """The checks to send now; each counts against its account's cap from this moment."""
        now = self._clock()
        due: list[Check] = []
        for key, account in self._accounts.items():
            self._forget_old(account, now)
            if now < account.quiet_until:
                continue
            for watch in Watch:
                interval = self.interval(key, watch)
                if interval is None or watch in account.in_flight or now < account.next_due[watch]:
                    continue
                if len(account.sent) >= self._cap:
                    break
                account.sent.append(now)
                account.in_flight.add(watch)
                account.next_due[watch] = now + interval
                due.append(Check(key, watch))
        return due

    def seconds_to_next(self) -> float | None:
        """How long until a check may be due (None when nothing is watched)."""
        now = self._clock()
        soonest: float | None = None
        for key, account in self._accounts.items():
            self._forget_old(account, now)
            for watch in Watch:
                if self.interval(key, watch) is None or watch in account.in_flight:
                    continue
                at = max(account.next_due[watch], account.quiet_until)
                if len(account.sent) >= self._cap:
                    at = max(at, account.sent[0] + HOUR_S)
                soonest = at if soonest is None else min(soonest, at)
        return None if soonest is None else max(0.0, soonest - now)

    def in_flight(self, key: str) -> bool:
        """True while a check of the account waits for its answer."""
        account = self._accounts.get(key)
        return account is not None and bool(account.in_flight)

    def sent_in_last_hour(self, key: str) -> int:
        """How many checks of an account counted against its cap in the last hour."""
        account = self._accounts.get(key)
        if account is None:
            return 0
        self._forget_old(account, self._clock())
        return len(account.sent)

    @staticmethod
    def _forget_old(account: _Account, now: float) -> None:
        while account.sent and account.sent[0] <= now - HOUR_S:
            account.sent.popleft()

    # What the answers said.

    def succeeded(self, check: Check, usage: ApiUsage | None = None) -> None:
        """A check was answered; its watch's back-off ends."""
        account = self._accounts.get(check.account_key)
        if account is None:
            return
        account.in_flight.discard(check.watch)
        account.failures.pop(check.watch, None)
        self.note_usage(check.account_key, usage)

    def failed(self, check: Check, retry_after: float | None = None, usage: ApiUsage | None = None) -> None:
        """A check failed: back off; a 503's ``Retry-After`` holds every watch of the account."""
        account = self._accounts.get(check.account_key)
        if account is None:
            return
        account.in_flight.discard(check.watch)
        account.failures[check.watch] = min(account.failures.get(check.watch, 0) + 1, 16)
        self.note_usage(check.account_key, usage)
        now = self._clock()
        if retry_after is not None and retry_after > 0:
            account.quiet_until = max(account.quiet_until, now + min(retry_after, HOUR_S))
        interval = self.interval(check.account_key, check.watch)
        if interval is not None:
            account.next_due[check.watch] = now + interval

    def note_usage(self, key: str, usage: ApiUsage | None) -> None:
        """The org's daily API use as the last answer's ``Sforce-Limit-Info`` reported it."""
        account = self._accounts.get(key)
        if account is not None and usage is not None and usage.limit > 0:
            account.usage = usage.fraction
