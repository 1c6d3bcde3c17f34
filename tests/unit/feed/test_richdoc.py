"""Rich text from message segments: blocks of styled runs, safe links, and no code-block markers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from desktop_app.api.messageparse import parse_segments
from desktop_app.api.models import MessageSegment
from desktop_app.api.parse import parse_feed_item
from desktop_app.feed.richdoc import (
    Block,
    BlockKind,
    Image,
    Link,
    LinkKind,
    RichText,
    Run,
    Style,
    rich_text,
    without_markers,
)
from tests.unit.api import fixtures, shapes


def begin(markup: str, **extra: str) -> MessageSegment:
    return MessageSegment(type="MarkupBegin", text="", markup_type=markup, **extra)  # type: ignore[arg-type]


def end(markup: str) -> MessageSegment:
    return MessageSegment(type="MarkupEnd", text="", markup_type=markup)


def text(value: str) -> MessageSegment:
    return MessageSegment(type="Text", text=value)


def test_the_rich_text_fixture_becomes_blocks_of_every_kind() -> None:
    post = parse_feed_item(fixtures.element("rich_text_post"))
    doc = rich_text(post.message_segments, post.message_text)
    assert [block.kind for block in doc.blocks] == [
        BlockKind.PARAGRAPH,
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.CODE,
        BlockKind.PARAGRAPH,
    ]
    first, second, *items, code, picture = doc.blocks
    assert first.runs == (
        Run("Release "),
        Run("today", frozenset({Style.BOLD})),
        Run(", "),
        Run("maybe", frozenset({Style.ITALIC})),
        Run(" "),
        Run("for real", frozenset({Style.UNDERLINE})),
        Run(" "),
        Run("next week", frozenset({Style.STRIKETHROUGH})),
        Run("."),
    )
    links = [run.link for run in second.runs if run.link is not None]
    assert links == [
        Link(LinkKind.MENTION, "0054x000003BobSAAU"),
        Link(LinkKind.WEB, "https://www.example.com/runbook"),
        Link(LinkKind.HASHTAG, "release"),
        Link(LinkKind.WEB, "https://status.example.com"),
    ]
    assert "(not this) " in second.text  # the javascript: hyperlink is kept as plain text
    assert [(item.ordered, item.depth, item.number, item.text) for item in items] == [
        (False, 1, None, "Backup"),
        (False, 1, None, "Deploy"),
        (True, 1, 1, "Smoke test"),
        (True, 1, 2, "Announce"),
    ]
    assert code.text == "make deploy ENV=prod"
    (image_run,) = picture.runs
    assert image_run.image == Image(
        "/services/data/v66.0/sobjects/ContentVersion/0684x0001DiagrAAAA/VersionData",
        "/services/data/v66.0/connect/files/0694x0001DiagrAAAA/previews/thumb",
        "Deploy diagram",
    )
    assert doc.plain() == (
        "Release today, maybe for real next week.\n"
        "Ask @Bob Stone or see the runbook (not this) #release https://status.example.com\n"
        "• Backup\n• Deploy\n1. Smoke test\n2. Announce\n"
        "make deploy ENV=prod\n"
        "Deploy diagram"
    )


def test_plain_text_without_segments_is_one_paragraph() -> None:
    assert rich_text((), "line one\nline two") == RichText(
        (Block(BlockKind.PARAGRAPH, (Run("line one\nline two"),)),)
    )
    assert rich_text((), "  ").is_empty


def test_nested_lists_count_their_own_items() -> None:
    segments = [
        begin("OrderedList"),
        begin("ListItem"),
        begin("Paragraph"),
        text("one"),
        end("Paragraph"),
        begin("UnorderedList"),
        begin("ListItem"),
        text("inner"),
        end("ListItem"),
        end("UnorderedList"),
        end("ListItem"),
        begin("ListItem"),
        text("two"),
        end("ListItem"),
        end("OrderedList"),
        text("after"),
    ]
    doc = rich_text(segments)
    assert [(b.kind, b.ordered, b.depth, b.number, b.text) for b in doc.blocks] == [
        (BlockKind.LIST_ITEM, True, 1, 1, "one"),
        (BlockKind.LIST_ITEM, False, 2, None, "inner"),
        (BlockKind.LIST_ITEM, True, 1, 2, "two"),
        (BlockKind.PARAGRAPH, False, 0, None, "after"),
    ]
    assert doc.plain() == "1. one\n  • inner\n2. two\nafter"


def test_unbalanced_markup_is_closed_where_the_message_ends() -> None:
    doc = rich_text([begin("Bold"), text("loud"), end("Italic"), begin("Code"), text("x = 1")])
    assert doc.blocks == (
        Block(BlockKind.PARAGRAPH, (Run("loud", frozenset({Style.BOLD})),)),
        Block(BlockKind.CODE, (Run("x = 1"),)),
    )
    assert rich_text([end("Bold"), end("OrderedList"), end("Hyperlink"), text("plain")]).plain() == "plain"


def test_styles_nest_and_code_blocks_carry_none() -> None:
    doc = rich_text(
        [begin("Bold"), begin("Italic"), text("both"), end("Bold"), text("italic"), begin("Code"), text("c")]
    )
    assert doc.blocks[0].runs == (
        Run("both", frozenset({Style.BOLD, Style.ITALIC})),
        Run("italic", frozenset({Style.ITALIC})),
    )
    assert doc.blocks[1].runs == (Run("c"),)


def test_markup_text_and_code_block_markers_never_show() -> None:
    segments = [
        MessageSegment(type="MarkupBegin", text="[Start code block]", markup_type="Code"),
        text("[Start code block]"),
        text("print(1)\n[End code block]"),
        MessageSegment(type="MarkupEnd", text="[End code block]", markup_type="Code"),
        MessageSegment(type="MarkupBegin", text="<h1>", markup_type="Heading"),
        text("title"),
    ]
    assert rich_text(segments).plain() == "print(1)\ntitle"
    assert rich_text([text("[Start code"), text(" block]\nx")]).plain() == "x"
    assert without_markers("a\n [end CODE block] \nb") == "a\nb"
    assert without_markers("no markers [here]") == "no markers [here]"


def test_inline_image_without_alt_text_never_shows_its_id() -> None:
    image = MessageSegment(type="InlineImage", text="0694x0001DiagrAAAA", url="/v/1")
    (run,) = rich_text([image]).blocks[0].runs
    assert (run.text, run.image) == ("Image", Image("/v/1", None, ""))


def test_links_only_for_web_urls_people_tags_and_records() -> None:
    segments = parse_segments(
        [
            {"type": "Link", "text": "ftp://files.example.com", "url": "ftp://files.example.com"},
            {"type": "Link", "text": "https://ok.example.com/x"},
            {"type": "EntityLink", "text": "Acme", "reference": {"id": "001000000000001AAA"}},
            {"type": "EntityLink", "text": "No id"},
            {"type": "Hashtag", "text": "#[two words]"},
            {"type": "Mention", "text": "@Zoë"},
            {"type": "FieldChangeValue", "text": "site", "url": "https://site.example.com"},
        ]
    )
    runs = rich_text(segments).blocks[0].runs
    assert [run.link for run in runs if run.link] == [
        Link(LinkKind.WEB, "https://ok.example.com/x"),
        Link(LinkKind.ENTITY, "001000000000001AAA"),
        Link(LinkKind.HASHTAG, "two words"),
        Link(LinkKind.MENTION, "Zoë"),
        Link(LinkKind.WEB, "https://site.example.com"),
    ]


def test_field_change_children_are_read_when_it_has_no_text_of_its_own() -> None:
    nested = MessageSegment(type="FieldChange", text="", children=(text("Stage "), text("changed")))
    assert rich_text([nested]).plain() == "Stage changed"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(shapes.segments())
def test_any_segments_make_a_document_without_empty_blocks(values: list[object]) -> None:
    doc = rich_text(parse_segments(values))
    for block in doc.blocks:
        assert block.runs
        assert any(run.text.strip() or run.image for run in block.runs)
        assert all(run.link is None or run.link.value for run in block.runs)
        assert not {line.strip().lower() for line in block.text.split("\n")} & {
            "[start code block]",
            "[end code block]",
        }
        if block.kind == BlockKind.LIST_ITEM:
            assert block.depth >= 1
    assert isinstance(doc.plain(), str)
