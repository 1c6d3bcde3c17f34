"""Runs the watch schedule for every signed-in account on the API workers and keeps unread counts.

Each due check is one READ-lane call on its account's worker (``activity:<key>`` channel): the news feed's
``updatesUrl`` (or, the first time, a one-element page for it) and the To Me feed's first page. Answers go
to that account's ``AccountSeen``; what needs the person comes out as ``Notice``s, grouped per account.
The account on screen counts nothing unread while the window shows (the person sees its feed), and is not
notified while the window is the active one. Seen state is saved in the settings (never a token) so a
restart does not notify again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop_app import log
from desktop_app.activity import prefs as keys
from desktop_app.activity.checks import NewsBaseline, ToMePage, updates_request
from desktop_app.activity.grouping import Notice, notices
from desktop_app.activity.prefs import NotificationPrefs, SettingsStore
from desktop_app.activity.schedule import Check, Watch, WatchSchedule
from desktop_app.activity.seen import AccountSeen
from desktop_app.api.errors import ApiError, RateLimited
from desktop_app.api.models import FeedPage
from desktop_app.api.operations import FeedUpdates
from desktop_app.auth.account import Account
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane

NEWS_SOURCE = "news"
TO_ME_SOURCE = "to_me"
MIN_WAKE_MS = 250


def activity_channel(key: str) -> str:
    """The API channel of an account's background checks."""
    return f"activity:{key}"


