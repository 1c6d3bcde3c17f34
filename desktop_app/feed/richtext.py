"""Server message segments turned into safe rich text (every piece escaped) or plain text; ages; links.

Nothing the server sends is ever interpreted as markup: text pieces go through ``html.escape`` and the only
tags in the output are the few this module writes itself, from a fixed table, balanced on a stack.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit

from desktop_app.api.models import MessageSegment, SegmentType

MENTION_SCHEME = "mention"
HASHTAG_SCHEME = "hashtag"
ENTITY_SCHEME = "entity"
WEB_SCHEMES = frozenset({"http", "https"})

# Markup types Salesforce documents for MarkupBegin/MarkupEnd, and the one tag each becomes.
_MARKUP_TAGS = {
    "Bold": "b",
    "Italic": "i",
    "Underline": "u",
    "Strikethrough": "s",
    "Paragraph": "p",
    "UnorderedList": "ul",
    "OrderedList": "ol",
    "ListItem": "li",
    "Code": "code",
}
_SEGMENT_DEPTH = 4


@dataclass(frozen=True)
class LinkTarget:
    """What an anchor in rendered text points at: a web page, a person, a hashtag or a record."""

    kind: str
    value: str


def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs with a host: the only links opened in the browser."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def parse_href(href: str) -> LinkTarget | None:
    """The target of an anchor this module wrote, or None for anything else."""
    scheme, _, rest = href.partition(":")
    scheme = scheme.lower()
    if scheme in WEB_SCHEMES:
        return LinkTarget("web", href) if is_web_url(href) else None
    if scheme in (MENTION_SCHEME, HASHTAG_SCHEME, ENTITY_SCHEME) and rest:
        return LinkTarget(scheme, unquote(rest))
    return None


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _anchor(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{_escape(text)}</a>'


def _segment_html(segment: MessageSegment, links: bool) -> str:
    kind = segment.type
    text = segment.text
    if not links:
        return _escape(text)
    if kind == SegmentType.LINK and is_web_url(segment.url or text):
        return _anchor((segment.url or text).strip(), text or segment.url or "")
    if kind == SegmentType.MENTION and text:
        target = segment.user_id or segment.name or text.lstrip("@")
        return _anchor(f"{MENTION_SCHEME}:{quote(target, safe='')}", text)
    if kind == SegmentType.HASHTAG and text:
        tag = segment.tag or text.lstrip("#").strip("[]")
        return _anchor(f"{HASHTAG_SCHEME}:{quote(tag, safe='')}", text)
    if kind == SegmentType.ENTITY_LINK and text and segment.reference_id:
        return _anchor(f"{ENTITY_SCHEME}:{quote(segment.reference_id, safe='')}", text)
    if kind == SegmentType.INLINE_IMAGE:
        return _escape(segment.alt_text or text)
    return _escape(text)


class _MarkupStack:
    """Open tags in output order; closing one closes (and reopens) what was opened inside it."""

    def __init__(self) -> None:
        self.open: list[str] = []

    def begin(self, tag: str) -> str:
        self.open.append(tag)
        return f"<{tag}>"

    def end(self, tag: str) -> str:
        if tag not in self.open:
            return ""
        position = len(self.open) - 1 - self.open[::-1].index(tag)
        inner = self.open[position + 1 :]
        del self.open[position:]
        closing = "".join(f"</{name}>" for name in reversed([tag, *inner]))
        return closing + "".join(self.begin(name) for name in inner)

    def close_all(self) -> str:
        closing = "".join(f"</{name}>" for name in reversed(self.open))
        self.open.clear()
        return closing


def _walk(segments: Iterable[MessageSegment], stack: _MarkupStack, links: bool, depth: int) -> list[str]:
    out: list[str] = []
    for segment in segments:
        if segment.type in (SegmentType.MARKUP_BEGIN, SegmentType.MARKUP_END):
            tag = _MARKUP_TAGS.get(segment.markup_type or "")
            if tag is not None:
                out.append(stack.begin(tag) if segment.type == SegmentType.MARKUP_BEGIN else stack.end(tag))
            elif segment.text:
                out.append(_escape(segment.text))
        elif segment.children and not segment.text and depth < _SEGMENT_DEPTH:
            out += _walk(segment.children, stack, links, depth + 1)
        else:
            out.append(_segment_html(segment, links))
    return out


def segments_to_html(segments: Iterable[MessageSegment], *, links: bool = True) -> str:
    """Rich text for a message: escaped text, anchors for links/mentions/hashtags, whitelisted markup."""
    stack = _MarkupStack()
    body = "".join(_walk(segments, stack, links, 0)) + stack.close_all()
    return f'<div style="white-space: pre-wrap">{body}</div>'


def text_to_html(text: str) -> str:
    """Rich text showing ``text`` literally (for messages without segments)."""
    return f'<div style="white-space: pre-wrap">{_escape(text)}</div>'


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally.

    Qt renders a tooltip as rich text when it merely looks like HTML, so text from the server (a link, a
    title, an org name) goes in escaped inside a span, which Qt always treats as rich text.
    """
    return "<span>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</span>" if text else ""


def segments_to_plain(segments: Iterable[MessageSegment]) -> str:
    """The message as plain text: every segment's text, paragraphs and list items on their own lines."""
    parts: list[str] = []
    for segment in segments:
        if segment.type == SegmentType.MARKUP_BEGIN and segment.markup_type in ("Paragraph", "ListItem"):
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
        elif segment.type == SegmentType.INLINE_IMAGE:
            parts.append(segment.alt_text or segment.text)
        elif segment.children and not segment.text:
            parts.append(segments_to_plain(segment.children))
        else:
            parts.append(segment.text)
    return "".join(parts).strip("\n")


def parse_timestamp(value: str | None) -> datetime | None:
    """An aware datetime from a Salesforce ISO-8601 timestamp ("2026-01-05T11:06:07.000Z")."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    elif len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def relative_time(value: str | None, now: datetime | None = None) -> str:
    """How long ago a timestamp was: "just now", "5 min", "3 h", "2 d", then the date."""
    moment = parse_timestamp(value)
    if moment is None:
        return ""
    current = now or datetime.now(UTC)
    seconds = (current - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h"
    if seconds < 7 * 86_400:
        return f"{int(seconds // 86_400)} d"
    local = moment.astimezone()
    if local.year == current.astimezone().year:
        return f"{local.day} {local:%b}"
    return f"{local.day} {local:%b} {local.year}"


def absolute_time(value: str | None) -> str:
    """A timestamp as local date and time, for tooltips and accessibility text."""
    moment = parse_timestamp(value)
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")
