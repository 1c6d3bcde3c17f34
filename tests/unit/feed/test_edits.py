"""Likes and comments applied to frozen feed items: counts stay true whatever the order (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.models import Comment, FeedItem, Like, UserSummary
from desktop_app.feed import edits

ME = UserSummary(id="005me", display_name="Me")


def post(likes: int = 0, liked: bool = False, comments: int = 0) -> FeedItem:
    return FeedItem(
        id="0D5000000000001",
        type="TextPost",
        actor=ME,
        body_text="hello",
        likes_total=likes,
        liked_by_me=liked,
        my_like_id="0I0mine" if liked else None,
        comments_total=comments,
    )


@given(st.integers(0, 50), st.lists(st.booleans(), max_size=20))
def test_liking_and_unliking_moves_the_count_by_one_and_never_below_zero(
    start: int, steps: list[bool]
) -> None:
    item = post(likes=start)
    for number, like in enumerate(steps):
        before = item
        item = edits.liked(item, Like(id=f"0I{number}") if like else None)
        assert item.liked_by_me is like
        assert item.likes_total >= 0
        if before.liked_by_me != like:
            assert abs(item.likes_total - before.likes_total) <= 1
        else:
            assert item.likes_total == before.likes_total
    assert (item.my_like_id is not None) == item.liked_by_me


def test_a_comment_posted_is_added_once() -> None:
    comment = Comment(id="0D7a", user=ME, body_text="nice")
    once = edits.with_comment_added(post(comments=2), comment)
    twice = edits.with_comment_added(once, comment)
    assert once.comments_total == 3
    assert twice == once


@given(st.integers(0, 10), st.integers(0, 10))
def test_loaded_comments_never_lower_the_total(total: int, loaded: int) -> None:
    comments = [Comment(id=f"0D7{n}", user=ME, body_text="c") for n in range(loaded)]
    item = edits.with_comments(post(comments=total), comments)
    assert item.comments_total == max(total, loaded)
    assert len(item.comments) == loaded
