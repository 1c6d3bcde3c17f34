"""Parsing Connect REST API JSON into models: the documented shapes, odd values, and entity encoding."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.api.errors import BadResponse
from desktop_app.api.jsonfields import decode_entities
from desktop_app.api.messageparse import parse_segments
from desktop_app.api.models import Address, PhoneNumber, Photo, SegmentType
from desktop_app.api.parse import (
    UNKNOWN_USER,
    parse_comment,
    parse_comment_page,
    parse_feed_item,
    parse_feed_page,
    parse_frontdoor,
    parse_like,
    parse_user_detail,
    parse_user_page,
    parse_user_summary,
    parse_versions,
)

from .samples import BOB, COMMENT, FEED_ITEM, FEED_PAGE, USER_DETAIL, V, fresh


def test_feed_page_sample() -> None:
    page = parse_feed_page(fresh(FEED_PAGE))
    assert page.next_page_url == FEED_PAGE["nextPageUrl"]
    assert page.updates_url == FEED_PAGE["updatesUrl"]
    assert page.current_page_url == FEED_PAGE["currentPageUrl"]
    assert page.skipped == 0
    (item,) = page.items
    assert item.id == "0D5xx00000FAKE1"
    assert item.type == "TextPost"
    assert item.element_type == "FeedItem"
    assert item.created == "2026-01-05T11:06:07.000Z"
    assert item.relative_created == "Just now"
    assert item.actor.display_name == "Jane Roe"
    assert item.actor.photo == Photo(
        "https://acme.my.salesforce.com/profilephoto/729xx/T",
        "https://acme.my.salesforce.com/profilephoto/729xx/M",
        "https://acme.my.salesforce.com/profilephoto/729xx/F",
        "729xx0000000FAKE",
    )
    assert item.header_text == "Jane Roe"
    assert item.header_segments[0].type == SegmentType.ENTITY_LINK
    assert item.header_segments[0].reference_id == "005xx000001SwiU"
    assert item.body_text == "Ship it @Bob Stone"
    mention = item.body_segments[1]
    assert (mention.type, mention.user_id, mention.name) == ("Mention", "005xx000002FAKE", "Bob Stone")
    assert (item.parent_name, item.parent_id) == ("Acme Corp", "001xx000003FAKE")
    assert item.comments_total == 5
    assert [c.id for c in item.comments] == ["0D7xx0000000001"]
    assert (item.likes_total, item.liked_by_me, item.my_like_id) == (3, True, "0I0xx0000000001")
    assert item.can_delete is True
    assert item.url == f"{V}/chatter/feed-elements/0D5xx00000FAKE1"
    assert item.photo_url == "https://acme.my.salesforce.com/profilephoto/729xx/T"


def test_last_page_has_no_next_url() -> None:
    body = fresh(FEED_PAGE)
    body["nextPageUrl"] = None
    body["updatesUrl"] = 7
    page = parse_feed_page(body)
    assert page.next_page_url is None
    assert page.updates_url is None


def test_bad_elements_are_skipped_not_fatal() -> None:
    body = fresh(FEED_PAGE)
    broken = fresh(FEED_ITEM)
    broken.update(
        actor="nobody", body=[1, 2], header=None, capabilities={"comments": {"page": "x"}}, parent=3
    )
    body["elements"] = [None, 5, "x", {"no": "id"}, {"id": 12}, broken, FEED_ITEM]
    page = parse_feed_page(body)
    assert [item.id for item in page.items] == ["0D5xx00000FAKE1", "0D5xx00000FAKE1"]
    assert page.skipped == 5
    odd = page.items[0]
    assert odd.actor == UNKNOWN_USER
    assert (odd.body_text, odd.header_text, odd.parent_name, odd.comments_total) == ("", "", None, 0)


def test_bundle_keeps_its_header_text() -> None:
    bundle = {
        "id": "0D5xx0000BUNDLE",
        "feedElementType": "Bundle",
        "header": {"text": "3 updates to Acme Corp", "messageSegments": []},
        "body": None,
        "capabilities": {"bundle": {"bundleType": "TrackedChanges", "totalElements": 3}},
    }
    item = parse_feed_item(bundle)
    assert (item.element_type, item.type, item.header_text, item.body_text) == (
        "Bundle",
        "Bundle",
        "3 updates to Acme Corp",
        "",
    )
    assert item.can_delete is False


def test_body_text_falls_back_to_segments() -> None:
    element = fresh(FEED_ITEM)
    del element["body"]["text"]
    assert parse_feed_item(element).body_text == "Ship it @Bob Stone"


def test_new_fields_and_unknown_segment_types_are_fine() -> None:
    element = fresh(FEED_ITEM)
    element["somethingNew"] = {"deep": [1, 2, 3]}
    element["body"]["messageSegments"].append({"type": "Hologram", "text": " (3D)", "extra": True})
    item = parse_feed_item(element)
    assert item.body_segments[-1].type == "Hologram"
    assert item.body_segments[-1].text == " (3D)"


def test_every_documented_segment_type() -> None:
    segments = parse_segments(
        [
            {"type": "Text", "text": "plain "},
            {"type": "Mention", "text": "@Bob", "name": "Bob", "accessible": True, "record": BOB},
            {"type": "Mention", "text": "@Old", "user": {"id": "005OLD"}},
            {"type": "Link", "text": "https://x.example", "url": "https://x.example"},
            {"type": "Hashtag", "text": "#ship", "tag": "ship", "topicUrl": "/t", "url": "/t"},
            {
                "type": "EntityLink",
                "text": "Acme",
                "reference": {"id": "001A", "url": f"{V}/chatter/records/001A"},
            },
            {"type": "MarkupBegin", "text": "", "markupType": "Bold", "htmlTag": "b"},
            {"type": "MarkupEnd", "text": "", "markupType": "Bold", "htmlTag": "b"},
            {"type": "InlineImage", "text": "chart", "altText": "chart", "url": "/img/1"},
            {
                "type": "FieldChange",
                "text": "Stage from A to B",
                "segments": [
                    {"type": "FieldChangeName", "text": "Stage"},
                    {"type": "Text", "text": " from "},
                    {"type": "FieldChangeValue", "text": "A", "valueType": "OldValue", "url": None},
                    {"type": "Text", "text": " to "},
                    {"type": "FieldChangeValue", "text": "B", "valueType": "NewValue"},
                ],
            },
            {
                "type": "MoreChanges",
                "text": "2 more changes",
                "moreChanges": [{"type": "FieldChange", "text": "x"}],
            },
            {"type": "ResourceLink", "text": "Doc", "url": "/r/1"},
            {"type": "Complex", "segments": [{"type": "Text", "text": "a"}, {"type": "Text", "text": "b"}]},
        ]
    )
    by_type = {segment.type: segment for segment in segments}
    assert len(segments) == 13
    assert segments[1].user_id == "005xx000002FAKE"
    assert segments[1].url == BOB["url"]
    assert segments[2].user_id == "005OLD"
    assert by_type["Link"].url == "https://x.example"
    assert by_type["Hashtag"].tag == "ship"
    assert by_type["EntityLink"].reference_id == "001A"
    assert by_type["EntityLink"].url == f"{V}/chatter/records/001A"
    assert (by_type["MarkupBegin"].markup_type, by_type["MarkupBegin"].html_tag) == ("Bold", "b")
    assert by_type["InlineImage"].alt_text == "chart"
    change = by_type["FieldChange"]
    assert next(child.type for child in change.children) == "FieldChangeName"
    assert change.children[2].value_type == "OldValue"
    assert by_type["MoreChanges"].children[0].text == "x"
    assert by_type["ResourceLink"].url == "/r/1"
    assert by_type["Complex"].text == "ab"


def test_segments_skip_non_segments_and_stop_deep_nesting() -> None:
    nested: dict[str, Any] = {"type": "Complex", "text": "leaf"}
    for _ in range(50):
        nested = {"type": "Complex", "text": "n", "segments": [nested]}
    parsed = parse_segments([None, 1, {}, {"text": "untyped"}, nested])
    assert [s.type for s in parsed] == ["Text", "Complex"]
    depth, node = 0, parsed[1]
    while node.children:
        node, depth = node.children[0], depth + 1
    assert depth == 4
    assert parse_segments("not a list") == ()


def test_comment() -> None:
    comment = parse_comment(fresh(COMMENT))
    assert comment.id == "0D7xx0000000001"
    assert comment.user.display_name == "Bob Stone"
    assert comment.body_text == "Nice"
    assert comment.feed_element_id == "0D5xx00000FAKE1"
    assert (comment.likes_total, comment.liked_by_me, comment.my_like_id) == (2, True, "0I0xx0000000009")
    assert comment.can_delete is False
    assert comment.relative_created == "4m ago"


def test_comment_page_old_and_new_shapes() -> None:
    new, next_url = parse_comment_page({"items": [COMMENT, None], "nextPageUrl": "/next", "total": 2})
    assert [c.id for c in new] == ["0D7xx0000000001"]
    assert next_url == "/next"
    old, none = parse_comment_page({"comments": [COMMENT]})
    assert len(old) == 1
    assert none is None
    with pytest.raises(BadResponse):
        parse_comment_page({"items": "x"})


def test_like() -> None:
    like = parse_like(
        {
            "id": "0I0xx1",
            "url": f"{V}/chatter/likes/0I0xx1",
            "user": BOB,
            "likedItem": {"id": "0D5xx00000FAKE1"},
        }
    )
    assert (like.id, like.liked_item_id) == ("0I0xx1", "0D5xx00000FAKE1")
    assert like.user is not None
    assert like.user.id == "005xx000002FAKE"
    assert parse_like({"id": "0I0xx2", "user": None}).user is None


def test_user_detail_has_what_a_profile_shows() -> None:
    user = parse_user_detail(fresh(USER_DETAIL))
    assert (user.id, user.name, user.display_name) == ("005xx000001SwiU", "Jane Roe", "Jane Roe")
    assert (user.title, user.company_name, user.email) == (None, "Acme", "jane@acme.example")
    assert user.username == "jane@acme.example"
    assert user.about_me == "Builds things & ships them"
    assert user.address == Address("1 Rue X", "Lyon", None, "69001", "France", "Lyon\nFrance")
    assert user.phone_numbers == (
        PhoneNumber("+33 1 23", "Work", "Work"),
        PhoneNumber("+33 6 45", "Mobile", None),
    )
    assert (user.followers_count, user.following_total, user.following_people, user.group_count) == (
        12,
        7,
        5,
        2,
    )
    assert (user.post_count, user.comment_count, user.likes_received) == (7, 4, 9)
    assert (user.is_active, user.user_type) == (True, "Internal")
    assert (user.manager_id, user.manager_name, user.out_of_office_message) == (
        "005xx0000000MGR",
        "Max Boss",
        "Back Monday",
    )
    assert user.photo is not None
    assert user.photo.version_id == "729xx0000000FAKE"


def test_user_detail_hidden_properties_are_none() -> None:
    user = parse_user_detail(
        {
            "id": "005B",
            "firstName": "Bo",
            "lastName": "Li",
            "email": None,
            "address": None,
            "followersCount": True,
        }
    )
    assert (user.display_name, user.name, user.email, user.address, user.followers_count) == (
        "Bo Li",
        "Bo Li",
        None,
        None,
        None,
    )
    assert user.phone_numbers == ()
    assert user.photo is None


def test_user_page_and_summary() -> None:
    users = parse_user_page({"users": [BOB, {"displayName": "no id"}, 4], "nextPageUrl": None})
    assert [u.display_name for u in users] == ["Bob Stone"]
    assert parse_user_page({"items": [BOB]})[0].id == "005xx000002FAKE"
    assert parse_user_summary({"id": "005X", "communityNickname": "nick"}).display_name == "nick"
    with pytest.raises(BadResponse):
        parse_user_summary({"displayName": "no id"})


def test_versions_sorted_and_junk_skipped() -> None:
    versions = parse_versions(
        [
            {"label": "Spring '26", "url": "/services/data/v66.0", "version": "66.0"},
            {"label": "Winter '25", "url": "/services/data/v62.0", "version": "62.0"},
            {"version": "sixty"},
            {"version": "9.0"},
            None,
        ]
    )
    assert [v.version for v in versions] == ["9.0", "62.0", "66.0"]
    assert versions[-1].label == "Spring '26"


def test_frontdoor() -> None:
    assert parse_frontdoor({"frontdoor_uri": "https://x/secur/frontdoor.jsp?otp=1"}).endswith("otp=1")
    with pytest.raises(BadResponse):
        parse_frontdoor({"frontdoor_uri": None})


@pytest.mark.parametrize(
    ("parser", "value"),
    [
        (parse_feed_page, []),
        (parse_feed_page, {"elements": None}),
        (parse_feed_page, "<html>"),
        (parse_feed_item, {"id": None}),
        (parse_feed_item, [FEED_ITEM]),
        (parse_comment, {}),
        (parse_like, None),
        (parse_user_detail, {"name": "no id"}),
        (parse_user_page, {"users": {}}),
        (parse_versions, {"version": "66.0"}),
        (parse_frontdoor, []),
    ],
)
def test_unusable_top_level_is_bad_response(parser: Any, value: object) -> None:
    with pytest.raises(BadResponse):
        parser(value)


ENCODED = "Tom &amp; Jerry &lt;b&gt; &quot;hi&quot; it&#39;s C:&#92;dir &amp;lt;raw&amp;gt;"
DECODED = 'Tom & Jerry <b> "hi" it\'s C:\\dir &lt;raw&gt;'


def test_decode_entities_is_one_pass() -> None:
    assert decode_entities(ENCODED) == DECODED
    assert decode_entities("&copy; &#40; &amp") == "&copy; &#40; &amp"


def test_entity_encoded_response_decodes_text_only_when_asked() -> None:
    element = fresh(FEED_ITEM)
    element["body"] = {"text": ENCODED, "messageSegments": [{"type": "Text", "text": ENCODED}]}
    element["actor"]["displayName"] = "O&#39;Brien"
    element["url"] = f"{V}/chatter/feed-elements/0D5?a=1&amp;b=2"
    raw = parse_feed_item(element)
    assert raw.body_text == ENCODED
    decoded = parse_feed_item(element, decode_entities=True)
    assert decoded.body_text == DECODED
    assert decoded.body_segments[0].text == DECODED
    assert decoded.actor.display_name == "O'Brien"
    assert decoded.url == element["url"]


def test_raw_text_with_entity_lookalikes_is_left_alone_by_default() -> None:
    element = fresh(FEED_ITEM)
    element["body"] = {"text": "write &amp; in HTML", "messageSegments": []}
    assert parse_feed_item(element).body_text == "write &amp; in HTML"
    detail = fresh(USER_DETAIL)
    detail["aboutMe"] = "a &lt; b"
    assert parse_user_detail(detail).about_me == "a &lt; b"
    assert parse_user_detail(detail, decode_entities=True).about_me == "a < b"
