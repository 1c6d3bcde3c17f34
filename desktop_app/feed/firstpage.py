"""Which feed page start-up asks for before the window is up: the first page of the place an account comes
back to, when no copy of it was kept from the last run."""

from __future__ import annotations

from desktop_app.api.feedcache import FeedCache
from desktop_app.api.feedreads import FeedRead, feed_read
from desktop_app.api.models import FEED_PAGE_SIZE
from desktop_app.feed.navigation import PlaceMemory
from desktop_app.feed.placelinks import saved_feed_key
from desktop_app.storage.settings import Settings, network_is_default


def first_page_read(account_key: str | None, settings: Settings, feed_cache: FeedCache) -> FeedRead | None:
    """The read to start at once for the account opening first, or None: no account, a page kept from the
    last run (the window shows that and asks for the live one when the feed comes up), or a proxy or CA of
    the person's own (they apply with the window, and the feed asks then)."""
    if account_key is None or not network_is_default(settings):
        return None
    place = PlaceMemory(settings).load(account_key)
    if place.feed_path is None or feed_cache.path(account_key, saved_feed_key(place)).exists():
        return None
    return feed_read(place.feed_path, None, FEED_PAGE_SIZE, place.query)
