"""Feed elements and comments shaped as Salesforce sends them (Connect REST API, Feed Item and Comment)."""

from __future__ import annotations

from typing import Any

ME = "005B0000001xyzAIAQ"
ME_15 = ME[:15]
ANN = "005B0000002annAIAQ"
BOB = "005B0000003bobAIAQ"
NAMES = {ME: "Pat Me", ANN: "Ann Lee", BOB: "Bob Ray"}


def user(user_id: str) -> dict[str, Any]:
    """An actor or comment author (User Summary)."""
    return {
        "type": "User",
        "id": user_id,
        "displayName": NAMES.get(user_id, "Someone"),
        "name": NAMES.get(user_id, "Someone"),
        "photo": {"smallPhotoUrl": None},
        "url": f"/services/data/v61.0/chatter/users/{user_id}",
        "isActive": True,
        "extraFieldFromANewerRelease": {"x": 1},
    }


def text(value: str) -> dict[str, Any]:
    """A Text message segment."""
    return {"type": "Text", "text": value}


def mention(user_id: str) -> dict[str, Any]:
    """A Mention message segment naming a user."""
    name = NAMES.get(user_id, "Someone")
    return {
        "type": "Mention",
        "text": f"@{name}",
        "name": name,
        "accessible": True,
        "record": user(user_id),
    }


def comment(comment_id: str, author: str, *segments: dict[str, Any]) -> dict[str, Any]:
    """A Comment."""
    return {
        "id": comment_id,
        "type": "TextComment",
        "user": user(author),
        "body": {"text": "".join(s["text"] for s in segments), "messageSegments": list(segments)},
        "createdDate": "2026-12-03T10:00:00.000Z",
        "feedElement": {"id": "0D5B000000elem", "url": None},
        "capabilities": None,
    }


def element(
    element_id: str,
    actor: str,
    *segments: dict[str, Any],
    parent: str | None = None,
    modified: str = "2026-12-03T10:00:00.000Z",
    comments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A Feed Item (feedElementType FeedItem) with its comments capability."""
    items = comments or []
    return {
        "id": element_id,
        "feedElementType": "FeedItem",
        "type": "TextPost",
        "actor": user(actor),
        "parent": user(parent or actor),
        "body": {"text": "".join(s["text"] for s in segments), "messageSegments": list(segments)},
        "header": {"text": None, "messageSegments": []},
        "createdDate": "2026-12-03T09:00:00.000Z",
        "modifiedDate": modified,
        "capabilities": {
            "comments": {"page": {"items": items, "total": len(items), "nextPageUrl": None}},
            "chatterLikes": {
                "page": {"items": [], "total": 0},
                "isLikedByCurrentUser": False,
                "myLike": None,
            },
        },
        "unknownProperty": None,
    }


def page(*elements: dict[str, Any], updates_url: str | None = None) -> dict[str, Any]:
    """A Feed Element Page."""
    return {
        "elements": list(elements),
        "currentPageUrl": "/services/data/v61.0/chatter/feeds/to/me/feed-elements",
        "nextPageUrl": None,
        "updatesToken": None,
        "updatesUrl": updates_url,
    }
