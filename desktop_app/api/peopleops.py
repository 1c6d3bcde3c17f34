"""Typed operations on people: a person's profile with whether I follow them, follow, unfollow, @mentions.

Following is a Subscription: ``POST /chatter/users/me/following {"subjectId"}`` answers with one, and
``DELETE /chatter/subscriptions/{id}`` ends it; a User Detail's ``mySubscription`` is that id while I follow
the person. Mention completions offer people and groups; Salesforce finds groups only from two characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.errors import BadResponse
from desktop_app.api.jsoncall import json_call, no_content_call
from desktop_app.api.jsonfields import (
    as_object,
    field_str,
    field_text,
    field_value,
    require_id,
    require_object,
)
from desktop_app.api.models import UserDetail
from desktop_app.api.parse import parse_user_detail
from desktop_app.api.versions import segment_id

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient

GROUP_PREFIX = "0F9"
USER_PREFIX = "005"
MIN_GROUP_QUERY = 2
MENTION_PAGE_SIZE = 25


class PersonDetail(msgspec.Struct, frozen=True):
    """Someone's profile, and the subscription to end when I stop following them (None: I don't)."""

    detail: UserDetail
    subscription_id: str | None = None

    @property
    def followed(self) -> bool:
        """Whether I follow this person."""
        return self.subscription_id is not None


def parse_person(value: object, decode: bool = False) -> PersonDetail:
    """A PersonDetail from a User Detail."""
    obj = require_object(value, "a user profile")
    subscription = field_str(as_object(field_value(obj, "mySubscription")), "id")
    return PersonDetail(parse_user_detail(obj, decode_entities=decode), subscription)


class Subscription(msgspec.Struct, frozen=True):
    """Following something: its id (to unfollow) and the id of what is followed."""

    id: str
    subject_id: str | None = None
    url: str | None = None


def parse_subscription(value: object, decode: bool = False) -> Subscription:
    """A Subscription (what following answers with)."""
    obj = require_object(value, "a subscription")
    return Subscription(
        require_id(obj, "subscription"),
        field_str(as_object(field_value(obj, "subject")), "id"),
        field_str(obj, "url"),
    )


class MentionCompletion(msgspec.Struct, frozen=True):
    """Someone or some group that can be @mentioned: ``record_id`` goes in the Mention segment."""

    record_id: str
    name: str
    description: str | None = None
    photo_url: str | None = None
    user_type: str | None = None
    additional_label: str | None = None

    @property
    def is_group(self) -> bool:
        """Whether this is a group (groups have no user type; their ids start with 0F9)."""
        return self.record_id.startswith(GROUP_PREFIX)


def parse_mention_completions(value: object, decode: bool = False) -> list[MentionCompletion]:
    """The completions of a Mention Completion Page; entries without an id or a name are skipped."""
    obj = require_object(value, "a page of mention completions")
    entries = field_value(obj, "mentionCompletions")
    if not isinstance(entries, list):
        raise BadResponse(None, None, "mention completion page without mentionCompletions", None)
    out: list[MentionCompletion] = []
    for entry in entries:
        item = as_object(entry)
        record_id = field_str(item, "recordId")
        name = field_text(item, "name", decode)
        if record_id is None or not name:
            continue
        out.append(
            MentionCompletion(
                record_id=record_id,
                name=name,
                description=field_text(item, "description", decode),
                photo_url=field_str(item, "photoUrl"),
                user_type=field_str(item, "userType"),
                additional_label=field_text(item, "additionalLabel", decode),
            )
        )
    return out


class PersonProfile(msgspec.Struct, frozen=True):
    """Someone's profile with whether I follow them."""

    user_id: str

    def run(self, client: ConnectClient) -> PersonDetail:
        """The profile."""
        url = client.data_url(f"/chatter/users/{segment_id(self.user_id, 'user id')}")
        return json_call(client, "GET", url, parse_person)


class Follow(msgspec.Struct, frozen=True):
    """Follow a person (or a record, a group, a file: any subject id)."""

    subject_id: str

    def run(self, client: ConnectClient) -> Subscription:
        """The subscription, whose id unfollows."""
        subject = self.subject_id.strip()
        if not subject:
            raise ValueError("subject id is empty")
        url = client.data_url("/chatter/users/me/following")
        return json_call(client, "POST", url, parse_subscription, json={"subjectId": subject})


class Unfollow(msgspec.Struct, frozen=True):
    """Stop following: delete the subscription."""

    subscription_id: str

    def run(self, client: ConnectClient) -> None:
        """Nothing: the subscription is gone."""
        url = client.data_url(f"/chatter/subscriptions/{segment_id(self.subscription_id, 'subscription id')}")
        no_content_call(client, "DELETE", url)


class MentionCompletions(msgspec.Struct, frozen=True):
    """People and groups to offer while an @name is typed (``kind``: All, User or Group)."""

    q: str
    kind: str = "All"
    context_id: str | None = None
    page_size: int = MENTION_PAGE_SIZE

    def run(self, client: ConnectClient) -> list[MentionCompletion]:
        """The completions, best first (none for a group search shorter than Salesforce allows)."""
        query = self.q.strip()
        if not query or (self.kind == "Group" and len(query) < MIN_GROUP_QUERY):
            return []
        params: dict[str, str | int] = {"q": query, "type": self.kind}
        params["pageSize"] = max(1, min(100, self.page_size))
        if self.context_id:
            params["contextId"] = self.context_id
        url = client.data_url("/chatter/mentions/completions")
        return json_call(client, "GET", url, parse_mention_completions, params=params)
