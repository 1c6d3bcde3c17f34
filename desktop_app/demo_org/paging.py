"""Chatter paging: pageSize checks, opaque cursor and updatedSince tokens, comment and like pages."""

from __future__ import annotations

from datetime import UTC, datetime

from .models import Comment, Like
from .rows import from_ms, to_ms
from .segments import InputError
from .view import iso


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
    return f"2:{to_ms(moment)}"


def parse_updates_token(token: str) -> datetime:
    """The moment inside an updatedSince token."""
    _, _, millis = token.partition(":")
    if not millis.isdigit():
        raise InputError(f"Invalid updatedSince token: {token}")
    return from_ms(int(millis))


def comments_page(entries: list[Comment], size: int, page: str | None) -> tuple[list[Comment], str | None]:
    """An item's comments (oldest first), a page at a time, and the next page's token."""
    if page is not None:
        cursor = parse_cursor(page)
        entries = [entry for entry in entries if (entry.created, entry.comment_id) > cursor]
    shown = entries[:size]
    if len(entries) > size:
        return shown, cursor_token(shown[-1].created, shown[-1].comment_id)
    return shown, None


def likes_page(entries: list[Like], size: int, page: str | None) -> tuple[list[Like], str | None]:
    """An item's likes in the order they were given, a page at a time, and the next page's token."""
    if page is not None:
        cursor = parse_cursor(page)
        entries = [entry for entry in entries if (entry.created, entry.like_id) > cursor]
    shown = entries[:size]
    if len(entries) > size:
        return shown, cursor_token(shown[-1].created, shown[-1].like_id)
    return shown, None
