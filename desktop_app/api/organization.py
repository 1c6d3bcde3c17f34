"""The org's Connect settings (`GET /connect/organization`): its name, which Chatter features are on, and
what the person may do; and from them, which parts of the app to offer.

A feature the answer does not mention is taken as on: only what the org says it turned off is hidden (a
newer or older org may name its features differently; hiding on a guess would hide working parts).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.jsoncall import json_call
from desktop_app.api.jsonfields import (
    as_object,
    field_bool,
    field_int,
    field_str,
    field_text,
    field_value,
    require_object,
)

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient


class Organization(msgspec.Struct, frozen=True):
    """What `/connect/organization` says: the org's name and id, its features, the person's settings.

    ``features`` and ``user_settings`` keep every boolean the org sent, by its documented name.
    """

    name: str | None = None
    org_id: str | None = None
    features: dict[str, bool] = msgspec.field(default_factory=dict)
    user_settings: dict[str, bool] = msgspec.field(default_factory=dict)
    max_files_per_post: int | None = None

    def __hash__(self) -> int:
        # The feature maps are not hashable; equal organizations still hash alike.
        return hash((self.name, self.org_id, self.max_files_per_post))

    def feature(self, name: str) -> bool:
        """Whether a feature is on (True when the org did not say)."""
        return self.features.get(name, True)

    def setting(self, name: str) -> bool:
        """Whether a user setting allows something (True when the org did not say)."""
        return self.user_settings.get(name, True)


def _booleans(value: object) -> dict[str, bool]:
    obj = as_object(value)
    if obj is None:
        return {}
    return {key: flag for key in obj if (flag := field_bool(obj, key)) is not None}


def parse_organization(value: object, decode: bool = False) -> Organization:
    """An Organization from `/connect/organization`; missing parts stay empty."""
    obj = require_object(value, "the organization")
    features = field_value(obj, "features")
    name = field_text(obj, "name", decode)
    return Organization(
        name=name.strip() if name and name.strip() else None,
        org_id=field_str(obj, "orgId"),
        features=_booleans(features),
        user_settings=_booleans(field_value(obj, "userSettings")),
        max_files_per_post=field_int(as_object(features), "maxFilesPerFeedItem"),
    )


class OrganizationInfo(msgspec.Struct, frozen=True):
    """The org's Connect settings."""

    def run(self, client: ConnectClient) -> Organization:
        """The organization."""
        return json_call(client, "GET", client.data_url("/connect/organization"), parse_organization)


class Section(Enum):
    """Parts of the app that exist only when the org has the Chatter feature behind them."""

    FEEDS = "feeds"
    GROUPS = "groups"
    PEOPLE = "people"
    FOLLOW = "follow"
    FILES = "files"
    FILES_ON_COMMENTS = "files_on_comments"
    MESSAGES = "messages"
    TOPICS = "topics"


def offered_sections(org: Organization | None) -> frozenset[Section]:
    """The parts of the app to offer for an org (every part while its settings are not known)."""
    if org is None:
        return frozenset(Section)
    chatter = org.feature("chatter") and org.setting("hasChatter")
    if not chatter:
        # Without Chatter the Chatter resources answer with errors: nothing of it is worth offering.
        return frozenset()
    offered = {Section.FEEDS, Section.GROUPS, Section.PEOPLE}
    if org.setting("canFollow"):
        offered.add(Section.FOLLOW)
    if org.feature("files"):
        offered.add(Section.FILES)
        if org.feature("filesOnComments"):
            offered.add(Section.FILES_ON_COMMENTS)
    if org.feature("chatterMessages"):
        offered.add(Section.MESSAGES)
    if org.feature("chatterTopics"):
        offered.add(Section.TOPICS)
    return frozenset(offered)
