"""What the "…" menus offer: only what the element's capabilities allow."""

from __future__ import annotations

from desktop_app.api.elementactions import ElementActions
from desktop_app.api.models import Comment, FeedItem, UserSummary
from desktop_app.feed.menuentries import MenuAction, comment_entries, element_link, post_entries

ME = UserSummary(id="005ME", display_name="Me")


def _item(actions: ElementActions, **changes: object) -> FeedItem:
    values: dict[str, object] = {"id": "0D5A", "type": "TextPost", "actor": ME, "body_text": "hi"}
    values.update(changes)
    return FeedItem(actions=actions, **values)  # type: ignore[arg-type]


def _actions(entries: list[object]) -> list[MenuAction]:
    return [entry.action for entry in entries]  # type: ignore[attr-defined]


def test_nothing_allowed_leaves_only_the_link() -> None:
    assert _actions(post_entries(_item(ElementActions()), can_delete=False)) == [MenuAction.COPY_LINK]


def test_everything_allowed_in_order() -> None:
    actions = ElementActions(can_bookmark=True, can_mute=True, can_edit=True)
    assert _actions(post_entries(_item(actions), can_delete=True)) == [
        MenuAction.BOOKMARK,
        MenuAction.EDIT,
        MenuAction.MUTE,
        MenuAction.COPY_LINK,
        MenuAction.DELETE,
    ]


def test_a_bookmarked_post_offers_to_remove_it() -> None:
    entries = post_entries(_item(ElementActions(can_bookmark=True, bookmarked=True)), can_delete=False)
    assert entries[0].action is MenuAction.UNBOOKMARK
    assert entries[0].label == "Remove bookmark"


def test_bundles_offer_nothing() -> None:
    actions = ElementActions(can_bookmark=True, can_mute=True, can_edit=True)
    assert post_entries(_item(actions, element_type="Bundle"), can_delete=True) == []


def test_comment_entries_follow_edit_and_delete_rights() -> None:
    comment = Comment(id="0D7A", user=ME, body_text="x")
    assert comment_entries(comment) == []
    editable = Comment(
        id="0D7A", user=ME, body_text="x", actions=ElementActions(can_edit=True), can_delete=True
    )
    assert _actions(comment_entries(editable)) == [MenuAction.EDIT_COMMENT, MenuAction.DELETE_COMMENT]


def test_link_is_on_the_instance_the_post_is_on() -> None:
    relative = _item(ElementActions(), url="/services/data/v66.0/chatter/feed-elements/0D5A")
    assert element_link(relative, "https://acme.my.salesforce.com") == "https://acme.my.salesforce.com/0D5A"
    absolute = _item(
        ElementActions(), url="https://eu.example.com/services/data/v66.0/chatter/feed-elements/0D5A"
    )
    assert element_link(absolute, "https://other.example.com") == "https://eu.example.com/0D5A"
    assert element_link(relative, None) is None
    assert element_link(relative, "javascript:alert(1)") is None
