"""Group, people and organization operations against the demo org, and leaving by one's own member entry
against a server that names no membership."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import ApiError, BadResponse, Forbidden, NotFound
from desktop_app.api.groupmodels import Group
from desktop_app.api.groupops import (
    AskToJoin,
    FindGroups,
    GroupDetail,
    GroupMembers,
    JoinGroup,
    LeaveGroup,
    MyGroups,
    find_my_membership,
)
from desktop_app.api.organization import OrganizationInfo, Section, offered_sections
from desktop_app.api.peopleops import Follow, MentionCompletions, PersonProfile, Unfollow
from desktop_app.demo_org import DemoOrg

from . import peoplesamples as s
from .conftest import JOSE, Offline, ScriptedServer, Signed, json_reply


@pytest.fixture
def client(zoe: Signed) -> ConnectClient:
    return zoe.client()


def all_groups(client: ConnectClient) -> dict[str, Group]:
    return {group.name: group for group in FindGroups().run(client).groups}


def test_my_groups_and_all_groups(client: ConnectClient) -> None:
    mine = MyGroups().run(client)
    assert [g.name for g in mine.groups] == ["Design Guild", "Release Crew"]
    assert mine.total == 2
    assert all(g.is_member for g in mine.groups)
    everyone = all_groups(client)
    assert {"Café Chatter", "Sales Leadership", "Support Escalations"} <= set(everyone)
    assert not everyone["Sales Leadership"].is_member
    assert [g.name for g in FindGroups("sales").run(client).groups] == ["Sales Leadership"]
    # A filter shorter than Salesforce searches is not sent: the whole list comes back.
    assert len(MyGroups("d").run(client).groups) == 2
    assert [g.name for g in MyGroups("desi").run(client).groups] == ["Design Guild"]


def test_pages_of_groups_and_members_are_followed(client: ConnectClient) -> None:
    first = MyGroups(page_size=1).run(client)
    assert len(first.groups) == 1
    assert first.next_page_url is not None
    second = MyGroups(page_url=first.next_page_url).run(client)
    assert [g.name for g in first.groups + second.groups] == ["Design Guild", "Release Crew"]
    crew = all_groups(client)["Release Crew"]
    page = GroupMembers(crew.id, page_size=1).run(client)
    assert page.total == crew.member_count
    names = [m.user.display_name for m in page.members]
    while page.next_page_url:
        page = GroupMembers(crew.id, page.next_page_url).run(client)
        names += [m.user.display_name for m in page.members]
    assert len(names) == crew.member_count
    assert names[0] == "Zoë Ångström"


def test_join_and_leave_a_public_group(client: ConnectClient) -> None:
    cafe = all_groups(client)["Café Chatter"]
    member = JoinGroup(cafe.id).run(client)
    assert member.user.id == client.account.user_id
    joined = GroupDetail(cafe.id).run(client)
    assert joined.is_member
    assert joined.member_count == (cafe.member_count or 0) + 1
    LeaveGroup(cafe.id, joined.membership_id).run(client)
    assert not GroupDetail(cafe.id).run(client).is_member
    # Without the membership id, it is found among the members.
    JoinGroup(cafe.id).run(client)
    assert find_my_membership(client, cafe.id) is not None
    LeaveGroup(cafe.id).run(client)
    assert find_my_membership(client, cafe.id) is None
    with pytest.raises(ApiError) as left:
        LeaveGroup(cafe.id).run(client)
    assert left.value.error_code == "not_a_member"


def test_a_private_group_is_asked_to_join(client: ConnectClient) -> None:
    sales = all_groups(client)["Sales Leadership"]
    with pytest.raises(Forbidden) as refused:
        JoinGroup(sales.id).run(client)
    assert refused.value.error_code == "INSUFFICIENT_ACCESS_OR_READONLY"
    request = AskToJoin(sales.id).run(client)
    assert request is not None
    assert request.status == "Pending"
    again = AskToJoin(sales.id).run(client)
    assert again is not None
    assert again.id == request.id
    assert GroupDetail(sales.id).run(client).has_requested
    guild = all_groups(client)["Design Guild"]
    assert AskToJoin(guild.id).run(client) is None  # already a member: 204


def test_an_owner_cannot_leave(client: ConnectClient) -> None:
    crew = all_groups(client)["Release Crew"]
    with pytest.raises(Forbidden):
        LeaveGroup(crew.id, crew.membership_id).run(client)


def test_unknown_ids(client: ConnectClient) -> None:
    with pytest.raises(NotFound):
        GroupDetail("0F9000000000000AAA").run(client)
    with pytest.raises(NotFound):
        JoinGroup("0F9000000000000AAA").run(client)
    with pytest.raises(NotFound):
        PersonProfile("005000000000000AAA").run(client)
    with pytest.raises(NotFound):
        Unfollow("0E8000000000000AAA").run(client)
    with pytest.raises(ValueError, match="empty"):
        GroupDetail(" ").run(client)


def test_follow_and_unfollow_change_the_counts(demo: DemoOrg, client: ConnectClient) -> None:
    jose = demo.user(JOSE)
    before = PersonProfile(jose.user_id).run(client)
    assert before.followed
    followers = before.detail.followers_count
    assert followers is not None
    Unfollow(before.subscription_id or "").run(client)
    after = PersonProfile(jose.user_id).run(client)
    assert not after.followed
    assert after.detail.followers_count == followers - 1
    me = PersonProfile(client.account.user_id).run(client)
    subscription = Follow(jose.user_id).run(client)
    assert subscription.subject_id == jose.user_id
    again = PersonProfile(jose.user_id).run(client)
    assert again.subscription_id == subscription.id
    assert again.detail.followers_count == followers
    following = me.detail.following_people
    assert following is not None
    assert PersonProfile(client.account.user_id).run(client).detail.following_people == following + 1


def test_mention_completions(demo: DemoOrg, client: ConnectClient) -> None:
    calls = demo.counters["chatter"]
    assert MentionCompletions("r", kind="Group").run(client) == []
    assert demo.counters["chatter"] == calls  # too short for groups: not asked
    groups = MentionCompletions("rel", kind="Group").run(client)
    assert [(c.name, c.is_group) for c in groups] == [("Release Crew", True)]
    everyone = MentionCompletions("jos").run(client)
    assert [c.name for c in everyone] == ["José Núñez"]
    assert everyone[0].description == "Account Executive"
    # A private group the person is not in cannot be mentioned.
    assert MentionCompletions("sales", kind="Group").run(client) == []


def test_the_organization(demo: DemoOrg, client: ConnectClient) -> None:
    org = OrganizationInfo().run(client)
    assert org.name == demo.orgs[0].name
    assert org.org_id == demo.orgs[0].org_id
    assert Section.GROUPS in offered_sections(org)
    assert Section.MESSAGES not in offered_sections(org)


def test_leaving_finds_my_entry_when_no_membership_is_named(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    offline = offline_account(scripted.url)
    me = offline.account.user_id
    group = "/services/data/v66.0/chatter/groups/0F9xx0000000FAKE"
    others = {**s.MEMBER_PAGE, "myMembership": None, "nextPageUrl": f"{group}/members?page=1"}
    mine = {
        **s.MEMBER_PAGE,
        "myMembership": None,
        "members": [{**s.MEMBER, "id": "0FBxx00000000ME", "user": {**s.MEMBER["user"], "id": me}}],
    }
    scripted.answer(f"{group}/members", json_reply(others), json_reply(mine))
    leave = "/services/data/v66.0/chatter/group-memberships/0FBxx00000000ME"
    scripted.answer(leave, (204, {}, b""))
    with ConnectClient(offline.account, offline.credentials) as client:
        LeaveGroup("0F9xx0000000FAKE").run(client)
    assert [seen.method for seen in scripted.requests_to(leave)] == ["DELETE"]
    assert [seen.query for seen in scripted.requests_to(f"{group}/members")] == ["pageSize=100", "page=1"]


def test_an_unreadable_answer_to_a_write_may_have_been_applied(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    offline = offline_account(scripted.url)
    path = "/services/data/v66.0/chatter/users/me/following"
    scripted.answer(path, (201, {"Content-Type": "text/html"}, b"<html>oops</html>"))
    with ConnectClient(offline.account, offline.credentials) as client, pytest.raises(BadResponse) as failed:
        Follow("005xx000002FAKE").run(client)
    assert failed.value.maybe_applied
