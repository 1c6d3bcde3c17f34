"""Message segments as a Qt-free rich document: blocks (paragraphs, list items, code) of styled runs.

Salesforce sends rich text as a flat list of segments in which MarkupBegin/MarkupEnd pairs open and close
bold, lists, code blocks and hyperlinks. `rich_text` turns that list into what a painter needs: blocks, each
a tuple of runs with their styles, link or inline image. Markup that does not balance is closed where the
message ends. Markup segments never show text of their own, and the "[Start code block]" / "[End code
block]" lines some orgs send around code are dropped. Cost: one pass over the segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import msgspec

from desktop_app.api.models import MessageSegment, SegmentType

_MAX_DEPTH = 4
CODE_BLOCK_MARKERS = frozenset({"[start code block]", "[end code block]"})
_RECORD_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")


class Style:
    """Inline styles a run can carry (from the markup types Salesforce documents)."""

    BOLD = "bold"
    ITALIC = "italic"
    UNDERLINE = "underline"
    STRIKETHROUGH = "strikethrough"


_INLINE = {
    "Bold": Style.BOLD,
    "Italic": Style.ITALIC,
    "Underline": Style.UNDERLINE,
    "Strikethrough": Style.STRIKETHROUGH,
}


class LinkKind:
    """What a link points at: a web page, a person, a hashtag, or a record."""

    WEB = "web"
    MENTION = "mention"
    HASHTAG = "hashtag"
    ENTITY = "entity"


class BlockKind:
    """The kinds of block a message is made of."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    CODE = "code"


class Link(msgspec.Struct, frozen=True):
    """A link target: `value` is the URL for web links, else a user id, tag or record id."""

    kind: str
    value: str


class Image(msgspec.Struct, frozen=True):
    """An inline image: the latest version's URL, a thumbnail when Salesforce offers one, and its alt text."""

    url: str | None
    thumbnail_url: str | None
    alt_text: str


class Run(msgspec.Struct, frozen=True):
    """A stretch of text with one set of styles and at most one link; image runs show `image` instead."""

    text: str
    styles: frozenset[str] = frozenset()
    link: Link | None = None
    image: Image | None = None


class Block(msgspec.Struct, frozen=True):
    """A paragraph, a list item (`depth` 1 for a top-level list, `number` for ordered lists) or code."""

    kind: str
    runs: tuple[Run, ...]
    ordered: bool = False
    depth: int = 0
    number: int | None = None

    @property
    def text(self) -> str:
        """The block's text without a list marker."""
        return "".join(run.text for run in self.runs)

    def plain(self) -> str:
        """The block as a line of plain text: list items indented with their bullet or number."""
        text = self.text.strip("\n")
        if self.kind != BlockKind.LIST_ITEM:
            return text
        marker = f"{self.number}. " if self.ordered and self.number is not None else "• "
        return "  " * max(0, self.depth - 1) + marker + text


