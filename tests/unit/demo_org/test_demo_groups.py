"""Groups, following and mention completions of the demo org: shapes, Salesforce's status codes and error
bodies, private group feeds, and what persists across a restart."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.database import FILE_NAME
from desktop_app.demo_org.groups import GroupStore, check_feed_access, hidden_groups
from desktop_app.demo_org.segments import InputError

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
JOSE = "jose@acme.demo"
DANA = "dana@acme.demo"
API = "/services/data/v66.0/chatter"
NO_ACCESS = "INSUFFICIENT_ACCESS_OR_READONLY"


class Api:
    """A signed-in user's Chatter calls."""

    def __init__(self, demo: DemoOrg, username: str) -> None:
        self.user = demo.user(username)
        self.grant = demo.grant(username)
        self.session = api_session(self.grant["access_token"])

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.grant["instance_url"] + API + path, timeout=10, **kwargs)

    def json(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        answer = self.call(method, path, **kwargs)
        assert answer.status_code == status, answer.text
        return answer.json()

    def groups(self) -> dict[str, dict[str, Any]]:
        return {group["name"]: group for group in self.json("GET", "/groups")["groups"]}


@pytest.fixture
def demo(make_demo: Callable[..., DemoOrg]) -> DemoOrg:
    return make_demo()


@pytest.fixture
def zoe(demo: DemoOrg) -> Iterator[Api]:
    api = Api(demo, ZOE)
    yield api
    api.session.close()


@pytest.fixture
def jose(demo: DemoOrg) -> Iterator[Api]:
    api = Api(demo, JOSE)
    yield api
    api.session.close()


def error_of(answer: requests.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert isinstance(body, list)
    assert set(body[0]) == {"errorCode", "message"}
    code: str = body[0]["errorCode"]
    return code


def test_group_detail_shape(zoe: Api) -> None:
    crew = zoe.groups()["Release Crew"]
    detail = zoe.json("GET", f"/groups/{crew['id']}")
    assert detail["type"] == "CollaborationGroup"
    assert detail["visibility"] == "PublicAccess"
    assert detail["myRole"] == "GroupOwner"
    assert detail["mySubscription"]["id"].startswith("0FB")
    assert detail["owner"]["id"] == zoe.user.user_id
    assert detail["photo"]["smallPhotoUrl"].endswith("/T")
    assert detail["information"] == {"title": "How we release", "text": detail["information"]["text"]}
    assert detail["lastFeedElementPostDate"].endswith("Z")
    assert detail["url"] == f"{API}/groups/{crew['id']}"
    picture = zoe.session.get(detail["photo"]["smallPhotoUrl"], timeout=10)
    assert picture.status_code == 200
    assert picture.headers["Content-Type"] == "image/png"


def test_my_groups_collection(zoe: Api) -> None:
    page = zoe.json("GET", "/users/me/groups", params={"pageSize": 1})
    assert set(page) >= {"groups", "total", "nextPageUrl", "currentPageUrl", "previousPageUrl"}
    assert page["total"] == 2
    assert len(page["groups"]) == 1
    second = zoe.session.get(zoe.grant["instance_url"] + page["nextPageUrl"], timeout=10).json()
    assert second["nextPageUrl"] is None
    names = [page["groups"][0]["name"], second["groups"][0]["name"]]
    assert names == ["Design Guild", "Release Crew"]
    assert error_of(zoe.call("GET", "/users/me/groups", params={"q": "d"}), 400) == "INVALID_API_INPUT"
    assert [g["name"] for g in zoe.json("GET", "/users/me/groups", params={"q": "rel"})["groups"]] == [
        "Release Crew"
    ]
    assert error_of(zoe.call("GET", "/users/005000000000000AAA/groups"), 404) == "NOT_FOUND"


def test_joining_a_private_group_is_refused_and_asking_works(zoe: Api, jose: Api) -> None:
    sales = zoe.groups()["Sales Leadership"]
    assert sales["information"] is None  # hidden from outsiders
    assert (
        error_of(zoe.call("POST", f"/groups/{sales['id']}/members", json={"userId": zoe.user.user_id}), 403)
        == NO_ACCESS
    )
    asked = zoe.call("POST", f"/groups/{sales['id']}/members/requests")
    assert asked.status_code == 201
    request = asked.json()
    assert request["status"] == "Pending"
    assert request["requestedGroup"]["id"] == sales["id"]
    assert zoe.json("POST", f"/groups/{sales['id']}/members/requests", 201)["id"] == request["id"]
    assert zoe.json("GET", f"/groups/{sales['id']}")["myRole"] == "NotAMemberPrivateRequested"
    # Only its owner and managers read the requests; the owner then adds the person.
    assert error_of(zoe.call("GET", f"/groups/{sales['id']}/members/requests"), 403) == NO_ACCESS
    pending = jose.json("GET", f"/groups/{sales['id']}/members/requests", params={"status": "Pending"})
    assert [r["user"]["id"] for r in pending["requests"]] == [zoe.user.user_id]
    assert jose.json("GET", f"/groups/{sales['id']}")["pendingRequests"] == 1
    jose.json("POST", f"/groups/{sales['id']}/members", 201, json={"userId": zoe.user.user_id})
    assert zoe.json("GET", f"/groups/{sales['id']}")["myRole"] == "StandardMember"
    assert zoe.call("POST", f"/groups/{sales['id']}/members/requests").status_code == 204


def test_join_and_leave_a_public_group(demo: DemoOrg, zoe: Api) -> None:
    cafe = zoe.groups()["Café Chatter"]
    assert error_of(zoe.call("POST", f"/groups/{cafe['id']}/members", json={}), 400) == "INVALID_API_INPUT"
    member = zoe.json("POST", f"/groups/{cafe['id']}/members", 201, params={"userId": zoe.user.user_id})
    assert member["role"] == "StandardMember"
    assert member["user"]["id"] == zoe.user.user_id
    duplicate = zoe.call("POST", f"/groups/{cafe['id']}/members", json={"userId": zoe.user.user_id})
    assert error_of(duplicate, 400) == "DUPLICATE_VALUE"
    members = zoe.json("GET", f"/groups/{cafe['id']}/members")
    assert members["myMembership"]["id"] == member["id"]
    assert members["totalMemberCount"] == cafe["memberCount"] + 1
    # Another member may not end Zoë's membership (its owner or a manager could); Zoë may.
    dana = Api(demo, DANA)
    assert error_of(dana.call("DELETE", f"/group-memberships/{member['id']}"), 403) == NO_ACCESS
    dana.session.close()
    assert zoe.call("DELETE", f"/group-memberships/{member['id']}").status_code == 204
    assert error_of(zoe.call("DELETE", f"/group-memberships/{member['id']}"), 404) == "NOT_FOUND"
    assert zoe.json("GET", f"/groups/{cafe['id']}")["memberCount"] == cafe["memberCount"]


def test_a_member_may_not_add_someone_else_and_an_owner_may_not_leave(
    demo: DemoOrg, zoe: Api, jose: Api
) -> None:
    crew = zoe.groups()["Release Crew"]
    misaki = Api(demo, "misaki@acme.demo")  # a plain member of the crew
    answer = misaki.call("POST", f"/groups/{crew['id']}/members", json={"userId": jose.user.user_id})
    assert error_of(answer, 403) == NO_ACCESS
    misaki.session.close()
    answer = zoe.call("POST", f"/groups/{crew['id']}/members", json={"userId": "005000000000000AAA"})
    assert error_of(answer, 404) == "NOT_FOUND"
    answer = zoe.call("POST", f"/groups/{crew['id']}/members", json={"userId": jose.user.user_id})
    assert answer.status_code == 201  # the owner adds people
    owner = zoe.json("GET", f"/groups/{crew['id']}")["mySubscription"]["id"]
    assert error_of(zoe.call("DELETE", f"/group-memberships/{owner}"), 403) == NO_ACCESS
    cafe = zoe.groups()["Café Chatter"]
    assert error_of(zoe.call("POST", f"/groups/{cafe['id']}/members/requests"), 400) == "INVALID_API_INPUT"


def test_unknown_ids_are_not_found(zoe: Api) -> None:
    for method, path in (
        ("GET", "/groups/0F9000000000000AAA"),
        ("GET", "/groups/0F9000000000000AAA/members"),
        ("POST", "/groups/0F9000000000000AAA/members/requests"),
        ("DELETE", "/group-memberships/0FB000000000000AAA"),
        ("DELETE", "/subscriptions/0E8000000000000AAA"),
    ):
        assert error_of(zoe.call(method, path), 404) == "NOT_FOUND", path


def test_follow_and_unfollow(zoe: Api, jose: Api) -> None:
    detail = zoe.json("GET", f"/users/{jose.user.user_id}")
    followers = detail["followersCount"]
    subscription = detail["mySubscription"]["id"]
    assert error_of(jose.call("DELETE", f"/subscriptions/{subscription}"), 403) == NO_ACCESS
    assert zoe.call("DELETE", f"/subscriptions/{subscription}").status_code == 204
    after = zoe.json("GET", f"/users/{jose.user.user_id}")
    assert after["followersCount"] == followers - 1
    assert after["mySubscription"] is None
    mine = zoe.json("GET", "/users/me")["followingCounts"]
    assert mine["total"] == mine["people"] + mine["records"]
    made = zoe.json("POST", "/users/me/following", 201, json={"subjectId": jose.user.user_id})
    assert made["subject"]["id"] == jose.user.user_id
    assert made["subscriber"]["id"] == zoe.user.user_id
    assert made["url"] == f"{API}/subscriptions/{made['id']}"
    assert zoe.json("GET", f"/users/{jose.user.user_id}")["followersCount"] == followers
    searched = zoe.json("GET", "/users", params={"q": "jos"})["users"][0]
    assert searched["mySubscription"]["id"] == made["id"]
    assert error_of(zoe.call("POST", "/users/me/following", json={"subjectId": zoe.user.user_id}), 400)
    assert error_of(zoe.call("POST", "/users/me/following", json={}), 400) == "INVALID_API_INPUT"
    assert error_of(zoe.call("POST", "/users/me/following", json={"subjectId": "001000000000000AAA"}), 404)


def test_mention_completions(zoe: Api) -> None:
    found = zoe.json("GET", "/mentions/completions", params={"q": "re"})["mentionCompletions"]
    assert [(c["name"], c["userType"]) for c in found] == [("Release Crew", None)]
    assert set(found[0]) == {"additionalLabel", "description", "name", "photoUrl", "recordId", "userType"}
    users = zoe.json("GET", "/mentions/completions", params={"q": "dana", "type": "User"})[
        "mentionCompletions"
    ]
    assert [(c["name"], c["description"], c["userType"]) for c in users] == [
        ("Dana Kowalski", "Support Lead", "Internal")
    ]
    one_letter = zoe.json("GET", "/mentions/completions", params={"q": "r", "type": "Group"})
    assert one_letter["mentionCompletions"] == []
    assert error_of(zoe.call("GET", "/mentions/completions"), 400) == "INVALID_API_INPUT"
    assert error_of(zoe.call("GET", "/mentions/completions", params={"q": "x", "type": "Topic"}), 400)


def test_a_group_can_be_mentioned_and_posted_to_by_its_members_only(zoe: Api) -> None:
    groups = zoe.groups()
    body = {"messageSegments": [{"type": "Mention", "id": groups["Release Crew"]["id"]}]}
    post = {"feedElementType": "FeedItem", "subjectId": "me", "body": body}
    mention = zoe.json("POST", "/feed-elements", 201, json=post)["body"]["messageSegments"][0]
    assert mention["text"] == "@Release Crew"
    assert mention["accessible"] is True
    assert mention["record"]["type"] == "CollaborationGroup"
    text = {"messageSegments": [{"type": "Text", "text": "hello"}]}
    to_private = {"feedElementType": "FeedItem", "subjectId": groups["Sales Leadership"]["id"], "body": text}
    assert error_of(zoe.call("POST", "/feed-elements", json=to_private), 403) == NO_ACCESS
    to_own = {**to_private, "subjectId": groups["Design Guild"]["id"]}
    assert (
        zoe.json("POST", "/feed-elements", 201, json=to_own)["parent"]["id"] == groups["Design Guild"]["id"]
    )


def test_the_feed_check_for_private_groups(demo: DemoOrg, zoe: Api) -> None:
    groups = zoe.groups()
    org = demo.state.orgs[0]
    with demo.state.db.transaction() as conn:
        check_feed_access(conn, org, zoe.user.user_id, groups["Design Guild"]["id"])
        check_feed_access(conn, org, zoe.user.user_id, groups["Café Chatter"]["id"])
        check_feed_access(conn, org, zoe.user.user_id, zoe.user.user_id)
        with pytest.raises(InputError) as refused:
            check_feed_access(conn, org, zoe.user.user_id, groups["Sales Leadership"]["id"])
        assert (refused.value.status, refused.value.error_code) == (403, NO_ACCESS)
        assert hidden_groups(conn, org, zoe.user.user_id) == {groups["Sales Leadership"]["id"]}
        seeded = conn.execute(
            "SELECT count(*) FROM items WHERE parent_id = ?", (groups["Sales Leadership"]["id"],)
        ).fetchone()[0]
    assert seeded >= 1  # group feeds are not empty


def test_joins_requests_and_follows_survive_a_restart(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path) as first:
        zoe = Api(first, ZOE)
        groups = zoe.groups()
        zoe.json(
            "POST", f"/groups/{groups['Café Chatter']['id']}/members", 201, json={"userId": zoe.user.user_id}
        )
        zoe.json("POST", f"/groups/{groups['Sales Leadership']['id']}/members/requests", 201)
        jose = first.user(JOSE)
        subscription = zoe.json("GET", f"/users/{jose.user_id}")["mySubscription"]["id"]
        assert zoe.call("DELETE", f"/subscriptions/{subscription}").status_code == 204
        zoe.session.close()
    with DemoOrg(data_dir=tmp_path) as second:
        zoe = Api(second, ZOE)
        again = zoe.groups()
        assert again.keys() == groups.keys()  # seeded once, not again
        assert again["Café Chatter"]["myRole"] == "StandardMember"
        assert again["Sales Leadership"]["myRole"] == "NotAMemberPrivateRequested"
        assert zoe.json("GET", f"/users/{jose.user_id}")["mySubscription"] is None
        zoe.session.close()


def test_data_from_before_groups_gains_them(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path):
        pass
    with sqlite3.connect(tmp_path / FILE_NAME) as conn:
        for table in ("group_requests", "group_members", "chatter_groups", "subscriptions"):
            conn.execute(f"DROP TABLE {table}")
    with DemoOrg(data_dir=tmp_path) as demo:
        with demo.state.db.transaction() as conn:
            names = [g.name for g in GroupStore(conn, demo.state.orgs[0]).groups()]
        assert names == [
            "Café Chatter",
            "Design Guild",
            "Release Crew",
            "Sales Leadership",
            "Support Escalations",
        ]


def test_the_news_feed_leaves_out_private_groups_one_is_not_in(zoe: Api, jose: Api) -> None:
    groups = zoe.groups()
    sales, guild = groups["Sales Leadership"]["id"], groups["Design Guild"]["id"]

    def parents(api: Api) -> set[str]:
        found: set[str] = set()
        url: str | None = f"{API}/feeds/news/me/feed-elements?pageSize=100"
        while url:
            page = api.session.get(api.grant["instance_url"] + url, timeout=10).json()
            found |= {element["parent"]["id"] for element in page["elements"]}
            url = page["nextPageUrl"]
        return found

    seen_by_zoe, seen_by_jose = parents(zoe), parents(jose)
    assert guild in seen_by_zoe
    assert sales not in seen_by_zoe
    assert sales in seen_by_jose
    assert guild not in seen_by_jose
