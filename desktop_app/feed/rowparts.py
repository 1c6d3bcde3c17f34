"""What a feed row shows besides its message, as plain words: a question's title, a record's fields, changes,
a bundle, a poll's choices, files, link cards, and whether the element is only fully seen in Salesforce.

Both the exact row layout and its cheap height estimate read these, so the two agree on what is there. Every
string here is plain text for a painter to draw as text, never markup. Cost: one pass over the capabilities.
"""

from __future__ import annotations

import msgspec

from desktop_app.api.capabilities import FileAttachment, LinkCard, Poll, RecordSnapshot
from desktop_app.api.models import FeedItem
from desktop_app.feed.elementtext import (
    bundle_size,
    bundled_lines,
    change_value,
    comment_text,
    human_size,
    plural,
)

MAX_RECORD_FIELDS = 6


class Pair(msgspec.Struct, frozen=True):
    """A labelled value: a record field ("Status", "New") or a change ("Stage", "Prospecting → Won")."""

    label: str
    value: str


class RecordPart(msgspec.Struct, frozen=True):
    """The record an event is about: "Case · 00001026" and its snapshot fields."""

    title: str
    fields: tuple[Pair, ...]


class BundlePart(msgspec.Struct, frozen=True):
    """A bundle's one-line summary ("3 changes to Acme") and, when open, its changes."""

    summary: str
    lines: tuple[str, ...]
    open: bool


class ChoiceRow(msgspec.Struct, frozen=True):
    """One poll choice with its votes, its share of them, and whether it is the person's own vote."""

    choice_id: str
    label: str
    votes: str
    ratio: float
    mine: bool


class PollPart(msgspec.Struct, frozen=True):
    """A poll's choices in order and a line under them (total, the person's vote)."""

    choices: tuple[ChoiceRow, ...]
    summary: str


class AnswerPart(msgspec.Struct, frozen=True):
    """A question's best answer: who gave it and its text."""

    heading: str
    text: str


class FilePart(msgspec.Struct, frozen=True):
    """A file card: title, "PDF · 1.2 MB", a thumbnail URL when Salesforce offers one, the download URL."""

    key: str
    title: str
    details: str
    badge: str
    thumbnail_url: str | None
    download_url: str | None
    file_name: str


class LinkPart(msgspec.Struct, frozen=True):
    """A link card: title, address, description; `web_url` is set only for http(s) addresses."""

    title: str
    url: str
    description: str
    web_url: str | None


class RowParts(msgspec.Struct, frozen=True):
    """Everything a row shows besides the message, in the order it is drawn."""

    question: str = ""
    record: RecordPart | None = None
    changes: tuple[Pair, ...] = ()
    bundle: BundlePart | None = None
    poll: PollPart | None = None
    answer: AnswerPart | None = None
    files: tuple[FilePart, ...] = ()
    links: tuple[LinkPart, ...] = ()
    open_in_salesforce: bool = False

    @property
    def has_text(self) -> bool:
        """True when a part shows words of the element's own (the Salesforce action alone does not)."""
        return bool(
            self.question
            or self.record
            or self.changes
            or self.bundle
            or self.poll
            or self.answer
            or self.files
            or self.links
        )


NO_PARTS = RowParts()


def _record(record: RecordSnapshot | None, message: str) -> RecordPart | None:
    if record is None or not (record.name or record.fields):
        return None
    title = " · ".join(part.strip() for part in (record.type, record.name) if part and part.strip())
    fields = tuple(
        Pair(field.label.strip() or "Field", field.text)
        for field in record.fields
        if field.text.strip() and field.text.strip() != (record.name or "").strip()
    )
    if not title and not fields:
        return None
    # The header of a create-record event already names the record; its fields are what is new.
    return RecordPart(title if title not in message else "", fields[:MAX_RECORD_FIELDS])


def _bundle(item: FeedItem, is_open: bool) -> BundlePart | None:
    bundle = item.capabilities.bundle
    if bundle is None:
        return None
    lines = tuple(bundled_lines(bundle))
    word = "change" if bundle.changes or bundle.bundle_type == "TrackedChanges" else "update"
    count = bundle_size(bundle)
    summary = plural(count, word) if count else f"Bundled {word}s"
    record = item.capabilities.record
    name = record.name if record is not None and record.name else None
    if name is None and item.parent_name and item.parent_id != item.actor.id:
        name = item.parent_name
    if name and name.strip():
        summary = f"{summary} to {name.strip()}"
    return BundlePart(summary, lines, is_open and bool(lines))


