"""Bookmarks: who bookmarked which feed element, the bookmarks capability resource, and marking elements.

The table is created here (``CREATE TABLE IF NOT EXISTS``), so databases made before bookmarks existed keep
working. ``mark`` sets ``isBookmarkedByCurrentUser`` on rendered elements from the stored bookmarks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, request

from . import elements
from .feed import FeedStore
from .guarded import HostRoutes, guarded, json_input, not_found
from .host import Host, reply
from .models import DemoUser
from .rows import to_ms
from .segments import InputError
from .view import View

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    item_id TEXT NOT NULL REFERENCES items ON DELETE CASCADE, user_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL, PRIMARY KEY (user_id, item_id));
"""


def ensure_table(conn: sqlite3.Connection) -> None:
    """Create the bookmarks table when the database has none yet."""
    conn.execute(SCHEMA)


def bookmarked(conn: sqlite3.Connection, user_id: str, item_ids: Iterable[str]) -> set[str]:
    """Which of these elements the user bookmarked."""
    wanted = list(item_ids)
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    found = conn.execute(
        f"SELECT item_id FROM bookmarks WHERE user_id = ? AND item_id IN ({marks})",  # noqa: S608
        (user_id, *wanted),
    )
    return {row[0] for row in found}


def set_bookmark(conn: sqlite3.Connection, user_id: str, item_id: str, on: bool, now_ms: int) -> None:
    """Bookmark an element for a user, or take the bookmark away (both idempotent)."""
    if on:
        conn.execute(
            "INSERT OR IGNORE INTO bookmarks (item_id, user_id, created_ms) VALUES (?, ?, ?)",
            (item_id, user_id, now_ms),
        )
    else:
        conn.execute("DELETE FROM bookmarks WHERE user_id = ? AND item_id = ?", (user_id, item_id))


def mark(conn: sqlite3.Connection, user_id: str, rendered: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rendered feed elements with ``capabilities.bookmarks`` telling whether the user bookmarked each."""
    ids = bookmarked(conn, user_id, (element["id"] for element in rendered))
    for element in rendered:
        capability = element.get("capabilities", {}).get("bookmarks")
        if isinstance(capability, dict):
            # Rendered elements may share nested values: the capability is replaced, never edited.
            element["capabilities"] = {
                **element["capabilities"],
                "bookmarks": {**capability, "isBookmarkedByCurrentUser": element["id"] in ids},
            }
    return rendered


def _wanted(payload: Any) -> bool:
    raw = payload.get("isBookmarkedByCurrentUser") if isinstance(payload, dict) else None
    if raw is None:
        raw = request.values.get("isBookmarkedByCurrentUser")
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise InputError("Missing or invalid input: isBookmarkedByCurrentUser must be true or false")


class BookmarkRoutes(HostRoutes):
    """The bookmarks capability of feed elements on one instance host."""

    @guarded
    def bookmark(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET or PATCH /chatter/feed-elements/{id}/capabilities/bookmarks."""
        ensure_table(store.conn)
        item = store.item(item_id)
        if item is None:
            raise not_found()
        rendered = elements.feed_element(item, view)
        if "bookmarks" not in rendered.get("capabilities", {}):
            raise not_found()
        if request.method == "PATCH":
            set_bookmark(store.conn, user.user_id, item_id, _wanted(json_input()), to_ms(view.now))
        return reply(mark(store.conn, user.user_id, [rendered])[0]["capabilities"]["bookmarks"])


def register_bookmarks(app: Flask, host: Host) -> None:
    """Add the bookmarks capability route (before the generic capability route matches it)."""
    routes = BookmarkRoutes(host)
    rule = "/services/data/v<version>/chatter/feed-elements/<item_id>/capabilities/bookmarks"
    app.add_url_rule(rule, "capability_bookmarks", routes.bookmark, methods=["GET", "PATCH"])
