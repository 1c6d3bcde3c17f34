"""Operations on a feed element or comment beyond likes: bookmark, mute, edit, delete a comment, edit checks.

Each is a hashable frozen value run on a worker (see ``operations``). Message bodies travel as frozen
segment inputs (``Segments``) so an operation stays hashable; ``segments_input`` turns them back into JSON.

Requests, as the Connect REST API documents them:
    PATCH /chatter/feed-elements/{id}/capabilities/bookmarks  {"isBookmarkedByCurrentUser": bool}
    PATCH /chatter/feed-elements/{id}/capabilities/mute       {"isMutedByMe": bool}
    GET   {isEditableByMeUrl}                                 -> {"isEditableByMe": bool}
    PATCH /chatter/feed-elements/{id}                         {"body": {"messageSegments": [...]}}
    PATCH /chatter/comments/{id}                              {"body": {"messageSegments": [...]}}
    DELETE /chatter/comments/{id}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

import msgspec

from desktop_app.api.jsoncall import json_answer
from desktop_app.api.jsonfields import field_bool, require_object
from desktop_app.api.parse import parse_comment, parse_feed_item

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient
    from desktop_app.api.models import Comment, FeedItem, MessageSegment

Segments = tuple[tuple[tuple[str, str], ...], ...]
"""Message segment inputs, each as its sorted (key, value) pairs: hashable, and JSON again on demand."""


def freeze_segments(segments: Iterable[Mapping[str, str]]) -> Segments:
    """Segment inputs (``{"type": "Text", "text": ...}``) as the hashable form operations keep."""
    return tuple(tuple(sorted(segment.items())) for segment in segments)


def segments_input(segments: Segments) -> list[dict[str, str]]:
    """The JSON list of message segment inputs for a body."""
    return [dict(pairs) for pairs in segments]


HYPERLINK_SINCE = 45.0
"""The first API version whose MarkupBegin takes a Hyperlink (url, altText)."""


def segments_for(client: ConnectClient, segments: Segments) -> Segments:
    """The segments as the client's org takes them: Hyperlink markup only from API 45.0 on."""
    if float(client.ensure_api_version()) < HYPERLINK_SINCE:
        return without_hyperlinks(segments)
    return segments


def without_hyperlinks(segments: Segments) -> Segments:
    """For orgs on versions before 45.0: each hyperlink becomes its words followed by a plain Link."""
    out: list[dict[str, str]] = []
    url = ""
    for segment in segments_input(segments):
        if segment.get("markupType") == "Hyperlink":
            if segment["type"] == "MarkupBegin":
                url = segment.get("url", "")
            elif url:
                out += [
                    {"type": "Text", "text": " ("},
                    {"type": "Link", "url": url},
                    {"type": "Text", "text": ")"},
                ]
                url = ""
            continue
        out.append(segment)
    return freeze_segments(out)


def mentions_in(segments: Iterable[MessageSegment]) -> dict[str, str]:
    """Display names (without the @) and user ids of the mentions in a message: editing keeps them."""
    out: dict[str, str] = {}
    for segment in segments:
        if segment.type == "Mention" and segment.user_id:
            name = segment.name or segment.text.removeprefix("@")
            if name.strip():
                out[name.strip()] = segment.user_id
    return out


def _segment(value: str, what: str) -> str:
    if not value or not value.strip():
        raise ValueError(f"{what} is empty")
    return quote(value.strip(), safe="")


def _flag(client: ConnectClient, element_id: str, capability: str, key: str, value: bool) -> bool:
    element = _segment(element_id, "feed element id")
    url = client.data_url(f"/chatter/feed-elements/{element}/capabilities/{capability}")
    answer = require_object(
        json_answer(client, "PATCH", url, json={key: value}), f"a {capability} capability"
    )
    stated = field_bool(answer, key)
    # An answer without the flag still means the PATCH was accepted: it is what was asked for.
    return value if stated is None else stated


class SetBookmark(msgspec.Struct, frozen=True):
    """Bookmark a feed element, or take the bookmark away."""

    feed_element_id: str
    bookmarked: bool

    def run(self, client: ConnectClient) -> bool:
        """Whether the element is bookmarked by the person now."""
        return _flag(client, self.feed_element_id, "bookmarks", "isBookmarkedByCurrentUser", self.bookmarked)


class SetMute(msgspec.Struct, frozen=True):
    """Mute a feed element (it leaves feeds that respect mutes), or unmute it."""

    feed_element_id: str
    muted: bool

    def run(self, client: ConnectClient) -> bool:
        """Whether the element is muted by the person now."""
        return _flag(client, self.feed_element_id, "mute", "isMutedByMe", self.muted)


class CanEdit(msgspec.Struct, frozen=True):
    """Whether the person may edit a post or comment now (its ``isEditableByMeUrl``)."""

    check_url: str

    def run(self, client: ConnectClient) -> bool:
        """The org's answer; False when it does not say yes."""
        answer = require_object(json_answer(client, "GET", client.resolve(self.check_url)), "an edit check")
        return field_bool(answer, "isEditableByMe") is True


class EditPost(msgspec.Struct, frozen=True):
    """Replace a post's body (Salesforce keeps the post's other capabilities)."""

    feed_element_id: str
    segments: Segments

    def run(self, client: ConnectClient) -> FeedItem:
        """The post as the org stored it."""
        element = _segment(self.feed_element_id, "feed element id")
        url = client.data_url(f"/chatter/feed-elements/{element}")
        body = {"body": {"messageSegments": segments_input(segments_for(client, self.segments))}}
        answer = json_answer(client, "PATCH", url, json=body)
        return parse_feed_item(answer, decode_entities=client.decode_entities)


class EditComment(msgspec.Struct, frozen=True):
    """Replace a comment's body."""

    comment_id: str
    segments: Segments

    def run(self, client: ConnectClient) -> Comment:
        """The comment as the org stored it."""
        url = client.data_url(f"/chatter/comments/{_segment(self.comment_id, 'comment id')}")
        body = {"body": {"messageSegments": segments_input(segments_for(client, self.segments))}}
        answer = json_answer(client, "PATCH", url, json=body)
        return parse_comment(answer, decode_entities=client.decode_entities)


class DeleteComment(msgspec.Struct, frozen=True):
    """Delete a comment the person may delete."""

    comment_id: str

    def run(self, client: ConnectClient) -> None:
        """Nothing: the comment is gone."""
        url = client.data_url(f"/chatter/comments/{_segment(self.comment_id, 'comment id')}")
        client.request("DELETE", url).close()
