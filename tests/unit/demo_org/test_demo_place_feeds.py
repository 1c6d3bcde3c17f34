"""To Me, Bookmarks, Company, record and user-profile feeds; search within them; the bookmarks capability."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
DATA = "/services/data/v66.0"
FEEDS = {
    "to": "/chatter/feeds/to/me/feed-elements",
    "bookmarks": "/chatter/feeds/bookmarks/me/feed-elements",
    "company": "/chatter/feeds/company/feed-elements",
}


def _send(grant: dict[str, str], method: str, path: str, **kwargs: Any) -> requests.Response:
    url = (
        path
        if path.startswith("http")
        else grant["instance_url"] + (path if path.startswith(DATA) else DATA + path)
    )
    with api_session(grant["access_token"]) as session:
        return session.request(method, url, timeout=10, **kwargs)


def _all(grant: dict[str, str], path: str, **params: Any) -> list[dict[str, Any]]:
    answer = _send(grant, "GET", path, params={"pageSize": 100, **params})
    assert answer.status_code == 200, answer.text
    page = answer.json()
    found = list(page["elements"])
    while page["nextPageUrl"]:
        page = _send(grant, "GET", page["nextPageUrl"]).json()
        found += page["elements"]
    return found


def _texts(element: dict[str, Any]) -> str:
    return element["body"]["text"] or ""


def _mentions(element: dict[str, Any], user_id: str) -> bool:
    segments = element["body"]["messageSegments"]
    return any(seg["type"] == "Mention" and seg.get("record", {}).get("id") == user_id for seg in segments)


def test_to_me_has_posts_to_me_or_mentioning_me_and_mine_only_with_comments(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    me = demo.user(ZOE).user_id
    elements = _all(grant, FEEDS["to"])
    assert elements, "the seeded org mentions Zoe somewhere"
    for element in elements:
        if element.get("actor", {}).get("id") == me:
            assert element["capabilities"]["comments"]["page"]["total"] > 0
            continue
        comments = element["capabilities"]["comments"]["page"]["items"]
        about_me = (
            element["parent"]["id"] == me
            or _mentions(element, me)
            or any(_mentions(comment, me) for comment in comments)
        )
        assert about_me, element["id"]
    page = _send(grant, "GET", FEEDS["to"]).json()
    assert page["updatesUrl"] is None
    assert page["updatesToken"] is None


def test_company_feed_pages_every_post_and_can_be_polled(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    company = _all(grant, FEEDS["company"])
    news = _all(grant, "/chatter/feeds/news/me/feed-elements")
    assert {e["id"] for e in company} == {e["id"] for e in news}
    page = _send(grant, "GET", FEEDS["company"], params={"pageSize": 5}).json()
    assert "updatedSince=" in page["updatesUrl"]
    assert _send(grant, "GET", page["updatesUrl"]).json()["elements"] == []


def test_record_feed_serves_posts_parented_by_the_record(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    news = _all(grant, "/chatter/feeds/news/me/feed-elements")
    record = next(e["parent"] for e in news if e["parent"]["id"][:3] in ("001", "006", "0F9"))
    elements = _all(grant, f"/chatter/feeds/record/{record['id']}/feed-elements")
    assert elements
    assert all(e["parent"]["id"] == record["id"] for e in elements)
    assert {e["id"] for e in elements} == {e["id"] for e in news if e["parent"]["id"] == record["id"]}
    page = _send(grant, "GET", f"/chatter/feeds/record/{record['id']}/feed-elements").json()
    assert page["updatesUrl"] is not None
    missing = _send(grant, "GET", "/chatter/feeds/record/001000000000000AAA/feed-elements")
    assert missing.status_code == 404
    assert missing.json()[0]["errorCode"] == "NOT_FOUND"


def test_user_profile_feed_is_by_to_or_mentioning_them_without_updates(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    other = next(user for user in demo.users if user.org_id == demo.user(ZOE).org_id and user.username != ZOE)
    elements = _all(grant, f"/chatter/feeds/user-profile/{other.user_id}/feed-elements")
    assert elements
    for element in elements:
        assert other.user_id in (element.get("actor", {}).get("id"), element["parent"]["id"]) or _mentions(
            element, other.user_id
        )
    page = _send(grant, "GET", f"/chatter/feeds/user-profile/{other.user_id}/feed-elements").json()
    assert page["updatesUrl"] is None
    assert (
        _send(grant, "GET", "/chatter/feeds/user-profile/005000000000000AAA/feed-elements").status_code == 404
    )


def test_search_within_a_feed_finds_words_with_wildcards(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    news = _all(grant, "/chatter/feeds/news/me/feed-elements")
    word = next(w for e in news for w in _texts(e).split() if w.isalpha() and len(w) > 5)
    found = _all(grant, FEEDS["company"], q=word[:4] + "*")
    assert found
    for element in found:
        comments = " ".join(c["body"]["text"] for c in element["capabilities"]["comments"]["page"]["items"])
        total = element["capabilities"]["comments"]["page"]["total"]
        assert word[:4].lower() in (_texts(element) + comments).lower() or total > 3
    page = _send(grant, "GET", FEEDS["company"], params={"q": word[:4] + "*", "pageSize": 1}).json()
    if page["nextPageUrl"]:
        assert "q=" in page["nextPageUrl"]
    assert _all(grant, FEEDS["company"], q="zzqqxxnotthere") == []
    news = _all(grant, "/chatter/feeds/news/me/feed-elements", q=word[:4] + "*")
    assert {e["id"] for e in news} == {e["id"] for e in found}
    short = _send(grant, "GET", "/chatter/feeds/news/me/feed-elements", params={"q": "x"})
    assert short.status_code == 400


@pytest.mark.parametrize("query", ["a", "*", "a*", " ?* ", "*b?"])
def test_search_needs_two_characters_that_are_not_wildcards(demo: DemoOrg, query: str) -> None:
    answer = _send(demo.grant(ZOE), "GET", FEEDS["company"], params={"q": query})
    assert answer.status_code == 400
    body = answer.json()
    assert isinstance(body, list)
    assert body[0]["errorCode"] == "INVALID_SEARCH"
    assert "2 or more characters" in body[0]["message"]


def test_bookmark_an_element_and_find_it_in_bookmarks(make_demo: Any) -> None:
    demo: DemoOrg = make_demo()
    grant = demo.grant(ZOE)
    assert _all(grant, FEEDS["bookmarks"]) == []
    element = _send(grant, "GET", FEEDS["company"]).json()["elements"][3]
    path = f"/chatter/feed-elements/{element['id']}/capabilities/bookmarks"
    answer = _send(grant, "PATCH", path, json={"isBookmarkedByCurrentUser": True})
    assert answer.status_code == 200
    assert answer.json() == {"isBookmarkedByCurrentUser": True}
    marked = _all(grant, FEEDS["bookmarks"])
    assert [e["id"] for e in marked] == [element["id"]]
    assert marked[0]["capabilities"]["bookmarks"]["isBookmarkedByCurrentUser"] is True
    got = _send(grant, "GET", f"/chatter/feed-elements/{element['id']}").json()
    assert got["capabilities"]["bookmarks"]["isBookmarkedByCurrentUser"] is True
    page = _send(grant, "GET", FEEDS["bookmarks"]).json()
    assert page["updatesUrl"] is None
    assert _send(grant, "PATCH", path, params={"isBookmarkedByCurrentUser": "false"}).status_code == 200
    assert _all(grant, FEEDS["bookmarks"]) == []
    assert _send(grant, "PATCH", path, json={"isBookmarkedByCurrentUser": "maybe"}).status_code == 400
    gone = "/chatter/feed-elements/0D5000000000000AAA/capabilities/bookmarks"
    assert _send(grant, "PATCH", gone, json={"isBookmarkedByCurrentUser": True}).status_code == 404


def test_feeds_of_another_user_are_not_found(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    other = next(user for user in demo.users if user.username != ZOE)
    for feed in ("to", "bookmarks"):
        answer = _send(grant, "GET", f"/chatter/feeds/{feed}/{other.user_id}/feed-elements")
        assert answer.status_code == 404


def test_sort_by_last_modified_on_place_feeds(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    elements = _all(grant, FEEDS["company"], sort="LastModifiedDateDesc")
    dates = [e["modifiedDate"] for e in elements]
    assert dates == sorted(dates, reverse=True)
    assert _send(grant, "GET", FEEDS["company"], params={"sort": "Sideways"}).status_code == 400
