"""Records the demo org works with: orgs, users, feed items, comments, likes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class DemoOrgInfo:
    """One org served by the demo: its name, id, instance host and kind."""

    name: str
    org_id: str
    instance_url: str
    is_sandbox: bool


@dataclass(frozen=True)
class DemoUser:
    """A user who can sign in to the demo org."""

    username: str
    password: str
    user_id: str
    org_id: str
    display_name: str


@dataclass(frozen=True)
class Person:
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


@dataclass(frozen=True)
class Record:
    """A CRM record (account, opportunity, case, group) that posts can link to or live on."""

    record_id: str
    object_type: str
    name: str


@dataclass(frozen=True)
class Segment:
    """A stored message segment; rendering turns it into the API's output segment."""

    kind: str
    text: str
    target: str | None = None
    markup: str | None = None


@dataclass
class Like:
    """A like on a feed item."""

    like_id: str
    user_id: str
    item_id: str
    created: datetime


@dataclass
class Comment:
    """A comment on a feed item."""

    comment_id: str
    item_id: str
    user_id: str
    created: datetime
    segments: list[Segment]
    app_name: str | None = None


@dataclass
class FeedItem:
    """A feed item (a post) with its comments and likes."""

    item_id: str
    actor_id: str
    created: datetime
    modified: datetime
    segments: list[Segment]
    parent_id: str
    app_name: str | None = None
    comments: list[Comment] = field(default_factory=list)
    likes: list[Like] = field(default_factory=list)


@dataclass
class OrgData:
    """One org's directory: who works there and which records it has (its feed lives in the database)."""

    info: DemoOrgInfo
    pod: str
    people: dict[str, Person]
    records: dict[str, Record]

    def person(self, user_id: str) -> Person | None:
        """The person with this id in this org, if any."""
        return self.people.get(user_id)