def _poll(poll: Poll) -> PollPart:
    choices = sorted(poll.choices, key=lambda choice: choice.position)
    total = sum(max(0, choice.vote_count) for choice in choices)
    rows = tuple(
        ChoiceRow(
            choice.id,
            choice.text.strip() or f"Choice {choice.position}",
            plural(choice.vote_count, "vote"),
            max(0, choice.vote_count) / total if total else 0.0,
            choice.id == poll.my_choice_id,
        )
        for choice in choices
    )
    mine = next((row.label for row in rows if row.mine), None)
    count = plural(max(total, poll.total_votes), "vote")
    summary = f"{count} · You voted for {mine}" if mine else f"{count} · Choose an answer to vote"
    return PollPart(rows, summary if rows else "This poll has no choices")


def _file(index: int, attachment: FileAttachment) -> FilePart:
    title = attachment.title.strip() or (
        "Untitled file" if attachment.available else "A file that is no longer available"
    )
    size = human_size(attachment.size_bytes) if attachment.size_bytes is not None else None
    details = " · ".join(part for part in (attachment.type_label, size) if part)
    extension = (attachment.file_extension or "").strip().strip(".")
    name = (
        title if not extension or title.lower().endswith(f".{extension.lower()}") else f"{title}.{extension}"
    )
    return FilePart(
        key=str(index),
        title=title,
        details=details,
        badge=(attachment.type_label or "File")[:4].upper(),
        thumbnail_url=attachment.thumbnail_url if attachment.available else None,
        download_url=attachment.download_url if attachment.available else None,
        file_name=name,
    )


def _link(card: LinkCard) -> LinkPart:
    url = (card.url or "").strip()
    title = (card.title or "").strip() or url or "Link"
    return LinkPart(title, url, (card.description or "").strip(), card.web_url)


def row_parts(item: FeedItem, message: str, *, bundle_open: bool = False) -> RowParts:
    """The parts of an element's row; ``message`` is the text already shown, so nothing is said twice."""
    capabilities = item.capabilities
    if not capabilities.has_content and not item.unsupported:
        return NO_PARTS
    question = capabilities.question
    answer = None
    if question is not None and question.best_answer is not None:
        best = question.best_answer
        name = best.user.display_name.strip() or "someone"
        answer = AnswerPart(f"✓ Best answer from {name}", comment_text(best) or "(no text)")
    return RowParts(
        question=question.title.strip() if question is not None else "",
        record=_record(capabilities.record, message),
        changes=tuple(
            Pair(c.field_name.strip() or "Field", change_value(c)) for c in capabilities.tracked_changes
        ),
        bundle=_bundle(item, bundle_open),
        poll=_poll(capabilities.poll) if capabilities.poll is not None else None,
        answer=answer,
        files=tuple(_file(index, attachment) for index, attachment in enumerate(capabilities.files)),
        links=tuple(
            _link(card) for card in (capabilities.link, capabilities.enhanced_link) if card is not None
        ),
        open_in_salesforce=bool(item.unsupported),
    )


def plain_lines(parts: RowParts) -> list[str]:
    """The parts as lines of plain text, in drawing order (what a reader of the row sees)."""
    lines = [parts.question] if parts.question else []
    if parts.record is not None:
        lines += [parts.record.title] if parts.record.title else []
        lines += [f"{pair.label}: {pair.value}" for pair in parts.record.fields]
    lines += [f"{pair.label}: {pair.value}" for pair in parts.changes]
    if parts.bundle is not None:
        lines += [parts.bundle.summary, *(parts.bundle.lines if parts.bundle.open else ())]
    if parts.poll is not None:
        lines += [f"{row.label} ({row.votes})" for row in parts.poll.choices] + [parts.poll.summary]
    if parts.answer is not None:
        lines += [parts.answer.heading, parts.answer.text]
    lines += [f"{part.title} ({part.details})" if part.details else part.title for part in parts.files]
    lines += [part.title if part.title == part.url else f"{part.title} — {part.url}" for part in parts.links]
    return [line for line in lines if line.strip()]
