"""Feed elements, comments, likes, poll votes and files to and from database rows (times in epoch ms)."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from .models import Comment, FeedItem, Like, Segment, StoredFile

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
ITEM_COLUMNS = (
    "item_id, actor_id, created_ms, modified_ms, segments, parent_id, app_name, kind, element_type, extra"
)
FILE_COLUMNS = (
    "file_id, version_id, owner_id, title, extension, file_type, mime_type, size, checksum, created_ms, "
    "recipe, description"
)


def to_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch, exactly (no float rounding)."""
    return (moment - EPOCH) // _MS


def from_ms(millis: int) -> datetime:
    """The UTC moment of an epoch-milliseconds value."""
    return EPOCH + millis * _MS


def dump_segments(segments: Sequence[Segment]) -> str:
    """Stored segments as compact JSON (the alternative text only where a segment has one)."""
    return json.dumps(
        [
            [seg.kind, seg.text, seg.target, seg.markup, *([seg.alt] if seg.alt is not None else [])]
            for seg in segments
        ],
        ensure_ascii=False,
    )


def load_segments(text: str) -> list[Segment]:
    """Stored segments back from JSON."""
    return list(_parse_segments(text))


@functools.lru_cache(maxsize=4096)
def _parse_segments(text: str) -> tuple[Segment, ...]:
    # Feed pages are read over and over while bodies rarely change: parsing dominated loading a page.
    return tuple(Segment(*fields) for fields in json.loads(text))


def insert_item(conn: sqlite3.Connection, org_id: str, item: FeedItem) -> None:
    """Write a feed item with its comments and likes."""
    conn.execute(
        f"INSERT INTO items (org_id, {ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        (
            org_id,
            item.item_id,
            item.actor_id,
            to_ms(item.created),
            to_ms(item.modified),
            dump_segments(item.segments),
            item.parent_id,
            item.app_name,
            item.kind,
            item.element_type,
            json.dumps(item.extra, ensure_ascii=False) if item.extra else None,
        ),
    )
    for entry in item.comments:
        insert_comment(conn, org_id, entry)
    for like in item.likes:
        insert_like(conn, org_id, like)
    conn.executemany(
        "INSERT INTO poll_votes (item_id, user_id, choice_id) VALUES (?, ?, ?)",
        [(item.item_id, user_id, choice_id) for user_id, choice_id in item.votes.items()],
    )


def insert_comment(conn: sqlite3.Connection, org_id: str, entry: Comment) -> None:
    """Write a comment."""
    conn.execute(
        f"INSERT INTO comments (org_id, {COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        (
            org_id,
            entry.comment_id,
            entry.item_id,
            entry.user_id,
            to_ms(entry.created),
            dump_segments(entry.segments),
            entry.app_name,
            entry.file_id,
        ),
    )


def insert_like(conn: sqlite3.Connection, org_id: str, like: Like) -> None:
    """Write a like; likes keep the order they were given in."""
    conn.execute(
        "INSERT INTO likes (like_id, item_id, org_id, user_id, created_ms) VALUES (?, ?, ?, ?, ?)",
        (like.like_id, like.item_id, org_id, like.user_id, to_ms(like.created)),
    )


COMMENT_COLUMNS = "comment_id, item_id, user_id, created_ms, segments, app_name, file_id"
LIKE_COLUMNS = "like_id, user_id, item_id, created_ms"


def comment_from(row: Sequence[Any]) -> Comment:
    """A comment from a row of COMMENT_COLUMNS."""
    comment_id, item_id, user_id, created, segments, app_name, file_id = row
    return Comment(comment_id, item_id, user_id, from_ms(created), load_segments(segments), app_name, file_id)


def like_from(row: Sequence[Any]) -> Like:
    """A like from a row of LIKE_COLUMNS."""
    like_id, user_id, item_id, created = row
    return Like(like_id, user_id, item_id, from_ms(created))


def load_items(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> list[FeedItem]:
    """Feed items from rows of ITEM_COLUMNS with all their comments and likes, and the votes of polls.

    Two queries in all, three when a poll is among the items.
    """
    items = [_item_from(row) for row in rows]
    if not items:
        return items
    by_id = {item.item_id: item for item in items}
    marks = ",".join("?" * len(by_id))
    for row in conn.execute(
        f"SELECT {COMMENT_COLUMNS} FROM comments WHERE item_id IN ({marks}) "  # noqa: S608
        "ORDER BY created_ms, comment_id",
        tuple(by_id),
    ):
        entry = comment_from(row)
        by_id[entry.item_id].comments.append(entry)
    for row in conn.execute(
        f"SELECT {LIKE_COLUMNS} FROM likes WHERE item_id IN ({marks}) ORDER BY seq",  # noqa: S608
        tuple(by_id),
    ):
        like = like_from(row)
        by_id[like.item_id].likes.append(like)
    polls = [item.item_id for item in items if item.kind == "PollPost"]
    if polls:
        for item_id, user_id, choice_id in conn.execute(
            f"SELECT item_id, user_id, choice_id FROM poll_votes "  # noqa: S608
            f"WHERE item_id IN ({','.join('?' * len(polls))})",
            polls,
        ):
            by_id[item_id].votes[user_id] = choice_id
    return items


def _item_from(row: Sequence[Any]) -> FeedItem:
    item_id, actor_id, created, modified, segments, parent_id, app_name, kind, element_type, extra = row
    return FeedItem(
        item_id=item_id,
        actor_id=actor_id,
        created=from_ms(created),
        modified=from_ms(modified),
        segments=load_segments(segments),
        parent_id=parent_id,
        app_name=app_name,
        kind=kind,
        element_type=element_type,
        # Parsed afresh for every item (no cache, unlike segments): callers may change what they get.
        extra=json.loads(extra) if extra else {},
    )


def insert_file(conn: sqlite3.Connection, org_id: str, stored: StoredFile) -> None:
    """Write a file's record (its bytes are made again from its recipe when asked for)."""
    conn.execute(
        f"INSERT INTO files (org_id, {FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        (
            org_id, stored.file_id, stored.version_id, stored.owner_id, stored.title, stored.extension,
            stored.file_type, stored.mime_type, stored.size, stored.checksum, to_ms(stored.created),
            stored.recipe, stored.description,
        ),
    )  # fmt: skip


def file_from(row: Sequence[Any]) -> StoredFile:
    """A file from a row of FILE_COLUMNS."""
    file_id, version_id, owner_id, title, extension, file_type, mime_type, size, checksum = row[:9]
    created, recipe, description = row[9:]
    return StoredFile(
        file_id, version_id, owner_id, title, extension, file_type, mime_type, size, checksum,
        from_ms(created), recipe, description,
    )  # fmt: skip
