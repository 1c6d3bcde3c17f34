"""Groups, members, requests, subscriptions, mention completions and the organization, parsed from the
documented shapes, with nulls and missing properties, and what each says about the person's place in it."""

from __future__ import annotations

import copy

import pytest

from desktop_app.api.errors import BadResponse
from desktop_app.api.groupmodels import (
    Group,
    parse_group,
    parse_group_member,
    parse_group_page,
    parse_member_page,
    parse_membership_request,
    role_words,
    visibility_words,
)
from desktop_app.api.organization import Organization, Section, offered_sections, parse_organization
from desktop_app.api.peopleops import parse_mention_completions, parse_person, parse_subscription

from . import peoplesamples as s
from .samples import USER_DETAIL


def test_group_detail() -> None:
    group = parse_group(copy.deepcopy(s.GROUP_DETAIL))
    assert group.id == s.GROUP_ID
    assert group.name == "Release Crew"
    assert group.member_count == 12
    assert group.visibility == "PublicAccess"
    assert group.membership_id == "0FBxx0000000MINE"
    assert group.owner is not None
    assert group.owner.display_name == "Jane Roe"
    assert group.photo is not None
    assert group.photo.small_url == s.PHOTO["smallPhotoUrl"]
    assert (group.information_title, group.information_text) == (
        "How we release",
        "Code freeze on Thursdays.",
    )
    assert group.is_member
    assert not group.is_private
    assert not group.has_requested


def test_a_private_group_seen_from_outside() -> None:
    group = parse_group(copy.deepcopy(s.PRIVATE_OUTSIDER))
    assert not group.is_member
    assert group.is_private
    assert group.information_title is None
    requested = parse_group({**s.PRIVATE_OUTSIDER, "myRole": "NotAMemberPrivateRequested"})
    assert requested.has_requested
    assert not requested.is_member


@pytest.mark.parametrize(
    ("role", "subscription", "member"),
    [
        ("GroupOwner", None, True),
        ("GroupManager", None, True),
        ("StandardMember", None, True),
        ("NotAMember", None, False),
        (None, {"id": "0FBxx"}, True),  # an org that leaves the role out still names the membership
        (None, None, False),
        ("SomeRoleOfTomorrow", {"id": "0FBxx"}, False),
    ],
)
def test_membership_by_role_and_subscription(role: str | None, subscription: object, member: bool) -> None:
    group = parse_group({"id": s.GROUP_ID, "name": "G", "myRole": role, "mySubscription": subscription})
    assert group.is_member is member


def test_a_bare_group_keeps_what_it_has() -> None:
    group = parse_group({"id": s.GROUP_ID})
    assert group == Group(id=s.GROUP_ID, name=s.GROUP_ID)
    assert parse_group({"id": s.GROUP_ID, "name": "A &amp; B"}, True).name == "A & B"


def test_a_group_without_an_id_is_refused() -> None:
    with pytest.raises(BadResponse):
        parse_group({"name": "No id"})
    with pytest.raises(BadResponse):
        parse_group([s.GROUP_DETAIL])


def test_group_pages_of_both_eras() -> None:
    page = parse_group_page(copy.deepcopy(s.GROUP_COLLECTION))
    assert [g.name for g in page.groups] == ["Release Crew", "Sales Leadership"]
    assert page.total == 3
    assert page.next_page_url == s.GROUP_COLLECTION["nextPageUrl"]
    older = parse_group_page({"items": [s.GROUP_DETAIL, {"name": "no id"}, None], "nextPageUrl": None})
    assert [g.id for g in older.groups] == [s.GROUP_ID]
    assert older.total is None
    with pytest.raises(BadResponse):
        parse_group_page({"total": 0})


def test_members_and_my_membership() -> None:
    page = parse_member_page(copy.deepcopy(s.MEMBER_PAGE))
    assert [(m.id, m.role, m.user.display_name) for m in page.members] == [
        ("0FBxx0000000MINE", "StandardMember", "Jane Roe"),
        ("0FBxx0000000BOBB", "GroupManager", "Bob Stone"),
    ]
    assert page.total == 2
    assert page.my_membership_id == "0FBxx0000000MINE"
    partial = parse_member_page({"members": [{"id": "0FB1"}, {"user": s.MEMBER["user"]}, s.MEMBER]})
    assert [m.id for m in partial.members] == ["0FBxx0000000MINE"]
    assert partial.my_membership_id is None
    with pytest.raises(BadResponse):
        parse_member_page({"totalMemberCount": 3})


