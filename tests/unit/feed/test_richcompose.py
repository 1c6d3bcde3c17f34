"""The composer's document as message segments: balanced, nested markup and every word kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.models import MessageSegment
from desktop_app.api.segments import segments_for
from desktop_app.feed.richcompose import (
    Block,
    BlockKind,
    Run,
    blocks_of,
    document_segments,
    is_rich,
    not_editable_here,
    plain_text,
)

_WORDS = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), max_size=20)
_RUNS = st.builds(
    Run,
    text=_WORDS,
    bold=st.booleans(),
    italic=st.booleans(),
    underline=st.booleans(),
    link=st.none() | st.sampled_from(["https://example.com/a", "https://example.org/b?c=d"]),
)
_BLOCKS = st.lists(
    st.builds(Block, runs=st.lists(_RUNS, max_size=5).map(tuple), kind=st.sampled_from(list(BlockKind))),
    min_size=1,
    max_size=6,
)


def _words(segment: dict[str, str]) -> str:
    """The words a segment input stands for (brackets of multi-word hashtags aside)."""
    kind = segment["type"]
    if kind == "Link":
        return segment["url"]
    if kind == "Hashtag":
        return "#" + segment["tag"]
    return segment["text"] if kind == "Text" else ""


def _unbracketed(text: str) -> str:
    return text.replace("[", "").replace("]", "")


@given(_BLOCKS)
def test_every_begin_has_its_end_properly_nested(blocks: list[Block]) -> None:
    stack: list[str] = []
    for segment in document_segments(blocks):
        if segment["type"] == "MarkupBegin":
            if segment["markupType"] == "ListItem":
                assert stack[-1:] in (["UnorderedList"], ["OrderedList"])
            stack.append(segment["markupType"])
        elif segment["type"] == "MarkupEnd":
            assert stack.pop() == segment["markupType"]
    assert stack == []


@given(_BLOCKS)
def test_hyperlinks_carry_an_http_url_and_only_text(blocks: list[Block]) -> None:
    inside = 0
    for segment in document_segments(blocks):
        if segment.get("markupType") == "Hyperlink":
            if segment["type"] == "MarkupBegin":
                assert segment["url"].startswith("https://")
                inside += 1
            else:
                inside -= 1
        elif inside and segment["type"] not in ("MarkupBegin", "MarkupEnd"):
            assert segment["type"] == "Text"


@given(_BLOCKS)
def test_words_are_kept_block_by_block(blocks: list[Block]) -> None:
    segments = document_segments(blocks)
    if not is_rich(blocks):
        assert segments == segments_for(plain_text(blocks).strip("\n"))
        return
    texts: list[str] = []
    current: list[str] | None = None
    for segment in segments:
        container = segment.get("markupType") in ("Paragraph", "ListItem")
        if segment["type"] == "MarkupBegin" and container:
            current = []
        elif segment["type"] == "MarkupEnd" and container:
            assert current is not None
            texts.append("".join(current))
            current = None
        elif current is not None:
            current.append(_words(segment))
    expected = [block.text or " " for block in blocks]
    assert [_unbracketed(text) for text in texts] == [_unbracketed(text) for text in expected]


def test_bold_word_in_a_paragraph() -> None:
    blocks = [Block((Run("Hello "), Run("world", bold=True), Run("!")))]
    assert document_segments(blocks) == [
        {"type": "MarkupBegin", "markupType": "Paragraph"},
        {"type": "Text", "text": "Hello "},
        {"type": "MarkupBegin", "markupType": "Bold"},
        {"type": "Text", "text": "world"},
        {"type": "MarkupEnd", "markupType": "Bold"},
        {"type": "Text", "text": "!"},
        {"type": "MarkupEnd", "markupType": "Paragraph"},
    ]


def test_neighbouring_runs_share_their_common_styles() -> None:
    blocks = [Block((Run("a", bold=True), Run("b", bold=True, italic=True)))]
    kinds = [(s["type"], s.get("markupType", s.get("text"))) for s in document_segments(blocks)]
    assert kinds == [
        ("MarkupBegin", "Paragraph"),
        ("MarkupBegin", "Bold"),
        ("Text", "a"),
        ("MarkupBegin", "Italic"),
        ("Text", "b"),
        ("MarkupEnd", "Italic"),
        ("MarkupEnd", "Bold"),
        ("MarkupEnd", "Paragraph"),
    ]


def test_list_items_are_grouped_into_one_list_and_blank_lines_kept() -> None:
    blocks = [
        Block((Run("one"),), BlockKind.BULLET),
        Block((Run("two"),), BlockKind.BULLET),
        Block(()),
        Block((Run("first"),), BlockKind.NUMBER),
    ]
    markup = [(s["type"], s.get("markupType")) for s in document_segments(blocks) if s["type"] != "Text"]
    assert markup == [
        ("MarkupBegin", "UnorderedList"),
        ("MarkupBegin", "ListItem"),
        ("MarkupEnd", "ListItem"),
        ("MarkupBegin", "ListItem"),
        ("MarkupEnd", "ListItem"),
        ("MarkupEnd", "UnorderedList"),
        ("MarkupBegin", "Paragraph"),
        ("MarkupEnd", "Paragraph"),
        ("MarkupBegin", "OrderedList"),
        ("MarkupBegin", "ListItem"),
        ("MarkupEnd", "ListItem"),
        ("MarkupEnd", "OrderedList"),
    ]
    assert {"type": "Text", "text": " "} in document_segments(blocks)


def test_hyperlink_has_url_and_alt_text_and_mentions_still_work() -> None:
    blocks = [Block((Run("docs", link="https://example.com"), Run(" ask @Ann Lee", italic=True)))]
    segments = document_segments(blocks, {"Ann Lee": "005A"})
    assert {
        "type": "MarkupBegin",
        "markupType": "Hyperlink",
        "url": "https://example.com",
        "altText": "docs",
    } in segments
    assert {"type": "Mention", "id": "005A"} in segments


def test_plain_document_goes_out_as_a_plain_post() -> None:
    blocks = [Block((Run("Hi @Ann Lee"),)), Block((Run("see https://x.org"),))]
    assert not is_rich(blocks)
    assert document_segments(blocks, {"Ann Lee": "005A"}) == segments_for(
        "Hi @Ann Lee\nsee https://x.org", {"Ann Lee": "005A"}
    )


def _as_output(segments: list[dict[str, str]]) -> list[MessageSegment]:
    """What Salesforce sends back for segment inputs: each with its text (a link's is its URL)."""
    out = []
    for segment in segments:
        kind = segment["type"]
        text = segment.get("text") or segment.get("url", "") if kind in ("Text", "Link") else ""
        url = segment.get("url")
        out.append(MessageSegment(type=kind, text=text, url=url, markup_type=segment.get("markupType")))
    return out


def _chars(blocks: list[Block]) -> list[tuple[BlockKind, list[tuple[str, bool, bool, bool, str | None]]]]:
    out = []
    for block in blocks:
        chars = [(c, r.bold, r.italic, r.underline, r.link) for r in block.runs for c in r.text]
        out.append((block.kind, [] if "".join(c[0] for c in chars) in ("", " ") else chars))
    return out


_PLAIN_WORDS = st.text(st.sampled_from("abc XYZ,.!?-é"), max_size=12)
_EDITABLE = st.lists(
    st.builds(
        Block,
        runs=st.lists(
            st.builds(
                Run,
                text=_PLAIN_WORDS,
                bold=st.booleans(),
                italic=st.booleans(),
                underline=st.booleans(),
                link=st.none() | st.just("https://example.com/a"),
            ),
            max_size=4,
        ).map(tuple),
        kind=st.sampled_from(list(BlockKind)),
    ),
    min_size=1,
    max_size=5,
)


@given(_EDITABLE)
def test_a_posted_document_reads_back_the_same_for_editing(blocks: list[Block]) -> None:
    back = blocks_of(_as_output(document_segments(blocks)))
    if not is_rich(blocks):
        text = plain_text(blocks).strip("\n")
        assert plain_text(back) == text
        return
    assert _chars(back) == _chars(blocks)


def test_a_plain_body_without_segments_reads_as_its_lines() -> None:
    blocks = blocks_of((), "one\ntwo")
    assert [b.text for b in blocks] == ["one", "two"]
    assert blocks_of((), "") == [Block(())]


def _para(*inner: MessageSegment) -> list[MessageSegment]:
    return [
        MessageSegment("MarkupBegin", "", markup_type="Paragraph"),
        *inner,
        MessageSegment("MarkupEnd", "", markup_type="Paragraph"),
    ]


def test_a_line_break_inside_a_paragraph_stays_one() -> None:
    blocks = blocks_of(_para(MessageSegment("Text", "line1\nline2")))
    assert len(blocks) == 1
    assert "".join(run.text for run in blocks[0].runs) == "line1\nline2"


def test_what_the_model_cannot_hold_is_not_edited_here() -> None:
    plain = _para(MessageSegment("Text", "Hello "), MessageSegment("Mention", "@Ana", user_id="005x"))
    assert not_editable_here(plain) == ""
    image = _para(MessageSegment("InlineImage", "pic.png", alt_text="pic.png"))
    assert "image" in not_editable_here(image)
    struck = _para(
        MessageSegment("MarkupBegin", "", markup_type="Strikethrough"),
        MessageSegment("Text", "old"),
        MessageSegment("MarkupEnd", "", markup_type="Strikethrough"),
    )
    assert "Strikethrough" in not_editable_here(struck)
    code = _para(MessageSegment("MarkupBegin", "", markup_type="Code"), MessageSegment("Text", "x = 1"))
    assert "Code" in not_editable_here(code)
