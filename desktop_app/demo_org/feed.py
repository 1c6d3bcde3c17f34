"""Feed operations on an org's data: the news feed with cursor paging, posts, comments and likes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from . import ids
from .models import Comment, FeedItem, Like, OrgData, Person, Segment
from .render import iso
from .seed import new_id
from .segments import InputError

SORTS = {"CreatedDateDesc": "created", "LastModifiedDateDesc": "modified"}
DEFAULT_SORT = "CreatedDateDesc"


def page_size(raw: str | None, default: int = 25) -> int:
    """A validated pageSize parameter (1-100)."""
    if raw is None:
        return default
    try:
        size = int(raw)
    except ValueError:
        raise InputError(f"Invalid pageSize: {raw}") from None
    if not 1 <= size <= 100:
        raise InputError("pageSize must be between 1 and 100")
    return size


def cursor_token(moment: datetime, item_id: str) -> str:
    """An opaque paging token: the sort date and id of the last element served."""
    return f"{iso(moment)},{item_id}"


def parse_cursor(token: str) -> tuple[datetime, str]:
    """The sort date and id inside a paging token."""
    moment, _, item_id = token.partition(",")
    try:
        parsed = datetime.strptime(moment, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        raise InputError(f"Invalid page token: {token}") from None
    if not item_id:
        raise InputError(f"Invalid page token: {token}")
    return parsed, item_id


def updates_token(moment: datetime) -> str:
    """An updatedSince token for a moment."""
    return f"2:{int(moment.timestamp() * 1000)}"


def parse_updates_token(token: str) -> datetime:
    """The moment inside an updatedSince token."""
    _, _, millis = token.partition(":")
    if not millis.isdigit():
        raise InputError(f"Invalid updatedSince token: {token}")
    return datetime.fromtimestamp(int(millis) / 1000, UTC)


def news_feed(
    org: OrgData, *, sort: str, size: int, page: str | None, since: datetime | None
) -> tuple[list[FeedItem], str | None]:
    """One page of the news feed (everyone in the org follows everyone) and the next page's token."""
    attribute = SORTS[sort]

    def key(item: FeedItem) -> tuple[datetime, str]:
        moment: datetime = getattr(item, attribute)
        return moment, item.item_id

    items = sorted(org.items.values(), key=key, reverse=True)
    if since is not None:
        items = [item for item in items if key(item)[0] > since]
    if page is not None:
        cursor = parse_cursor(page)
        items = [item for item in items if key(item) < cursor]
    shown = items[:size]
    if len(items) > size:
        return shown, cursor_token(*key(shown[-1]))
    return shown, None


def post(
    org: OrgData, actor: Person, parent_id: str, segments: list[Segment], *, app_name: str, now: datetime
) -> FeedItem:
    """Create a feed item."""
    item = FeedItem(
        item_id=new_id(org, ids.FEED_ITEM),
        actor_id=actor.user.user_id,
        created=now,
        modified=now,
        segments=segments,
        parent_id=parent_id,
        app_name=app_name,
    )
    org.items[item.item_id] = item
    return item


def add_comment(
    org: OrgData, item: FeedItem, author: Person, segments: list[Segment], *, app_name: str, now: datetime
) -> Comment:
    """Add a comment; the item's modified date moves with it."""
    entry = Comment(new_id(org, ids.COMMENT), item.item_id, author.user.user_id, now, segments, app_name)
    item.comments.append(entry)
    item.modified = now
    return entry


def comments_page(item: FeedItem, size: int, page: str | None) -> tuple[list[Comment], str | None]:
    """Comments oldest first, a page at a time."""
    entries = item.comments
    if page is not None:
        cursor = parse_cursor(page)
        entries = [entry for entry in entries if (entry.created, entry.comment_id) > cursor]
    shown = entries[:size]
    if len(entries) > size:
        return shown, cursor_token(shown[-1].created, shown[-1].comment_id)
    return shown, None


def likes_page(item: FeedItem, size: int, page: str | None) -> tuple[list[Like], str | None]:
    """Likes oldest first, a page at a time."""
    entries = item.likes
    if page is not None:
        cursor = parse_cursor(page)
        entries = [entry for entry in entries if (entry.created, entry.like_id) > cursor]
    shown = entries[:size]
    if len(entries) > size:
        return shown, cursor_token(shown[-1].created, shown[-1].like_id)
    return shown, None


def like(org: OrgData, item: FeedItem, user_id: str, now: datetime) -> Like:
    """Like an item; liking twice returns the existing like."""
    existing = next((entry for entry in item.likes if entry.user_id == user_id), None)
    if existing is not None:
        return existing
    entry = Like(new_id(org, ids.LIKE), user_id, item.item_id, now)
    item.likes.append(entry)
    return entry


def find_like(org: OrgData, like_id: str) -> tuple[FeedItem, Like] | None:
    """The item and like with this id."""
    for item in org.items.values():
        for entry in item.likes:
            if entry.like_id == like_id:
                return item, entry
    return None


def fold(text: str) -> str:
    """Lower-case text without accents, for forgiving name search."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_people(org: OrgData, query: str) -> list[Person]:
    """People whose name or username matches every word of the query (a trailing * is allowed)."""
    words = [fold(word.strip("*")) for word in query.split() if word.strip("*")]
    found = []
    for person in org.people.values():
        haystack = fold(
            " ".join(
                (
                    person.user.display_name,
                    person.first_name,
                    person.last_name,
                    person.user.username,
                    person.nickname,
                )
            )
        )
        if all(word in haystack for word in words):
            found.append(person)
    return sorted(found, key=lambda person: fold(person.user.display_name))


def stats(org: OrgData, user_id: str) -> dict[str, int]:
    """Chatter activity numbers for a user's profile."""
    posts = [item for item in org.items.values() if item.actor_id == user_id]
    comments = sum(1 for item in org.items.values() for entry in item.comments if entry.user_id == user_id)
    received = sum(len(item.comments) for item in posts)
    liked = sum(len(item.likes) for item in posts)
    ranking = sorted(
        org.people, key=lambda other: -sum(1 for item in org.items.values() if item.actor_id == other)
    )
    rank = ranking.index(user_id) + 1
    percentile = round(100 * (len(ranking) - rank + 1) / len(ranking))
    return {
        "posts": len(posts),
        "comments": comments,
        "comments_received": received,
        "likes_received": liked,
        "rank": rank,
        "percentile": percentile,
    }
