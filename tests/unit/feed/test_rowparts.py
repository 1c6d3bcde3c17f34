"""What a row shows besides its message, for every documented kind of element."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from desktop_app.api.capabilities import Poll, PollChoice
from desktop_app.api.models import FeedItem
from desktop_app.api.parse import parse_feed_item
from desktop_app.feed import edits
from desktop_app.feed.rowparts import NO_PARTS, ChoiceRow, Pair, plain_lines, row_parts
from tests.unit.api import fixtures, shapes


def item(name: str) -> FeedItem:
    return parse_feed_item(fixtures.element(name))


def test_a_poll_lists_its_choices_in_order_with_shares_and_the_own_vote() -> None:
    parts = row_parts(item("poll"), "Lunch?")
    assert parts.poll is not None
    assert parts.poll.choices == (
        ChoiceRow("09A4x0000008pZaEAI", "Pizza", "3 votes", 0.75, True),
        ChoiceRow("09A4x0000008pZbEAI", "Sushi", "1 vote", 0.25, False),
        ChoiceRow("09A4x0000008pZcEAI", "Salad", "0 votes", 0.0, False),
    )
    assert parts.poll.summary == "4 votes · You voted for Pizza"
    moved = edits.with_poll(
        item("poll"),
        Poll((PollChoice("a", "", 1, 0), PollChoice("b", "Later", 2, 2)), my_choice_id=None, total_votes=2),
    )
    poll = row_parts(moved, "").poll
    assert poll is not None
    assert [row.label for row in poll.choices] == ["Choice 1", "Later"]
    assert poll.summary == "2 votes · Choose an answer to vote"


def test_a_bundle_summarises_its_changes_and_lists_them_when_open() -> None:
    closed = row_parts(item("bundle_tracked_changes"), "")
    assert closed.bundle is not None
    assert closed.bundle.summary == "3 changes to Acme - 200 Widgets"
    assert not closed.bundle.open
    assert "Amount: $10,000.00 → $12,500.00" not in plain_lines(closed)
    opened = row_parts(item("bundle_tracked_changes"), "", bundle_open=True)
    assert opened.bundle is not None
    assert opened.bundle.lines == (
        "Amount: $10,000.00 → $12,500.00",
        "Close Date: 8/31/2020 → 9/15/2020",
        "Next Step: (blank) → Send the contract",
    )
    assert "Next Step: (blank) → Send the contract" in plain_lines(opened)


def test_record_events_show_the_record_and_its_new_fields() -> None:
    element = item("create_record_event")
    parts = row_parts(element, element.message_text)
    assert parts.record is not None
    assert parts.record.title == "Case · 00001026"
    assert parts.record.fields[:2] == (Pair("Subject", "Printer jams on tray 2"), Pair("Status", "New"))
    assert all(pair.value != "00001026" for pair in parts.record.fields)


def test_tracked_changes_are_label_and_values() -> None:
    parts = row_parts(item("tracked_change"), "")
    assert parts.changes == (Pair("Stage", "Prospecting → Closed Won"),)


def test_questions_have_a_title_and_the_best_answer() -> None:
    parts = row_parts(item("question"), "")
    assert parts.question == "How do I keep the VPN connected?"
    assert parts.answer is not None
    assert parts.answer.heading == "✓ Best answer from Cat Wu"
    assert parts.answer.text == "Use the VPN profile from the IT portal, then restart."


def test_files_have_a_title_type_size_thumbnail_and_a_name_to_save_as() -> None:
    first, second = row_parts(item("file_post"), "").files
    files = "/services/data/v66.0/chatter/files/0694x00001Q3PdfAAA"
    assert (first.title, first.details, first.badge) == ("Q3", "PDF · 1.2 MB", "PDF")
    assert first.file_name == "Q3.pdf"
    assert first.thumbnail_url == f"{files}/rendition?type=THUMB240BY180"
    assert first.download_url == f"{files}/content?versionNumber=1"
    assert second.thumbnail_url is None  # its renditions are still being made
    (old,) = row_parts(item("content_post_v35"), "").files
    assert (old.title, old.details, old.file_name) == ("Lunch menu", "DOCX · 20 KB", "Lunch menu.docx")


def test_links_and_enhanced_links_are_cards() -> None:
    (link,) = row_parts(item("link_post"), "").links
    assert (link.title, link.url, link.web_url) == (
        "2026 Outlook",
        "https://www.example.com/reports/2026-outlook",
        "https://www.example.com/reports/2026-outlook",
    )
    (card,) = row_parts(item("enhanced_link"), "").links
    assert card.title == "Spring release notes"
    assert card.description.startswith("Release notes for the spring release")


def test_unknown_kinds_are_offered_in_salesforce() -> None:
    for name in ("approval_post", "unknown_element_type"):
        parts = row_parts(item(name), "")
        assert parts.open_in_salesforce
        assert not parts.has_text
    assert row_parts(item("rich_text_post"), "") is NO_PARTS


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shapes.feed_element())
def test_parts_of_any_element_are_plain_text_lines(value: dict[str, object]) -> None:
    element = parse_feed_item(value)
    parts = row_parts(element, element.message_text, bundle_open=True)
    lines = plain_lines(parts)
    assert all(line.strip() for line in lines)
    if parts.poll is not None:
        assert all(0 <= row.ratio <= 1 for row in parts.poll.choices)
        assert sum(row.mine for row in parts.poll.choices) <= 1
    assert bool(lines) == parts.has_text
