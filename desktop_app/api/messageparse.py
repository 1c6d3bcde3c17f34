"""Tolerant parsers for message bodies (an element's body and header, a comment's body) and their segments.

Every segment carries `text`, its plain rendition, so a segment of a type the app does not know still reads
right; nested segments (field changes, `Complex`) are kept to a fixed depth.
"""

from __future__ import annotations

from desktop_app.api.jsonfields import (
    JsonObject,
    as_object,
    field_list,
    field_str,
    field_text,
    field_value,
)
from desktop_app.api.models import MessageSegment, SegmentType

_MAX_SEGMENT_DEPTH = 4
# Preview formats of a File Preview Collection, in the order a feed row prefers them.
_THUMBNAIL_FORMATS = ("Thumbnail", "ThumbnailBig", "ThumbnailTiny")


def display_name(obj: JsonObject, decode: bool) -> str:
    """A person's or record's name: displayName, name, first and last name, or nickname ("" if none)."""
    for key in ("displayName", "name"):
        value = field_text(obj, key, decode)
        if value:
            return value
    parts = [field_text(obj, "firstName", decode), field_text(obj, "lastName", decode)]
    joined = " ".join(part for part in parts if part)
    return joined or field_text(obj, "communityNickname", decode) or ""


def preview_thumbnail(value: object) -> str | None:
    """The URL of the best available thumbnail in a File Preview Collection (`thumbnails` of an image)."""
    previews = [p for p in (as_object(v) for v in field_list(as_object(value), "previews")) if p is not None]
    for wanted in _THUMBNAIL_FORMATS:
        for preview in previews:
            status = field_str(preview, "status")
            if field_str(preview, "format") != wanted or status not in (None, "Available"):
                continue
            for entry in field_list(preview, "previewUrls"):
                url = field_str(as_object(entry), "previewUrl")
                if url:
                    return url
            url = field_str(preview, "url")
            if url:
                return url
    return None


def _segment(obj: JsonObject, decode: bool, depth: int) -> MessageSegment | None:
    kind = field_str(obj, "type")
    text = field_text(obj, "text", decode)
    if kind is None and text is None:
        return None
    kind = kind or SegmentType.TEXT
    reference = as_object(field_value(obj, "reference"))
    person = as_object(field_value(obj, "record")) or as_object(field_value(obj, "user"))
    children: tuple[MessageSegment, ...] = ()
    if depth < _MAX_SEGMENT_DEPTH:
        nested = field_list(obj, "segments") or field_list(obj, "moreChanges")
        children = _segments(nested, decode, depth + 1)
    user_id = None
    if kind == SegmentType.MENTION:
        user_id = field_str(person, "id") or field_str(obj, "id")
    name = field_text(obj, "name", decode)
    if name is None and person is not None:
        name = display_name(person, decode) or None
    thumbnail = None
    if kind == SegmentType.INLINE_IMAGE:
        thumbnail = preview_thumbnail(field_value(obj, "thumbnails"))
    return MessageSegment(
        type=kind,
        text=text if text is not None else "".join(child.text for child in children),
        url=field_str(obj, "url") or field_str(reference, "url") or field_str(person, "url"),
        user_id=user_id,
        name=name,
        tag=field_text(obj, "tag", decode),
        markup_type=field_str(obj, "markupType"),
        html_tag=field_str(obj, "htmlTag"),
        reference_id=field_str(reference, "id"),
        alt_text=field_text(obj, "altText", decode),
        value_type=field_str(obj, "valueType"),
        children=children,
        thumbnail_url=thumbnail,
    )


def _segments(values: list[object], decode: bool, depth: int = 0) -> tuple[MessageSegment, ...]:
    out: list[MessageSegment] = []
    for value in values:
        obj = as_object(value)
        segment = _segment(obj, decode, depth) if obj is not None else None
        if segment is not None:
            out.append(segment)
    return tuple(out)


def parse_segments(value: object, *, decode_entities: bool = False) -> tuple[MessageSegment, ...]:
    """Message segments from a list; elements that are not segments are skipped."""
    return _segments(value if isinstance(value, list) else [], decode_entities)


def parse_message(value: object, decode: bool) -> tuple[str, tuple[MessageSegment, ...]]:
    """(text, segments) of a message body or header; text falls back to the joined segments."""
    obj = as_object(value)
    segments = _segments(field_list(obj, "messageSegments"), decode)
    text = field_text(obj, "text", decode)
    if text is None:
        text = "".join(segment.text for segment in segments)
    return text, segments
