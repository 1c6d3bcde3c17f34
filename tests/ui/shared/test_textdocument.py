"""Message segments become safe rich text: every piece escaped, only our own tags, unknown types as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextDocument
from pytestqt.qtbot import QtBot

from desktop_app.api.models import MessageSegment, SegmentType
from desktop_app.feed.richtext import (
    LinkTarget,
    is_web_url,
    parse_href,
    parse_timestamp,
    relative_time,
    segments_to_html,
    segments_to_plain,
    text_to_html,
)
from desktop_app.ui.shared.textdocument import fold_height, make_document

NASTY = '<script>alert(1)</script> <b>bold</b> & "q" \'s\' <a href="x">a</a> <img src=x onerror=alert(2)>'


def seg(kind: str, text: str = "", **fields: str) -> MessageSegment:
    return MessageSegment(type=kind, text=text, **fields)  # type: ignore[arg-type]


def fragments(doc: QTextDocument) -> list[tuple[str, QTextCharFormat]]:
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            out.append((fragment.text(), fragment.charFormat()))
            it += 1
        block = block.next()
    return out


def document(segments: list[MessageSegment], text: str = "") -> QTextDocument:
    return make_document(segments, text, 400, QFont(), QColor("#0b5cab"))


def test_text_is_escaped_and_shown_literally(qtbot: QtBot) -> None:
    html = segments_to_html([seg(SegmentType.TEXT, NASTY)])
    assert "<script" not in html
    assert "<b>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    doc = document([seg(SegmentType.TEXT, NASTY)])
    assert doc.toPlainText() == NASTY
    for text, fmt in fragments(doc):
        assert not fmt.isAnchor(), text
        assert fmt.fontWeight() != QFont.Weight.Bold, text
    assert not doc.allFormats() or all(not f.isImageFormat() for f in doc.allFormats())


def test_plain_text_fallback_is_literal(qtbot: QtBot) -> None:
    assert "&lt;b&gt;" in text_to_html("<b>")
    doc = document([], NASTY)
    assert doc.toPlainText() == NASTY
    assert all(not fmt.isAnchor() for _, fmt in fragments(doc))


def test_newlines_and_spaces_survive() -> None:
    html = segments_to_html([seg(SegmentType.TEXT, "one\ntwo  three")])
    assert "one<br>two  three" in html
    assert "white-space: pre-wrap" in html


def test_link_segment_becomes_an_anchor(qtbot: QtBot) -> None:
    url = "https://docs.example.com/notes?lang=en&v=2"
    html = segments_to_html([seg(SegmentType.LINK, url, url=url)])
    assert 'href="https://docs.example.com/notes?lang=en&amp;v=2"' in html
    doc = document([seg(SegmentType.LINK, url, url=url)])
    anchors = [fmt.anchorHref() for text, fmt in fragments(doc) if fmt.isAnchor()]
    assert anchors == [url]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "https:"]
)
def test_links_that_are_not_web_pages_stay_text(url: str) -> None:
    html = segments_to_html([seg(SegmentType.LINK, url, url=url)])
    assert "<a " not in html
    assert not is_web_url(url)


def test_link_href_cannot_break_out_of_the_attribute() -> None:
    url = 'https://example.com/"><script>alert(1)</script>'
    html = segments_to_html([seg(SegmentType.LINK, "x", url=url)])
    assert "<script" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_mentions_hashtags_and_records_are_anchors() -> None:
    html = segments_to_html(
        [
            seg(SegmentType.MENTION, "@Zoë <Å>", user_id="005A"),
            seg(SegmentType.HASHTAG, "#[spring release]", tag="spring release"),
            seg(SegmentType.ENTITY_LINK, "Initech & Co", reference_id="001B"),
        ]
    )
    assert '<a href="mention:005A">@Zoë &lt;Å&gt;</a>' in html
    assert '<a href="hashtag:spring%20release">#[spring release]</a>' in html
    assert '<a href="entity:001B">Initech &amp; Co</a>' in html
    assert parse_href("mention:005A") == LinkTarget("mention", "005A")
    assert parse_href("hashtag:spring%20release") == LinkTarget("hashtag", "spring release")
    assert parse_href("https://example.com/a") == LinkTarget("web", "https://example.com/a")
    assert parse_href("javascript:alert(1)") is None
    assert parse_href("x") is None


def test_markup_is_whitelisted_and_balanced(qtbot: QtBot) -> None:
    segments = [
        seg(SegmentType.MARKUP_BEGIN, markup_type="Bold"),
        seg(SegmentType.TEXT, "Important:"),
        seg(SegmentType.MARKUP_END, markup_type="Bold"),
        seg(SegmentType.TEXT, " "),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Italic"),
        seg(SegmentType.TEXT, "context"),
        seg(SegmentType.MARKUP_END, markup_type="Italic"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="UnorderedList"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="ListItem"),
        seg(SegmentType.TEXT, "one"),
        seg(SegmentType.MARKUP_END, markup_type="ListItem"),
        seg(SegmentType.MARKUP_END, markup_type="UnorderedList"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
        seg(SegmentType.TEXT, "para"),
        seg(SegmentType.MARKUP_END, markup_type="Paragraph"),
    ]
    html = segments_to_html(segments)
    assert "<b>Important:</b> <i>context</i><ul><li>one</li></ul><p>para</p>" in html
    doc = document(segments)
    bold = [text for text, fmt in fragments(doc) if fmt.fontWeight() == QFont.Weight.Bold]
    assert bold == ["Important:"]
    assert doc.toPlainText().split("\n") == ["Important: context", "one", "para"]


def test_unbalanced_and_unknown_markup_is_harmless() -> None:
    html = segments_to_html(
        [
            seg(SegmentType.MARKUP_END, markup_type="Bold"),
            seg(SegmentType.MARKUP_BEGIN, markup_type="Bold"),
            seg(SegmentType.MARKUP_BEGIN, markup_type="Italic"),
            seg(SegmentType.TEXT, "x"),
            seg(SegmentType.MARKUP_END, markup_type="Bold"),
            seg(SegmentType.TEXT, "y"),
            seg(SegmentType.MARKUP_BEGIN, markup_type="Blink", text="<blink>"),
            seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
        ]
    )
    body = html.removeprefix('<div style="white-space: pre-wrap">').removesuffix("</div>")
    assert body == "<b><i>x</i></b><i>y&lt;blink&gt;<p></p></i>"


def test_unknown_and_other_segment_types_show_their_text() -> None:
    segments = [
        seg("SomethingNew", "<new & shiny>"),
        seg(SegmentType.FIELD_CHANGE, "Stage changed"),
        seg(SegmentType.MORE_CHANGES, "and 2 more"),
        seg(SegmentType.INLINE_IMAGE, "[image]", alt_text="chart <1>", url="https://example.com/i.png"),
        seg(SegmentType.RESOURCE_LINK, "resource", url="https://example.com/r"),
        MessageSegment(type=SegmentType.COMPLEX, text="", children=(seg(SegmentType.TEXT, "child <x>"),)),
    ]
    html = segments_to_html(segments)
    for piece in (
        "&lt;new &amp; shiny&gt;",
        "Stage changed",
        "and 2 more",
        "chart &lt;1&gt;",
        "resource",
        "child &lt;x&gt;",
    ):
        assert piece in html
    assert "<img" not in html
    assert "<a " not in html
    assert segments_to_plain(segments) == "<new & shiny>Stage changedand 2 morechart <1>resourcechild <x>"


def test_plain_rendition_breaks_paragraphs() -> None:
    segments = [
        seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
        seg(SegmentType.TEXT, "one"),
        seg(SegmentType.MARKUP_END, markup_type="Paragraph"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
        seg(SegmentType.TEXT, "two"),
        seg(SegmentType.MARKUP_END, markup_type="Paragraph"),
    ]
    assert segments_to_plain(segments) == "one\ntwo"


def test_long_documents_fold_after_twelve_lines(qtbot: QtBot) -> None:
    short = document([seg(SegmentType.TEXT, "short")])
    assert fold_height(short, 12, 14) is None
    long = document([seg(SegmentType.TEXT, "\n".join(f"line {n}" for n in range(40)))])
    cut = fold_height(long, 12, 14)
    assert cut is not None
    assert 0 < cut < long.size().height() / 2


def test_relative_times() -> None:
    now = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)

    def ago(**delta: float) -> str:
        return (now - timedelta(**delta)).isoformat().replace("+00:00", "Z")

    assert relative_time(ago(seconds=10), now) == "just now"
    assert relative_time(ago(seconds=-30), now) == "just now"
    assert relative_time(ago(minutes=5), now) == "5 min"
    assert relative_time(ago(hours=3), now) == "3 h"
    assert relative_time(ago(days=2), now) == "2 d"
    assert relative_time(ago(days=10), now).endswith("Jan")
    assert relative_time(ago(days=400), now).endswith("2024")
    assert relative_time(None, now) == ""
    assert relative_time("not a date", now) == ""
    assert parse_timestamp("2026-01-05T11:06:07.000+0000") == datetime(2026, 1, 5, 11, 6, 7, tzinfo=UTC)


def test_tooltips_show_server_text_literally() -> None:
    from PySide6.QtGui import Qt as GuiQt

    from desktop_app.feed.richtext import plain_tooltip

    tip = plain_tooltip("https://evil.example/<br><b>https://login.salesforce.com</b>\nsecond & line")
    assert GuiQt.mightBeRichText(tip)
    assert "<b>" not in tip
    assert "&lt;b&gt;" in tip
    assert "&amp; line" in tip
    assert plain_tooltip("") == ""
