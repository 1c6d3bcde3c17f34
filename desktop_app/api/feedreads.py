"""Reading any feed: ``FeedElements`` for a page of a feed other than the news feed, or of a search.

``feed_read`` picks the operation for a page of a feed: the news feed's unsearched pages stay ``NewsFeed``,
the operation start-up prefetches, so the view's identical request shares its answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.models import FEED_PAGE_SIZE, NEWS_FEED
from desktop_app.api.operations import NewsFeed

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient
    from desktop_app.api.models import FeedPage


class FeedElements(msgspec.Struct, frozen=True):
    """A page of any feed (To Me, a group, a record, a search, ...): the first one of ``feed_path``
    (searched with ``query``), or the one at a ``next_page_url``."""

    feed_path: str
    page_url: str | None = None
    page_size: int = FEED_PAGE_SIZE
    query: str = ""

    def run(self, client: ConnectClient) -> FeedPage:
        """The page."""
        return client.feed_page(self.feed_path, self.page_url, self.page_size, self.query)


FeedRead = NewsFeed | FeedElements
"""A request for a page of a feed."""


def feed_read(
    feed_path: str, page_url: str | None = None, page_size: int = FEED_PAGE_SIZE, query: str = ""
) -> FeedRead:
    """The request for a page of a feed; the news feed's unsearched pages keep ``NewsFeed`` (start-up
    prefetches it, and an identical request shares the prefetch's answer)."""
    if feed_path == NEWS_FEED and not query:
        return NewsFeed(page_url, page_size)
    return FeedElements(feed_path, page_url, page_size, query)
