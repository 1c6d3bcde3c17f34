"""Versions, the news feed (paging, page size, sort, updates) and the seeded content."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
FEED = "/services/data/v66.0/chatter/feeds/news/me/feed-elements"


def _get(demo: DemoOrg, grant: dict[str, str], path: str, **params: Any) -> requests.Response:
    with api_session(grant["access_token"]) as session:
        return session.get(grant["instance_url"] + path, params=params, timeout=10)


def _all_items(demo: DemoOrg, grant: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    answer = _get(demo, grant, FEED, pageSize=100, **params).json()
    while True:
        items += answer["elements"]
        if answer["nextPageUrl"] is None:
            assert answer["nextPageToken"] is None
            return items
        answer = _get(demo, grant, answer["nextPageUrl"]).json()


def _created(item: dict[str, Any]) -> datetime:
    return datetime.strptime(item["createdDate"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def test_versions(demo: DemoOrg) -> None:
    with requests.Session() as session:
        answer = session.get(demo.orgs[0].instance_url + "/services/data/", timeout=10)
    assert answer.status_code == 200
    versions = answer.json()
    assert versions[-1] == {"label": "Spring '26", "url": "/services/data/v66.0", "version": "66.0"}
    assert versions[0]["version"] == "60.0"
    assert [entry["version"] for entry in versions] == sorted(
        (entry["version"] for entry in versions), key=float
    )
    assert answer.headers["Sforce-Limit-Info"].startswith("api-usage=")


def test_unknown_version_is_not_found(demo: DemoOrg) -> None:
    answer = _get(demo, demo.grant(ZOE), "/services/data/v99.0/chatter/users/me")
    assert answer.status_code == 404
    assert answer.json() == [{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]


def test_first_page_shape(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    zoe = demo.user(ZOE)
    answer = _get(demo, grant, FEED)
    assert answer.status_code == 200
    page = answer.json()
    assert len(page["elements"]) == 25
    assert page["currentPageToken"] is None
    assert page["currentPageUrl"] == f"/services/data/v66.0/chatter/feeds/news/{zoe.user_id}/feed-elements"
    assert page["isModifiedUrl"] is None
    assert page["isModifiedToken"] is None
    assert page["nextPageToken"]
    assert page["nextPageUrl"].startswith(page["currentPageUrl"] + "?page=")
    assert page["updatesToken"].startswith("2:")
    assert "updatedSince=" in page["updatesUrl"]
    item = page["elements"][0]
    for key in (
        "id",
        "feedElementType",
        "type",
        "url",
        "createdDate",
        "modifiedDate",
        "relativeCreatedDate",
        "actor",
        "header",
        "body",
        "parent",
        "capabilities",
        "photoUrl",
        "visibility",
        "isDeleteRestricted",
    ):
        assert key in item
    assert item["id"].startswith("0D5")
    assert len(item["id"]) == 18
    assert item["feedElementType"] == "FeedItem"
    assert item["actor"]["id"].startswith("005")
    assert item["actor"]["photo"]["smallPhotoUrl"].startswith(grant["instance_url"] + "/profilephoto/")
    assert item["header"]["messageSegments"][0]["type"] == "EntityLink"
    assert {"comments", "chatterLikes"} <= set(item["capabilities"])
    assert item["capabilities"]["comments"]["page"]["total"] >= len(
        item["capabilities"]["comments"]["page"]["items"]
    )


def test_paging_walks_the_whole_feed_newest_first(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    items = _all_items(demo, grant)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) >= 300
    created = [_created(item) for item in items]
    assert created == sorted(created, reverse=True)
    small = _get(demo, grant, FEED, pageSize=7).json()
    second = _get(demo, grant, small["nextPageUrl"]).json()
    third = _get(demo, grant, second["nextPageUrl"]).json()
    walked = [item["id"] for page in (small, second, third) for item in page["elements"]]
    assert walked == ids[:21]
    assert second["currentPageToken"] == small["nextPageToken"]
    assert "pageSize=7" in second["nextPageUrl"]


def test_page_size_bounds(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    assert len(_get(demo, grant, FEED, pageSize=1).json()["elements"]) == 1
    assert len(_get(demo, grant, FEED, pageSize=100).json()["elements"]) == 100
    for bad in (0, 101, "ten"):
        answer = _get(demo, grant, FEED, pageSize=bad)
        assert answer.status_code == 400
        assert answer.json()[0]["errorCode"] == "INVALID_API_INPUT"


def test_bad_page_token_and_sort(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    assert _get(demo, grant, FEED, page="garbage").status_code == 400
    assert _get(demo, grant, FEED, sort="MostViewed").status_code == 400
    assert _get(demo, grant, FEED, updatedSince="x").status_code == 400


def test_updates_url_returns_only_newer_items(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    page = _get(demo, grant, FEED).json()
    nothing = _get(demo, grant, page["updatesUrl"]).json()
    assert nothing["elements"] == []
    assert nothing["updatesToken"] != page["updatesToken"]
    with api_session(grant["access_token"]) as session:
        posted = session.post(
            grant["instance_url"] + "/services/data/v66.0/chatter/feed-elements",
            params={"feedElementType": "FeedItem", "subjectId": "me", "text": "fresh"},
            timeout=10,
        )
    assert posted.status_code == 201
    news = _get(demo, grant, page["updatesUrl"]).json()
    assert [item["id"] for item in news["elements"]] == [posted.json()["id"]]
    assert _get(demo, grant, news["updatesUrl"]).json()["elements"] == []


def test_sort_by_last_modified_brings_commented_items_up(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    oldest = _all_items(demo, grant)[-1]
    with api_session(grant["access_token"]) as session:
        base = f"{grant['instance_url']}/services/data/v66.0/chatter/feed-elements/{oldest['id']}"
        url = f"{base}/capabilities/comments/items"
        assert (
            session.post(
                url, json={"body": {"messageSegments": [{"type": "Text", "text": "bump"}]}}, timeout=10
            ).status_code
            == 201
        )
    by_modified = _get(demo, grant, FEED, sort="LastModifiedDateDesc", pageSize=5).json()
    assert by_modified["elements"][0]["id"] == oldest["id"]
    assert "sort=LastModifiedDateDesc" in by_modified["nextPageUrl"]
    assert "sort=LastModifiedDateDesc" in by_modified["updatesUrl"]
    by_created = _get(demo, grant, FEED, pageSize=5).json()
    assert by_created["elements"][0]["id"] != oldest["id"]
    modified = [item["modifiedDate"] for item in _all_items(demo, grant, sort="LastModifiedDateDesc")]
    assert modified == sorted(modified, reverse=True)


def test_seeded_feed_is_rich_and_recent(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    items = _all_items(demo, grant)
    now = datetime.now(UTC)
    assert now - _created(items[0]) < timedelta(minutes=10)
    assert now - _created(items[-1]) < timedelta(days=61)
    assert now - _created(items[-1]) > timedelta(days=30)
    kinds = {segment["type"] for item in items for segment in item["body"]["messageSegments"]}
    assert {"Text", "Mention", "Link", "Hashtag", "EntityLink", "MarkupBegin", "MarkupEnd"} <= kinds
    # Record updates and bundles are told by their header (their body text is null); bundles, like other
    # generic feed elements, have only the capabilities of their kind and no actor.
    texts = [item["body"]["text"] for item in items if item["body"]["text"] is not None]
    assert any("<script>alert(1)</script>" in text for text in texts)
    assert max(len(text) for text in texts) > 5000
    assert any(item["parent"]["type"] != "User" for item in items)
    posts = [item for item in items if item["feedElementType"] == "FeedItem"]
    assert any(item["capabilities"]["comments"]["page"]["total"] > 0 for item in posts)
    assert any(item["capabilities"]["chatterLikes"]["page"]["total"] > 0 for item in posts)
    names = {item["actor"]["displayName"] for item in posts}
    assert {"Zoë Ångström", "José Núñez", "Dana Kowalski"} <= names
    assert {item["relativeCreatedDate"] for item in items[:1]} <= {
        "Just now",
        *(f"{n}m ago" for n in range(1, 11)),
    }
    mention = next(s for item in items for s in item["body"]["messageSegments"] if s["type"] == "Mention")
    assert mention["record"]["id"].startswith("005")
    link = next(s for item in items for s in item["body"]["messageSegments"] if s["type"] == "Link")
    assert link["url"].startswith("https://")


def test_same_seed_same_data_different_seed_different_data(make_demo: Callable[..., DemoOrg]) -> None:
    one, two, other = make_demo(seed=3), make_demo(seed=3), make_demo(seed=4)
    first = [item["body"]["text"] for item in _get(one, one.grant(ZOE), FEED).json()["elements"]]
    again = [item["body"]["text"] for item in _get(two, two.grant(ZOE), FEED).json()["elements"]]
    different = [item["body"]["text"] for item in _get(other, other.grant(ZOE), FEED).json()["elements"]]
    assert first == again
    assert first != different
    assert [org.org_id for org in one.orgs] == [org.org_id for org in two.orgs]


def test_news_feed_info_and_other_subjects(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    info = _get(demo, grant, "/services/data/v66.0/chatter/feeds/news/me").json()
    assert info["feedElementPostUrl"] == "/services/data/v66.0/chatter/feed-elements"
    assert info["isModifiedUrl"] is None
    jose = demo.user("jose@acme.demo")
    assert (
        _get(demo, grant, f"/services/data/v66.0/chatter/feeds/news/{jose.user_id}/feed-elements").status_code
        == 404
    )


@pytest.mark.parametrize("version", ["60.0", "63.0", "66.0"])
def test_every_offered_version_serves_the_feed(demo: DemoOrg, version: str) -> None:
    page = _get(
        demo, demo.grant(ZOE), f"/services/data/v{version}/chatter/feeds/news/me/feed-elements"
    ).json()
    assert page["elements"][0]["url"].startswith(f"/services/data/v{version}/chatter/feed-elements/")
