"""Bookmarks, mutes, edits and their checks, uploads and posts with files at the demo org, as documented."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
JOSE = "jose@acme.demo"
DATA = "/services/data/v66.0"


class Api:
    """A signed-in user's calls to the instance host."""

    def __init__(self, demo: DemoOrg, username: str) -> None:
        self.grant = demo.grant(username)
        self.session = api_session(self.grant["access_token"])

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.grant["instance_url"] + DATA + path, timeout=10, **kwargs)

    def post(self, text: str, **extra: Any) -> dict[str, Any]:
        body = {
            "feedElementType": "FeedItem",
            "subjectId": "me",
            "body": {"messageSegments": [{"type": "Text", "text": text}]},
            **extra,
        }
        answer = self.call("POST", "/chatter/feed-elements", json=body)
        assert answer.status_code == 201, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def upload(self, name: str, data: bytes, title: str | None = None) -> requests.Response:
        fields = {"json": (None, f'{{"title": "{title}"}}', "application/json")} if title else {}
        files = {**fields, "fileData": (name, data, "application/octet-stream")}
        return self.call("POST", "/connect/files/users/me", files=files)

    def feed_ids(self) -> list[str]:
        answer = self.call("GET", "/chatter/feeds/news/me/feed-elements", params={"pageSize": 100})
        return [element["id"] for element in answer.json()["elements"]]


@pytest.fixture
def demo(make_demo: Callable[..., DemoOrg]) -> DemoOrg:
    return make_demo()


@pytest.fixture
def zoe(demo: DemoOrg) -> Iterator[Api]:
    api = Api(demo, ZOE)
    with api.session:
        yield api


@pytest.fixture
def jose(demo: DemoOrg) -> Iterator[Api]:
    api = Api(demo, JOSE)
    with api.session:
        yield api


def test_bookmark_by_json_or_parameter_is_per_person(zoe: Api, jose: Api) -> None:
    post = zoe.post("Bookmark me")
    path = f"/chatter/feed-elements/{post['id']}/capabilities/bookmarks"
    assert post["capabilities"]["bookmarks"] == {"isBookmarkedByCurrentUser": False}
    answer = zoe.call("PATCH", path, json={"isBookmarkedByCurrentUser": True})
    assert answer.status_code == 200
    assert answer.json() == {"isBookmarkedByCurrentUser": True}
    assert zoe.call("GET", path).json() == {"isBookmarkedByCurrentUser": True}
    assert jose.call("GET", path).json() == {"isBookmarkedByCurrentUser": False}
    element = zoe.call("GET", f"/chatter/feed-elements/{post['id']}").json()
    assert element["capabilities"]["bookmarks"]["isBookmarkedByCurrentUser"] is True
    answer = zoe.call("PATCH", path, params={"isBookmarkedByCurrentUser": "false"})
    assert answer.json() == {"isBookmarkedByCurrentUser": False}


def test_bookmark_needs_its_flag_and_a_known_element(zoe: Api) -> None:
    post = zoe.post("x")
    answer = zoe.call("PATCH", f"/chatter/feed-elements/{post['id']}/capabilities/bookmarks", json={})
    assert answer.status_code == 400
    assert answer.json()[0]["errorCode"] == "INVALID_API_INPUT"
    missing = zoe.call(
        "PATCH",
        "/chatter/feed-elements/0D5000000000000AAA/capabilities/bookmarks",
        json={"isBookmarkedByCurrentUser": True},
    )
    assert missing.status_code == 404


def test_mute_hides_from_my_news_feed_only(zoe: Api, jose: Api) -> None:
    post = jose.post("Loud news")
    path = f"/chatter/feed-elements/{post['id']}/capabilities/mute"
    assert zoe.call("PATCH", path, json={"isMutedByMe": True}).json() == {"isMutedByMe": True}
    assert post["id"] not in zoe.feed_ids()
    assert post["id"] in jose.feed_ids()
    assert zoe.call("HEAD", path).status_code == 200
    assert zoe.call("GET", f"/chatter/feed-elements/{post['id']}").json()["capabilities"]["mute"] == {
        "isMutedByMe": True
    }
    zoe.call("PATCH", path, json={"isMutedByMe": False})
    assert post["id"] in zoe.feed_ids()


def test_edit_post_checks_owner_and_records_the_edit(zoe: Api, jose: Api) -> None:
    post = zoe.post("Frist")
    check = post["capabilities"]["edit"]["isEditableByMeUrl"]
    assert check.endswith(f"/chatter/feed-elements/{post['id']}/capabilities/edit/is-editable-by-me")
    assert zoe.session.get(zoe.grant["instance_url"] + check, timeout=10).json()["isEditableByMe"] is True
    assert jose.session.get(jose.grant["instance_url"] + check, timeout=10).json()["isEditableByMe"] is False
    body = {"body": {"messageSegments": [{"type": "Text", "text": "First"}]}}
    refused = jose.call("PATCH", f"/chatter/feed-elements/{post['id']}", json=body)
    assert refused.status_code == 403
    answer = zoe.call("PATCH", f"/chatter/feed-elements/{post['id']}", json=body)
    assert answer.status_code == 200
    edited = answer.json()
    assert edited["body"]["text"] == "First"
    assert edited["capabilities"]["edit"]["lastEditedDate"] is not None
    assert zoe.call("GET", f"/chatter/feed-elements/{post['id']}").json()["body"]["text"] == "First"


