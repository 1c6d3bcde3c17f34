"""Typed operations on Chatter groups: my groups, a group, its members, join, ask to join, leave.

Leaving deletes the person's membership (`DELETE /chatter/group-memberships/{id}`). Which id that is, the
documentation leaves open: ``mySubscription.id`` of the Group Detail is taken when the group gave one, then
the Group Member Page's ``myMembership``, then the person's own entry among the members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.errors import ApiError
from desktop_app.api.groupmodels import (
    Group,
    GroupMember,
    GroupPage,
    MemberPage,
    MembershipRequest,
    parse_group,
    parse_group_member,
    parse_group_page,
    parse_member_page,
    parse_membership_request,
)
from desktop_app.api.jsoncall import json_call, no_content_call, optional_json_call
from desktop_app.api.versions import segment_id

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient

GROUPS_PAGE_SIZE = 50
MEMBERS_PAGE_SIZE = 100
# Enough pages to find oneself in a group of 10,000 members; a larger one is searched no further.
MAX_MEMBER_PAGES = 100
MIN_QUERY = 2


def _page_url(client: ConnectClient, page_url: str | None, path: str) -> str:
    return client.resolve(page_url) if page_url else client.data_url(path)


def _group_page(client: ConnectClient, path: str, q: str, page_url: str | None, page_size: int) -> GroupPage:
    """A page of groups: the first one at ``path`` (searched with ``q``), or the one at ``page_url``."""
    params: dict[str, str | int] | None = None
    if page_url is None:
        params = {"pageSize": max(1, min(250, page_size))}
        query = q.strip()
        # Salesforce refuses a shorter search; a shorter filter is applied to the page by the caller.
        if len(query) >= MIN_QUERY:
            params["q"] = query
    return json_call(client, "GET", _page_url(client, page_url, path), parse_group_page, params=params)


class MyGroups(msgspec.Struct, frozen=True):
    """A page of the groups the person belongs to, optionally only those whose name matches ``q``."""

    q: str = ""
    page_url: str | None = None
    page_size: int = GROUPS_PAGE_SIZE

    def run(self, client: ConnectClient) -> GroupPage:
        """The page (the first one, or the one at ``page_url``)."""
        return _group_page(client, "/chatter/users/me/groups", self.q, self.page_url, self.page_size)


class FindGroups(msgspec.Struct, frozen=True):
    """A page of every group the person can see (to find one to join), optionally matching ``q``."""

    q: str = ""
    page_url: str | None = None
    page_size: int = GROUPS_PAGE_SIZE

    def run(self, client: ConnectClient) -> GroupPage:
        """The page (the first one, or the one at ``page_url``)."""
        return _group_page(client, "/chatter/groups", self.q, self.page_url, self.page_size)


class GroupDetail(msgspec.Struct, frozen=True):
    """One group as the person sees it (their role, the membership to leave with)."""

    group_id: str

    def run(self, client: ConnectClient) -> Group:
        """The group."""
        url = client.data_url(f"/chatter/groups/{segment_id(self.group_id, 'group id')}")
        return json_call(client, "GET", url, parse_group)


class GroupMembers(msgspec.Struct, frozen=True):
    """A page of a group's members."""

    group_id: str
    page_url: str | None = None
    page_size: int = MEMBERS_PAGE_SIZE

    def run(self, client: ConnectClient) -> MemberPage:
        """The page (the first one, or the one at ``page_url``)."""
        path = f"/chatter/groups/{segment_id(self.group_id, 'group id')}/members"
        params = None if self.page_url else {"pageSize": max(1, min(1000, self.page_size))}
        return json_call(
            client, "GET", _page_url(client, self.page_url, path), parse_member_page, params=params
        )


class JoinGroup(msgspec.Struct, frozen=True):
    """Join a public group (add the person as a member)."""

    group_id: str

    def run(self, client: ConnectClient) -> GroupMember:
        """The new membership."""
        url = client.data_url(f"/chatter/groups/{segment_id(self.group_id, 'group id')}/members")
        body = {"userId": client.account.user_id}
        return json_call(client, "POST", url, parse_group_member, json=body)


class AskToJoin(msgspec.Struct, frozen=True):
    """Ask to join a private group; the owner or a manager decides."""

    group_id: str

    def run(self, client: ConnectClient) -> MembershipRequest | None:
        """The request (also when one was already pending); None when the person is already a member."""
        path = f"/chatter/groups/{segment_id(self.group_id, 'group id')}/members/requests"
        return optional_json_call(client, "POST", client.data_url(path), parse_membership_request)


class LeaveGroup(msgspec.Struct, frozen=True):
    """Leave a group: delete the person's membership."""

    group_id: str
    membership_id: str | None = None

    def run(self, client: ConnectClient) -> None:
        """Nothing: the person is no longer a member."""
        membership = self.membership_id or find_my_membership(client, self.group_id)
        if membership is None:
            raise ApiError(
                None,
                "not_a_member",
                "no membership of the person in the group",
                None,
                user_message="You are no longer a member of this group.",
            )
        path = f"/chatter/group-memberships/{segment_id(membership, 'membership id')}"
        no_content_call(client, "DELETE", client.data_url(path))


def find_my_membership(client: ConnectClient, group_id: str) -> str | None:
    """The id of the person's own membership of a group, from the members resource (None if not a member)."""
    me = client.account.user_id
    page_url: str | None = None
    for _ in range(MAX_MEMBER_PAGES):
        page = GroupMembers(group_id, page_url).run(client)
        if page.my_membership_id:
            return page.my_membership_id
        for member in page.members:
            if _same_user(member.user.id, me):
                return member.id
        page_url = page.next_page_url
        if not page_url:
            return None
    return None


def _same_user(a: str, b: str) -> bool:
    # The 18-character form only adds a case-insensitive checksum to the 15-character one.
    return a == b if len(a) == len(b) else a[:15] == b[:15]
