"""Which post or comment in the org, if any, is the one a write whose answer was lost would have made.

A match is by the person (the author is the signed-in user), the text (compared after normalising, since the
org gives back its own rendition of what was sent: mentions and links as segments, whitespace trimmed) and
the time it was created, within a window around the send. The window is wide on both sides because the
org's clock is not this computer's: it runs from CLOCK_SLACK before the send to CLOCK_SLACK after the check.
Elements the caller already knew before sending (an earlier post with the same words) are never taken for
the new one.

Cost: one pass over the candidates, normalising each text once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import msgspec

from desktop_app.api.models import Comment, FeedItem

CLOCK_SLACK = timedelta(minutes=5)

_SPACE = re.compile(r"\s+")
_MULTI_TAG = re.compile(r"#\[([^\]\n]{1,100})\]")

Found = TypeVar("Found", FeedItem, Comment)


def normalize(text: str) -> str:
    """Text as compared: NFC, case folded, ``#[two words]`` as ``#two words``, whitespace as one space."""
    text = unicodedata.normalize("NFC", text)
    text = _MULTI_TAG.sub(r"#\1", text)
    return _SPACE.sub(" ", text).strip().casefold()


def parse_time(value: str | None) -> datetime | None:
    """A Salesforce timestamp (``2026-01-05T11:06:07.000Z``) as an aware datetime; None when unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class SendWindow(msgspec.Struct, frozen=True):
    """When a lost write may have been created, as the org's clock could have put it."""

    sent_at: datetime
    checked_at: datetime
    slack: timedelta = CLOCK_SLACK

    def __contains__(self, moment: object) -> bool:
        if not isinstance(moment, datetime):
            return False
        return self.sent_at - self.slack <= moment <= self.checked_at + self.slack


def _pick(
    candidates: Iterable[Found],
    author_id: str,
    text: str,
    window: SendWindow,
    exclude: Collection[str],
) -> Found | None:
    wanted = normalize(text)
    best: Found | None = None
    best_time: datetime | None = None
    for candidate in candidates:
        author = candidate.actor if isinstance(candidate, FeedItem) else candidate.user
        if author.id != author_id or candidate.id in exclude:
            continue
        created = parse_time(candidate.created)
        if created is None or created not in window or normalize(candidate.body_text) != wanted:
            continue
        if best_time is None or created > best_time:
            best, best_time = candidate, created
    return best


def find_post(
    elements: Iterable[FeedItem],
    author_id: str,
    text: str,
    window: SendWindow,
    exclude: Collection[str] = (),
) -> FeedItem | None:
    """The newest element by ``author_id`` with this text created inside ``window``, or None."""
    return _pick(elements, author_id, text, window, exclude)


def find_comment(
    comments: Iterable[Comment],
    author_id: str,
    text: str,
    window: SendWindow,
    exclude: Collection[str] = (),
) -> Comment | None:
    """The newest comment by ``author_id`` with this text created inside ``window``, or None."""
    return _pick(comments, author_id, text, window, exclude)
