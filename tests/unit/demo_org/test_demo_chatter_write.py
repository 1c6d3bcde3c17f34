"""Posting, reading, deleting feed items; comments; likes and unlikes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session
from .feedkinds import all_files, elements

ZOE = "zoe@acme.demo"
JOSE = "jose@acme.demo"
API = "/services/data/v66.0/chatter"


class Api:
    """A signed-in user's calls to the instance host."""

    def __init__(self, demo: DemoOrg, username: str) -> None:
        self.grant = demo.grant(username)
        self.session = api_session(self.grant["access_token"])

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.grant["instance_url"] + API + path, timeout=10, **kwargs)

    def post_text(self, text: str) -> dict[str, Any]:
        body = {
            "feedElementType": "FeedItem",
            "subjectId": "me",
            "body": {"messageSegments": [{"type": "Text", "text": text}]},
        }
        answer = self.call("POST", "/feed-elements", json=body)
        assert answer.status_code == 201, answer.text
        result: dict[str, Any] = answer.json()
        return result


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


def test_post_json_with_every_input_segment(demo: DemoOrg, zoe: Api) -> None:
    jose_id = demo.user(JOSE).user_id
    segments = [
        {"type": "Text", "text": "Hello "},
        {"type": "Mention", "id": jose_id},
        {"type": "Text", "text": " see "},
        {"type": "Link", "url": "https://example.com/a?b=1&c=2"},
        {"type": "Text", "text": " "},
        {"type": "Hashtag", "tag": "launch"},
        {"type": "MarkupBegin", "markupType": "Bold"},
        {"type": "Text", "text": "bold"},
        {"type": "MarkupEnd", "markupType": "Bold"},
    ]
    answer = zoe.call(
        "POST",
        "/feed-elements",
        json={"feedElementType": "FeedItem", "subjectId": "me", "body": {"messageSegments": segments}},
    )
    assert answer.status_code == 201
    item = answer.json()
    assert item["id"].startswith("0D5")
    assert item["actor"]["id"] == demo.user(ZOE).user_id
    assert item["isDeleteRestricted"] is False
    assert item["relativeCreatedDate"] == "Just now"
    assert item["clientInfo"]["applicationName"] == "Connect Desktop"
    out = item["body"]["messageSegments"]
    assert [segment["type"] for segment in out] == [
        "Text",
        "Mention",
        "Text",
        "Link",
        "Text",
        "Hashtag",
        "MarkupBegin",
        "Text",
        "MarkupEnd",
    ]
    assert out[1]["text"] == "@José Núñez"
    assert out[1]["record"]["id"] == jose_id
    assert out[3]["url"] == "https://example.com/a?b=1&c=2"
    assert out[5] == {**out[5], "text": "#launch", "tag": "launch"}
    assert item["body"]["isRichText"] is True
    assert item["body"]["text"] == "Hello @José Núñez see https://example.com/a?b=1&c=2 #launchbold"
    fetched = zoe.call("GET", f"/feed-elements/{item['id']}").json()
    assert fetched["body"] == item["body"]


def test_plain_text_becomes_link_and_hashtag_segments(zoe: Api) -> None:
    item = zoe.post_text("Read https://example.org/x, then #ship and #[big launch] now")
    kinds = [(segment["type"], segment["text"]) for segment in item["body"]["messageSegments"]]
    assert kinds == [
        ("Text", "Read "),
        ("Link", "https://example.org/x"),
        ("Text", ", then "),
        ("Hashtag", "#ship"),
        ("Text", " and "),
        ("Hashtag", "#[big launch]"),
        ("Text", " now"),
    ]
    assert item["body"]["isRichText"] is False


def test_post_with_query_parameters(zoe: Api) -> None:
    answer = zoe.call(
        "POST",
        "/feed-elements",
        params={"feedElementType": "FeedItem", "subjectId": "me", "text": "Query form #q"},
    )
    assert answer.status_code == 201
    assert answer.json()["body"]["text"] == "Query form #q"


