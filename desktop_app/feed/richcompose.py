"""A small document model of what the composer holds (paragraphs, list items, styled runs) and its segments.

The Connect REST API takes rich text as message segment inputs: `MarkupBegin`/`MarkupEnd` pairs (Paragraph,
Bold, Italic, Underline, UnorderedList, OrderedList, ListItem, Hyperlink with `url` and `altText`) around
`Text`, `Mention`, `Link` and `Hashtag` segments (`CG/quickreference_post_feed_element_rich_text.htm`).
Every Begin gets its End, properly nested; the order of styles is fixed (bold outside italic outside
underline outside a hyperlink) so that neighbouring runs share what they have in common. A document with no
formatting at all goes out as plain segments, exactly as a plain post always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

import msgspec

from desktop_app.api.elementops import freeze_segments
from desktop_app.api.models import MessageSegment
from desktop_app.api.operations import Post, mentions_of
from desktop_app.api.segments import segments_for
from desktop_app.api.uploads import PostMessage

Segment = dict[str, str]


class BlockKind(StrEnum):
    """What a line of the document is."""

    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBER = "number"


_LISTS = {BlockKind.BULLET: "UnorderedList", BlockKind.NUMBER: "OrderedList"}
_STYLES = ("Bold", "Italic", "Underline")
# Salesforce's example keeps a blank line as a paragraph holding one space.
_BLANK = " "


class Run(msgspec.Struct, frozen=True):
    """A piece of text in one style; ``link`` is the URL the text points at, if any."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    link: str | None = None

    @property
    def plain(self) -> bool:
        """True when nothing but the words is there."""
        return not (self.bold or self.italic or self.underline or self.link)


class Block(msgspec.Struct, frozen=True):
    """A paragraph or a list item, as runs of text."""

    runs: tuple[Run, ...] = ()
    kind: BlockKind = BlockKind.PARAGRAPH

    @property
    def text(self) -> str:
        """The block's words."""
        return "".join(run.text for run in self.runs)


def plain_text(blocks: Iterable[Block]) -> str:
    """The document's words, a line per block (what a post's body `text` reads like)."""
    return "\n".join(block.text for block in blocks)


def is_rich(blocks: Iterable[Block]) -> bool:
    """True when any formatting, list or link is in the document."""
    return any(
        block.kind is not BlockKind.PARAGRAPH or not all(r.plain for r in block.runs) for block in blocks
    )


def _wanted(run: Run) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = [
        (style, None) for style, on in zip(_STYLES, (run.bold, run.italic, run.underline), strict=True) if on
    ]
    if run.link:
        out.append(("Hyperlink", run.link))
    return out


def _begin(markup: str, url: str | None, alt: str) -> Segment:
    segment = {"type": "MarkupBegin", "markupType": markup}
    if markup == "Hyperlink" and url is not None:
        segment["url"] = url
        segment["altText"] = alt
    return segment


def _end(markup: str) -> Segment:
    return {"type": "MarkupEnd", "markupType": markup}


def _runs(runs: Iterable[Run], mentions: Mapping[str, str] | None, out: list[Segment]) -> None:
    """The segments of a block's runs, styles opened and closed as a stack."""
    open_: list[tuple[str, str | None]] = []
    for run in runs:
        if not run.text:
            continue
        wanted = _wanted(run)
        keep = 0
        while keep < len(open_) and keep < len(wanted) and open_[keep] == wanted[keep]:
            keep += 1
        while len(open_) > keep:
            out.append(_end(open_.pop()[0]))
        for markup, url in wanted[keep:]:
            out.append(_begin(markup, url, run.text))
            open_.append((markup, url))
        if run.link:
            # Inside a hyperlink the words are the link's own: no links, tags or mentions found in them.
            out.append({"type": "Text", "text": run.text})
        else:
            out.extend(segments_for(run.text, mentions))
    while open_:
        out.append(_end(open_.pop()[0]))


def document_segments(blocks: Iterable[Block], mentions: Mapping[str, str] | None = None) -> list[Segment]:
    """Message segment inputs for a document; `mentions` maps picked names to user ids, as for plain posts."""
    blocks = list(blocks)
    if not is_rich(blocks):
        return segments_for(plain_text(blocks).strip("\n"), mentions)
    out: list[Segment] = []
    open_list: str | None = None
    for block in blocks:
        wanted = _LISTS.get(block.kind)
        if open_list is not None and wanted != open_list:
            out.append(_end(open_list))
            open_list = None
        if wanted is not None and open_list is None:
            out.append(_begin(wanted, None, ""))
            open_list = wanted
        container = "ListItem" if wanted is not None else "Paragraph"
        out.append(_begin(container, None, ""))
        if block.text:
            _runs(block.runs, mentions, out)
        else:
            out.append({"type": "Text", "text": _BLANK})
        out.append(_end(container))
    if open_list is not None:
        out.append(_end(open_list))
    return out


