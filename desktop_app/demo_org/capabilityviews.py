"""Feed element capabilities as resources of their own: read one, vote in a poll, page through a bundle.

Every `/capabilities/{name}` resource answers 404 for an element without that capability, as the Connect
REST API documents. The poll resource takes GET and PATCH only (the reference lists no POST).
"""

from __future__ import annotations

from flask import Flask, Response, request

from . import elements, kinds, paging
from .feed import FeedStore
from .guarded import HostRoutes, guarded, json_input, not_found
from .host import Host, reply
from .models import DemoUser, FeedItem
from .segments import InputError
from .view import View

# Resource names of the capabilities served, and the property each one is in a feed element.
CAPABILITIES = {
    "bundle": "bundle",
    "enhanced-link": "enhancedLink",
    "files": "files",
    "link": "link",
    "poll": "poll",
    "question-and-answers": "questionAndAnswers",
    "record-snapshot": "recordSnapshot",
    "tracked-changes": "trackedChanges",
}


class CapabilityRoutes(HostRoutes):
    """The capability views of one instance host."""

    @staticmethod
    def _item(store: FeedStore, item_id: str, kind: str | None = None) -> FeedItem:
        item = store.item(item_id)
        if item is None or (kind is not None and kind not in (item.kind, item.element_type)):
            raise not_found()
        return item

    @guarded
    def capability(self, user: DemoUser, view: View, store: FeedStore, item_id: str, name: str) -> Response:
        """GET /chatter/feed-elements/{id}/capabilities/{name}: one capability of an element."""
        key = CAPABILITIES.get(name)
        if key is None:
            raise not_found()
        value = elements.feed_element(self._item(store, item_id), view)["capabilities"].get(key)
        if value is None:
            raise not_found()
        return reply(value)

    @guarded
    def poll(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET or PATCH /chatter/feed-elements/{id}/capabilities/poll: read the poll, or vote (again)."""
        item = self._item(store, item_id, kinds.POLL)
        if request.method == "PATCH":
            payload = json_input()
            fields = payload if isinstance(payload, dict) else request.values
            choice = fields.get("myChoiceId")
            if not isinstance(choice, str) or not choice:
                raise InputError("Missing required input: myChoiceId")
            if choice not in (choice_id for choice_id, _ in item.extra["choices"]):
                raise InputError(
                    f"Invalid poll choice ID: {choice}. Use the id of one of this poll's choices."
                )
            store.vote(item, user.user_id, choice)
        return reply(kinds.poll(item, view))

    @guarded
    def bundle_elements(self, user: DemoUser, view: View, store: FeedStore, item_id: str) -> Response:
        """GET /chatter/feed-elements/{id}/capabilities/bundle/elements: a Feed Element Page of a bundle."""
        item = self._item(store, item_id, kinds.BUNDLE)
        size = paging.page_size(request.args.get("pageSize"))
        page = request.args.get("page")
        return reply(elements.bundle_page(item, view, size, page, keep_size="pageSize" in request.args))


def register_capabilities(app: Flask, host: Host) -> None:
    """Add the capability routes under /services/data/vXX.X/chatter/feed-elements/{id}/capabilities."""
    routes = CapabilityRoutes(host)
    prefix = "/services/data/v<version>/chatter/feed-elements/<item_id>/capabilities"
    rules = (
        ("/poll", routes.poll, ["GET", "PATCH"]),
        ("/bundle/elements", routes.bundle_elements, ["GET"]),
        ("/<name>", routes.capability, ["GET"]),
    )
    for rule, view, methods in rules:
        app.add_url_rule(prefix + rule, f"capability_{view.__name__}", view, methods=methods)
