"""Feed elements of every kind as the news feed and GET /chatter/feed-elements/{id} return them.

A Feed Item (feedElementType FeedItem) has the full Feed Item shape with its kind's capabilities; a bundle
of tracked changes and any other element type are Generic Feed Elements, which have only the properties
the reference gives that type (no actor on a bundle, for one).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from . import kinds, render, rows
from .models import FeedItem
from .paging import cursor_token, parse_cursor
from .view import View, iso, relative

ELEMENTS_PER_BUNDLE = 3
# The properties of a Generic Feed Element (bundles and element types the API adds over time).
_GENERIC = (
    "actor",
    "body",
    "capabilities",
    "createdDate",
    "feedElementType",
    "header",
    "id",
    "modifiedDate",
    "parent",
    "relativeCreatedDate",
    "url",
)


def feed_element(item: FeedItem, view: View) -> dict[str, Any]:
    """Any feed element as JSON."""
    if item.element_type == kinds.BUNDLE:
        return bundle(item, view)
    out = render.feed_item(item, view)
    out["header"] = kinds.header(item, view)
    out["capabilities"].update(kinds.capabilities(item, view))
    if item.kind in kinds.SYSTEM_KINDS:
        out["isDeleteRestricted"] = True
        out["capabilities"]["edit"]["isEditRestricted"] = True
    if item.element_type != "FeedItem":
        return {key: out[key] for key in _GENERIC}
    return out


def bundled_elements(item: FeedItem) -> list[FeedItem]:
    """The tracked changes a bundle holds, newest first, each a feed item of its own."""
    elements = [
        FeedItem(
            item_id=element_id,
            actor_id=item.actor_id,
            created=rows.from_ms(created_ms),
            modified=rows.from_ms(created_ms),
            segments=[],
            parent_id=item.parent_id,
            kind=kinds.TRACKED_CHANGE,
            extra={"record": item.extra["record"], "changes": [[field, old, new]], "bundled": True},
        )
        for field, old, new, element_id, created_ms in item.extra["changes"]
    ]
    return sorted(elements, key=lambda element: (element.created, element.item_id), reverse=True)


def bundle_page(
    item: FeedItem, view: View, size: int, page: str | None, *, keep_size: bool = False
) -> dict[str, Any]:
    """A Feed Element Page of a bundle's elements, `size` at a time after the `page` token.

    With `keep_size` the page URLs carry pageSize, as when the client asked for a size of its own.
    """
    elements = bundled_elements(item)
    if page is not None:
        moment, element_id = parse_cursor(page)
        elements = [
            element for element in elements if (element.created, element.item_id) < (moment, element_id)
        ]
    shown = elements[:size]
    base = view.api(f"/chatter/feed-elements/{item.item_id}/capabilities/bundle/elements")
    next_token = cursor_token(shown[-1].created, shown[-1].item_id) if len(elements) > size else None
    keep = {"pageSize": str(size)} if keep_size else {}

    def url(token: str | None) -> str:
        params = {**keep, **({"page": token} if token else {})}
        return f"{base}?{urlencode(params)}" if params else base

    return {
        "currentPageToken": page,
        "currentPageUrl": url(page),
        "elements": [feed_element(element, view) for element in shown],
        "isModifiedToken": None,
        "isModifiedUrl": None,
        "nextPageToken": next_token,
        "nextPageUrl": url(next_token) if next_token else None,
        "updatesToken": None,
        "updatesUrl": None,
    }


def bundle(item: FeedItem, view: View) -> dict[str, Any]:
    """A bundle of tracked changes on one record: a Generic Feed Element with the Bundle capability."""
    changes = item.extra["changes"]
    return {
        "body": {"isRichText": False, "messageSegments": [], "text": None},
        "capabilities": {
            "bundle": {
                "bundleType": "TrackedChanges",
                "changes": kinds.changes(changes),
                "page": bundle_page(item, view, ELEMENTS_PER_BUNDLE, None),
                "totalElements": len(changes),
            }
        },
        "createdDate": iso(item.created),
        "feedElementType": kinds.BUNDLE,
        "header": kinds.header(item, view),
        "id": item.item_id,
        "modifiedDate": iso(item.modified),
        "parent": view.record(item.parent_id),
        "relativeCreatedDate": relative(item.created, view.now),
        "url": view.api(f"/chatter/feed-elements/{item.item_id}"),
    }
