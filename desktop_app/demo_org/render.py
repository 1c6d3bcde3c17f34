"""JSON builders for message segments, feed items, comments and likes; Chatter's HTML entity encoding."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from . import files, flags, people
from .models import Comment, FeedItem, Like, Segment
from .view import View, iso, relative

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "&#92;"})
_HTML_TAGS = {
    "Bold": "b",
    "Italic": "i",
    "Underline": "u",
    "Strikethrough": "s",
    "Paragraph": "p",
    "UnorderedList": "ul",
    "OrderedList": "ol",
    "ListItem": "li",
    "Code": "code",
    "Hyperlink": "a",
}
_BLOCKS = ("Paragraph", "ListItem", "Code")
COMMENTS_SHOWN = 3
LIKES_SHOWN = 3


def entity_encode(value: Any, key: str = "") -> Any:
    """Chatter's default minimal HTML entity encoding of every string except ids, URLs and tokens."""
    if isinstance(value, str):
        # URLs are never entity encoded, whatever their property is called (renditionUrl240By180, ...).
        if key in ("id", "url") or key.endswith(("Id", "Token")) or "Url" in key:
            return value
        return value.translate(_ESCAPES)
    if isinstance(value, dict):
        return {name: entity_encode(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [entity_encode(item, key) for item in value]
    return value


def segment(seg: Segment, view: View) -> dict[str, Any]:
    """One output message segment."""
    out: dict[str, Any] = {"type": seg.kind, "text": seg.text}
    target = seg.target or ""
    if seg.kind == "Mention":
        person = view.org.person(target)
        group = target in view.org.records
        out.update(
            accessible=person is not None or group,
            name=seg.text.lstrip("@"),
            record=view.user(target) if person else view.record(target) if group else None,
        )
    elif seg.kind == "Link":
        out["url"] = target
    elif seg.kind == "Hashtag":
        out.update(
            tag=target,
            topicUrl=view.api(f"/connect/topics?exactMatch=true&q={quote('#' + target)}"),
            url=view.api(f"/chatter/feed-items?q={quote('#' + target)}"),
        )
    elif seg.kind == "EntityLink":
        out.update(motif=view.motif(target), reference={"id": target, "url": view.reference_url(target)})
    elif seg.kind in ("MarkupBegin", "MarkupEnd"):
        out.update(htmlTag=_HTML_TAGS.get(seg.markup or "", "span"), markupType=seg.markup)
        if seg.kind == "MarkupBegin" and seg.markup == "Hyperlink":
            out.update(url=target, altText=seg.alt)
    elif seg.kind == "InlineImage":
        out["altText"] = seg.alt
        stored = view.org.files.get(target)
        if stored is not None:
            out.update(files.inline_image(stored, view))
    return out


def body(segments: list[Segment], view: View) -> dict[str, Any]:
    """A message body: rich-text flag, plain text and segments (text null when there are none)."""
    text = "".join(
        seg.text + ("\n" if seg.kind == "MarkupEnd" and seg.markup in _BLOCKS else "") for seg in segments
    )
    return {
        "isRichText": any(seg.kind.startswith("Markup") for seg in segments),
        "messageSegments": [segment(seg, view) for seg in segments],
        "text": text.strip("\n") if segments else None,
    }


def message(segments: list[Segment], view: View) -> dict[str, Any]:
    """A header or other plain message: its segments and their text, with no rich-text flag."""
    return {
        "isRichText": None,
        "messageSegments": [segment(seg, view) for seg in segments],
        "text": "".join(seg.text for seg in segments),
    }


def header(item: FeedItem, view: View) -> dict[str, Any]:
    """The header of a post: its author, and where it was posted when that is not their own profile."""
    actor = view.org.people[item.actor_id].user.display_name
    segments = [Segment("EntityLink", actor, item.actor_id)]
    if item.parent_id != item.actor_id:
        parent = (
            view.org.people[item.parent_id].user.display_name
            if item.parent_id in view.org.people
            else (view.org.records[item.parent_id].name)
        )
        segments += [
            Segment("Text", " to " if item.parent_id in view.org.people else " — "),
            Segment("EntityLink", parent, item.parent_id),
        ]
    return message(segments, view)


def parent(item: FeedItem, view: View) -> dict[str, Any]:
    """The user or record an element was posted to."""
    if item.parent_id in view.org.people:
        return view.user(item.parent_id)
    return view.record(item.parent_id)


def page(
    items: list[dict[str, Any]],
    total: int,
    current_url: str,
    *,
    current_token: str | None = None,
    next_token: str | None = None,
    next_url: str | None = None,
) -> dict[str, Any]:
    """A Comment Page or Like Page."""
    return {
        "currentPageToken": current_token,
        "currentPageUrl": current_url,
        "items": items,
        "nextPageToken": next_token,
        "nextPageUrl": next_url,
        "previousPageToken": None,
        "previousPageUrl": None,
        "total": total,
    }


def _likes_message(likes: list[Like], view: View) -> dict[str, Any] | None:
    if not likes:
        return None
    names = [
        "You" if like.user_id == view.viewer_id else view.org.people[like.user_id].user.display_name
        for like in sorted(likes, key=lambda like: like.user_id != view.viewer_id)
    ]
    verb = "like" if names[0] == "You" or len(names) > 1 else "likes"
    if len(names) <= 2:
        text = f"{' and '.join(names)} {verb} this."
    else:
        text = f"{names[0]} and {len(names) - 1} others like this."
    return {"isRichText": None, "messageSegments": [{"type": "Text", "text": text}], "text": text}


def _my_like(likes: list[Like], view: View) -> dict[str, Any] | None:
    mine = next((like for like in likes if like.user_id == view.viewer_id), None)
    return {"id": mine.like_id, "url": view.api(f"/chatter/likes/{mine.like_id}")} if mine else None


def like(item: Like, view: View) -> dict[str, Any]:
    """A Like."""
    return {
        "id": item.like_id,
        "likedItem": {"id": item.item_id, "url": view.api(f"/chatter/feed-elements/{item.item_id}")},
        "url": view.api(f"/chatter/likes/{item.like_id}"),
        "user": view.user(item.user_id),
    }


def comment(item: Comment, view: View, *, answer: bool = False) -> dict[str, Any]:
    """A Comment; an `answer` (a comment on a question) can be voted up or down."""
    url = view.api(f"/chatter/comments/{item.comment_id}")
    mine = item.user_id == view.viewer_id
    element = {"id": item.item_id, "url": view.api(f"/chatter/feed-elements/{item.item_id}")}
    capabilities: dict[str, Any] = {
        "edit": {
            "isEditRestricted": not mine,
            "isEditableByMeUrl": f"{url}/capabilities/edit/is-editable-by-me",
            "lastEditedBy": None,
            "lastEditedDate": None,
            "latestRevision": 1,
            "relativeLastEditedDate": None,
        },
        "upDownVote": {"downVoteCount": 0, "myVote": "None", "upVoteCount": 0} if answer else None,
        "verified": {"isVerified": False},
    }
    stored = view.org.files.get(item.file_id) if item.file_id else None
    if stored is not None:
        capabilities["content"] = files.content(stored, view)
    return {
        "attachment": None,
        "body": body(item.segments, view),
        "capabilities": capabilities,
        "clientInfo": {"applicationName": item.app_name, "applicationUrl": None} if item.app_name else None,
        "createdDate": iso(item.created),
        "feedElement": element,
        "id": item.comment_id,
        "isDeleteRestricted": not mine,
        "likes": page([], 0, f"{url}/likes"),
        "likesMessage": None,
        "moderationFlags": None,
        "myLike": None,
        "parent": element,
        "relativeCreatedDate": relative(item.created, view.now),
        "threadLevel": 1,
        "threadParentId": None,
        "type": "TextComment",
        "url": url,
        "user": view.user(item.user_id),
    }


def feed_item(item: FeedItem, view: View) -> dict[str, Any]:
    """A Feed Item with what every kind has: a post's header, and no capabilities of a kind's own.

    elements.feed_element() gives each kind its header and capabilities on top of this.
    """
    url = view.api(f"/chatter/feed-elements/{item.item_id}")
    mine = item.actor_id == view.viewer_id
    comments_url = f"{url}/capabilities/comments/items"
    shown = item.comments[-COMMENTS_SHOWN:]
    likes_url = f"{url}/capabilities/chatter-likes/items"
    tags = list(dict.fromkeys(seg.target for seg in item.segments if seg.kind == "Hashtag" and seg.target))
    actor = view.org.people[item.actor_id]
    return {
        "actor": view.user(item.actor_id),
        "body": body(item.segments, view),
        "canShare": True,
        "capabilities": {
            "associatedActions": {"platformActionGroups": []},
            # Set per viewer from the bookmarks table (bookmarks.mark) wherever elements are served.
            "bookmarks": {"isBookmarkedByCurrentUser": False},
            "chatterLikes": {
                "isLikedByCurrentUser": any(like.user_id == view.viewer_id for like in item.likes),
                "likesMessage": _likes_message(item.likes, view),
                "myLike": _my_like(item.likes, view),
                "page": page(
                    [like(entry, view) for entry in item.likes[:LIKES_SHOWN]],
                    len(item.likes),
                    likes_url,
                    next_url=likes_url if len(item.likes) > LIKES_SHOWN else None,
                ),
            },
            "close": {"canChangeStatus": False, "isClosed": False},
            "comments": {
                "page": page(
                    [comment(entry, view, answer=item.kind == "QuestionPost") for entry in shown],
                    len(item.comments),
                    comments_url,
                    next_url=comments_url if len(item.comments) > len(shown) else None,
                )
            },
            "edit": {
                "isEditRestricted": not mine,
                "isEditableByMeUrl": f"{url}/capabilities/edit/is-editable-by-me",
                "lastEditedBy": view.user(item.actor_id) if flags.edited(item) else None,
                "lastEditedDate": flags.edited(item),
                "latestRevision": 2 if flags.edited(item) else 1,
                "relativeLastEditedDate": None,
            },
            "interactions": {"count": len(item.comments) + len(item.likes)},
            "mute": {"isMutedByMe": flags.flagged(item, flags.MUTED_BY, view.viewer_id)},
            "readBy": {
                "isReadByMe": True,
                "lastReadDateByMe": None,
                "page": {**page([], 0, ""), "currentPageToken": 0, "currentPageUrl": None},
            },
            "status": {},
            "topics": {
                "canAssignTopics": True,
                "items": [{"id": None, "name": tag, "url": None} for tag in tags],
            },
            "upDownVote": {},
        },
        "clientInfo": {"applicationName": item.app_name, "applicationUrl": None} if item.app_name else None,
        "createdDate": iso(item.created),
        "event": False,
        "feedElementType": item.element_type,
        "hasVerifiedComment": False,
        "header": header(item, view),
        "id": item.item_id,
        "isDeleteRestricted": not mine,
        "isSharable": False,
        "modifiedDate": iso(item.modified),
        "originalFeedItem": None,
        "originalFeedItemActor": None,
        "parent": parent(item, view),
        "photoUrl": people.photo(actor, view.org.info.instance_url, view.version)["smallPhotoUrl"],
        "relativeCreatedDate": relative(item.created, view.now),
        "type": item.kind,
        "url": url,
        "visibility": "InternalUsers",
    }
