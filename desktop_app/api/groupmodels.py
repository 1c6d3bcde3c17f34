"""Chatter groups as the Connect REST API describes them: Group Detail, group pages, members and requests.

Parsed tolerantly to the documented shapes: any property may be missing or null (``information`` is null for
people outside a private group), enum values Salesforce adds later are kept as they come, and an entry
without an id is skipped rather than failing its page.
"""

from __future__ import annotations

import msgspec

from desktop_app.api.errors import BadResponse
from desktop_app.api.jsonfields import (
    as_object,
    field_bool,
    field_int,
    field_str,
    field_text,
    field_value,
    require_id,
    require_object,
)
from desktop_app.api.models import Photo, UserSummary
from desktop_app.api.parse import parse_photo, parse_user_summary


class Visibility:
    """Group Detail `visibility` values."""

    PUBLIC = "PublicAccess"
    PRIVATE = "PrivateAccess"
    UNLISTED = "Unlisted"


class GroupRole:
    """Group Detail `myRole` and Group Member `role` values."""

    OWNER = "GroupOwner"
    MANAGER = "GroupManager"
    MEMBER = "StandardMember"
    NOT_A_MEMBER = "NotAMember"
    REQUESTED = "NotAMemberPrivateRequested"


MEMBER_ROLES = frozenset({GroupRole.OWNER, GroupRole.MANAGER, GroupRole.MEMBER})
_VISIBILITY_WORDS = {
    Visibility.PUBLIC: "Public",
    Visibility.PRIVATE: "Private",
    Visibility.UNLISTED: "Unlisted",
}
_ROLE_WORDS = {GroupRole.OWNER: "Owner", GroupRole.MANAGER: "Manager", GroupRole.MEMBER: "Member"}


def visibility_words(visibility: str | None) -> str:
    """A group's visibility for people ("Public", "Private", ...; "" when unknown)."""
    if visibility is None:
        return ""
    return _VISIBILITY_WORDS.get(visibility, visibility)


def role_words(role: str | None) -> str:
    """A member's role for people ("Owner", "Manager", "Member"; the raw value for new ones)."""
    if role is None:
        return ""
    return _ROLE_WORDS.get(role, role)


class Group(msgspec.Struct, frozen=True):
    """A Chatter group: what a list row and a group's header show, and what the person may do there."""

    id: str
    name: str
    description: str | None = None
    member_count: int | None = None
    visibility: str | None = None
    my_role: str | None = None
    membership_id: str | None = None
    photo: Photo | None = None
    owner: UserSummary | None = None
    is_archived: bool | None = None
    is_broadcast: bool | None = None
    information_title: str | None = None
    information_text: str | None = None
    pending_requests: int | None = None
    last_post_date: str | None = None
    url: str | None = None

    @property
    def is_member(self) -> bool:
        """Whether the person belongs to the group (by role, or by having a membership)."""
        if self.my_role is not None and self.my_role not in MEMBER_ROLES:
            return False
        return self.my_role in MEMBER_ROLES or self.membership_id is not None

    @property
    def is_private(self) -> bool:
        """Whether joining takes a request the owner or a manager approves."""
        return self.visibility in (Visibility.PRIVATE, Visibility.UNLISTED)

    @property
    def has_requested(self) -> bool:
        """Whether the person asked to join this private group and the request is pending."""
        return self.my_role == GroupRole.REQUESTED


class GroupPage(msgspec.Struct, frozen=True):
    """A page of groups (my groups), with where the next one is."""

    groups: tuple[Group, ...]
    total: int | None = None
    next_page_url: str | None = None


class GroupMember(msgspec.Struct, frozen=True):
    """One membership: its id (to leave or remove), the role and the person."""

    id: str
    user: UserSummary
    role: str | None = None
    url: str | None = None


class MemberPage(msgspec.Struct, frozen=True):
    """A page of a group's members; ``my_membership_id`` is the person's own membership, if any."""

    members: tuple[GroupMember, ...]
    total: int | None = None
    next_page_url: str | None = None
    my_membership_id: str | None = None


