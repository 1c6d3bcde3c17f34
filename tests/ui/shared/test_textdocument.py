"""Messages as Qt documents: every piece escaped, only our own tags, monospace code, inline images."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QTextCharFormat, QTextDocument
from pytestqt.qtbot import QtBot

from desktop_app.api.models import MessageSegment, SegmentType
from desktop_app.feed.richdoc import rich_text
from desktop_app.feed.richhtml import to_html
from desktop_app.feed.richtext import LinkTarget, is_web_url, parse_href, parse_timestamp, relative_time
from desktop_app.ui.shared import textdocument
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


def document(
    segments: list[MessageSegment], text: str = "", images: Callable[[str], QImage | None] | None = None
) -> QTextDocument:
    return make_document(rich_text(segments, text), 400, QFont(), QColor("#0b5cab"), images=images)


def html(segments: list[MessageSegment]) -> str:
    return to_html(rich_text(segments))


def test_text_is_escaped_and_shown_literally(qtbot: QtBot) -> None:
    markup = html([seg(SegmentType.TEXT, NASTY)])
    assert "<script" not in markup
    assert "<b>" not in markup
    assert "<img" not in markup
    assert "&lt;script&gt;" in markup
    doc = document([seg(SegmentType.TEXT, NASTY)])
    assert doc.toPlainText() == NASTY
    for text, fmt in fragments(doc):
        assert not fmt.isAnchor(), text
        assert fmt.fontWeight() != QFont.Weight.Bold, text
    assert not doc.allFormats() or all(not f.isImageFormat() for f in doc.allFormats())


def test_plain_text_without_segments_is_literal(qtbot: QtBot) -> None:
    doc = document([], NASTY)
    assert doc.toPlainText() == NASTY
    assert all(not fmt.isAnchor() for _, fmt in fragments(doc))


def test_newlines_and_spaces_survive(qtbot: QtBot) -> None:
    assert "one<br>two  three" in html([seg(SegmentType.TEXT, "one\ntwo  three")])
    assert document([seg(SegmentType.TEXT, "one\ntwo  three")]).toPlainText() == "one\ntwo  three"


def test_link_segment_becomes_an_anchor(qtbot: QtBot) -> None:
    url = "https://docs.example.com/notes?lang=en&v=2"
    assert 'href="https://docs.example.com/notes?lang=en&amp;v=2"' in html(
        [seg(SegmentType.LINK, url, url=url)]
    )
    doc = document([seg(SegmentType.LINK, url, url=url)])
    anchors = [fmt.anchorHref() for text, fmt in fragments(doc) if fmt.isAnchor()]
    assert anchors == [url]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "https:"]
)
def test_links_that_are_not_web_pages_stay_text(url: str) -> None:
    assert "<a " not in html([seg(SegmentType.LINK, url, url=url)])
    assert not is_web_url(url)
    assert parse_href(url) is None


def test_link_href_cannot_break_out_of_the_attribute() -> None:
    markup = html([seg(SegmentType.LINK, "x", url='https://example.com/"><script>alert(1)</script>')])
    assert "<script" not in markup
    assert "&quot;&gt;&lt;script&gt;" in markup


def test_mentions_hashtags_and_records_are_anchors_that_read_back(qtbot: QtBot) -> None:
    segments = [
        seg(SegmentType.MENTION, "@Zoë <Å>", user_id="005A"),
        seg(SegmentType.HASHTAG, "#[spring release]", tag="spring release"),
        seg(SegmentType.ENTITY_LINK, "Initech & Co", reference_id="001B"),
    ]
    markup = html(segments)
    assert '<a href="mention:005A">@Zoë &lt;Å&gt;</a>' in markup
    assert '<a href="hashtag:spring%20release">#[spring release]</a>' in markup
    assert '<a href="entity:001B">Initech &amp; Co</a>' in markup
    hrefs = [fmt.anchorHref() for _text, fmt in fragments(document(segments)) if fmt.isAnchor()]
    assert [parse_href(href) for href in hrefs] == [
        LinkTarget("mention", "005A"),
        LinkTarget("hashtag", "spring release"),
        LinkTarget("entity", "001B"),
    ]
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
    assert "<p><b>Important:</b> <i>context</i></p><ul><li>one</li></ul><p>para</p>" in html(segments)
    doc = document(segments)
    bold = [text for text, fmt in fragments(doc) if fmt.fontWeight() == QFont.Weight.Bold]
    assert bold == ["Important:"]
    assert doc.toPlainText().split("\n") == ["Important: context", "one", "para"]


def test_unbalanced_and_unknown_markup_is_harmless(qtbot: QtBot) -> None:
    segments = [
        seg(SegmentType.MARKUP_END, markup_type="Bold"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Bold"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Italic"),
        seg(SegmentType.TEXT, "x"),
        seg(SegmentType.MARKUP_END, markup_type="Bold"),
        seg(SegmentType.TEXT, "y"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Blink", text="<blink>"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
    ]
    assert html(segments) == '<div style="white-space: pre-wrap"><p><i><b>x</b></i><i>y</i></p></div>'
    doc = document(segments)
    assert doc.toPlainText() == "xy"
    assert [text for text, fmt in fragments(doc) if fmt.fontWeight() == QFont.Weight.Bold] == ["x"]


def test_unknown_and_other_segment_types_show_their_text(qtbot: QtBot) -> None:
    segments = [
        seg("SomethingNew", "<new & shiny>"),
        seg(SegmentType.FIELD_CHANGE, "Stage changed"),
        seg(SegmentType.MORE_CHANGES, "and 2 more"),
        seg(SegmentType.INLINE_IMAGE, "[image]", alt_text="chart <1>", url="https://example.com/i.png"),
        seg(SegmentType.RESOURCE_LINK, "resource", url="https://example.com/r"),
        MessageSegment(type=SegmentType.COMPLEX, text="", children=(seg(SegmentType.TEXT, "child <x>"),)),
    ]
    markup = html(segments)
    for piece in (
        "&lt;new &amp; shiny&gt;",
        "Stage changed",
        "and 2 more",
        "chart &lt;1&gt;",
        "child &lt;x&gt;",
    ):
        assert piece in markup
    assert "<img" not in markup
    assert "<a " not in markup
    expected = "<new & shiny>Stage changedand 2 morechart <1>resourcechild <x>"
    assert rich_text(segments).plain() == expected
    assert document(segments).toPlainText() == expected


def test_paragraphs_are_lines_without_a_gap_after_the_last(qtbot: QtBot) -> None:
    segments = [
        seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
        seg(SegmentType.TEXT, "one"),
        seg(SegmentType.MARKUP_END, markup_type="Paragraph"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Paragraph"),
        seg(SegmentType.TEXT, "two"),
        seg(SegmentType.MARKUP_END, markup_type="Paragraph"),
    ]
    assert rich_text(segments).plain() == "one\ntwo"
    plain = QTextDocument()
    plain.setDocumentMargin(0)
    plain.setDefaultFont(QFont())
    plain.setPlainText("one")
    line = plain.size().height()
    two = document(segments)
    assert two.toPlainText() == "one\ntwo"
    assert document([seg(SegmentType.TEXT, "one")]).size().height() == line
    assert two.size().height() == 2 * line + 6


def test_code_blocks_are_monospace(qtbot: QtBot) -> None:
    segments = [
        seg(SegmentType.TEXT, "Run:"),
        seg(SegmentType.MARKUP_BEGIN, markup_type="Code"),
        seg(SegmentType.TEXT, "make deploy <prod>"),
        seg(SegmentType.MARKUP_END, markup_type="Code"),
    ]
    doc = document(segments)
    assert doc.toPlainText() == "Run:\nmake deploy <prod>"
    families = {text: fmt.font().families() for text, fmt in fragments(doc)}
    assert "monospace" in families["make deploy <prod>"]
    assert "monospace" not in families["Run:"]
    code = doc.lastBlock()
    assert (
        QFontInfo(code.charFormat().font()).fixedPitch()
        or QFontInfo(code.begin().fragment().charFormat().font()).fixedPitch()
    )


def test_inline_images_show_once_loaded_scaled_to_the_width(qtbot: QtBot) -> None:
    image = seg(SegmentType.INLINE_IMAGE, "069x", alt_text="Deploy <diagram>", url="/v/diagram")
    asked: list[str] = []
    picture = QImage(1000, 500, QImage.Format.Format_RGB32)
    picture.fill(QColor("#1b96ff"))

    def lookup(url: str) -> QImage | None:
        asked.append(url)
        return picture if url == "/v/diagram" else None

    waiting = document([image], images=lambda url: None)
    assert waiting.toPlainText() == "Deploy <diagram>"
    shown = document([image], images=lookup)
    assert asked == ["/v/diagram"]
    formats = [fmt for _text, fmt in fragments(shown) if fmt.isImageFormat()]
    assert len(formats) == 1
    name = formats[0].toImageFormat().name()
    assert "/v/diagram" not in name
    resource = shown.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
    assert isinstance(resource, QImage)
    assert (resource.width(), resource.height()) == (400, 200)
    assert shown.size().height() >= 200


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


def test_a_document_outlives_the_templates_it_was_made_from(qtbot: QtBot) -> None:
    # Documents are cloned from kept templates; the kept ones are dropped now and then (many fonts and
    # palettes), and a row's document must stay whole, and be freed when the row lets it go.
    first = make_document(rich_text([], "Kept by a row"), 400, QFont(), QColor("#0b5cab"))
    textdocument._templates.clear()
    gc.collect()
    assert shiboken6.isValid(first)
    assert first.parent() is None
    assert first.toPlainText() == "Kept by a row"
    freed: list[bool] = []
    second = make_document(rich_text([], "Let go"), 400, QFont(), QColor("#0b5cab"))
    second.destroyed.connect(lambda: freed.append(True))
    del second
    gc.collect()
    qtbot.wait_until(lambda: bool(freed), timeout=2_000)