def test_post_to_a_record_and_a_colleague(demo: DemoOrg, zoe: Api) -> None:
    record_id = next(iter(demo.state.orgs[0].records))
    jose_id = demo.user(JOSE).user_id
    on_record = zoe.call(
        "POST",
        "/feed-elements",
        params={"feedElementType": "FeedItem", "subjectId": record_id, "text": "On the record"},
    )
    assert on_record.status_code == 201
    assert on_record.json()["parent"]["id"] == record_id
    assert on_record.json()["header"]["messageSegments"][-1]["reference"]["id"] == record_id
    to_jose = zoe.call(
        "POST",
        "/feed-elements",
        params={"feedElementType": "FeedItem", "subjectId": jose_id, "text": "Hi José"},
    )
    assert to_jose.json()["parent"]["id"] == jose_id
    unknown = zoe.call(
        "POST", "/feed-elements", params={"feedElementType": "FeedItem", "subjectId": "001nope", "text": "x"}
    )
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        (
            {"json": {"feedElementType": "FeedItem", "subjectId": "me", "body": {"messageSegments": []}}},
            "INVALID_API_INPUT",
        ),
        (
            {
                "json": {
                    "feedElementType": "FeedItem",
                    "subjectId": "me",
                    "body": {"messageSegments": [{"type": "Bogus", "text": "x"}]},
                }
            },
            "INVALID_API_INPUT",
        ),
        (
            {"json": {"subjectId": "me", "body": {"messageSegments": [{"type": "Text", "text": "x"}]}}},
            "INVALID_API_INPUT",
        ),
        (
            {
                "json": {
                    "feedElementType": "FeedItem",
                    "body": {"messageSegments": [{"type": "Text", "text": "x"}]},
                }
            },
            "INVALID_API_INPUT",
        ),
        (
            {
                "json": {
                    "feedElementType": "FeedItem",
                    "subjectId": "me",
                    "body": {"messageSegments": [{"type": "Mention", "id": "005nobody"}]},
                }
            },
            "INVALID_API_INPUT",
        ),
        (
            {
                "json": {
                    "feedElementType": "FeedItem",
                    "subjectId": "me",
                    "body": {"messageSegments": [{"type": "Link", "url": "javascript:alert(1)"}]},
                }
            },
            "INVALID_API_INPUT",
        ),
        (
            {
                "json": {
                    "feedElementType": "FeedItem",
                    "subjectId": "me",
                    "body": {"messageSegments": [{"type": "Text", "text": "x" * 10_001}]},
                }
            },
            "INVALID_API_INPUT",
        ),
        ({"data": b"{not json", "headers": {"Content-Type": "application/json"}}, "JSON_PARSER_ERROR"),
        ({"params": {"feedElementType": "FeedItem", "subjectId": "me"}}, "INVALID_API_INPUT"),
    ],
)
def test_bad_post_input_is_400(zoe: Api, kwargs: dict[str, Any], code: str) -> None:
    answer = zoe.call("POST", "/feed-elements", **kwargs)
    assert answer.status_code == 400
    errors = answer.json()
    assert isinstance(errors, list)
    assert errors[0]["errorCode"] == code
    assert errors[0]["message"]