def test_a_join_answer_and_a_request() -> None:
    assert parse_group_member(copy.deepcopy(s.MEMBER)).id == "0FBxx0000000MINE"
    with pytest.raises(BadResponse):
        parse_group_member({"id": "0FB1", "user": None})
    request = parse_membership_request(copy.deepcopy(s.MEMBERSHIP_REQUEST))
    assert (request.id, request.status, request.group_id) == (
        "0I5xx0000000FAKE",
        "Pending",
        "0F9xx0000000PRIV",
    )
    assert parse_membership_request({"id": "0I5"}).status is None


def test_words_for_visibility_and_roles() -> None:
    assert visibility_words("PrivateAccess") == "Private"
    assert visibility_words("Unlisted") == "Unlisted"
    assert visibility_words("FutureAccess") == "FutureAccess"
    assert visibility_words(None) == ""
    assert role_words("GroupOwner") == "Owner"
    assert role_words(None) == ""


def test_a_person_with_and_without_my_subscription() -> None:
    followed = parse_person({**USER_DETAIL, "mySubscription": {"id": "0E8xx1", "url": "/x"}})
    assert followed.followed
    assert followed.subscription_id == "0E8xx1"
    assert followed.detail.followers_count == USER_DETAIL["followersCount"]
    assert not parse_person({**USER_DETAIL, "mySubscription": None}).followed
    assert not parse_person({key: v for key, v in USER_DETAIL.items() if key != "mySubscription"}).followed


def test_a_subscription() -> None:
    subscription = parse_subscription(copy.deepcopy(s.SUBSCRIPTION))
    assert subscription.id == "0E8xx0000000FAKE"
    assert subscription.subject_id == "005xx000002FAKE"
    assert parse_subscription({"id": "0E8", "subject": None}).subject_id is None
    with pytest.raises(BadResponse):
        parse_subscription({"subject": {"id": "005"}})


def test_mention_completions_of_people_and_groups() -> None:
    found = parse_mention_completions(copy.deepcopy(s.MENTION_PAGE))
    assert [(c.name, c.is_group) for c in found] == [("Bob Stone", False), ("Release Crew", True)]
    assert found[0].description == "Release Manager"
    assert found[1].user_type is None
    odd = parse_mention_completions({"mentionCompletions": [{"name": "no id"}, {"recordId": "005x"}, 7]})
    assert odd == []
    with pytest.raises(BadResponse):
        parse_mention_completions({"mentions": []})


def test_the_organization() -> None:
    org = parse_organization(copy.deepcopy(s.ORGANIZATION), True)
    assert org.name == "Acme & Co"
    assert org.org_id == "00Dxx0000001gEXEAY"
    assert org.max_files_per_post == 10
    assert org.feature("chatterTopics")
    assert not org.feature("chatterMessages")
    assert org.feature("someFeatureOfTomorrow")  # not said: taken as on
    assert "feedPolling" not in org.features  # null is not a yes or a no
    assert org.setting("canFollow")
    assert parse_organization({"name": "  "}).name is None


def test_which_parts_of_the_app_an_org_offers() -> None:
    assert offered_sections(None) == frozenset(Section)
    org = parse_organization(copy.deepcopy(s.ORGANIZATION))
    assert offered_sections(org) == {
        Section.FEEDS, Section.GROUPS, Section.PEOPLE, Section.FOLLOW, Section.FILES, Section.TOPICS
    }  # fmt: skip
    assert offered_sections(Organization()) == frozenset(Section)
    no_chatter = Organization(features={"chatter": False})
    assert offered_sections(no_chatter) == frozenset()
    assert offered_sections(Organization(user_settings={"hasChatter": False})) == frozenset()
    no_follow = Organization(user_settings={"canFollow": False}, features={"files": False})
    assert Section.FOLLOW not in offered_sections(no_follow)
    assert Section.FILES_ON_COMMENTS not in offered_sections(no_follow)
    assert Section.GROUPS in offered_sections(no_follow)
