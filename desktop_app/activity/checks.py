"""The requests the watcher sends: the To Me feed's first page and a news feed baseline, as typed operations.

Both read pages the way the feed view does but never touch the kept first page of the news feed (that cache
is the feed view's). The news feed itself is then followed with ``api.operations.FeedUpdates``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.jsoncall import json_call
from desktop_app.api.parse import parse_feed_page

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient
    from desktop_app.api.models import FeedPage

TO_ME_FEED = "/chatter/feeds/to/me/feed-elements"
NEWS_FEED = "/chatter/feeds/news/me/feed-elements"
TO_ME_PAGE_SIZE = 10
RECENT_COMMENTS = 10
"""Comments per element in the To Me page: enough to see the ones added since the last check."""
BASELINE_PAGE_SIZE = 1
"""The news feed baseline needs only the page's ``updatesUrl``: one element is the cheapest page."""
UPDATES_PAGE_SIZE = 25
"""How many new elements one updates request may bring (what arrived in a few minutes fits)."""
_PAGE_SIZE = re.compile(r"([?&])pageSize=\d*")


def updates_request(updates_url: str) -> str:
    """The ``updatesUrl`` to ask, with room for ``UPDATES_PAGE_SIZE`` elements.

    An org may carry the page size of the request that gave the URL into it (the baseline asked for one
    element); only that parameter is changed, the rest goes back exactly as the server wrote it.
    """
    if _PAGE_SIZE.search(updates_url):
        return _PAGE_SIZE.sub(lambda m: f"{m.group(1)}pageSize={UPDATES_PAGE_SIZE}", updates_url, count=1)
    return updates_url


def _feed_page(body: object, decode_entities: bool) -> FeedPage:
    return parse_feed_page(body, decode_entities=decode_entities)


def _page(client: ConnectClient, path: str, params: dict[str, str | int]) -> FeedPage:
    return json_call(client, "GET", client.data_url(path), _feed_page, params=params)


class ToMePage(msgspec.Struct, frozen=True):
    """The first page of the To Me feed, most recent activity first (new comments lift old posts)."""

    page_size: int = TO_ME_PAGE_SIZE

    def run(self, client: ConnectClient) -> FeedPage:
        """The page."""
        params: dict[str, str | int] = {
            "sort": "LastModifiedDateDesc",
            "pageSize": self.page_size,
            "recentCommentCount": RECENT_COMMENTS,
        }
        return _page(client, TO_ME_FEED, params)


class NewsBaseline(msgspec.Struct, frozen=True):
    """The news feed's smallest first page, for its ``updatesUrl`` (the feed view's cache is not touched)."""

    def run(self, client: ConnectClient) -> FeedPage:
        """The page."""
        return _page(client, NEWS_FEED, {"pageSize": BASELINE_PAGE_SIZE})
