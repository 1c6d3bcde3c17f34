"""Bookmark, mute, edit and delete against the demo org, and the action capabilities that gate them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.elementactions import NO_ACTIONS, parse_actions
from desktop_app.api.elementops import (
    CanEdit,
    DeleteComment,
    EditComment,
    EditPost,
    SetBookmark,
    SetMute,
    freeze_segments,
    mentions_in,
    segments_input,
)
from desktop_app.api.errors import Forbidden, NotFound
from desktop_app.api.models import MessageSegment
from desktop_app.api.operations import Post
from desktop_app.api.segments import segments_for
from desktop_app.demo_org import DemoOrg

from .conftest import JOSE, Signed


def test_capabilities_present_mean_available_and_absent_mean_not() -> None:
    actions = parse_actions(
        {
            "bookmarks": {"isBookmarkedByCurrentUser": True},
            "mute": {},
            "edit": {"isEditRestricted": False, "isEditableByMeUrl": "/x/is-editable-by-me"},
        }
    )
    assert actions.can_bookmark
    assert actions.bookmarked
    assert actions.can_mute
    assert not actions.muted
    assert actions.can_edit
    assert actions.edit_check_url == "/x/is-editable-by-me"
    assert parse_actions({"chatterLikes": {}}) == NO_ACTIONS
    assert not parse_actions({"edit": {"isEditRestricted": True}}).can_edit


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_any_json_parses_without_raising(value: object) -> None:
    parse_actions(value)
    parse_actions({"bookmarks": value, "mute": value, "edit": value})


def test_bookmark_toggles_and_persists_at_the_org(zoe: Signed) -> None:
    client = zoe.client()
    item = client.news_feed().items[0]
    assert item.actions.can_bookmark
    assert not item.actions.bookmarked
    assert SetBookmark(item.id, True).run(client) is True
    assert client.feed_element(item.id).actions.bookmarked
    assert SetBookmark(item.id, False).run(client) is False
    assert not client.feed_element(item.id).actions.bookmarked


def test_bookmarks_are_per_person(zoe: Signed, sign_in: Callable[..., Signed], demo: DemoOrg) -> None:
    item = zoe.client().news_feed().items[0]
    SetBookmark(item.id, True).run(zoe.client())
    jose = sign_in(demo, JOSE).client()
    assert not jose.feed_element(item.id).actions.bookmarked


def test_muted_post_leaves_the_news_feed_and_comes_back_when_unmuted(zoe: Signed) -> None:
    client = zoe.client()
    item = client.news_feed().items[0]
    assert SetMute(item.id, True).run(client) is True
    assert item.id not in {each.id for each in client.news_feed().items}
    assert client.feed_element(item.id).actions.muted
    assert SetMute(item.id, False).run(client) is False
    assert item.id in {each.id for each in client.news_feed().items}


def test_edit_own_post_keeps_mentions_and_says_when(zoe: Signed) -> None:
    client = zoe.client()
    jose = next(user for user in zoe.demo.users if user.username == JOSE)
    post = Post(f"Hello @{jose.display_name}", ((jose.display_name, jose.user_id),)).run(client)
    assert post.actions.can_edit
    assert post.actions.edit_check_url
    assert CanEdit(post.actions.edit_check_url).run(client) is True
    mentions = mentions_in(post.body_segments)
    assert mentions == {jose.display_name: jose.user_id}
    text = f"Hello again @{jose.display_name}"
    edited = EditPost(post.id, freeze_segments(segments_for(text, mentions))).run(client)
    assert edited.body_text == text
    assert any(s.type == "Mention" and s.user_id == jose.user_id for s in edited.body_segments)
    assert edited.actions.last_edited is not None
    assert client.feed_element(post.id).body_text == text


def test_someone_elses_post_is_not_editable(zoe: Signed) -> None:
    client = zoe.client()
    other = next(
        item
        for item in client.news_feed().items
        if item.actor.id != zoe.account.user_id and item.actions.edit_check_url
    )
    assert not other.actions.can_edit
    assert other.actions.edit_check_url is not None
    assert CanEdit(other.actions.edit_check_url).run(client) is False
    with pytest.raises(Forbidden):
        EditPost(other.id, freeze_segments(segments_for("mine now"))).run(client)


def test_edit_and_delete_own_comment(zoe: Signed) -> None:
    client = zoe.client()
    item = client.news_feed().items[0]
    comment = client.comment(item.id, "first words")
    assert comment.actions.can_edit
    assert comment.can_delete
    edited = EditComment(comment.id, freeze_segments(segments_for("better words"))).run(client)
    assert edited.body_text == "better words"
    assert [c.body_text for c in client.comments(item.id) if c.id == comment.id] == ["better words"]
    DeleteComment(comment.id).run(client)
    assert comment.id not in {c.id for c in client.comments(item.id)}
    with pytest.raises(NotFound):
        DeleteComment(comment.id).run(client)


def test_segments_survive_freezing() -> None:
    segments = segments_for("see https://example.com #tag")
    assert segments_input(freeze_segments(segments)) == segments
    assert hash(EditPost("0D5x", freeze_segments(segments)))


def test_mentions_in_reads_names_without_the_at() -> None:
    segments = (
        MessageSegment(type="Mention", text="@Ann Lee", user_id="005A"),
        MessageSegment(type="Mention", text="@", user_id="005B"),
        MessageSegment(type="Text", text=" hi"),
    )
    assert mentions_in(segments) == {"Ann Lee": "005A"}