class RichText(msgspec.Struct, frozen=True):
    """A message as blocks of runs, ready to paint or to read out."""

    blocks: tuple[Block, ...] = ()

    def plain(self) -> str:
        """The message as plain text, a line per block."""
        return "\n".join(block.plain() for block in self.blocks).strip("\n")

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to show."""
        return not self.blocks


def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs with a host: the only links opened in the browser."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def without_markers(text: str) -> str:
    """Text without the lines that only mark where a code block starts or ends."""
    if "code block]" not in text.lower():
        return text
    return "\n".join(line for line in text.split("\n") if line.strip().lower() not in CODE_BLOCK_MARKERS)


def _link_for(segment: MessageSegment) -> Link | None:
    kind, text = segment.type, segment.text
    if kind in (SegmentType.LINK, SegmentType.FIELD_CHANGE_VALUE):
        url = segment.url or (text if kind == SegmentType.LINK else None)
        return Link(LinkKind.WEB, url.strip()) if url and is_web_url(url) else None
    if kind == SegmentType.MENTION and text:
        target = segment.user_id or segment.name or text.lstrip("@")
        return Link(LinkKind.MENTION, target) if target else None
    if kind == SegmentType.HASHTAG and text:
        tag = segment.tag or text.lstrip("#").strip("[]")
        return Link(LinkKind.HASHTAG, tag) if tag else None
    if kind == SegmentType.ENTITY_LINK and text and segment.reference_id:
        return Link(LinkKind.ENTITY, segment.reference_id)
    return None


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for run in runs:
        last = out[-1] if out else None
        if (
            last is not None
            and last.image is None
            and run.image is None
            and (last.styles, last.link) == (run.styles, run.link)
        ):
            out[-1] = Run(last.text + run.text, last.styles, last.link)
        else:
            out.append(run)
    # Markers are dropped per segment and again after merging: a marker line can come split over segments.
    return tuple(
        Run(without_markers(r.text), r.styles, r.link, r.image) if r.image is None else r for r in out
    )


class _Builder:
    """The open block, styles, links and lists while walking the segments."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.kind = BlockKind.PARAGRAPH
        self.item: tuple[bool, int, int | None] = (False, 0, None)
        self.styles: list[str] = []
        self.links: list[Link | None] = []
        self.lists: list[list[int]] = []  # [ordered (0/1), items so far] per open list

    def close(self) -> None:
        runs = _merge(self.runs)
        if any(run.image is not None or run.text.strip() for run in runs):
            ordered, depth, number = self.item
            self.blocks.append(Block(self.kind, runs, ordered, depth, number))
        self.runs = []
        self.kind = BlockKind.PARAGRAPH
        self.item = (False, 0, None)

    def add(self, text: str, link: Link | None = None, image: Image | None = None) -> None:
        if not text and image is None:
            return
        code = self.kind == BlockKind.CODE
        styles = frozenset() if code else frozenset(self.styles)
        if link is None and not code and self.links:
            link = self.links[-1]
        self.runs.append(Run(text, styles, link, image))

    def begin(self, segment: MessageSegment) -> None:
        markup = segment.markup_type or ""
        if markup in _INLINE:
            self.styles.append(_INLINE[markup])
        elif markup == "Paragraph" and self.kind == BlockKind.LIST_ITEM and not self.runs:
            return  # a list item's text wrapped in a paragraph stays the list item
        elif markup in ("Paragraph", "Code"):
            self.close()
            self.kind = BlockKind.CODE if markup == "Code" else BlockKind.PARAGRAPH
        elif markup in ("OrderedList", "UnorderedList"):
            self.close()
            self.lists.append([int(markup == "OrderedList"), 0])
        elif markup == "ListItem":
            self.close()
            ordered = False
            number = None
            if self.lists:
                self.lists[-1][1] += 1
                ordered = bool(self.lists[-1][0])
                number = self.lists[-1][1] if ordered else None
            self.kind = BlockKind.LIST_ITEM
            self.item = (ordered, max(1, len(self.lists)), number)
        elif markup == "Hyperlink":
            url = segment.url
            self.links.append(Link(LinkKind.WEB, url.strip()) if url and is_web_url(url) else None)

    def end(self, segment: MessageSegment) -> None:
        markup = segment.markup_type or ""
        if markup in _INLINE:
            style = _INLINE[markup]
            if style in self.styles:
                del self.styles[len(self.styles) - 1 - self.styles[::-1].index(style)]
        elif markup in ("Paragraph", "Code", "ListItem"):
            self.close()
        elif markup in ("OrderedList", "UnorderedList"):
            self.close()
            ordered = int(markup == "OrderedList")
            for index in range(len(self.lists) - 1, -1, -1):
                if self.lists[index][0] == ordered:
                    del self.lists[index]
                    break
        elif markup == "Hyperlink" and self.links:
            self.links.pop()

    def segment(self, segment: MessageSegment, depth: int) -> None:
        if segment.type == SegmentType.MARKUP_BEGIN:
            self.begin(segment)
        elif segment.type == SegmentType.MARKUP_END:
            self.end(segment)
        elif segment.type == SegmentType.INLINE_IMAGE:
            alt = segment.alt_text or ""
            if not alt and not _RECORD_ID.fullmatch(segment.text.strip()):
                alt = segment.text.strip()  # the text is the alt text, or the file id when there is none
            image = Image(segment.url, segment.thumbnail_url, alt)
            self.add(alt or "Image", image=image)
        elif segment.children and not segment.text and depth < _MAX_DEPTH:
            for child in segment.children:
                self.segment(child, depth + 1)
        else:
            self.add(without_markers(segment.text), _link_for(segment))


def rich_text(segments: Iterable[MessageSegment], text: str = "") -> RichText:
    """The rich document for a message: its segments, or `text` as one plain paragraph when it has none."""
    builder = _Builder()
    segments = tuple(segments)
    if segments:
        for segment in segments:
            builder.segment(segment, 0)
    else:
        builder.add(text)
    builder.close()
    return RichText(tuple(builder.blocks))
