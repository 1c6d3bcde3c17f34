"""Turns message-segment input (JSON or plain text) into stored segments, as Chatter does."""

from __future__ import annotations

import re
from typing import Any

from .models import OrgData, Segment

MAX_BODY_CHARS = 10_000
MARKUP_TYPES = frozenset(
    {
        "Bold",
        "Italic",
        "Underline",
        "Strikethrough",
        "Paragraph",
        "UnorderedList",
        "OrderedList",
        "ListItem",
        "Code",
        "Hyperlink",
    }
)
_TOKEN = re.compile(r"(?P<url>https?://[^\s<>\"]+)|(?:(?<=\s)|^)#(?:\[(?P<multi>[^\]]+)\]|(?P<word>\w+))")
_TRAILING = ".,;:!?)]}'"


class InputError(Exception):
    """Bad request input; carries the Connect error code and message."""

    def __init__(self, message: str, error_code: str = "INVALID_API_INPUT", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code
        self.status = status


def from_text(text: str) -> list[Segment]:
    """Plain text with URLs turned into Link and #tags into Hashtag segments."""
    segments: list[Segment] = []
    position = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        url = match.group("url")
        if url:
            stripped = url.rstrip(_TRAILING)
            end = start + len(stripped)
        if start > position:
            segments.append(Segment("Text", text[position:start]))
        if url:
            segments.append(Segment("Link", stripped, stripped))
        elif match.group("multi"):
            tag = match.group("multi").strip()
            segments.append(Segment("Hashtag", f"#[{tag}]", tag))
        else:
            tag = match.group("word")
            segments.append(Segment("Hashtag", "#" + tag, tag))
        position = end
    if position < len(text):
        segments.append(Segment("Text", text[position:]))
    return segments


def from_body(org: OrgData, body: Any) -> list[Segment]:
    """Stored segments from a `{"messageSegments": [...]}` input body."""
    if not isinstance(body, dict) or not isinstance(body.get("messageSegments"), list):
        raise InputError("Missing required input: body.messageSegments")
    segments: list[Segment] = []
    for raw in body["messageSegments"]:
        if not isinstance(raw, dict):
            raise InputError("Each message segment must be an object")
        segments += _one(org, raw)
    check(segments)
    return segments


def check(segments: list[Segment]) -> None:
    """Raise InputError for an empty or too long body."""
    text = plain_text(segments)
    if not text.strip():
        raise InputError("Your post can't be empty.")
    if len(text) > MAX_BODY_CHARS:
        raise InputError(f"Your post can't be longer than {MAX_BODY_CHARS:,} characters.")


def plain_text(segments: list[Segment]) -> str:
    """The text rendition of a body: every segment's text joined."""
    return "".join(segment.text for segment in segments)


def _one(org: OrgData, raw: dict[str, Any]) -> list[Segment]:
    kind = raw.get("type")
    if kind == "Text":
        return from_text(_string(raw, "text"))
    if kind == "Mention":
        user_id = _string(raw, "id")
        person = org.person(user_id)
        group = org.records.get(user_id)
        if group is not None and group.object_type == "CollaborationGroup":
            return [Segment("Mention", "@" + group.name, user_id)]
        if person is None:
            raise InputError(f"Invalid user ID or group ID for mention: {user_id}")
        return [Segment("Mention", "@" + person.user.display_name, user_id)]
    if kind == "Link":
        url = _string(raw, "url")
        if not re.match(r"https?://\S+$", url):
            raise InputError(f"Invalid URL for link segment: {url}")
        return [Segment("Link", url, url)]
    if kind == "Hashtag":
        tag = _string(raw, "tag").strip().lstrip("#")
        return [Segment("Hashtag", f"#[{tag}]" if " " in tag else "#" + tag, tag)]
    if kind == "EntityLink":
        entity_id = _string(raw, "entityId")
        if entity_id in org.records:
            return [Segment("EntityLink", org.records[entity_id].name, entity_id)]
        person = org.person(entity_id)
        if person is None:
            raise InputError(f"Invalid entity ID: {entity_id}")
        return [Segment("EntityLink", person.user.display_name, entity_id)]
    if kind in ("MarkupBegin", "MarkupEnd"):
        markup = _string(raw, "markupType")
        if markup not in MARKUP_TYPES:
            raise InputError(f"Unsupported markupType: {markup}")
        if kind == "MarkupBegin" and markup == "Hyperlink":
            url = _string(raw, "url")
            if not re.match(r"https?://\S+$", url):
                raise InputError(f"Invalid URL for a hyperlink: {url}. Use an http or https URL.")
            alt = raw.get("altText")
            return [Segment(kind, "", url, markup, alt if isinstance(alt, str) and alt else None)]
        return [Segment(kind, "", markup=markup)]
    if kind == "InlineImage":
        file_id = _string(raw, "fileId")
        stored = org.files.get(file_id)
        if stored is None or not stored.mime_type.startswith("image/"):
            raise InputError(f"Invalid file ID for an inline image: {file_id}")
        alt = raw.get("altText")
        # Without alternative text, the file's title stands in for it.
        text = alt if isinstance(alt, str) and alt else stored.title
        return [Segment(kind, text, file_id, alt=text)]
    raise InputError(f"Unsupported message segment type: {kind}")


def _string(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise InputError(f"Missing required input: {key}")
    return value
