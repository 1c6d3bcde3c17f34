"""The "All accounts" timeline: several accounts' news feeds merged newest first, page by page.

Each account is a source with its own ``FeedPager`` (its own next page, its own updates URL). Fetched items
wait in one heap until they are *settled*: an item is shown only when no page still to come from a live
source could go above it, that is when it sorts no later than the oldest item fetched so far from every
source that still has pages (sources at their end or stopped do not hold anything back). The next page is
asked for only from the sources that hold the rest back, as the person scrolls.

Shown items never move. An item that would sort above what is already shown (a source whose pages do not
come in order, or one that was stopped and came back) takes the first free place below it instead: keys are
clamped to be no earlier than the source's previous item and the last item shown. A source whose session
ended or whose org cannot be reached stops with one status line; the others carry on. New posts come from
each first page's ``updatesUrl``; one refresh asks every source and the answers go in above, merged, once
all have answered. Items are told apart by their Salesforce ids: the same post seen by two accounts of one
org is shown once, for the account that brought it first, and so is a post a full sandbox copied from
production with its id (the sandbox account's own feed still shows its copy).

Cost: O(log n) per item (heap push and pop), O(sources) per answer.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Sequence
from enum import Enum

import msgspec

from desktop_app.api.errors import RateLimited, SessionExpired
from desktop_app.api.feedreads import FeedRead
from desktop_app.api.models import FEED_PAGE_SIZE, FeedItem, FeedPage
from desktop_app.api.operations import FeedUpdates
from desktop_app.errors import NetworkError, describe
from desktop_app.feed.mergeorder import OrderKey, order_key
from desktop_app.feed.pager import FeedPager, Refresh

Place = tuple[OrderKey, int]
"""An item's place: its (clamped) order key and the sequence number it arrived with."""


class Stop(Enum):
    """Why a source stopped: the words of its status line after the account's name."""

    SIGNED_OUT = "signed out — sign in again"
    UNREACHABLE = "the org can't be reached"
    FAILED = "couldn't load posts"


def stop_for(error: BaseException | None) -> Stop:
    """Which stop a failed call means (a network failure that got an answer started is not "unreachable")."""
    if isinstance(error, SessionExpired):
        return Stop.SIGNED_OUT
    if isinstance(error, NetworkError) and error.unreachable:
        return Stop.UNREACHABLE
    return Stop.FAILED


class Entry(msgspec.Struct, frozen=True):
    """One item of the merged timeline and the account it came from."""

    account_key: str
    item: FeedItem


class SourceStatus(msgspec.Struct, frozen=True):
    """The one status line of a stopped source."""

    account_key: str
    label: str
    stop: Stop
    detail: str = ""

    @property
    def text(self) -> str:
        """The line people read, e.g. 'Acme: signed out — sign in again'."""
        return f"{self.label}: {self.stop.value}"


class Request(msgspec.Struct, frozen=True):
    """A page or an updates request to run for an account."""

    account_key: str
    operation: FeedRead | FeedUpdates


class _Source:
    """One account's feed within the merge."""

    def __init__(self, key: str, label: str, pager: FeedPager) -> None:
        self.key = key
        self.label = label
        self.pager = pager
        self.frontier: Place | None = None  # the place of the last item fetched (the oldest, once clamped)
        self.stop: Stop | None = None
        self.detail = ""

    @property
    def exhausted(self) -> bool:
        return self.pager.pages_loaded > 0 and self.pager.next_url is None

    @property
    def live(self) -> bool:
        """Still has pages that could go above what is waiting."""
        return self.stop is None and not self.exhausted