def post_input(
    text: str,
    blocks: list[Block],
    mentions: Mapping[str, str],
    file_ids: tuple[str, ...] = (),
    subject_id: str = "me",
) -> Post | PostMessage:
    """The operation that posts a document: a plain ``Post`` as always when there is nothing but words for
    the person's own feed, else the full message input (rich text, files, another feed)."""
    if not is_rich(blocks) and not file_ids and subject_id == "me":
        return Post(text, mentions_of(mentions))
    return PostMessage(freeze_segments(document_segments(blocks, mentions)), subject_id, file_ids)


_STYLE_OF = {"Bold": "bold", "Italic": "italic", "Underline": "underline"}
_BLOCK_MARKUP = frozenset({"Paragraph", "ListItem"})
_LIST_KIND = {"UnorderedList": BlockKind.BULLET, "OrderedList": BlockKind.NUMBER}


class _Reader:
    """Walks output segments, keeping which styles, link and list are open."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.styles: list[str] = []
        self.links: list[str] = []
        self.lists: list[BlockKind] = []
        self.in_block = False

    def finish(self, kind: BlockKind) -> None:
        text = "".join(run.text for run in self.runs)
        # Salesforce's blank line is a paragraph holding one space.
        self.blocks.append(Block(() if text == _BLANK else tuple(self.runs), kind))
        self.runs = []

    def words(self, text: str) -> None:
        lines = text.split("\n")
        link = self.links[-1] if self.links else None
        styles = set(self.styles)
        for number, line in enumerate(lines):
            if number and not self.in_block:
                self.finish(BlockKind.PARAGRAPH)
            # A line break inside a paragraph (Shift+Enter) stays one, in the same paragraph.
            piece = f"\n{line}" if number and self.in_block else line
            if piece:
                self.runs.append(
                    Run(piece, "bold" in styles, "italic" in styles, "underline" in styles, link)
                )

    def read(self, segment: MessageSegment) -> None:
        markup = segment.markup_type or ""
        if segment.type == "MarkupBegin":
            if markup in _BLOCK_MARKUP:
                self.in_block = True
            elif markup in _LIST_KIND:
                self.lists.append(_LIST_KIND[markup])
            elif markup in _STYLE_OF:
                self.styles.append(_STYLE_OF[markup])
            elif markup == "Hyperlink":
                self.links.append(segment.url or "")
        elif segment.type == "MarkupEnd":
            if markup in _BLOCK_MARKUP:
                self.finish(self.lists[-1] if markup == "ListItem" and self.lists else BlockKind.PARAGRAPH)
                self.in_block = False
            elif markup in _LIST_KIND and self.lists:
                self.lists.pop()
            elif markup in _STYLE_OF and _STYLE_OF[markup] in self.styles:
                self.styles.remove(_STYLE_OF[markup])
            elif markup == "Hyperlink" and self.links:
                self.links.pop()
        else:
            self.words(segment.text)


_EDITABLE_SEGMENTS = frozenset({"Text", "Mention", "Link", "Hashtag", "MarkupBegin", "MarkupEnd"})
_EDITABLE_MARKUP = frozenset({*_BLOCK_MARKUP, *_LIST_KIND, *_STYLE_OF, "Hyperlink"})


def not_editable_here(segments: Iterable[MessageSegment]) -> str:
    """Why a message can't be edited in the app without losing part of it ("" when it can): an edit
    replaces the whole body, so what the document model can't hold (an inline image, code, strikethrough,
    a kind of segment the app doesn't know) would be deleted at the org."""
    for segment in segments:
        if segment.type not in _EDITABLE_SEGMENTS:
            what = (
                "an image" if segment.type == "InlineImage" else f"a part the app can't edit ({segment.type})"
            )
            return f"It holds {what}; edit it in Salesforce (press O) so nothing is lost."
        markup = segment.markup_type or ""
        if segment.type in ("MarkupBegin", "MarkupEnd") and markup not in _EDITABLE_MARKUP:
            kind = markup or "unknown"
            return f"It holds formatting the app can't edit ({kind}); edit it in Salesforce (O)."
    return ""


def blocks_of(segments: Iterable[MessageSegment], text: str = "") -> list[Block]:
    """A message as the document model (to edit it): its paragraphs, lists, styles and links.

    Unknown segments count by their text, as Salesforce asks of clients; a body without segments is its text.
    """
    reader = _Reader()
    read = False
    for segment in segments:
        reader.read(segment)
        read = True
    if not read:
        reader.words(text)
    if reader.runs or not reader.blocks:
        reader.finish(BlockKind.PARAGRAPH)
    return reader.blocks
