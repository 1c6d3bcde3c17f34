"""What in a feed needs the person: an @-mention of them, a comment on their post, a post to them.

Salesforce ids come in a 15-character (case-sensitive) and an 18-character form of the same record; both
forms of the person's own id are recognised. Things the person did themselves never need them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

import msgspec

from desktop_app.api.models import Comment, FeedItem, MessageSegment, SegmentType

SNIPPET_CHARS = 160


class Reason(Enum):
    """Why something needs the person (in the order a notification names them)."""

    MENTION = "mention"
    POST_TO_ME = "post_to_me"
    COMMENT = "comment"


class Attention(msgspec.Struct, frozen=True):
    """One post or comment that needs the person, with what a notification says about it."""

    account_key: str
    element_id: str
    comment_id: str | None
    reason: Reason
    actor: str
    text: str

    @property
    def key(self) -> str:
        """Identifies the post or comment (a restart must not notify it again)."""
        return f"{self.element_id}/{self.comment_id or ''}"


def same_id(a: str | None, b: str | None) -> bool:
    """True when two Salesforce ids name the same record (15- or 18-character forms)."""
    if not a or not b:
        return False
    return a == b or (len(a) >= 15 and len(b) >= 15 and a[:15] == b[:15])


def mentions(segments: Iterable[MessageSegment], user_id: str) -> bool:
    """True when a Mention segment (at any depth) names the user."""
    for segment in segments:
        if segment.type == SegmentType.MENTION and same_id(segment.user_id, user_id):
            return True
        if segment.children and mentions(segment.children, user_id):
            return True
    return False


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """One line of at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def for_element(account_key: str, item: FeedItem, me: str) -> Attention | None:
    """Whether a post itself needs the person: it mentions them, or it was posted to them by someone else."""
    if same_id(item.actor.id, me):
        return None
    segments = (*item.body_segments, *item.header_segments)
    if mentions(segments, me):
        reason = Reason.MENTION
    elif same_id(item.parent_id, me):
        reason = Reason.POST_TO_ME
    else:
        return None
    return Attention(account_key, item.id, None, reason, item.actor.display_name, snippet(item.message_text))


def for_comment(account_key: str, item: FeedItem, comment: Comment, me: str) -> Attention | None:
    """Whether a comment needs the person: it mentions them, or it is on their post (by someone else)."""
    if same_id(comment.user.id, me):
        return None
    if mentions(comment.body_segments, me):
        reason = Reason.MENTION
    elif same_id(item.actor.id, me):
        reason = Reason.COMMENT
    else:
        return None
    return Attention(
        account_key, item.id, comment.id, reason, comment.user.display_name, snippet(comment.body_text)
    )
