"""Parsing every kind of feed element: system events, changes, bundles, polls, questions, files and links."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest

from desktop_app.api.capabilities import FileAttachment, LinkCard, PollChoice, RecordField, TrackedChange
from desktop_app.api.capabilityparse import parse_file
from desktop_app.api.models import FeedItem
from desktop_app.api.parse import UNKNOWN_USER, parse_comment, parse_feed_item, parse_feed_page

from . import fixtures

V66 = "/services/data/v66.0"


def item(name: str, **changes: Any) -> FeedItem:
    data = fixtures.element(name)
    data.update(changes)
    return parse_feed_item(data)


def test_every_fixture_parses_into_an_element_with_something_to_show() -> None:
    page = parse_feed_page(fixtures.feed_page())
    assert len(page.items) == len(fixtures.names())
    assert page.skipped == 0
    for element in page.items:
        assert element.message_text.strip() or element.capabilities.has_content, element.id


def test_create_record_event_is_told_by_its_header() -> None:
    event = item("create_record_event")
    assert (event.type, event.body_text, event.body_segments) == ("CreateRecordEvent", "", ())
    assert event.message_text == "00001026 — Ann Lee created a case."
    assert [s.type for s in event.message_segments] == ["EntityLink", "Text", "EntityLink", "Text"]
    assert event.message_segments[0].reference_id == "5004x00000D8gVSAAZ"
    record = event.capabilities.record
    assert record is not None
    assert (record.record_id, record.name, record.type) == ("5004x00000D8gVSAAZ", "00001026", "Case")
    assert record.fields[:2] == (
        RecordField("Case Number", "00001026"),
        RecordField("Subject", "Printer jams on tray 2"),
    )
    assert event.unsupported == ()
    assert "recordSnapshot" in event.capabilities.present


def test_a_post_with_a_body_keeps_showing_the_body() -> None:
    post = item("link_post")
    assert post.message_text == "Worth a read before Friday"
    assert post.header_text == "Bob Stone"


def test_the_header_is_not_repeated_when_it_is_only_the_authors_name_beside_a_file() -> None:
    post = item("content_post_v35")
    assert post.header_text == "Bob Stone"
    assert post.body_text == ""
    assert post.message_text == ""
    assert post.message_segments == ()


def test_an_empty_element_shows_at_least_its_header() -> None:
    bare = item("link_post", body=None, capabilities={})
    assert bare.message_text == "Bob Stone"


def test_tracked_change() -> None:
    change = item("tracked_change")
    assert change.capabilities.tracked_changes == (TrackedChange("Stage", "Prospecting", "Closed Won"),)
    field_change = change.message_segments[2]
    assert field_change.type == "FieldChange"
    assert [child.text for child in field_change.children][-1] == "Closed Won"


def test_bundle_of_tracked_changes() -> None:
    bundle_item = item("bundle_tracked_changes")
    assert bundle_item.element_type == "Bundle"
    assert bundle_item.unsupported == ()
    assert bundle_item.actor == UNKNOWN_USER
    bundle = bundle_item.capabilities.bundle
    assert bundle is not None
    assert (bundle.bundle_type, bundle.total) == ("TrackedChanges", 3)
    assert bundle.changes[2] == TrackedChange("Next Step", None, "Send the contract")
    assert [e.id for e in bundle.elements] == ["0D54x00000Bun0AAAA", "0D54x00000Bun1AAAA"]
    assert bundle.elements[1].capabilities.tracked_changes == (
        TrackedChange("Close Date", "8/31/2020", "9/15/2020"),
    )


def test_bundles_are_followed_one_level_deep() -> None:
    outer = fixtures.element("bundle_tracked_changes")
    middle = fixtures.element("bundle_tracked_changes")
    middle["id"] = "0D54x00000MiddlAAA"
    outer["capabilities"]["bundle"]["page"]["elements"] = [middle]
    (inner,) = parse_feed_item(outer).capabilities.bundle.elements  # type: ignore[union-attr]
    assert inner.id == "0D54x00000MiddlAAA"
    assert inner.capabilities.bundle is not None
    assert inner.capabilities.bundle.elements == ()
    assert inner.capabilities.bundle.total == 3


def test_poll() -> None:
    poll = item("poll").capabilities.poll
    assert poll is not None
    assert [c.text for c in poll.choices] == ["Pizza", "Sushi", "Salad"]
    assert poll.choices[0] == PollChoice("09A4x0000008pZaEAI", "Pizza", 1, 3)
    assert (poll.my_choice_id, poll.total_votes, poll.has_voted) == ("09A4x0000008pZaEAI", 4, True)


def test_poll_total_falls_back_to_the_sum_of_votes() -> None:
    data = fixtures.element("poll")
    data["capabilities"]["poll"].update(totalVoteCount="Unknown", myChoiceId=None)
    poll = parse_feed_item(data).capabilities.poll
    assert poll is not None
    assert (poll.total_votes, poll.has_voted) == (4, False)


def test_question_with_best_answer_and_answer_count() -> None:
    question_item = item("question")
    question = question_item.capabilities.question
    assert question is not None
    assert question.title == "How do I keep the VPN connected?"
    assert question.best_answer is not None
    assert question.best_answer.id == "0D74x00000BestAAA1"
    assert question.best_answer.user.display_name == "Cat Wu"
    assert question.best_answer_selected_by is not None
    assert question.best_answer_selected_by.id == "0054x000003AnnLAAU"
    assert question.can_select_best_answer is True
    assert question_item.comments_total == 2


def test_files_with_and_without_renditions() -> None:
    pdf, png = item("file_post").capabilities.files
    assert pdf == FileAttachment(
        title="Q3",
        id="0694x00001Q3PdfAAA",
        version_id="0684x00001Q3PdfAAA",
        file_type="PDF",
        file_extension="pdf",
        mime_type="application/pdf",
        size_bytes=1258291,
        download_url=f"{V66}/chatter/files/0694x00001Q3PdfAAA/content?versionNumber=1",
        thumbnail_url=f"{V66}/chatter/files/0694x00001Q3PdfAAA/rendition?type=THUMB240BY180",
        preview_url=f"{V66}/chatter/files/0694x00001Q3PdfAAA/rendition?type=THUMB720BY480",
    )
    assert pdf.type_label == "PDF"
    assert (png.title, png.thumbnail_url, png.preview_url, png.size_bytes) == (
        "Floor plan",
        None,
        None,
        48213,
    )


def test_content_capability_of_older_versions() -> None:
    (doc,) = item("content_post_v35").capabilities.files
    assert (doc.title, doc.type_label, doc.size_bytes, doc.thumbnail_url) == (
        "Lunch menu",
        "DOCX",
        20480,
        None,
    )
    assert doc.download_url == "/services/data/v35.0/chatter/files/0694x00001MenuAAAA/content?versionNumber=1"


@pytest.mark.parametrize(
    ("fields", "size", "available"),
    [
        ({"fileSize": "Unknown", "contentSize": 12}, 12, True),
        ({"fileSize": "Unknown"}, None, True),
        ({"fileSize": 7}, 7, True),
        ({"fileSize": "-1"}, None, True),
    ],
)
def test_file_sizes(fields: dict[str, Any], size: int | None, available: bool) -> None:
    attachment = parse_file({"id": "069000000000001AAA", "title": "x", **fields}, False)
    assert attachment is not None
    assert (attachment.size_bytes, attachment.available) == (size, available)


def test_a_deleted_file_keeps_its_capability_with_nulls() -> None:
    attachment = parse_file({"id": None, "title": None, "downloadUrl": None, "fileSize": None}, False)
    assert attachment == FileAttachment(title="", available=False)


def test_a_comment_keeps_its_file() -> None:
    data = fixtures.element("question")["capabilities"]["comments"]["page"]["items"][0]
    data["capabilities"]["content"] = fixtures.element("content_post_v35")["capabilities"]["content"]
    (attachment,) = parse_comment(data).files
    assert attachment.title == "Lunch menu"


def test_link_and_enhanced_link() -> None:
    assert item("link_post").capabilities.link == LinkCard(
        url="https://www.example.com/reports/2026-outlook", title="2026 Outlook"
    )
    card = item("enhanced_link").capabilities.enhanced_link
    assert card is not None
    assert (card.title, card.web_url, card.icon_url, card.enhanced) == (
        "Spring release notes",
        "https://www.example.com/release-notes/spring",
        "https://www.example.com/favicon-32.png",
        True,
    )
    assert card.description is not None
    assert card.description.startswith("Release notes")
    assert LinkCard(url="javascript:alert(1)").web_url is None


def test_record_capability_of_comments_and_newer_elements() -> None:
    data = fixtures.element("link_post")
    data["capabilities"]["record"] = {
        "recordId": "0014x00000AcmeAAA",
        "url": f"{V66}/chatter/records/0014x00000AcmeAAA",
    }
    record = parse_feed_item(data).capabilities.record
    assert record is not None
    assert (record.record_id, record.name, record.fields) == ("0014x00000AcmeAAA", None, ())


def test_inline_image_keeps_its_thumbnail() -> None:
    image = next(s for s in item("rich_text_post").body_segments if s.type == "InlineImage")
    assert image.thumbnail_url == f"{V66}/connect/files/0694x0001DiagrAAAA/previews/thumb"
    assert image.alt_text == "Deploy diagram"


def test_kinds_the_app_does_not_draw_are_named() -> None:
    unknown = item("unknown_element_type")
    assert unknown.unsupported == ("ConversationSummary", "callCollaboration")
    assert unknown.message_text == "Cat Wu summarized a call with Acme."
    assert unknown.url == f"{V66}/chatter/feed-elements/0D54x00000UnknoAAA"
    assert item("approval_post").unsupported == ("approval",)
    # An empty capability only says a feature is available: nothing is missing.
    assert item("link_post", capabilities={"somethingNew": {}, "other": None}).unsupported == ()


def test_each_unknown_kind_is_logged_once_per_run(caplog: pytest.LogCaptureFixture) -> None:
    kind = f"Kind{uuid.uuid4().hex[:8]}"
    caplog.set_level(logging.INFO, logger="connect.api")
    for _ in range(3):
        item("unknown_element_type", feedElementType=kind)
    named = [r for r in caplog.records if kind in r.getMessage()]
    assert len(named) == 1
    assert named[0].name == "connect.api"


def test_new_text_fields_are_entity_decoded_when_asked() -> None:
    data = fixtures.element("poll")
    data["capabilities"]["poll"]["choices"][1]["text"] = "Fish &amp; chips"
    data["capabilities"]["link"] = {"url": "https://example.com/?a=1&b=2", "urlName": "Q&amp;A"}
    data["capabilities"]["trackedChanges"] = {
        "changes": [{"fieldName": "Name", "oldValue": "A &lt; B", "newValue": "&quot;C&quot;"}]
    }
    decoded = parse_feed_item(data, decode_entities=True).capabilities
    assert decoded.poll is not None
    assert decoded.poll.choices[0].text == "Fish & chips"
    assert decoded.link == LinkCard(url="https://example.com/?a=1&b=2", title="Q&A")
    assert decoded.tracked_changes == (TrackedChange("Name", "A < B", '"C"'),)
    raw = parse_feed_item(data).capabilities
    assert raw.poll is not None
    assert raw.poll.choices[0].text == "Fish &amp; chips"


def test_tracked_values_of_other_types_are_text() -> None:
    data = fixtures.element("tracked_change")
    data["capabilities"]["trackedChanges"]["changes"] = [
        {"fieldName": "Amount", "oldValue": 10, "newValue": 12.5},
        {"fieldName": "Closed", "oldValue": False, "newValue": True},
        {"fieldName": "", "oldValue": "skipped"},
        {"fieldName": "Notes", "oldValue": None, "newValue": {"odd": 1}},
    ]
    assert parse_feed_item(data).capabilities.tracked_changes == (
        TrackedChange("Amount", "10", "12.5"),
        TrackedChange("Closed", "false", "true"),
        TrackedChange("Notes", None, None),
    )
