"""Feeds beyond the news feed: To Me, Bookmarks, Company, a record's (or group's) feed, a user's profile feed.

Each is a Feed Element Page like the news feed, filtered in SQL, paged with the same cursor tokens, sorted by
``sort`` and searched with ``q`` (at least two characters that aren't wildcards; ``*`` stands for any
characters). ``updatesUrl`` is there only where the Connect REST API gives one: Company and record feeds, not
To Me, Bookmarks or user-profile feeds. A record feed serves the posts whose parent is the id, whatever the id
names (an account, an opportunity, a group, the user themself).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request

from . import bookmarks, elements, feed, groups, kinds, paging, rows
from .feed import FeedStore
from .guarded import HostRoutes, guarded, not_found
from .host import Host, reply
from .models import DemoUser, FeedItem
from .segments import InputError
from .view import View

WILDCARDS = frozenset("*?")
SEARCH_TOO_SHORT = "Your search term must have 2 or more characters."


@lru_cache(maxsize=256)
def _pattern(query: str) -> re.Pattern[str]:
    """Every term of the query, in any order; * is any run of characters, ? any one."""
    terms = []
    for term in query.split():
        body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in term)
        terms.append(f"(?=.*{body})")
    return re.compile("".join(terms), re.IGNORECASE | re.DOTALL)


def _texts(stored: str) -> str:
    return " ".join(str(fields[1]) for fields in json.loads(stored))


def _matches(stored: str, query: str) -> bool:
    return _pattern(query).match(_texts(stored)) is not None


def _mentions(stored: str, user_id: str) -> bool:
    return any(fields[0] == "Mention" and fields[2] == user_id for fields in json.loads(stored))


def check_query(query: str) -> str:
    """The query, or the API's error for one with fewer than two characters that aren't wildcards."""
    meaningful = [char for char in query if char not in WILDCARDS and not char.isspace()]
    if len(meaningful) < 2:
        raise InputError(SEARCH_TOO_SHORT, "INVALID_SEARCH", 400)
    return query


def _url(path: str, params: Mapping[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


class FeedQuery:
    """One page of a filtered feed: items matching ``where``, sorted, after a cursor, searched."""

    def __init__(self, store: FeedStore, where: str, params: tuple[object, ...]) -> None:
        self.store = store
        self.where = where
        self.params = params

    def page(
        self, *, sort: str, size: int, page: str | None, query: str
    ) -> tuple[list[FeedItem], str | None]:
        """The page's items and the next page's token."""
        conn: sqlite3.Connection = self.store.conn
        conn.create_function("demo_matches", 2, _matches, deterministic=True)
        conn.create_function("demo_mentions", 2, _mentions, deterministic=True)
        attribute = feed.SORTS[sort]
        column = f"{attribute}_ms"
        clauses = ["org_id = ?", f"({self.where})"]
        params: list[object] = [self.store.org_id, *self.params]
        if query:
            clauses.append(
                "(demo_matches(segments, ?) OR EXISTS (SELECT 1 FROM comments c "
                "WHERE c.item_id = items.item_id AND demo_matches(c.segments, ?)))"
            )
            params += [query, query]
        if page is not None:
            moment, item_id = paging.parse_cursor(page)
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
            return items, paging.cursor_token(getattr(last, attribute), last.item_id)
        return items, None


def page_response(
    user: DemoUser, view: View, store: FeedStore, base: str, selection: FeedQuery, *, updates: bool
) -> Response:
    """A Feed Element Page of ``selection`` at ``base``: paged, sorted, searched, bookmarks marked."""
    args = request.args
    size = paging.page_size(args.get("pageSize"))
    sort = args.get("sort", feed.DEFAULT_SORT)
    if sort not in feed.SORTS:
        raise InputError(f"Invalid sort: {sort}. Use CreatedDateDesc or LastModifiedDateDesc.")
    query = check_query(args["q"]) if "q" in args else ""
    since_token = args.get("updatedSince") if updates else None
    if since_token:
        since = rows.to_ms(paging.parse_updates_token(since_token))
        column = f"{feed.SORTS[sort]}_ms"
        selection = FeedQuery(store, f"({selection.where}) AND {column} > ?", (*selection.params, since))
    page = args.get("page")
    items, next_token = selection.page(sort=sort, size=size, page=page, query=query)
    bookmarks.ensure_table(store.conn)
    rendered = bookmarks.mark(store.conn, user.user_id, [elements.feed_element(i, view) for i in items])
    keep = {key: args[key] for key in ("pageSize", "sort", "q", "updatedSince") if key in args}
    token = paging.updates_token(view.now) if updates else None
    polling = {key: value for key, value in keep.items() if key != "updatedSince"}
    body: dict[str, Any] = {
        "currentPageToken": page,
        "currentPageUrl": _url(base, {**keep, **({"page": page} if page else {})}),
        "elements": rendered,
        "isModifiedToken": None,
        "isModifiedUrl": None,
        "nextPageToken": next_token,
        "nextPageUrl": _url(base, {**keep, "page": next_token}) if next_token else None,
        "updatesToken": token,
        "updatesUrl": _url(base, {**polling, "updatedSince": token}) if token else None,
    }
    return reply(body)


def everything(store: FeedStore, hidden: frozenset[str] = frozenset()) -> FeedQuery:
    """Every element of the org the viewer may see (the company feed; the news feed too, since everyone
    follows everyone): posts in ``hidden`` parents (private groups the viewer is not in) are left out."""
    if not hidden:
        return FeedQuery(store, "1 = 1", ())
    return FeedQuery(store, f"parent_id NOT IN ({','.join('?' * len(hidden))})", tuple(sorted(hidden)))


class PlaceFeedRoutes(HostRoutes):
    """The feed-elements resources of To Me, Bookmarks, Company, records and user profiles."""

    @staticmethod
    def _me(user: DemoUser, subject: str) -> str:
        if subject not in ("me", user.user_id):
            raise not_found()
        return user.user_id

    @guarded
    def to_me(self, user: DemoUser, view: View, store: FeedStore, subject: str) -> Response:
        """GET /chatter/feeds/to/me/feed-elements: others' posts to me or mentioning me (in the post or a
        comment), and my own posts once they have a comment."""
        me = self._me(user, subject)
        mentioned = (
            "parent_id = ? OR demo_mentions(segments, ?) OR EXISTS "
            "(SELECT 1 FROM comments c WHERE c.item_id = items.item_id AND demo_mentions(c.segments, ?))"
        )
        commented = "EXISTS (SELECT 1 FROM comments c WHERE c.item_id = items.item_id)"
        where = "(actor_id != ? AND (" + mentioned + ")) OR (actor_id = ? AND " + commented + ")"
        base = view.api(f"/chatter/feeds/to/{me}/feed-elements")
        selection = FeedQuery(store, where, (me, me, me, me, me))
        return page_response(user, view, store, base, selection, updates=False)

    @guarded
    def bookmarks(self, user: DemoUser, view: View, store: FeedStore, subject: str) -> Response:
        """GET /chatter/feeds/bookmarks/me/feed-elements: what I bookmarked."""
        me = self._me(user, subject)
        bookmarks.ensure_table(store.conn)
        where = "item_id IN (SELECT item_id FROM bookmarks WHERE user_id = ?)"
        base = view.api(f"/chatter/feeds/bookmarks/{me}/feed-elements")
        return page_response(user, view, store, base, FeedQuery(store, where, (me,)), updates=False)

    @guarded
    def company(self, user: DemoUser, view: View, store: FeedStore) -> Response:
        """GET /chatter/feeds/company/feed-elements: every post in the org."""
        base = view.api("/chatter/feeds/company/feed-elements")
        hidden = groups.hidden_groups(store.conn, view.org, user.user_id)
        return page_response(user, view, store, base, everything(store, hidden), updates=True)

    @guarded
    def record(self, user: DemoUser, view: View, store: FeedStore, record_id: str) -> Response:
        """GET /chatter/feeds/record/{id}/feed-elements: posts whose parent is the record, group or user."""
        groups.check_feed_access(store.conn, view.org, user.user_id, record_id)
        known = record_id in view.org.records or record_id in view.org.people
        if (
            not known
            and not store.conn.execute(
                "SELECT 1 FROM items WHERE org_id = ? AND parent_id = ? LIMIT 1", (store.org_id, record_id)
            ).fetchone()
        ):
            raise not_found()
        base = view.api(f"/chatter/feeds/record/{record_id}/feed-elements")
        return page_response(
            user, view, store, base, FeedQuery(store, "parent_id = ?", (record_id,)), updates=True
        )

    @guarded
    def user_profile(self, user: DemoUser, view: View, store: FeedStore, user_id: str) -> Response:
        """GET /chatter/feeds/user-profile/{id}/feed-elements: posts by, to or mentioning the user."""
        wanted = user.user_id if user_id == "me" else user_id
        if wanted not in view.org.people:
            raise not_found()
        # Bundles of record changes tell about a record, not a person: they stay in record and news feeds.
        where = "(actor_id = ? OR parent_id = ? OR demo_mentions(segments, ?)) AND element_type != ?"
        base = view.api(f"/chatter/feeds/user-profile/{wanted}/feed-elements")
        selection = FeedQuery(store, where, (wanted, wanted, wanted, kinds.BUNDLE))
        return page_response(user, view, store, base, selection, updates=False)


def register_place_feeds(app: Flask, host: Host) -> None:
    """Add the feeds under /services/data/vXX.X/chatter/feeds and the bookmarks capability."""
    routes = PlaceFeedRoutes(host)
    prefix = "/services/data/v<version>/chatter/feeds"
    rules = (
        ("/to/<subject>/feed-elements", routes.to_me),
        ("/bookmarks/<subject>/feed-elements", routes.bookmarks),
        ("/company/feed-elements", routes.company),
        ("/record/<record_id>/feed-elements", routes.record),
        ("/user-profile/<user_id>/feed-elements", routes.user_profile),
    )
    for rule, view in rules:
        app.add_url_rule(prefix + rule, f"places_{view.__name__}", view, methods=["GET"])
    bookmarks.register_bookmarks(app, host)