class ActivityWatcher(QObject):
    """Watches every account (signals: unread_changed(str key, int count), unread_total_changed(int),
    notices_ready(list[Notice]))."""

    unread_changed = Signal(str, int)
    unread_total_changed = Signal(int)
    notices_ready = Signal(object)

    def __init__(
        self,
        api: ApiService,
        settings: SettingsStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        schedule: WatchSchedule | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._settings = settings
        self.prefs = NotificationPrefs(settings)
        self.schedule = schedule or WatchSchedule(clock)
        self._accounts: dict[str, Account] = {}
        self._seen: dict[str, AccountSeen] = {}
        self._on_screen: str | None = None
        self._window_active = False
        self._window_hidden = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)

    # What is watched.

    def set_accounts(self, accounts: Iterable[Account]) -> None:
        """Watch these accounts (and no others)."""
        wanted = {a.key: a for a in accounts if not a.needs_sign_in}
        saved = self._settings.get(keys.SEEN, {})
        saved = saved if isinstance(saved, dict) else {}
        for key in list(self._accounts):
            if key not in wanted:
                self._accounts.pop(key)
                self._seen.pop(key, None)
                self.schedule.remove(key)
                self._api.bump(activity_channel(key))
        for key, account in wanted.items():
            self._accounts[key] = account
            if key not in self._seen:
                self._seen[key] = AccountSeen.from_json(key, account.user_id, saved.get(key))
            self.schedule.add(key)
        self._emit_counts(wanted)
        self._plan()

    def unread(self, key: str) -> int:
        """An account's unread count."""
        seen = self._seen.get(key)
        return seen.unread if seen is not None else 0

    @property
    def unread_total(self) -> int:
        """Unread elements across every account."""
        return sum(seen.unread for seen in self._seen.values())

    def seen(self, key: str) -> AccountSeen | None:
        """What is known of an account (for tests and diagnostics)."""
        return self._seen.get(key)

    @Slot(object)
    def set_on_screen(self, key: str | None) -> None:
        """The account whose feed is shown: what it had unread counts as read."""
        if key == self._on_screen:
            return
        self._on_screen = key
        self.schedule.set_on_screen(key)
        seen = self._seen.get(key or "")
        if seen is not None:
            # The feed view follows this feed now; when it goes to the background, a new baseline keeps what
            # the person saw there from coming back as unread.
            seen.updates_url = None
            seen.baselined.discard(NEWS_SOURCE)
            if seen.mark_read():
                self._changed(key or "")
        self._plan()

    def set_window(self, *, hidden: bool, active: bool) -> None:
        """The window was hidden or shown, or lost or got the focus."""
        self._window_active = active and not hidden
        self._window_hidden = hidden
        self.schedule.set_hidden(hidden)
        if not hidden and self._on_screen is not None:
            seen = self._seen.get(self._on_screen)
            if seen is not None and seen.mark_read():
                self._changed(self._on_screen)
        self._plan()

    def mark_read(self, key: str, element_ids: Iterable[str] | None = None) -> None:
        """The person saw these elements of an account (None: all of them)."""
        seen = self._seen.get(key)
        if seen is not None and seen.mark_read(element_ids):
            self._changed(key)

    # The checks.

    @Slot()
    def tick(self) -> None:
        """Send every check that is due, then wait for the next one."""
        for check in self.schedule.take_due():
            seen = self._seen.get(check.account_key)
            if seen is None:
                continue
            operation: NewsBaseline | FeedUpdates | ToMePage
            if check.watch is Watch.TO_ME:
                operation = ToMePage()
            elif seen.updates_url:
                operation = FeedUpdates(updates_request(seen.updates_url))
            else:
                operation = NewsBaseline()
            self._api.call(
                check.account_key,
                operation,
                channel=activity_channel(check.account_key),
                lane=Lane.READ,
                on_done=partial(self._on_answer, check),
            )
        self._plan()

    def _plan(self) -> None:
        wait = self.schedule.seconds_to_next()
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(max(MIN_WAKE_MS, int(wait * 1000)))

    def _on_answer(self, check: Check, outcome: ApiOutcome[Any]) -> None:
        key = check.account_key
        seen = self._seen.get(key)
        page = outcome.value
        if seen is None or not isinstance(page, FeedPage):
            retry_after = outcome.error.retry_after if isinstance(outcome.error, RateLimited) else None
            self.schedule.failed(check, retry_after, outcome.usage)
            if seen is not None and check.watch is Watch.NEWS and self._token_refused(outcome.error):
                seen.updates_url = None  # the updates token may have expired: a new baseline
                seen.baselined.discard(NEWS_SOURCE)
            log.ui.info("activity check %s of an account failed", check.watch.value)
            self._plan()
            return
        self.schedule.succeeded(check, outcome.usage)
        source = NEWS_SOURCE if check.watch is Watch.NEWS else TO_ME_SOURCE
        if check.watch is Watch.NEWS:
            seen.updates_url = page.updates_url or seen.updates_url
        before = seen.unread
        found = seen.take_page(source, page.items)
        if key == self._on_screen and not self._window_hidden:
            seen.mark_read()  # its feed is on screen: the person sees what arrives there
        self._save()
        if seen.unread != before:
            self._changed(key)
        self._notify(key, found)
        self._plan()

    @staticmethod
    def _token_refused(error: BaseException | None) -> bool:
        return isinstance(error, ApiError) and error.status in (400, 404, 410)

    def _notify(self, key: str, found: list[Any]) -> None:
        if not found or not self.prefs.should_notify(key):
            return
        if key == self._on_screen and self._window_active:
            return  # the person is looking at this account
        account = self._accounts.get(key)
        if account is None:
            return
        ready: list[Notice] = notices(key, self.place_name(account), found)
        self.notices_ready.emit(ready)

    def place_name(self, account: Account) -> str:
        """What a notification calls an account: its org, with the user when two accounts share the org."""
        org = account.org_name or account.username
        shared = sum(1 for other in self._accounts.values() if other.org_id == account.org_id) > 1
        return f"{org} ({account.display_name or account.username})" if shared else org

    # Counts and what is kept.

    def _changed(self, key: str) -> None:
        self._save()
        self.unread_changed.emit(key, self.unread(key))
        self.unread_total_changed.emit(self.unread_total)

    def _emit_counts(self, keys_: Iterable[str]) -> None:
        for key in keys_:
            self.unread_changed.emit(key, self.unread(key))
        self.unread_total_changed.emit(self.unread_total)

    def _save(self) -> None:
        self._settings.set(keys.SEEN, {key: seen.to_json() for key, seen in self._seen.items()})

    def stop(self) -> None:
        """Stop checking and drop answers still on their way."""
        self._timer.stop()
        for key in self._accounts:
            self._api.bump(activity_channel(key))
