"""The To Me feed: posts to the user, posts and comments mentioning them, own posts with comments.

As Salesforce documents it (``/chatter/feeds/to/me/feed-elements``): no ``updatesUrl`` (the To feed cannot be
polled with ``updatedSince``), sorted by ``CreatedDateDesc`` or ``LastModifiedDateDesc``.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request

from . import elements, feed, paging, rows
from .feed import FeedStore
from .guarded import HostRoutes, guarded, not_found
from .host import Host, reply
from .models import DemoUser, FeedItem
from .paging import cursor_token, parse_cursor
from .segments import InputError
from .view import View


def to_me_items(
    conn: sqlite3.Connection, org_id: str, user_id: str, *, sort: str, size: int, page: str | None
) -> tuple[list[FeedItem], str | None]:
    """One page of the user's To feed and the next page's token."""
    attribute = feed.SORTS[sort]
    column = f"{attribute}_ms"
    # Stored segments are JSON lists whose target is the quoted user id: a mention of the user matches.
    quoted = f'%"{user_id}"%'
    clauses = [
        "org_id = ?",
        "(parent_id = ? OR segments LIKE ? "
        "OR item_id IN (SELECT item_id FROM comments WHERE org_id = ? AND segments LIKE ?) "
        "OR (actor_id = ? AND item_id IN (SELECT item_id FROM comments WHERE org_id = ?)))",
    ]
    params: list[object] = [org_id, user_id, quoted, org_id, quoted, user_id, org_id]
    if page is not None:
        moment, item_id = parse_cursor(page)
        clauses.append(f"({column}, item_id) < (?, ?)")
        params += [rows.to_ms(moment), item_id]
    found = conn.execute(
        f"SELECT {rows.ITEM_COLUMNS} FROM items WHERE {' AND '.join(clauses)} "  # noqa: S608
        f"ORDER BY {column} DESC, item_id DESC LIMIT ?",
        (*params, size + 1),
    ).fetchall()
    items = rows.load_items(conn, found[:size])
    if len(found) > size:
        last = items[-1]
        return items, cursor_token(getattr(last, attribute), last.item_id)
    return items, None


class ToFeedRoutes(HostRoutes):
    """GET /chatter/feeds/to/me/feed-elements."""

    @guarded
    def to_feed(self, user: DemoUser, view: View, store: FeedStore, subject: str) -> Response:
        """A Feed Element Page of the To feed."""
        if subject not in ("me", user.user_id):
            raise not_found()
        args = request.args
        size = paging.page_size(args.get("pageSize"))
        sort = args.get("sort", feed.DEFAULT_SORT)
        if sort not in feed.SORTS:
            raise InputError(f"Invalid sort: {sort}. Use CreatedDateDesc or LastModifiedDateDesc.")
        page = args.get("page")
        items, next_token = to_me_items(
            store.conn, store.org_id, user.user_id, sort=sort, size=size, page=page
        )
        base = view.api(f"/chatter/feeds/to/{user.user_id}/feed-elements")
        keep = {key: args[key] for key in ("pageSize", "sort") if key in args}
        body: dict[str, Any] = {
            "currentPageToken": page,
            "currentPageUrl": _url(base, {**keep, **({"page": page} if page else {})}),
            "elements": [elements.feed_element(item, view) for item in items],
            "isModifiedToken": None,
            "isModifiedUrl": None,
            "nextPageToken": next_token,
            "nextPageUrl": _url(base, {**keep, "page": next_token}) if next_token else None,
            "updatesToken": None,
            "updatesUrl": None,
        }
        return reply(body)


def _url(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def register_to_feed(app: Flask, host: Host) -> None:
    """Add the To feed route under /services/data/vXX.X/chatter."""
    routes = ToFeedRoutes(host)
    app.add_url_rule(
        "/services/data/v<version>/chatter/feeds/to/<subject>/feed-elements",
        "chatter_to_feed",
        routes.to_feed,
        methods=["GET"],
    )
