"""Reading what the feed's rich text holds: anchors it wrote, tooltips as literal text, ages and times.

Segments become HTML in one place, `richdoc.rich_text` then `richhtml.to_html`; this module reads back the
anchors written there and formats the rest of what a row says.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import unquote

import msgspec

from desktop_app.feed.richdoc import LinkKind, is_web_url

WEB_SCHEMES = frozenset({"http", "https"})
_SCHEMES = frozenset({LinkKind.MENTION, LinkKind.HASHTAG, LinkKind.ENTITY})


class LinkTarget(msgspec.Struct, frozen=True):
    """What an anchor in rendered text points at: a web page, a person, a hashtag or a record."""

    kind: str
    value: str


def parse_href(href: str) -> LinkTarget | None:
    """The target of an anchor `richhtml.to_html` wrote, or None for anything else."""
    scheme, _, rest = href.partition(":")
    scheme = scheme.lower()
    if scheme in WEB_SCHEMES:
        return LinkTarget("web", href) if is_web_url(href) else None
    if scheme in _SCHEMES and rest:
        return LinkTarget(scheme, unquote(rest))
    return None


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally.

    Qt renders a tooltip as rich text when it merely looks like HTML, so text from the server (a link, a
    title, an org name) goes in escaped inside a span, which Qt always treats as rich text.
    """
    return "<span>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</span>" if text else ""


@lru_cache(maxsize=4096)
def parse_timestamp(value: str | None) -> datetime | None:
    """An aware datetime from a Salesforce ISO-8601 timestamp ("2026-01-05T11:06:07.000Z").

    Kept for the last few thousand: every row on screen reads its post's age each time it is laid out
    or painted.
    """
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
