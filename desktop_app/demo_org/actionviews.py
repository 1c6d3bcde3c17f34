"""What people do to posts and comments besides liking and bookmarking: mute, edit, and the edit checks.

Per person flags (who muted an item) and the time of the last edit live in the item's `extra`
JSON, so they persist with the feed. Muted items leave the news feed of the person who muted them (a feed
that respects mutes, as the news feed does) and stay readable by id.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request

from . import elements, kinds, render, rows, segments
from .feed import FeedStore
from .flags import EDITED_MS, MUTED_BY, flagged
from .guarded import HostRoutes, guarded, json_input, not_found
from .host import Host, reply
from .models import DemoUser, FeedItem
from .segments import InputError
from .view import View

NO_ACCESS = (
    "You do not have the level of access necessary to perform the operation you requested. "
    "Please contact the owner of the record or your administrator if access is necessary."
)


def _save_extra(store: FeedStore, item: FeedItem) -> None:
    store.conn.execute(
        "UPDATE items SET extra = ? WHERE org_id = ? AND item_id = ?",
        (json.dumps(item.extra, ensure_ascii=False), store.org_id, item.item_id),
    )


def _flag_value(key: str) -> bool:
    payload = json_input()
    fields: Any = payload if isinstance(payload, dict) else request.values
    value = fields.get(key)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    if not isinstance(value, bool):
        raise InputError(f"Missing required input: {key}")
    return value


class ActionRoutes(HostRoutes):
    """Bookmark, mute and edit views of one instance host."""

    @staticmethod
    def _post(store: FeedStore, item_id: str) -> FeedItem:
        item = store.item(item_id)
        if item is None or item.element_type != "FeedItem":
            raise not_found()
        return item

    def _toggle(self, user: DemoUser, store: FeedStore, item_id: str, flag: str, key: str) -> Response:
        item = self._post(store, item_id)
        if request.method == "PATCH":
            people = [person for person in item.extra.get(flag, []) if person != user.user_id]
            if _flag_value(key):
                people.append(user.user_id)
            item.extra[flag] = people
            _save_extra(store, item)
        return reply({key: flagged(item, flag, user.user_id)})

    @guarded
    def mute(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET, HEAD or PATCH …/capabilities/mute: Mute Capability."""
        return self._toggle(user, store, item_id, MUTED_BY, "isMutedByMe")

    @guarded
    def post_editable(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET …/capabilities/edit/is-editable-by-me for a feed element: Feed Entity Is Editable."""
        item = self._post(store, item_id)
        mine = item.actor_id == user.user_id and item.kind not in kinds.SYSTEM_KINDS
        url = view.api(f"/chatter/feed-elements/{item_id}")
        return reply({"areAttachmentsEditableByMe": mine, "feedEntityUrl": url, "isEditableByMe": mine})

    @guarded
    def comment_editable(self, user: DemoUser, view: View, store: FeedStore, comment_id: str) -> Response:
        """GET /chatter/comments/{id}/capabilities/edit/is-editable-by-me."""
        entry = store.comment(comment_id)
        if entry is None:
            raise not_found()
        mine = entry.user_id == user.user_id
        url = view.api(f"/chatter/comments/{comment_id}")
        return reply({"areAttachmentsEditableByMe": mine, "feedEntityUrl": url, "isEditableByMe": mine})

    @staticmethod
    def _new_body(view: View) -> list[Any]:
        payload = json_input()
        if not isinstance(payload, dict) or "body" not in payload:
            raise InputError("Missing required input: body")
        return segments.from_body(view.org, payload["body"])

    @guarded
    def edit_post(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """PATCH /chatter/feed-elements/{id}: a new body for the person's own post."""
        item = self._post(store, item_id)
        if item.actor_id != user.user_id or item.kind in kinds.SYSTEM_KINDS:
            raise InputError(NO_ACCESS, "INSUFFICIENT_ACCESS", 403)
        item.segments = self._new_body(view)
        item.extra[EDITED_MS] = rows.to_ms(view.now)
        store.conn.execute(
            "UPDATE items SET segments = ?, extra = ? WHERE org_id = ? AND item_id = ?",
            (rows.dump_segments(item.segments), json.dumps(item.extra), store.org_id, item_id),
        )
        return reply(elements.feed_element(item, view))

    @guarded
    def edit_comment(self, user: DemoUser, view: View, store: FeedStore, comment_id: str) -> Response:
        """PATCH /chatter/comments/{id}: a new body for the person's own comment."""
        entry = store.comment(comment_id)
        if entry is None:
            raise not_found()
        if entry.user_id != user.user_id:
            raise InputError(NO_ACCESS, "INSUFFICIENT_ACCESS", 403)
        entry.segments = self._new_body(view)
        store.conn.execute(
            "UPDATE comments SET segments = ? WHERE org_id = ? AND comment_id = ?",
            (rows.dump_segments(entry.segments), store.org_id, comment_id),
        )
        return reply(render.comment(entry, view))


def register_actions(app: Flask, host: Host) -> None:
    """Add the mute and edit routes under /services/data/vXX.X/chatter (bookmarks: the bookmarks module)."""
    routes = ActionRoutes(host)
    prefix = "/services/data/v<version>/chatter"
    element = "/feed-elements/<item_id>"
    rules = (
        (f"{element}/capabilities/mute", routes.mute, ["GET", "HEAD", "PATCH"]),
        (f"{element}/capabilities/edit/is-editable-by-me", routes.post_editable, ["GET"]),
        ("/comments/<comment_id>/capabilities/edit/is-editable-by-me", routes.comment_editable, ["GET"]),
        (element, routes.edit_post, ["PATCH"]),
        ("/comments/<comment_id>", routes.edit_comment, ["PATCH"]),
    )
    for rule, view, methods in rules:
        app.add_url_rule(prefix + rule, f"actions_{view.__name__}", view, methods=methods)
