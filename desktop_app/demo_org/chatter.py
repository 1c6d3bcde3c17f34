"""Chatter resources on an instance host: users, news feed, feed elements, comments and likes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request

from . import (
    attachments,
    bookmarks,
    elements,
    feed,
    flags,
    follows,
    groups,
    kinds,
    paging,
    people,
    placefeeds,
    render,
    segments,
)
from .capabilityviews import register_capabilities
from .feed import FeedStore
from .guarded import HostRoutes, guarded, json_input, not_found
from .host import Host, reply
from .models import DemoUser, FeedItem, Segment
from .segments import InputError
from .state import APP_NAME
from .view import View

NO_ACCESS = (
    "You do not have the level of access necessary to perform the operation you requested. "
    "Please contact the owner of the record or your administrator if access is necessary."
)


def _url(path: str, params: Mapping[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _paged(
    view: View, base: str, entries: list[dict[str, Any]], total: int, next_token: str | None
) -> Response:
    page = request.args.get("page")
    keep = {"pageSize": request.args["pageSize"]} if "pageSize" in request.args else {}
    current = _url(base, {**keep, **({"page": page} if page else {})})
    next_url = _url(base, {**keep, "page": next_token}) if next_token else None
    return reply(
        render.page(entries, total, current, current_token=page, next_token=next_token, next_url=next_url)
    )


class ChatterRoutes(HostRoutes):
    """The Chatter views of one instance host."""

    @staticmethod
    def _item(store: FeedStore, item_id: str) -> FeedItem:
        item = store.item(item_id)
        if item is None:
            raise not_found()
        return item

    @classmethod
    def _social_item(cls, store: FeedStore, item_id: str) -> FeedItem:
        """An element that has comments and likes (a bundle has neither: its elements do)."""
        item = cls._item(store, item_id)
        if item.element_type == kinds.BUNDLE:
            raise not_found()
        return item

    def _body_segments(self, payload: Any) -> list[Segment]:
        if isinstance(payload, dict) and "body" in payload:
            return segments.from_body(self.host.org, payload["body"])
        text = request.values.get("text")
        if text is None:
            raise InputError("Missing required input: body")
        parsed = segments.from_text(text)
        segments.check(parsed)
        return parsed

    @staticmethod
    def _marked(store: FeedStore, user: DemoUser, rendered: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Elements telling whether the user bookmarked each."""
        bookmarks.ensure_table(store.conn)
        return bookmarks.mark(store.conn, user.user_id, rendered)

    @guarded
    def user_detail(self, user: DemoUser, view: View, store: FeedStore, user_id: str) -> Response:
        """GET /chatter/users/{me|id}."""
        wanted = user.user_id if user_id == "me" else user_id
        person = view.org.person(wanted)
        if person is None:
            raise not_found()
        stats = store.stats(wanted)
        detail = people.user_detail(person, view.org, view.version, stats, is_me=wanted == user.user_id)
        return reply(follows.with_follows(detail, store.conn, view))

    @guarded
    def users(self, user: DemoUser, view: View, store: FeedStore) -> Response:
        """GET /chatter/users?q=: a User Page, for @-mention search."""
        size = paging.page_size(request.args.get("pageSize"))
        raw = request.args.get("page", "0")
        if not raw.isdigit():
            raise InputError(f"Invalid page: {raw}")
        number = int(raw)
        found = people.search(view.org, request.args.get("q", ""))
        chunk = found[number * size : (number + 1) * size]
        base = view.api("/chatter/users")
        keep = {key: value for key, value in request.args.items() if key in ("q", "pageSize")}
        more = (number + 1) * size < len(found)
        users = [
            follows.with_follows(people.user_detail(
                person, view.org, view.version, store.stats(person.user.user_id),
                is_me=person.user.user_id == user.user_id,
            ), store.conn, view)
            for person in chunk
        ]  # fmt: skip
        return reply(
            {
                "currentPageToken": number if number else None,
                "currentPageUrl": _url(base, {**keep, **({"page": str(number)} if number else {})}),
                "nextPageToken": number + 1 if more else None,
                "nextPageUrl": _url(base, {**keep, "page": str(number + 1)}) if more else None,
                "previousPageToken": number - 1 if number else None,
                "previousPageUrl": _url(base, {**keep, "page": str(number - 1)}) if number else None,
                "total": len(found),
                "users": users,
            }
        )

    @guarded
    def news_feed_info(self, user: DemoUser, view: View, store: FeedStore, subject: str) -> Response:
        """GET /chatter/feeds/news/me."""
        if subject not in ("me", user.user_id):
            raise not_found()
        return reply(
            {
                "feedElementPostUrl": view.api("/chatter/feed-elements"),
                "feedElementsUrl": view.api(f"/chatter/feeds/news/{user.user_id}/feed-elements"),
                "isModifiedUrl": None,
            }
        )

    @guarded
    def news_feed(self, user: DemoUser, view: View, store: FeedStore, subject: str) -> Response:
        """GET /chatter/feeds/news/me/feed-elements: a Feed Element Page."""
        if subject not in ("me", user.user_id):
            raise not_found()
        args = request.args
        if "q" in args:  # a search of the news feed, which (everyone following everyone) is every post
            base = view.api(f"/chatter/feeds/news/{user.user_id}/feed-elements")
            hidden = groups.hidden_groups(store.conn, view.org, user.user_id)
            selection = placefeeds.everything(store, hidden)
            return placefeeds.page_response(user, view, store, base, selection, updates=True)
        size = paging.page_size(args.get("pageSize"))
        sort = args.get("sort", feed.DEFAULT_SORT)
        if sort not in feed.SORTS:
            raise InputError(f"Invalid sort: {sort}. Use CreatedDateDesc or LastModifiedDateDesc.")
        since_token = args.get("updatedSince")
        since = paging.parse_updates_token(since_token) if since_token else None
        page = args.get("page")
        hidden = groups.hidden_groups(store.conn, view.org, user.user_id)
        items, next_token = store.news_feed(sort=sort, size=size, page=page, since=since, hidden=hidden)
        # The news feed respects mutes: what the person muted is not in it.
        items = [item for item in items if not flags.flagged(item, flags.MUTED_BY, user.user_id)]
        base = view.api(f"/chatter/feeds/news/{user.user_id}/feed-elements")
        keep = {key: args[key] for key in ("pageSize", "sort", "updatedSince") if key in args}
        updates = paging.updates_token(view.now)
        polling = {key: value for key, value in keep.items() if key != "updatedSince"}
        return reply(
            {
                "currentPageToken": page,
                "currentPageUrl": _url(base, {**keep, **({"page": page} if page else {})}),
                "elements": self._marked(store, user, [elements.feed_element(item, view) for item in items]),
                "isModifiedToken": None,
                "isModifiedUrl": None,
                "nextPageToken": next_token,
                "nextPageUrl": _url(base, {**keep, "page": next_token}) if next_token else None,
                "updatesToken": updates,
                "updatesUrl": _url(base, {**polling, "updatedSince": updates}),
            }
        )

    @guarded
    def post(self, user: DemoUser, view: View, store: FeedStore) -> Response:
        """POST /chatter/feed-elements, JSON body or query parameters."""
        payload = json_input()
        fields = payload if isinstance(payload, dict) else request.values
        if fields.get("feedElementType") != "FeedItem":
            raise InputError("Missing or unsupported feedElementType; use FeedItem")
        subject = fields.get("subjectId")
        if not subject:
            raise InputError("Missing required input: subjectId")
        parent = user.user_id if subject == "me" else subject
        if parent not in view.org.people and parent not in view.org.records:
            raise not_found()
        groups.check_feed_access(store.conn, view.org, user.user_id, parent)
        body = self._body_segments(payload)
        attached = attachments.file_ids(view.org, user.user_id, payload)
        kind, extra = (kinds.CONTENT, {"files": attached}) if attached else ("TextPost", None)
        author = view.org.people[user.user_id]
        item = store.post(author, parent, body, app_name=APP_NAME, now=view.now, kind=kind, extra=extra)
        return reply(elements.feed_element(item, view), 201)

    @guarded
    def feed_element(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET or DELETE /chatter/feed-elements/{id}."""
        item = self._item(store, item_id)
        if request.method == "GET":
            return reply(self._marked(store, user, [elements.feed_element(item, view)])[0])
        if item.actor_id != user.user_id or item.kind in kinds.SYSTEM_KINDS:
            raise InputError(NO_ACCESS, "INSUFFICIENT_ACCESS", 403)
        store.delete_item(item_id)
        return Response(status=204)

    @guarded
    def comments(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET or POST /chatter/feed-elements/{id}/capabilities/comments/items."""
        item = self._social_item(store, item_id)
        answer = item.kind == kinds.QUESTION
        if request.method == "POST":
            body = self._body_segments(json_input())
            author = view.org.people[user.user_id]
            entry = store.add_comment(item, author, body, app_name=APP_NAME, now=view.now)
            return reply(render.comment(entry, view, answer=answer), 201)
        size = paging.page_size(request.args.get("pageSize"))
        shown, next_token = paging.comments_page(item.comments, size, request.args.get("page"))
        base = view.api(f"/chatter/feed-elements/{item_id}/capabilities/comments/items")
        entries = [render.comment(entry, view, answer=answer) for entry in shown]
        return _paged(view, base, entries, len(item.comments), next_token)

    @guarded
    def comment(self, user: DemoUser, view: View, store: FeedStore, comment_id: str) -> Response:
        """GET or DELETE /chatter/comments/{id}."""
        entry = store.comment(comment_id)
        if entry is None:
            raise not_found()
        if request.method == "GET":
            return reply(render.comment(entry, view))
        if entry.user_id != user.user_id:
            raise InputError(NO_ACCESS, "INSUFFICIENT_ACCESS", 403)
        store.delete_comment(comment_id)
        return Response(status=204)

    @guarded
    def likes(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET or POST /chatter/feed-elements/{id}/capabilities/chatter-likes/items."""
        item = self._social_item(store, item_id)
        if request.method == "POST":
            return reply(render.like(store.like(item, user.user_id, view.now), view), 201)
        size = paging.page_size(request.args.get("pageSize"))
        shown, next_token = paging.likes_page(item.likes, size, request.args.get("page"))
        base = view.api(f"/chatter/feed-elements/{item_id}/capabilities/chatter-likes/items")
        return _paged(view, base, [render.like(entry, view) for entry in shown], len(item.likes), next_token)

    @guarded
    def like(self, user: DemoUser, view: View, store: FeedStore, like_id: str) -> Response:
        """GET or DELETE /chatter/likes/{id}."""
        entry = store.find_like(like_id)
        if entry is None:
            raise not_found()
        if request.method == "GET":
            return reply(render.like(entry, view))
        if entry.user_id != user.user_id:
            raise InputError(NO_ACCESS, "INSUFFICIENT_ACCESS", 403)
        store.delete_like(like_id)
        return Response(status=204)


def register_chatter(app: Flask, host: Host) -> None:
    """Add the Chatter routes under /services/data/vXX.X/chatter."""
    routes = ChatterRoutes(host)
    prefix = "/services/data/v<version>/chatter"
    rules = (
        ("/users/<user_id>", routes.user_detail, ["GET"]),
        ("/users", routes.users, ["GET"]),
        ("/feeds/news/<subject>", routes.news_feed_info, ["GET"]),
        ("/feeds/news/<subject>/feed-elements", routes.news_feed, ["GET"]),
        ("/feed-elements", routes.post, ["POST"]),
        ("/feed-elements/<item_id>", routes.feed_element, ["GET", "DELETE"]),
        ("/feed-elements/<item_id>/capabilities/comments/items", routes.comments, ["GET", "POST"]),
        ("/comments/<comment_id>", routes.comment, ["GET", "DELETE"]),
        ("/feed-elements/<item_id>/capabilities/chatter-likes/items", routes.likes, ["GET", "POST"]),
        ("/likes/<like_id>", routes.like, ["GET", "DELETE"]),
    )
    for rule, view, methods in rules:
        app.add_url_rule(prefix + rule, f"chatter_{view.__name__}", view, methods=methods)
    register_capabilities(app, host)
