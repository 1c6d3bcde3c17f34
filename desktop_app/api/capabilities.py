"""Frozen records for what feed element capabilities carry: polls, questions, files, links, changes, bundles.

Salesforce says a capability *being present* on an element means the feature is there, even when it holds
no data; the records here keep the data the app shows, and `ElementCapabilities.present` keeps the names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import msgspec

if TYPE_CHECKING:
    from desktop_app.api.models import Comment, FeedItem, UserSummary

# Element types the app draws itself; anything else is shown by its header with a way to Salesforce.
SHOWN_ELEMENT_TYPES = frozenset({"FeedItem", "Bundle"})

# Capabilities whose content the app shows.
SHOWN_CAPABILITIES = frozenset(
    {
        "bundle",
        "comments",
        "content",
        "enhancedLink",
        "files",
        "link",
        "poll",
        "questionAndAnswers",
        "record",
        "recordSnapshot",
        "trackedChanges",
    }
)

# Capabilities that only say what the user may do or how the element looks: nothing is missing without them.
STATE_CAPABILITIES = frozenset(
    {
        "associatedActions",
        "banner",
        "bookmarks",
        "chatterLikes",
        "close",
        "edit",
        "interactions",
        "moderation",
        "mute",
        "origin",
        "pin",
        "readBy",
        "status",
        "topics",
        "upDownVote",
        "verified",
    }
)


class TrackedChange(msgspec.Struct, frozen=True):
    """One field change on a record; the values are None when Salesforce leaves them out (long or empty)."""

    field_name: str
    old_value: str | None = None
    new_value: str | None = None


class RecordField(msgspec.Struct, frozen=True):
    """One labelled value of a record snapshot."""

    label: str
    text: str


class RecordSnapshot(msgspec.Struct, frozen=True):
    """The record an element is about (a create-record event's snapshot, or only its id and URL)."""

    record_id: str | None = None
    name: str | None = None
    type: str | None = None
    url: str | None = None
    fields: tuple[RecordField, ...] = ()


class PollChoice(msgspec.Struct, frozen=True):
    """One answer of a poll with its votes."""

    id: str
    text: str
    position: int
    vote_count: int = 0


class Poll(msgspec.Struct, frozen=True):
    """A poll: its choices in order, the user's vote (None before voting) and the total."""

    choices: tuple[PollChoice, ...]
    my_choice_id: str | None = None
    total_votes: int = 0

    @property
    def has_voted(self) -> bool:
        """True once the user's vote is on one of the choices."""
        return any(choice.id == self.my_choice_id for choice in self.choices)


class Question(msgspec.Struct, frozen=True):
    """A question post: its title and, once chosen, the best answer (a comment)."""

    title: str
    best_answer: Comment | None = None
    best_answer_selected_by: UserSummary | None = None
    can_select_best_answer: bool = False


class FileAttachment(msgspec.Struct, frozen=True):
    """A file on a post or comment: what a file card shows and where its bytes and thumbnail are.

    `available` is False when the file was deleted or made private after posting: Salesforce then keeps the
    capability but nulls most of its fields.
    """

    title: str
    id: str | None = None
    version_id: str | None = None
    file_type: str | None = None
    file_extension: str | None = None
    mime_type: str | None = None
    size_bytes: int | None = None
    download_url: str | None = None
    thumbnail_url: str | None = None
    preview_url: str | None = None
    available: bool = True

    @property
    def type_label(self) -> str | None:
        """A short type for people: the extension in capitals ("PDF"), else Salesforce's file type."""
        if self.file_extension:
            return self.file_extension.upper()
        return self.file_type or None


class LinkCard(msgspec.Struct, frozen=True):
    """A link attached to a post (`link`) or a richer card (`enhancedLink`: title, description, icon)."""

    url: str | None
    title: str | None = None
    description: str | None = None
    icon_url: str | None = None
    record_id: str | None = None
    enhanced: bool = False

    @property
    def web_url(self) -> str | None:
        """The URL when it is an absolute http(s) address with a host: the only kind opened in a browser."""
        if not self.url:
            return None
        try:
            parts = urlsplit(self.url.strip())
        except ValueError:
            return None
        return self.url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class Bundle(msgspec.Struct, frozen=True):
    """A bundle of elements (Salesforce bundles feed-tracked changes on records) and how many it holds."""

    bundle_type: str
    total: int
    elements: tuple[FeedItem, ...] = ()
    changes: tuple[TrackedChange, ...] = ()


class ElementCapabilities(msgspec.Struct, frozen=True):
    """The capability data of one feed element that the app shows; `present` names every capability sent."""

    poll: Poll | None = None
    question: Question | None = None
    files: tuple[FileAttachment, ...] = ()
    link: LinkCard | None = None
    enhanced_link: LinkCard | None = None
    tracked_changes: tuple[TrackedChange, ...] = ()
    record: RecordSnapshot | None = None
    bundle: Bundle | None = None
    present: frozenset[str] = frozenset()

    @property
    def has_content(self) -> bool:
        """True when something besides the message is shown (a poll, files, a link, changes, ...)."""
        return bool(
            self.poll
            or self.question
            or self.files
            or self.link
            or self.enhanced_link
            or self.tracked_changes
            or self.record
            or self.bundle
        )


NO_CAPABILITIES = ElementCapabilities()
"""What an element without capability data has."""