def test_edit_comment_and_its_check(zoe: Api, jose: Api) -> None:
    post = jose.post("Question")
    comment = zoe.call(
        "POST",
        f"/chatter/feed-elements/{post['id']}/capabilities/comments/items",
        json={"body": {"messageSegments": [{"type": "Text", "text": "teh answer"}]}},
    ).json()
    check = comment["capabilities"]["edit"]["isEditableByMeUrl"]
    assert zoe.session.get(zoe.grant["instance_url"] + check, timeout=10).json()["isEditableByMe"] is True
    body = {
        "body": {
            "messageSegments": [
                {"type": "MarkupBegin", "markupType": "Bold"},
                {"type": "Text", "text": "the answer"},
                {"type": "MarkupEnd", "markupType": "Bold"},
            ]
        }
    }
    assert jose.call("PATCH", f"/chatter/comments/{comment['id']}", json=body).status_code == 403
    answer = zoe.call("PATCH", f"/chatter/comments/{comment['id']}", json=body)
    assert answer.status_code == 200
    assert answer.json()["body"]["isRichText"] is True
    assert zoe.call("GET", f"/chatter/comments/{comment['id']}").json()["body"]["text"] == "the answer"


def test_upload_answers_201_with_a_file_detail_and_serves_the_bytes(zoe: Api) -> None:
    data = bytes(range(256)) * 40
    answer = zoe.upload("budget.xlsx", data, title="Budget 2027")
    assert answer.status_code == 201, answer.text
    detail = answer.json()
    assert detail["id"].startswith("069")
    assert detail["title"] == "Budget 2027"
    assert detail["contentSize"] == len(data)
    assert detail["fileExtension"] == "xlsx"
    assert detail["type"] == "ContentDocument"
    content = zoe.session.get(zoe.grant["instance_url"] + detail["downloadUrl"], timeout=10)
    assert content.content == data


def test_upload_without_a_title_is_named_after_the_file(zoe: Api) -> None:
    detail = zoe.upload("notes.txt", b"hello").json()
    assert detail["title"] == "notes"
    assert detail["textPreview"] is None


def test_upload_needs_file_data_and_respects_the_org_limit(zoe: Api, demo: DemoOrg) -> None:
    missing = zoe.call("POST", "/connect/files/users/me", files={"json": (None, "{}", "application/json")})
    assert missing.status_code == 400
    demo.config.max_upload_bytes = 1000
    refused = zoe.upload("big.bin", b"x" * 5000)
    assert refused.status_code == 400
    assert refused.json()[0]["errorCode"] == "FILE_SIZE_LIMIT_EXCEEDED"


def test_my_files_lists_the_persons_own_newest_first_a_page_at_a_time(zoe: Api, demo: DemoOrg) -> None:
    first = zoe.upload("one.txt", b"1").json()
    second = zoe.upload("two.txt", b"22").json()
    third = zoe.upload("three.txt", b"333").json()
    jose = Api(demo, JOSE)
    theirs = jose.upload("theirs.txt", b"4444").json()
    page = zoe.call("GET", "/connect/files/users/me", params={"pageSize": 2}).json()
    assert [f["id"] for f in page["files"]] == [third["id"], second["id"]]
    assert page["files"][0]["contentSize"] == 3
    assert page["files"][0]["createdDate"]
    assert page["nextPageUrl"].endswith("page=1")
    rest = zoe.session.get(zoe.grant["instance_url"] + page["nextPageUrl"], timeout=10).json()
    ids = [f["id"] for f in rest["files"]]
    assert first["id"] in ids
    assert theirs["id"] not in ids
    found = zoe.call("GET", "/connect/files/users/me", params={"q": "TWO"}).json()
    assert [f["id"] for f in found["files"]] == [second["id"]]
    refused = zoe.call("GET", "/connect/files/users/me", params={"pageSize": 0})
    assert refused.status_code == 400
    assert refused.json()[0]["errorCode"] == "INVALID_API_INPUT"


def test_post_with_uploaded_files_shows_them_in_the_feed(zoe: Api) -> None:
    first = zoe.upload("a.txt", b"aaa").json()
    second = zoe.upload("b.txt", b"bbb").json()
    items = [{"id": first["id"]}, {"id": second["id"]}]
    post = zoe.post("Two files", capabilities={"files": {"items": items}})
    shown = [item["id"] for item in post["capabilities"]["files"]["items"]]
    assert shown == [first["id"], second["id"]]
    assert post["type"] == "ContentPost"
    unknown = zoe.call(
        "POST",
        "/chatter/feed-elements",
        json={
            "feedElementType": "FeedItem",
            "subjectId": "me",
            "body": {"messageSegments": [{"type": "Text", "text": "x"}]},
            "capabilities": {"files": {"items": [{"id": "069000000000000AAA"}]}},
        },
    )
    assert unknown.status_code == 400


def test_uploads_and_flags_survive_a_restart(make_demo: Callable[..., DemoOrg], tmp_path: Path) -> None:
    demo = make_demo(data_dir=tmp_path)
    api = Api(demo, ZOE)
    with api.session:
        detail = api.upload("keep.txt", b"kept bytes").json()
        post = api.post("Kept", capabilities={"files": {"items": [{"id": detail["id"]}]}})
        api.call(
            "PATCH",
            f"/chatter/feed-elements/{post['id']}/capabilities/bookmarks",
            json={"isBookmarkedByCurrentUser": True},
        )
    demo.stop()
    again = make_demo(data_dir=tmp_path)
    api = Api(again, ZOE)
    with api.session:
        element = api.call("GET", f"/chatter/feed-elements/{post['id']}").json()
        assert element["capabilities"]["bookmarks"]["isBookmarkedByCurrentUser"] is True
        url = element["capabilities"]["files"]["items"][0]["downloadUrl"]
        assert api.session.get(api.grant["instance_url"] + url, timeout=10).content == b"kept bytes"
