"""Every kind of feed element reads as natural, non-empty text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from desktop_app.api.capabilities import FileAttachment, LinkCard, Poll, PollChoice, TrackedChange
from desktop_app.api.models import FeedItem, UserSummary
from desktop_app.api.parse import parse_feed_item
from desktop_app.feed.elementtext import (
    MORE_IN_SALESFORCE,
    change_text,
    element_text,
    file_text,
    human_size,
    link_text,
    poll_text,
)
from tests.unit.api import fixtures, shapes


def text_of(name: str) -> str:
    return element_text(parse_feed_item(fixtures.element(name)))


EXPECTED = {
    "create_record_event": (
        "00001026 — Ann Lee created a case.\n"
        "Subject: Printer jams on tray 2\n"
        "Status: New\n"
        "Priority: High\n"
        "Created Date: 7/14/2020 9:12 AM"
    ),
    "tracked_change": (
        "Ann Lee changed Stage from Prospecting to Closed Won.\nStage: Prospecting → Closed Won"
    ),
    "bundle_tracked_changes": (
        "Ann Lee updated 3 fields on Acme - 200 Widgets.\n"
        "Amount: $10,000.00 → $12,500.00\n"
        "Close Date: 8/31/2020 → 9/15/2020\n"
        "Next Step: (blank) → Send the contract"
    ),
    "poll": "Poll: Lunch? Pizza (3 votes, your vote), Sushi (1 vote), Salad (0 votes)",
    "question": (
        "Question: How do I keep the VPN connected?\n"
        "It keeps dropping every ten minutes on the office Wi-Fi.\n"
        "2 answers\n"
        "Best answer from Cat Wu: Use the VPN profile from the IT portal, then restart."
    ),
    "file_post": "Q3 numbers and the new floor plan\nFile: Q3 (PDF, 1.2 MB)\nFile: Floor plan (PNG, 47.1 KB)",
    "content_post_v35": "File: Lunch menu (DOCX, 20 KB)",
    "link_post": "Worth a read before Friday\n2026 Outlook — https://www.example.com/reports/2026-outlook",
    "enhanced_link": (
        "Spring release notes — https://www.example.com/release-notes/spring\n"
        "Release notes for the spring release: new feed filters, faster search and a refreshed composer."
    ),
    "approval_post": f"Ann Lee submitted Acme - 200 Widgets for approval.\n{MORE_IN_SALESFORCE}",
    "unknown_element_type": f"Cat Wu summarized a call with Acme.\n{MORE_IN_SALESFORCE}",
}


@pytest.mark.parametrize("name", fixtures.names())
def test_no_fixture_reads_as_empty(name: str) -> None:
    assert text_of(name).strip()


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED.items()))
def test_each_kind_reads_naturally(name: str, expected: str) -> None:
    assert text_of(name) == expected


def test_rich_text_reads_as_lines() -> None:
    assert text_of("rich_text_post").splitlines()[2:5] == ["• Backup", "• Deploy", "1. Smoke test"]


def test_a_bundle_of_elements_without_its_own_change_list() -> None:
    data = fixtures.element("bundle_tracked_changes")
    data["capabilities"]["bundle"]["changes"] = []
    assert element_text(parse_feed_item(data)).splitlines()[1:] == [
        "Amount: $10,000.00 → $12,500.00",
        "Close Date: 8/31/2020 → 9/15/2020",
        "and 1 more",
    ]
    data["capabilities"]["bundle"]["page"]["elements"] = []
    assert element_text(parse_feed_item(data)).splitlines()[1:] == ["3 updates"]


def test_an_element_with_nothing_at_all_is_still_named() -> None:
    bare = FeedItem(
        id="0D5", type="TextPost", actor=UserSummary(id="005", display_name="Ann Lee"), body_text=""
    )
    assert element_text(bare) == "Post by Ann Lee"
    nameless = FeedItem(
        id="0D5", type="X", actor=UserSummary(id="", display_name=""), body_text="", unsupported=("X",)
    )
    assert element_text(nameless) == f"Post by someone\n{MORE_IN_SALESFORCE}"


def test_question_without_answers_or_title() -> None:
    data = fixtures.element("question")
    data["capabilities"]["comments"]["page"].update(items=[], total=0)
    data["capabilities"]["questionAndAnswers"].update(bestAnswer=None, questionTitle="")
    assert element_text(parse_feed_item(data)) == (
        "Question\nIt keeps dropping every ten minutes on the office Wi-Fi.\nNo answers yet"
    )


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1258291, "1.2 MB"),
        (1048575, "1 MB"),
    ],
)
def test_human_size(size: int, words: str) -> None:
    assert human_size(size) == words


def test_file_text() -> None:
    assert file_text(FileAttachment(title="", available=False)) == "A file that is no longer available"
    assert file_text(FileAttachment(title="", file_type="UNKNOWN")) == "Untitled file (UNKNOWN)"
    assert file_text(FileAttachment(title="a.txt", size_bytes=3)) == "a.txt (3 bytes)"


def test_change_text() -> None:
    assert (
        change_text(TrackedChange("Stage", "Prospecting", "Closed Won")) == "Stage: Prospecting → Closed Won"
    )
    assert change_text(TrackedChange("Description")) == "Description changed"
    assert change_text(TrackedChange("Phone", "", "555")) == "Phone: (blank) → 555"


def test_poll_text() -> None:
    poll = Poll((PollChoice("a", "", 1, 1), PollChoice("b", "Yes", 2, 2)), my_choice_id="b")
    assert poll_text(poll, "  ") == "Poll: Choice 1 (1 vote), Yes (2 votes, your vote)"
    assert poll_text(Poll(()), "Lunch?") == "Poll: Lunch? (no choices)"


def test_link_text() -> None:
    assert link_text(LinkCard(url="https://a.example")) == "https://a.example"
    assert link_text(LinkCard(url=None, title="Only a title")) == "Only a title"
    assert link_text(LinkCard(url=None)) == "Link"
    assert link_text(LinkCard(url="https://a.example", title="https://a.example")) == "https://a.example"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shapes.feed_element())
def test_no_element_of_any_documented_shape_reads_as_empty(value: dict[str, object]) -> None:
    assert element_text(parse_feed_item(value)).strip()
