"""The order of the merged timeline: newest first by created date, then account key, then id descending.

Salesforce pages a news feed by ``CreatedDate DESC, Id DESC`` (its page token is "date,id"), so within one
account this order is the server's own; across accounts, items of the same instant go by account key. A key
is a plain tuple that sorts ascending in display order, so heaps and ``min``/``max`` work on it directly.
"""

from __future__ import annotations

from desktop_app.api.models import FeedItem
from desktop_app.feed.richtext import parse_timestamp

OrderKey = tuple[int, str, tuple[int, ...]]
"""(minus the created time in ms, account key, the id's characters negated): ascending = shown first."""

NEWEST = -(2**62)
"""The time part of an item without a readable created date: it sorts first, then gets clamped (merge)."""


def _descending(text: str) -> tuple[int, ...]:
    # Negated code points sort a string descending; the closing 1 puts "ab" after "abc", as descending wants.
    return (*(-ord(char) for char in text), 1)


def created_ms(item: FeedItem) -> int | None:
    """The item's created time in ms since the epoch, or None when it is missing or unreadable."""
    moment = parse_timestamp(item.created)
    return None if moment is None else int(moment.timestamp() * 1000)


def order_key(account_key: str, item: FeedItem) -> OrderKey:
    """Where an item of an account goes in the merged timeline (see the module docstring)."""
    ms = created_ms(item)
    return (NEWEST if ms is None else -ms, account_key, _descending(item.id))
