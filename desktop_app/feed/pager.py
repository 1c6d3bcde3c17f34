"""The feed pager: which page to ask for next, and what an answer changes, for any Chatter feed.

One pager per feed on screen. It decides; the view asks the workers and shows. The rules:

- at most one page request at a time, and at most one updates request at a time;
- the first page kept from the last run (the saved page) is shown at once and replaced by the live first
  page exactly once, when that arrives; a failed live page leaves the saved posts up;
- the next page is asked for only while the server gave a ``nextPageUrl`` and the last attempt did not fail
  (a failed page waits for an explicit retry);
- new posts come from the ``updatesUrl`` of the first page (one cheap request); a feed whose pages have no
  ``updatesUrl`` (To Me, Bookmarks, a profile, a search) asks its first page again, and that page is merged
  into the list by id (``PageChange.merge``) without moving where paging goes next;
- after a 503 rate limit nothing is asked for until the server's ``Retry-After`` has passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum

import msgspec

from desktop_app.api.feedreads import FeedRead, feed_read
from desktop_app.api.models import FEED_PAGE_SIZE, NEWS_FEED, FeedPage
from desktop_app.api.operations import FeedUpdates


class Refresh(Enum):
    """What a refresh (F5 or the minute timer) should do."""

    UPDATES = "ask the updates URL"
    FIRST_PAGE = "ask the first page"
    RELOAD = "ask the first page again and merge it (the feed has no updates URL)"
    UP_TO_DATE = "nothing to ask: the feed is up to date"
    QUIET = "nothing to ask: the rate limit is still in force"
    BUSY = "nothing to ask: a request is under way"


class PageChange(msgspec.Struct, frozen=True):
    """What a page answer does to the list: clear the saved posts first, then append, and what follows."""

    replace_saved: bool
    first: bool
    at_end: bool
    merge: bool = False


class FeedPager:
    """The paging state of one feed (see the module docstring); Qt-free and clock-injectable."""

    def __init__(
        self,
        page_size: int = FEED_PAGE_SIZE,
        clock: Callable[[], float] = time.monotonic,
        feed_path: str = NEWS_FEED,
        query: str = "",
    ) -> None:
        self.page_size = page_size
        self._clock = clock
        self.feed_path = feed_path
        self.query = query
        self.reset()

    def set_feed(self, feed_path: str, query: str = "") -> None:
        """Page another feed (or a search within one) from its start."""
        self.feed_path, self.query = feed_path, query
        self.reset()

    def _read(self, page_url: str | None = None) -> FeedRead:
        return feed_read(self.feed_path, page_url, self.page_size, self.query)

    def reset(self) -> None:
        """Forget everything (another account or feed is shown)."""
        self.next_url: str | None = None
        self.updates_url: str | None = None
        self.loading_page = False
        self.refreshing = False
        self.showing_saved = False
        self.failed = False
        self.pages_loaded = 0
        self.reloading = False
        self._quiet_until = 0.0

    @property
    def busy(self) -> bool:
        """True while a page or an update is being fetched."""
        return self.loading_page or self.refreshing

    def quiet_for(self) -> float:
        """Seconds left of a rate-limit pause (0 when none)."""
        return max(0.0, self._quiet_until - self._clock())

    # -- asking -------------------------------------------------------------------------------------------

    def first_page(self, saved: FeedPage | None = None) -> FeedRead:
        """Start the feed: the saved page (if any) is to be shown now; ask for the live first page."""
        self.showing_saved = bool(saved is not None and saved.items)
        self.failed = False
        self.loading_page = True
        return self._read()

    def retry_first_page(self) -> FeedRead:
        """Ask for the live first page again (the saved posts stay up meanwhile)."""
        self.failed = False
        self.loading_page = True
        return self._read()

    def next_page(self) -> FeedRead | None:
        """The next page to ask for, or None (one under way, at the end, failed, or rate limited)."""
        if self.loading_page or not self.next_url or self.failed or self.quiet_for() > 0:
            return None
        self.loading_page = True
        return self._read(self.next_url)

    def retry_next_page(self) -> FeedRead | None:
        """After a failed page, ask for it again."""
        self.failed = False
        return self.next_page()

    def refresh(self, has_items: bool) -> tuple[Refresh, FeedUpdates | FeedRead | None]:
        """What a refresh should ask for now, and the request when there is one."""
        if self.busy:
            return Refresh.BUSY, None
        if self.quiet_for() > 0:
            return Refresh.QUIET, None
        if self.showing_saved or (self.updates_url is None and not has_items):
            return Refresh.FIRST_PAGE, self.retry_first_page()
        if self.updates_url is None:
            if self.pages_loaded == 0:
                return Refresh.UP_TO_DATE, None
            self.reloading = True
            return Refresh.RELOAD, self.retry_first_page()
        self.refreshing = True
        return Refresh.UPDATES, FeedUpdates(self.updates_url)

    # -- answers ------------------------------------------------------------------------------------------

    def page_arrived(self, page: FeedPage, has_items: bool) -> PageChange:
        """A page came: where paging goes next, and whether the saved posts make way for it first."""
        replace_saved = self.showing_saved
        self.showing_saved = False
        self.loading_page = False
        self.failed = False
        if self.reloading:
            # A first page asked again: its posts merge in; paging goes on from where it was.
            self.reloading = False
            self.updates_url = self.updates_url or page.updates_url
            at_end = self.next_url is None if self.pages_loaded > 1 else page.next_page_url is None
            if self.pages_loaded <= 1:
                self.next_url = page.next_page_url
            return PageChange(replace_saved=False, first=not has_items, at_end=at_end, merge=has_items)
        self.pages_loaded += 1
        self.next_url = page.next_page_url
        self.updates_url = self.updates_url or page.updates_url
        return PageChange(
            replace_saved=replace_saved, first=replace_saved or not has_items, at_end=self.next_url is None
        )

    def page_failed(self, retry_after: float | None = None) -> None:
        """A page request failed (``retry_after`` when the server rate limited it)."""
        self.loading_page = False
        # A failed refresh of a feed without updates leaves the list, and paging, as they were.
        self.failed = not self.reloading
        self.reloading = False
        self._note_limit(retry_after)

    def updates_arrived(self, page: FeedPage) -> None:
        """An updates answer came: the next one starts from its own updates URL."""
        self.refreshing = False
        self.updates_url = page.updates_url or self.updates_url

    def updates_failed(self, retry_after: float | None = None) -> None:
        """An updates request failed."""
        self.refreshing = False
        self._note_limit(retry_after)

    def _note_limit(self, retry_after: float | None) -> None:
        if retry_after is not None:
            self._quiet_until = self._clock() + max(0.0, retry_after)
