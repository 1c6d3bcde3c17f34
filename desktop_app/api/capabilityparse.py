"""Tolerant parsers from a feed element's `capabilities` object to ElementCapabilities.

Like the other parsers, every field is read with a type check and nothing raises on odd JSON. Lists are
capped, since a page of 100 elements each carrying hundreds of entries would only slow the feed down. A
kind of content the app does not draw is named in the result and logged once per run, by name only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.capabilities import (
    SHOWN_CAPABILITIES,
    STATE_CAPABILITIES,
    Bundle,
    ElementCapabilities,
    FileAttachment,
    LinkCard,
    Poll,
    PollChoice,
    Question,
    RecordField,
    RecordSnapshot,
    TrackedChange,
)
from desktop_app.api.jsonfields import (
    JsonObject,
    as_object,
    decode_entities,
    field_bool,
    field_int,
    field_list,
    field_str,
    field_text,
    field_value,
)
from desktop_app.api.messageparse import display_name

if TYPE_CHECKING:
    from desktop_app.api.models import Comment, FeedItem, UserSummary

log = logging.getLogger("connect.api")

MAX_FILES = 50
MAX_CHANGES = 100
MAX_RECORD_FIELDS = 40
MAX_BUNDLED = 25
_MAX_UNSUPPORTED = 10
_MAX_NAME = 64
_MAX_REPORTED = 200
_GOOD_RENDITION = (None, "Success")

_reported: set[str] = set()
_reported_lock = threading.Lock()


class Nested(msgspec.Struct, frozen=True):
    """Parsers for records that capabilities hold but other modules read: comments, users, feed elements.

    `element` is None when bundles are already nested as deep as the app follows them.
    """

    comment: Callable[[object], Comment | None]
    user: Callable[[object], UserSummary | None]
    element: Callable[[object], FeedItem | None] | None


def report_unsupported(names: Iterable[str]) -> None:
    """Log each kind of content the app does not draw, once per run."""
    with _reported_lock:
        new = [name for name in names if name not in _reported and len(_reported) < _MAX_REPORTED]
        _reported.update(new)
    for name in new:
        log.info("Feed content the app does not draw (offered in Salesforce instead): %r", name)


def _short(name: str) -> str:
    return name[:_MAX_NAME]


def _has_data(value: object) -> bool:
    """True when a capability carries something (an empty object only says a feature is available)."""
    if isinstance(value, dict):
        return any(_has_data(child) for child in value.values())
    if isinstance(value, list | str):
        return bool(value)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _count(obj: JsonObject | None, key: str) -> int | None:
    """A count sent as a number or, as the REST reference documents some, as a string of digits."""
    number = field_int(obj, key)
    if number is None:
        text = field_str(obj, key)
        number = int(text) if text is not None and text.isascii() and text.isdigit() else None
    return number if number is not None and number >= 0 else None


def _scalar_text(value: object, decode: bool) -> str | None:
    """A tracked value as text: field values are of any type (anyType), so numbers and booleans count too."""
    if isinstance(value, str):
        return decode_entities(value) if decode else value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int | float) else None


def parse_changes(values: list[object], decode: bool) -> tuple[TrackedChange, ...]:
    """Tracked changes (`fieldName`, `oldValue`, `newValue`); entries without a field name are skipped."""
    out: list[TrackedChange] = []
    for value in values[:MAX_CHANGES]:
        obj = as_object(value)
        name = field_text(obj, "fieldName", decode)
        if obj is None or not name:
            continue
        old = _scalar_text(field_value(obj, "oldValue"), decode)
        new = _scalar_text(field_value(obj, "newValue"), decode)
        out.append(TrackedChange(field_name=name, old_value=old, new_value=new))
    return tuple(out)


def parse_poll(value: object, decode: bool) -> Poll | None:
    """A Poll from a Poll Capability, choices ordered by position; None when it is not an object."""
    obj = as_object(value)
    if obj is None:
        return None
    choices: list[PollChoice] = []
    for index, entry in enumerate(field_list(obj, "choices")):
        choice = as_object(entry)
        ident = field_str(choice, "id")
        if choice is None or ident is None:
            continue
        choices.append(
            PollChoice(
                id=ident,
                text=field_text(choice, "text", decode) or "",
                position=field_int(choice, "position") or index + 1,
                vote_count=_count(choice, "voteCount") or 0,
            )
        )
    choices.sort(key=lambda choice: choice.position)
    total = _count(obj, "totalVoteCount")
    return Poll(
        choices=tuple(choices),
        my_choice_id=field_str(obj, "myChoiceId"),
        total_votes=total if total is not None else sum(choice.vote_count for choice in choices),
    )


def _question(value: object, decode: bool, nested: Nested) -> Question | None:
    obj = as_object(value)
    if obj is None:
        return None
    return Question(
        title=field_text(obj, "questionTitle", decode) or "",
        best_answer=nested.comment(field_value(obj, "bestAnswer")),
        best_answer_selected_by=nested.user(field_value(obj, "bestAnswerSelectedBy")),
        can_select_best_answer=field_bool(obj, "canCurrentUserSelectOrRemoveBestAnswer") is True,
    )


def _rendition(obj: JsonObject, key: str, status_key: str) -> str | None:
    return field_str(obj, key) if field_str(obj, status_key) in _GOOD_RENDITION else None


def parse_file(value: object, decode: bool) -> FileAttachment | None:
    """A FileAttachment from a Content or File Summary object; None when it is not an object."""
    obj = as_object(value)
    if obj is None:
        return None
    ident = field_str(obj, "id")
    title = field_text(obj, "title", decode) or field_text(obj, "name", decode) or ""
    download = field_str(obj, "downloadUrl")
    size = _count(obj, "fileSize")
    return FileAttachment(
        title=title,
        id=ident,
        version_id=field_str(obj, "versionId"),
        file_type=field_str(obj, "fileType"),
        file_extension=field_str(obj, "fileExtension"),
        mime_type=field_str(obj, "mimeType"),
        size_bytes=size if size is not None else _count(obj, "contentSize"),
        download_url=download,
        thumbnail_url=_rendition(obj, "renditionUrl240By180", "thumb240By180RenditionStatus")
        or _rendition(obj, "renditionUrl", "thumb120By90RenditionStatus"),
        preview_url=_rendition(obj, "renditionUrl720By480", "thumb720By480RenditionStatus"),
        available=bool(ident or title or download),
    )


def parse_files(capabilities: JsonObject | None, decode: bool) -> tuple[FileAttachment, ...]:
    """Files of `files.items` (posts, version 36.0 on) and `content` (comments, and posts before 36.0)."""
    entries = field_list(as_object(field_value(capabilities, "files")), "items")[:MAX_FILES]
    entries.append(field_value(capabilities, "content"))
    out: list[FileAttachment] = []
    seen: set[str] = set()
    for entry in entries:
        attachment = parse_file(entry, decode)
        if attachment is None or (attachment.id is not None and attachment.id in seen):
            continue
        if attachment.id is not None:
            seen.add(attachment.id)
        out.append(attachment)
    return tuple(out)


def _link(value: object, decode: bool) -> LinkCard | None:
    obj = as_object(value)
    url = field_str(obj, "url")
    name = field_text(obj, "urlName", decode)
    if obj is None or (url is None and not name):
        return None
    return LinkCard(url=url, title=name or None)


def _enhanced_link(value: object, decode: bool) -> LinkCard | None:
    obj = as_object(value)
    card = LinkCard(
        url=field_str(obj, "linkUrl"),
        title=field_text(obj, "title", decode) or None,
        description=field_text(obj, "description", decode) or None,
        icon_url=field_str(as_object(field_value(obj, "icon")), "url"),
        record_id=field_str(obj, "linkRecordId"),
        enhanced=True,
    )
    return None if obj is None or card == LinkCard(url=None, enhanced=True) else card


def _record_fields(values: list[object], decode: bool, out: list[RecordField]) -> None:
    for value in values:
        if len(out) >= MAX_RECORD_FIELDS:
            return
        field = as_object(value)
        label = field_text(field, "label", decode)
        text = field_text(field, "text", decode)
        if label and text:
            out.append(RecordField(label=label, text=text))


def _record(capabilities: JsonObject, decode: bool) -> RecordSnapshot | None:
    view = as_object(field_value(as_object(field_value(capabilities, "recordSnapshot")), "recordView"))
    if view is not None:
        fields: list[RecordField] = []
        for section in field_list(view, "sections"):
            _record_fields(field_list(as_object(section), "fields"), decode, fields)
        return RecordSnapshot(
            record_id=field_str(view, "id"),
            name=display_name(view, decode) or None,
            type=field_str(view, "type"),
            url=field_str(view, "url"),
            fields=tuple(fields),
        )
    record = as_object(field_value(capabilities, "record"))
    if record is None or (field_str(record, "recordId") is None and field_str(record, "url") is None):
        return None
    return RecordSnapshot(record_id=field_str(record, "recordId"), url=field_str(record, "url"))


def _bundle(value: object, decode: bool, nested: Nested) -> Bundle | None:
    obj = as_object(value)
    if obj is None:
        return None
    page = as_object(field_value(obj, "page"))
    entries = field_list(page, "elements") or field_list(page, "feedElements")
    elements: list[FeedItem] = []
    if nested.element is not None:
        for entry in entries[:MAX_BUNDLED]:
            element = nested.element(entry)
            if element is not None:
                elements.append(element)
    return Bundle(
        bundle_type=field_str(obj, "bundleType") or "GenericBundle",
        total=max(_count(obj, "totalElements") or 0, len(elements)),
        elements=tuple(elements),
        changes=parse_changes(field_list(obj, "changes"), decode),
    )


def unsupported_capabilities(capabilities: JsonObject | None) -> tuple[str, ...]:
    """Names of capabilities that carry content the app does not draw (approvals, canvas apps, ...)."""
    if capabilities is None:
        return ()
    names = [
        _short(name)
        for name, value in capabilities.items()
        if name not in SHOWN_CAPABILITIES and name not in STATE_CAPABILITIES and _has_data(value)
    ]
    return tuple(sorted(names)[:_MAX_UNSUPPORTED])


def parse_capabilities(value: object, decode: bool, nested: Nested) -> ElementCapabilities:
    """ElementCapabilities from a `capabilities` object (empty for anything else)."""
    obj = as_object(value)
    if obj is None:
        return ElementCapabilities()
    tracked = as_object(field_value(obj, "trackedChanges"))
    return ElementCapabilities(
        poll=parse_poll(field_value(obj, "poll"), decode),
        question=_question(field_value(obj, "questionAndAnswers"), decode, nested),
        files=parse_files(obj, decode),
        link=_link(field_value(obj, "link"), decode),
        enhanced_link=_enhanced_link(field_value(obj, "enhancedLink"), decode),
        tracked_changes=parse_changes(field_list(tracked, "changes"), decode),
        record=_record(obj, decode),
        bundle=_bundle(field_value(obj, "bundle"), decode, nested),
        present=frozenset(_short(name) for name in list(obj)[:100]),
    )