def test_delete_own_and_refuse_others(zoe: Api, jose: Api) -> None:
    mine = zoe.post_text("to be deleted")
    refused = jose.call("DELETE", f"/feed-elements/{mine['id']}")
    assert refused.status_code == 403
    assert refused.json()[0]["errorCode"] == "INSUFFICIENT_ACCESS"
    assert jose.call("GET", f"/feed-elements/{mine['id']}").json()["isDeleteRestricted"] is True
    deleted = zoe.call("DELETE", f"/feed-elements/{mine['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert zoe.call("GET", f"/feed-elements/{mine['id']}").status_code == 404
    gone = zoe.call("DELETE", f"/feed-elements/{mine['id']}")
    assert gone.status_code == 404
    assert gone.json() == [{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]


def test_comments(demo: DemoOrg, zoe: Api, jose: Api) -> None:
    item = zoe.post_text("comment on me")
    url = f"/feed-elements/{item['id']}/capabilities/comments/items"
    created = jose.call(
        "POST", url, json={"body": {"messageSegments": [{"type": "Text", "text": "Olé! #yes"}]}}
    )
    assert created.status_code == 201
    comment = created.json()
    assert comment["id"].startswith("0D7")
    assert comment["type"] == "TextComment"
    assert comment["user"]["displayName"] == "José Núñez"
    assert comment["feedElement"]["id"] == item["id"]
    assert comment["parent"]["id"] == item["id"]
    assert comment["body"]["messageSegments"][-1]["type"] == "Hashtag"
    assert comment["url"] == f"/services/data/v66.0/chatter/comments/{comment['id']}"
    assert comment["threadLevel"] == 1
    assert {"edit", "upDownVote", "verified"} <= set(comment["capabilities"])
    by_query = zoe.call("POST", url, params={"text": "second"})
    assert by_query.status_code == 201
    for number in range(4):
        zoe.call("POST", url, params={"text": f"more {number}"})
    page = zoe.call("GET", url, params={"pageSize": 4}).json()
    assert page["total"] == 6
    assert [entry["body"]["text"] for entry in page["items"]] == ["Olé! #yes", "second", "more 0", "more 1"]
    rest = zoe.call("GET", page["nextPageUrl"].removeprefix("/services/data/v66.0/chatter")).json()
    assert [entry["body"]["text"] for entry in rest["items"]] == ["more 2", "more 3"]
    assert rest["nextPageUrl"] is None
    capability = zoe.call("GET", f"/feed-elements/{item['id']}").json()["capabilities"]["comments"]["page"]
    assert capability["total"] == 6
    assert [entry["body"]["text"] for entry in capability["items"]] == ["more 1", "more 2", "more 3"]
    assert zoe.call("GET", f"/comments/{comment['id']}").json()["id"] == comment["id"]
    assert zoe.call("DELETE", f"/comments/{comment['id']}").status_code == 403
    assert jose.call("DELETE", f"/comments/{comment['id']}").status_code == 204
    assert zoe.call("GET", f"/comments/{comment['id']}").status_code == 404
    assert (
        zoe.call(
            "POST", "/feed-elements/0D5nope/capabilities/comments/items", params={"text": "x"}
        ).status_code
        == 404
    )
    assert zoe.call("POST", url, json={"body": {"messageSegments": []}}).status_code == 400


def test_like_and_unlike(demo: DemoOrg, zoe: Api, jose: Api) -> None:
    item = zoe.post_text("like me")
    url = f"/feed-elements/{item['id']}/capabilities/chatter-likes/items"
    liked = jose.call("POST", url)
    assert liked.status_code == 201
    like = liked.json()
    assert like["id"].startswith("0I0")
    assert like["url"] == f"/services/data/v66.0/chatter/likes/{like['id']}"
    assert like["user"]["id"] == demo.user(JOSE).user_id
    assert like["likedItem"]["id"] == item["id"]
    assert jose.call("POST", url).json()["id"] == like["id"], "liking twice keeps one like"
    likes = jose.call("GET", url).json()
    assert likes["total"] == 1
    assert likes["items"][0]["id"] == like["id"]
    seen_by_jose = jose.call("GET", f"/feed-elements/{item['id']}").json()["capabilities"]["chatterLikes"]
    assert seen_by_jose["isLikedByCurrentUser"] is True
    assert seen_by_jose["myLike"]["id"] == like["id"]
    assert seen_by_jose["likesMessage"]["text"] == "You like this."
    seen_by_zoe = zoe.call("GET", f"/feed-elements/{item['id']}").json()["capabilities"]["chatterLikes"]
    assert seen_by_zoe["isLikedByCurrentUser"] is False
    assert seen_by_zoe["myLike"] is None
    assert seen_by_zoe["likesMessage"]["text"] == "José Núñez likes this."
    assert zoe.call("DELETE", f"/likes/{like['id']}").status_code == 403
    assert jose.call("GET", f"/likes/{like['id']}").json()["id"] == like["id"]
    assert jose.call("DELETE", f"/likes/{like['id']}").status_code == 204
    assert jose.call("DELETE", f"/likes/{like['id']}").status_code == 404
    after = jose.call("GET", f"/feed-elements/{item['id']}").json()["capabilities"]["chatterLikes"]
    assert after["isLikedByCurrentUser"] is False
    assert after["page"]["total"] == 0
    assert zoe.call("POST", "/feed-elements/0D5nope/capabilities/chatter-likes/items").status_code == 404
    assert zoe.call("GET", url, params={"pageSize": 0}).status_code == 400


def test_wrong_method_is_an_error_array(zoe: Api) -> None:
    answer = zoe.call("PUT", "/feed-elements")
    assert answer.status_code == 405
    assert answer.json()[0]["errorCode"] == "METHOD_NOT_ALLOWED"


def _files_by_type(zoe: Api) -> dict[str, dict[str, Any]]:
    return {entry["mimeType"]: entry for entry in all_files(elements(zoe.grant))}


def test_a_post_with_a_hyperlink_and_an_inline_image(zoe: Api) -> None:
    files = _files_by_type(zoe)
    image, pdf = files["image/png"], files["application/pdf"]

    def post(*segments: dict[str, Any]) -> requests.Response:
        body = {"feedElementType": "FeedItem", "subjectId": "me", "body": {"messageSegments": list(segments)}}
        return zoe.call("POST", "/feed-elements", json=body)

    link = {
        "type": "MarkupBegin",
        "markupType": "Hyperlink",
        "url": "https://example.com/a?b=1&c=2",
        "altText": "A",
    }
    answer = post(
        {"type": "MarkupBegin", "markupType": "Paragraph"},
        link,
        {"type": "Text", "text": "the plan"},
        {"type": "MarkupEnd", "markupType": "Hyperlink"},
        {"type": "MarkupEnd", "markupType": "Paragraph"},
        {"type": "InlineImage", "fileId": image["id"]},
    )
    assert answer.status_code == 201, answer.text
    segments = answer.json()["body"]["messageSegments"]
    assert segments[1] == {
        "type": "MarkupBegin",
        "text": "",
        "htmlTag": "a",
        "markupType": "Hyperlink",
        "url": "https://example.com/a?b=1&c=2",
        "altText": "A",
    }
    inline = segments[-1]
    assert (inline["type"], inline["text"], inline["altText"]) == (
        "InlineImage",
        image["title"],
        image["title"],
    )
    assert inline["thumbnails"]["fileId"] == image["id"]
    assert inline["url"].endswith(f"/sobjects/ContentVersion/{image['versionId']}/VersionData")
    assert answer.json()["body"]["text"] == f"the plan\n{image['title']}"
    refused = [
        post({**link, "url": "javascript:alert(1)"}, {"type": "MarkupEnd", "markupType": "Hyperlink"}),
        post({"type": "InlineImage", "fileId": pdf["id"]}),
        post({"type": "InlineImage", "fileId": "069000000000000AAA"}),
    ]
    assert [(answer.status_code, answer.json()[0]["errorCode"]) for answer in refused] == [
        (400, "INVALID_API_INPUT")
    ] * 3
