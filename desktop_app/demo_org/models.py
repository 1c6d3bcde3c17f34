"""Records the demo org works with: orgs, users, feed elements of every kind, comments, likes, files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class DemoOrgInfo(msgspec.Struct, frozen=True):
    """One org served by the demo: its name, id, instance host and kind."""

    name: str
    org_id: str
    instance_url: str
    is_sandbox: bool


class DemoUser(msgspec.Struct, frozen=True):
    """A user who can sign in to the demo org."""

    username: str
    password: str
    user_id: str
    org_id: str
    display_name: str


class Person(msgspec.Struct, frozen=True):
    """Profile facts about a demo user beyond what sign-in needs."""

    user: DemoUser
    first_name: str
    last_name: str
    nickname: str
    title: str
    email: str
    about_me: str
    city: str
    country: str
    phone: str
    photo_version_id: str
    color: str
    timezone: str
    locale: str


class Record(msgspec.Struct, frozen=True):
    """A CRM record (account, opportunity, case, group) that posts can link to or live on."""

    record_id: str
    object_type: str
    name: str


class Segment(msgspec.Struct, frozen=True):
    """A stored message segment; rendering turns it into the API's output segment.

    `target` is what the segment points at: a user or record id, a URL (links, hyperlinks), a tag, or the
    069 file id of an inline image; `alt` is a hyperlink's or inline image's alternative text.
    """

    kind: str
    text: str
    target: str | None = None
    markup: str | None = None
    alt: str | None = None


class StoredFile(msgspec.Struct, frozen=True):
    """A file in Salesforce Files: a ContentDocument (069) with its one ContentVersion (068).

    Its bytes are not stored: `recipe` names the deterministic generator that makes them again, and
    `size` and `checksum` (MD5, as Salesforce reports it) were taken from them when the file was made.
    """

    file_id: str
    version_id: str
    owner_id: str
    title: str
    extension: str
    file_type: str
    mime_type: str
    size: int
    checksum: str
    created: datetime
    recipe: str
    description: str | None = None


class Like(msgspec.Struct):
    """A like on a feed item."""

    like_id: str
    user_id: str
    item_id: str
    created: datetime


class Comment(msgspec.Struct):
    """A comment on a feed item."""

    comment_id: str
    item_id: str
    user_id: str
    created: datetime
    segments: list[Segment]
    app_name: str | None = None
    file_id: str | None = None


class FeedItem(msgspec.Struct):
    """A feed element with its comments and likes: a post, or a record update, bundle, poll, question, ...

    `kind` is the feed item type (TextPost, TrackedChange, PollPost, ...; for a bundle or another generic
    element, its element type), `element_type` the feedElementType, and `extra` the kind's own data as plain
    JSON values (the record a change is on, poll choices, file ids, ...). `votes` maps poll voters to the
    choice they picked.
    """

    item_id: str
    actor_id: str
    created: datetime
    modified: datetime
    segments: list[Segment]
    parent_id: str
    app_name: str | None = None
    comments: list[Comment] = msgspec.field(default_factory=list)
    likes: list[Like] = msgspec.field(default_factory=list)
    kind: str = "TextPost"
    element_type: str = "FeedItem"
    extra: dict[str, Any] = msgspec.field(default_factory=dict)
    votes: dict[str, str] = msgspec.field(default_factory=dict)


class OrgData(msgspec.Struct):
    """One org's directory: its people, records and files (its feed lives in the database)."""

    info: DemoOrgInfo
    pod: str
    people: dict[str, Person]
    records: dict[str, Record]
    files: dict[str, StoredFile] = msgspec.field(default_factory=dict)

    def person(self, user_id: str) -> Person | None:
        """The person with this id in this org, if any."""
        return self.people.get(user_id)