class MergedFeed:
    """The merged timeline of several accounts (see the module docstring); Qt-free and clock-injectable."""

    def __init__(
        self,
        sources: Sequence[tuple[str, str]],
        page_size: int = FEED_PAGE_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``sources`` are (account key, label for its status line), in the order the person lists them."""
        self._sources = {key: _Source(key, label, FeedPager(page_size, clock)) for key, label in sources}
        self._waiting: list[tuple[OrderKey, int, Entry]] = []
        self._seen: set[str] = set()
        self._seq = 0
        self._last_shown: Place | None = None
        self._round: set[str] = set()
        self._incoming: list[tuple[OrderKey, int, Entry]] = []
        self.shown = 0

    # -- what the view reads ---------------------------------------------------------------------------------

    @property
    def account_keys(self) -> list[str]:
        """The merged accounts, in the order given."""
        return list(self._sources)

    def pager(self, key: str) -> FeedPager:
        """An account's pager (for its rate-limit pause and tests)."""
        return self._sources[key].pager

    @property
    def statuses(self) -> list[SourceStatus]:
        """One line per stopped source, in the order given."""
        return [
            SourceStatus(s.key, s.label, s.stop, s.detail)
            for s in self._sources.values()
            if s.stop is not None
        ]

    @property
    def loading(self) -> bool:
        """True while a page is being fetched for any source."""
        return any(s.pager.loading_page for s in self._sources.values())

    @property
    def refreshing(self) -> bool:
        """True while a refresh round waits for answers."""
        return bool(self._round)

    @property
    def at_end(self) -> bool:
        """Nothing more can come from below: every source is at its end or stopped, nothing waits."""
        return not self._waiting and not any(s.live for s in self._sources.values())

    @property
    def waiting(self) -> int:
        """Items fetched but not yet settled."""
        return len(self._waiting)

    # -- asking ----------------------------------------------------------------------------------------------

    def start(self) -> list[Request]:
        """The first page of every source."""
        return [Request(s.key, s.pager.first_page()) for s in self._sources.values()]

    def more(self) -> list[Request]:
        """The next pages needed to show more: from the live sources whose frontier holds the rest back."""
        live = [s for s in self._sources.values() if s.live]
        # A source with nothing fetched yet (its first page under way, or only empty pages) holds back all.
        wanted = [s for s in live if s.frontier is None]
        if not wanted and live:
            bound = min(s.frontier for s in live if s.frontier is not None)
            wanted = [s for s in live if s.frontier == bound]
        requests = []
        for source in wanted:
            operation = source.pager.next_page()
            if operation is not None:
                requests.append(Request(source.key, operation))
        return requests

    def refresh(self) -> list[Request]:
        """F5: new posts from every source that has an updates URL; a stopped source is tried again."""
        requests = self.retry()
        if self._round:
            return requests
        for source in self._sources.values():
            if source.stop is not None or source.pager.pages_loaded == 0:
                continue
            what, operation = source.pager.refresh(has_items=True)
            if what is Refresh.UPDATES and isinstance(operation, FeedUpdates):
                requests.append(Request(source.key, operation))
                self._round.add(source.key)
        return requests

    def retry(self) -> list[Request]:
        """Ask again for what failed: each stopped source's first or next page."""
        requests = []
        for source in self._sources.values():
            if source.stop is None or source.pager.busy or source.pager.quiet_for() > 0:
                continue  # a rate-limited source keeps its line until the server's pause is over
            source.stop, source.detail = None, ""
            if source.pager.pages_loaded == 0:
                requests.append(Request(source.key, source.pager.retry_first_page()))
            else:
                operation = source.pager.retry_next_page()
                if operation is not None:
                    requests.append(Request(source.key, operation))
        return requests

    # -- answers ---------------------------------------------------------------------------------------------

    def page_arrived(self, key: str, page: FeedPage) -> list[Entry]:
        """A page came for a source: its items wait in order; returns the entries settled now (to append)."""
        source = self._sources[key]
        source.pager.page_arrived(page, has_items=source.pager.pages_loaded > 0)
        source.stop, source.detail = None, ""
        for item in page.items:
            place = self._place(source, item)
            if place is not None:
                heapq.heappush(self._waiting, (place[0], place[1], Entry(key, item)))
        return self._settle()

    def page_failed(self, key: str, error: BaseException | None) -> list[Entry]:
        """A page request failed: the source stops with a status line; what it held back is settled now."""
        source = self._sources[key]
        source.pager.page_failed(error.retry_after if isinstance(error, RateLimited) else None)
        source.stop, source.detail = stop_for(error), describe(error)
        return self._settle()

    def updates_arrived(self, key: str, page: FeedPage) -> list[Entry]:
        """An updates answer came; returns the new entries (newest first, to put above) once all answered."""
        source = self._sources[key]
        source.pager.updates_arrived(page)
        for item in page.items:
            if item.id not in self._seen:
                self._seen.add(item.id)
                self._seq += 1
                self._incoming.append((order_key(key, item), self._seq, Entry(key, item)))
        return self._round_answered(key)

    def updates_failed(self, key: str, error: BaseException | None) -> list[Entry]:
        """An updates request failed: a signed-out or unreachable source stops; the round goes on."""
        source = self._sources[key]
        source.pager.updates_failed(error.retry_after if isinstance(error, RateLimited) else None)
        stop = stop_for(error)
        if stop is not Stop.FAILED:
            source.stop, source.detail = stop, describe(error)
        return self._round_answered(key)

    # -- inside ----------------------------------------------------------------------------------------------

    def _place(self, source: _Source, item: FeedItem) -> Place | None:
        """The item's place, clamped below its source's previous item and the last one shown; None if seen."""
        if item.id in self._seen:
            return None
        self._seen.add(item.id)
        self._seq += 1
        key = order_key(source.key, item)
        floors = [place[0] for place in (source.frontier, self._last_shown) if place is not None]
        place = (max([key, *floors]), self._seq)
        source.frontier = place
        return place

    def _settle(self) -> list[Entry]:
        live = [s for s in self._sources.values() if s.live]
        if any(s.frontier is None for s in live):
            return []
        bound = min((s.frontier for s in live if s.frontier is not None), default=None)
        settled = []
        while self._waiting and (bound is None or self._waiting[0][:2] <= bound):
            key, seq, entry = heapq.heappop(self._waiting)
            self._last_shown = (key, seq)
            settled.append(entry)
        self.shown += len(settled)
        return settled

    def _round_answered(self, key: str) -> list[Entry]:
        self._round.discard(key)
        if self._round:
            return []
        incoming, self._incoming = sorted(self._incoming), []
        if not incoming:
            return []
        fresh = [entry for _key, _seq, entry in incoming]
        self.shown += len(fresh)
        return fresh
