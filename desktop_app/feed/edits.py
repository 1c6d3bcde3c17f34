"""What a like, an unlike, a comment or a vote does to a feed item, as new frozen items (no Qt, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from desktop_app.api.capabilities import Poll
from desktop_app.api.models import Comment, FeedItem, Like


def liked(item: FeedItem, like: Like | None) -> FeedItem:
    """The item after the person liked it (``like``) or took the like back (None); counts never go below 0."""
    if (like is not None) == item.liked_by_me:
        return replace(item, my_like_id=like.id if like is not None else item.my_like_id)
    change = 1 if like is not None else -1
    return replace(
        item,
        liked_by_me=like is not None,
        my_like_id=like.id if like is not None else None,
        likes_total=max(0, item.likes_total + change),
    )


def with_comments(item: FeedItem, comments: Sequence[Comment]) -> FeedItem:
    """The item with every comment loaded; the total is at least what arrived."""
    return replace(item, comments=tuple(comments), comments_total=max(item.comments_total, len(comments)))


def with_comment_added(item: FeedItem, comment: Comment) -> FeedItem:
    """The item after the person's comment was posted (once, even if the answer comes twice)."""
    if any(existing.id == comment.id for existing in item.comments):
        return item
    total = max(item.comments_total, len(item.comments)) + 1
    return replace(item, comments=(*item.comments, comment), comments_total=total)


def with_poll(item: FeedItem, poll: Poll) -> FeedItem:
    """The item showing the poll as it stands after a vote (the counts and the person's choice)."""
    return replace(item, capabilities=replace(item.capabilities, poll=poll))
