"""What each person set on a feed item (mute) and when it was last edited, kept in its `extra`."""

from __future__ import annotations

from .models import FeedItem
from .rows import from_ms
from .view import iso

MUTED_BY = "mutedBy"
EDITED_MS = "editedMs"


def flagged(item: FeedItem, flag: str, user_id: str) -> bool:
    """Whether a person set a flag (MUTED_BY) on an item."""
    people = item.extra.get(flag)
    return isinstance(people, list) and user_id in people


def edited(item: FeedItem) -> str | None:
    """When the item was last edited (ISO), or None."""
    moment = item.extra.get(EDITED_MS)
    return iso(from_ms(moment)) if isinstance(moment, int) else None
