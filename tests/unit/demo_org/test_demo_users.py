"""User resources and Chatter's HTML entity encoding."""

from __future__ import annotations

from typing import Any

import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
API = "/services/data/v66.0/chatter"
USER_DETAIL_FIELDS = {
    "id",
    "name",
    "firstName",
    "lastName",
    "displayName",
    "communityNickname",
    "title",
    "companyName",
    "email",
    "username",
    "aboutMe",
    "address",
    "phoneNumbers",
    "photo",
    "bannerPhoto",
    "chatterActivity",
    "chatterInfluence",
    "followersCount",
    "followingCounts",
    "groupCount",
    "hasChatter",
    "isActive",
    "isChatterGuest",
    "managerId",
    "managerName",
    "thanksReceived",
    "additionalLabel",
    "userType",
    "motif",
    "mySubscription",
    "outOfOffice",
    "reputation",
    "url",
    "type",
}


def _get(demo: DemoOrg, path: str, *, encode: bool = False, **params: Any) -> requests.Response:
    grant = demo.grant(ZOE)
    with api_session(grant["access_token"], encode=encode) as session:
        return session.get(grant["instance_url"] + API + path, params=params, timeout=10)


def test_users_me_is_a_full_user_detail(demo: DemoOrg) -> None:
    zoe = demo.user(ZOE)
    me = _get(demo, "/users/me").json()
    assert set(me) >= USER_DETAIL_FIELDS
    assert me["id"] == zoe.user_id
    assert me["displayName"] == me["name"] == "Zoë Ångström"
    assert me["firstName"] == "Zoë"
    assert me["username"] == ZOE
    assert me["companyName"] == "Acme Demo"
    assert me["type"] == "User"
    assert me["url"] == f"/services/data/v66.0/chatter/users/{zoe.user_id}"
    assert me["managerId"] is None
    assert me["chatterActivity"]["postCount"] > 0
    assert set(me["photo"]) >= {
        "smallPhotoUrl",
        "mediumPhotoUrl",
        "largePhotoUrl",
        "fullEmailPhotoUrl",
        "standardEmailPhotoUrl",
        "photoVersionId",
        "url",
    }
    assert me["photo"]["photoVersionId"].startswith("729")
    assert me["address"]["city"] == "Stockholm"
    assert _get(demo, f"/users/{zoe.user_id}").json() == me


def test_other_user_hides_private_fields(demo: DemoOrg) -> None:
    jose = demo.user("jose@acme.demo")
    other = _get(demo, f"/users/{jose.user_id}").json()
    assert other["displayName"] == "José Núñez"
    assert other["address"] is None
    assert other["phoneNumbers"] == []
    sandbox_user = demo.user("zoe@acme.demo.uat")
    assert _get(demo, f"/users/{sandbox_user.user_id}").status_code == 404
    assert _get(demo, "/users/005nobody").status_code == 404


def test_user_search_for_mentions(demo: DemoOrg) -> None:
    page = _get(demo, "/users", q="jose").json()
    assert [user["displayName"] for user in page["users"]] == ["José Núñez"]
    assert page["total"] == 1
    assert page["nextPageUrl"] is None
    assert _get(demo, "/users", q="ÅNGSTR").json()["users"][0]["username"] == ZOE
    assert _get(demo, "/users", q="zzz").json() == {
        **_get(demo, "/users", q="zzz").json(),
        "users": [],
        "total": 0,
    }
    everyone = _get(demo, "/users", pageSize=2).json()
    assert everyone["total"] == 4
    assert len(everyone["users"]) == 2
    second = _get(demo, everyone["nextPageUrl"].removeprefix(API)).json()
    assert len(second["users"]) == 2
    assert second["nextPageUrl"] is None
    assert {user["id"] for user in everyone["users"]}.isdisjoint(user["id"] for user in second["users"])
    assert _get(demo, "/users", page="x").status_code == 400


def test_entity_encoding_by_default_and_raw_on_request(demo: DemoOrg) -> None:
    raw_items = _get(demo, "/feeds/news/me/feed-elements", pageSize=100).json()["elements"]
    encoded_items = _get(demo, "/feeds/news/me/feed-elements", encode=True, pageSize=100).json()["elements"]
    index = next(n for n, item in enumerate(raw_items) if "<script>" in (item["body"]["text"] or ""))
    raw, encoded = raw_items[index], encoded_items[index]
    assert "<script>alert(1)</script>" in raw["body"]["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in encoded["body"]["text"]
    assert "&quot;double&quot;" in encoded["body"]["text"]
    assert "&#39;single&#39;" in encoded["body"]["text"]
    assert "back&#92;slash" in encoded["body"]["text"]
    assert "&amp; <" not in encoded["body"]["text"]
    assert encoded["id"] == raw["id"]
    assert encoded["url"] == raw["url"]
    assert encoded["actor"]["photo"] == raw["actor"]["photo"]
    me = _get(demo, "/users/me", encode=True).json()
    assert me["aboutMe"].endswith("&lt;anything&gt; &amp; everything.")
    assert _get(demo, "/users/me").json()["aboutMe"].endswith("<anything> & everything.")
    assert me["displayName"] == "Zoë Ångström", "non-ASCII letters are not entity encoded"


def test_encoding_applies_to_posted_text(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    with api_session(grant["access_token"], encode=True) as session:
        answer = session.post(
            grant["instance_url"] + API + "/feed-elements",
            params={"feedElementType": "FeedItem", "subjectId": "me", "text": "a<b & 'c'"},
            timeout=10,
        )
    assert answer.json()["body"]["text"] == "a&lt;b &amp; &#39;c&#39;"