class MembershipRequest(msgspec.Struct, frozen=True):
    """A request to join a private group (``status``: Pending, Accepted or Declined)."""

    id: str
    status: str | None = None
    group_id: str | None = None
    user: UserSummary | None = None
    response_message: str | None = None
    url: str | None = None


def _group_or_none(value: object, decode: bool) -> Group | None:
    obj = as_object(value)
    ident = field_str(obj, "id")
    if obj is None or ident is None:
        return None
    information = as_object(field_value(obj, "information"))
    owner = field_value(obj, "owner")
    return Group(
        id=ident,
        name=field_text(obj, "name", decode) or ident,
        description=field_text(obj, "description", decode),
        member_count=field_int(obj, "memberCount"),
        visibility=field_str(obj, "visibility"),
        my_role=field_str(obj, "myRole"),
        membership_id=field_str(as_object(field_value(obj, "mySubscription")), "id"),
        photo=parse_photo(field_value(obj, "photo")),
        owner=_summary_or_none(owner, decode),
        is_archived=field_bool(obj, "isArchived"),
        is_broadcast=field_bool(obj, "isBroadcast"),
        information_title=field_text(information, "title", decode),
        information_text=field_text(information, "text", decode),
        pending_requests=field_int(obj, "pendingRequests"),
        last_post_date=field_str(obj, "lastFeedElementPostDate"),
        url=field_str(obj, "url"),
    )


def _summary_or_none(value: object, decode: bool) -> UserSummary | None:
    if as_object(value) is None or field_str(as_object(value), "id") is None:
        return None
    return parse_user_summary(value, decode_entities=decode)


def parse_group(value: object, decode: bool = False) -> Group:
    """A Group from a Group Detail (`/chatter/groups/{id}`)."""
    obj = require_object(value, "a group")
    require_id(obj, "group")
    group = _group_or_none(obj, decode)
    assert group is not None
    return group


def parse_group_page(value: object, decode: bool = False) -> GroupPage:
    """Groups from a User Group Detail Collection (v45+) or an older User Group Page."""
    obj = require_object(value, "a page of groups")
    entries = field_value(obj, "groups")
    if not isinstance(entries, list):
        entries = field_value(obj, "items")
    if not isinstance(entries, list):
        raise BadResponse(None, None, "page of groups without a list of groups", None)
    groups = tuple(g for g in (_group_or_none(e, decode) for e in entries) if g is not None)
    return GroupPage(groups, field_int(obj, "total"), field_str(obj, "nextPageUrl"))


def _member_or_none(value: object, decode: bool) -> GroupMember | None:
    obj = as_object(value)
    ident = field_str(obj, "id")
    user = _summary_or_none(field_value(obj, "user"), decode)
    if ident is None or user is None:
        return None
    return GroupMember(ident, user, field_str(obj, "role"), field_str(obj, "url"))


def parse_group_member(value: object, decode: bool = False) -> GroupMember:
    """The Group Member a join answers with."""
    member = _member_or_none(require_object(value, "a group member"), decode)
    if member is None:
        raise BadResponse(None, None, "group member without an id or a user", None)
    return member


def parse_member_page(value: object, decode: bool = False) -> MemberPage:
    """A Group Member Page (`/chatter/groups/{id}/members`)."""
    obj = require_object(value, "a page of group members")
    entries = field_value(obj, "members")
    if not isinstance(entries, list):
        raise BadResponse(None, None, "page of group members without a list of members", None)
    members = tuple(m for m in (_member_or_none(e, decode) for e in entries) if m is not None)
    return MemberPage(
        members,
        field_int(obj, "totalMemberCount"),
        field_str(obj, "nextPageUrl"),
        field_str(as_object(field_value(obj, "myMembership")), "id"),
    )


def parse_membership_request(value: object, decode: bool = False) -> MembershipRequest:
    """A Group Membership Request (what asking to join a private group answers with)."""
    obj = require_object(value, "a group membership request")
    return MembershipRequest(
        id=require_id(obj, "group membership request"),
        status=field_str(obj, "status"),
        group_id=field_str(as_object(field_value(obj, "requestedGroup")), "id"),
        user=_summary_or_none(field_value(obj, "user"), decode),
        response_message=field_text(obj, "responseMessage", decode),
        url=field_str(obj, "url"),
    )
