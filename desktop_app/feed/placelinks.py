"""Where a click in a post leads inside the app: a record or group link, an @mention, the author's name.

Also the words a feed place shows when it is empty, and whether a new post belongs in the place shown.
"""

from __future__ import annotations

from collections.abc import Iterator

from desktop_app.api.models import FeedItem, MessageSegment
from desktop_app.feed.places import (
    Bookmarks,
    Company,
    Group,
    News,
    Person,
    Place,
    Record,
    Search,
    ToMe,
    looks_like_id,
    place_for,
)
from desktop_app.feed.richtext import parse_href


def _segments(segments: tuple[MessageSegment, ...]) -> Iterator[MessageSegment]:
    for segment in segments:
        yield segment
        yield from _segments(segment.children)


def name_in(item: FeedItem, entity_id: str) -> str:
    """The name a post gives an id (in its header, body or comments), or "" when it names it nowhere."""
    if item.actor.id == entity_id:
        return item.actor.display_name
    if item.parent_id == entity_id and item.parent_name:
        return item.parent_name
    every = [item.header_segments, item.body_segments, *(c.body_segments for c in item.comments)]
    for segments in every:
        for segment in _segments(segments):
            if entity_id in (segment.reference_id, segment.user_id) and segment.text.strip():
                return segment.text.strip().lstrip("@")
    return ""


def link_place(item: FeedItem | None, href: str) -> Place | None:
    """The place a record, group or person link in a post opens, or None for any other link."""
    target = parse_href(href)
    if target is None or target.kind not in ("entity", "mention") or not looks_like_id(target.value):
        return None
    return place_for(target.value, name_in(item, target.value) if item is not None else "")


def author_place(item: FeedItem) -> Place | None:
    """The author's profile feed (None for an element without a person behind it, such as a bundle)."""
    actor = item.actor
    if not actor.id or not looks_like_id(actor.id) or not actor.id.startswith("005"):
        return None
    return Person(actor.id, actor.display_name)


def click_place(item: FeedItem, href: str, *, author: bool) -> Place | None:
    """What a click on a post opens in the app: its author's profile, or a linked record, group or person."""
    return author_place(item) if author else link_place(item, href)


def saved_feed_key(place: Place) -> str:
    """The feed a saved first page is kept under: "" for the news feed, else the feed's path."""
    return "" if isinstance(place, News) else place.feed_path or ""


def belongs_in(item: FeedItem, place: Place, my_user_id: str) -> bool:
    """Whether a post just written shows in the feed of ``place`` (the composer posts to where it is)."""
    if isinstance(place, News):
        return True
    if isinstance(place, Group | Record):
        return item.parent_id == place.id
    if isinstance(place, Person):
        return place.id in (item.parent_id, item.actor.id) or (place.id == my_user_id == item.actor.id)
    return False


def feed_words(place: Place) -> str:
    """The feed named in a sentence: "your feed", "the Company feed", "Sales Team", "the search"."""
    if isinstance(place, News):
        return "your feed"
    if isinstance(place, Search):
        return "the search results"
    if isinstance(place, Group | Record | Person):
        return place.label
    return f"the {place.label} feed"


def empty_message(place: Place) -> str:
    """What an empty feed says."""
    if isinstance(place, Search):
        return f"No posts in {place.within.label} match “{place.text}”."
    if isinstance(place, ToMe):
        return "Nothing to you yet. Posts that mention you or are posted to your profile show up here."
    if isinstance(place, Bookmarks):
        return "No bookmarks yet. Posts you bookmark in Salesforce show up here."
    if isinstance(place, Company):
        return "Nobody in your company has posted yet."
    if isinstance(place, Group | Record):
        return f"Nothing has been posted to {place.label} yet."
    if isinstance(place, Person):
        return f"{place.label} has no posts yet."
    return "Nothing here yet. Posts from people, groups and records you follow show up here."
