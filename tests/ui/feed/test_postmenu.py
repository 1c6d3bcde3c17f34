"""The "…" menu of posts and comments against the demo org: what it offers, and each action end to end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.api.elementops import SetBookmark, freeze_segments
from desktop_app.api.models import FeedItem
from desktop_app.api.operations import AddComment, Comments, DeleteElement, Post
from desktop_app.api.uploads import PostMessage
from desktop_app.auth.account import Account
from desktop_app.feed.richcompose import Block, BlockKind, Run, document_segments
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader
from tests.demo_accounts import signed_in_account
from tests.ui.conftest import AccountBook
from tests.ui.windowing import SHOTS, shoot

WAIT = 10_000


@pytest.fixture
def feed(qtbot: QtBot, api_service: ApiService) -> Iterator[FeedView]:
    view = FeedView(api_service, PhotoLoader(api_service))
    qtbot.addWidget(view)
    view.resize(640, 560)
    view.show()
    yield view
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


def call(qtbot: QtBot, api: ApiService, account: Account, operation: Any) -> Any:
    done: list[ApiOutcome[Any]] = []
    api.call(account.key, operation, on_done=done.append)
    qtbot.wait_until(lambda: bool(done), timeout=WAIT)
    assert done[0].ok, done[0].error
    return done[0].value


def load(qtbot: QtBot, feed: FeedView, account: Account) -> None:
    feed.set_account(account.key, account.user_id)
    qtbot.wait_until(lambda: feed.model.item_count >= 10 and not feed.busy, timeout=WAIT)


def fresh_post(qtbot: QtBot, feed: FeedView, api: ApiService, account: Account, text: str) -> FeedItem:
    post: FeedItem = call(qtbot, api, account, Post(text))
    load(qtbot, feed, account)
    assert feed.model.contains(post.id)
    return post


def menu_labels(feed: FeedView) -> list[str]:
    menu = feed.post_menu.menu
    assert menu is not None
    return [action.text() for action in menu.actions() if action.text()]


def pick(qtbot: QtBot, feed: FeedView, label: str) -> None:
    menu = feed.post_menu.menu
    assert menu is not None
    qtbot.wait_until(menu.isVisible, timeout=WAIT)
    found = [a for a in menu.actions() if a.text() == label]
    assert found, f"{label!r} not in {menu_labels(feed)}"
    menu.close()
    found[0].trigger()


def open_menu(
    qtbot: QtBot, feed: FeedView, item_id: str, target: Target = Target.MENU, value: str = ""
) -> None:
    view = feed.list_view
    index = feed.model.index(feed.model.row_of(item_id))
    view.scrollTo(index)
    rect = view.visualRect(index)
    area = view.feed_delegate.target_rect(index, rect, target, view.font(), view.palette(), value=value)
    assert not area.isEmpty(), f"{target} not shown"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())
    qtbot.wait_until(
        lambda: feed.post_menu.menu is not None and feed.post_menu.menu.isVisible(), timeout=WAIT
    )


def shoot_with_popup(feed: FeedView, name: str) -> None:
    """The feed with its open menu drawn where it pops up (a popup is a window of its own)."""
    menu = feed.post_menu.menu
    assert menu is not None
    picture = feed.grab()
    painter = QPainter(picture)
    painter.drawPixmap(feed.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert picture.save(str(SHOTS / f"{name}.png"))


def current(feed: FeedView, item_id: str) -> FeedItem:
    item = feed.model.item(item_id)
    assert item is not None
    return item


def test_own_post_offers_everything_and_others_post_no_edit_or_delete(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    post = fresh_post(qtbot, feed, api_service, demo_account, "Menu for my post")
    open_menu(qtbot, feed, post.id)
    assert menu_labels(feed) == ["Bookmark", "Edit post…", "Mute", "Copy link", "Delete post…"]
    shoot_with_popup(feed, "actions-post-menu")
    feed.post_menu.menu.close()  # type: ignore[union-attr]
    other = next(i for i in feed.model if i.actor.id != demo_account.user_id and i.element_type == "FeedItem")
    open_menu(qtbot, feed, other.id)
    labels = menu_labels(feed)
    assert "Edit post…" not in labels
    assert "Delete post…" not in labels
    assert "Copy link" in labels


def test_bookmark_from_the_menu_persists_and_b_takes_it_back(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    post = fresh_post(qtbot, feed, api_service, demo_account, "Worth keeping")
    open_menu(qtbot, feed, post.id)
    pick(qtbot, feed, "Bookmark")
    assert current(feed, post.id).actions.bookmarked  # shown before the org answers
    qtbot.wait_until(lambda: not feed.model.state(post.id).busy, timeout=WAIT)
    load(qtbot, feed, demo_account)
    assert current(feed, post.id).actions.bookmarked
    open_menu(qtbot, feed, post.id)
    assert "Remove bookmark" in menu_labels(feed)
    feed.post_menu.menu.close()  # type: ignore[union-attr]
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(feed.model.row_of(post.id)))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_B)
    qtbot.wait_until(lambda: not feed.model.state(post.id).busy, timeout=WAIT)
    assert call(qtbot, api_service, demo_account, SetBookmark(post.id, False)) is False
    load(qtbot, feed, demo_account)
    assert not current(feed, post.id).actions.bookmarked


def test_edit_post_with_e_saves_and_a_failure_keeps_the_words(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    post = fresh_post(qtbot, feed, api_service, demo_account, "Teh typo")
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(feed.model.row_of(post.id)))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_E)
    qtbot.wait_until(lambda: feed.post_menu.edits.dialog is not None, timeout=WAIT)
    dialog = feed.post_menu.edits.dialog
    assert dialog is not None
    assert dialog.text == "Teh typo"
    dialog.editor.setPlainText("The typo, fixed")
    dialog.save()
    qtbot.wait_until(lambda: current(feed, post.id).body_text == "The typo, fixed", timeout=WAIT)
    assert feed.post_menu.edits.dialog is None
    second = fresh_post(qtbot, feed, api_service, demo_account, "Going away soon")
    feed.post_menu.edits.edit_post(current(feed, second.id))
    qtbot.wait_until(lambda: feed.post_menu.edits.dialog is not None, timeout=WAIT)
    dialog = feed.post_menu.edits.dialog
    assert dialog is not None
    call(qtbot, api_service, demo_account, DeleteElement(second.id))
    dialog.editor.setPlainText("Words worth keeping")
    dialog.save()
    qtbot.wait_until(lambda: "Not saved" in dialog.message.text(), timeout=WAIT)
    assert dialog.isVisible()
    assert dialog.text == "Words worth keeping"
    dialog.reject()


def test_comment_menu_edits_and_deletes_only_own_comments(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account, account_book: AccountBook
) -> None:
    post = fresh_post(qtbot, feed, api_service, demo_account, "Comment on me")
    demo = account_book.demo
    jose = account_book.add(signed_in_account(demo, demo.users[1], account_book.secrets))
    theirs = call(qtbot, api_service, jose, AddComment(post.id, "Not yours"))
    mine = call(qtbot, api_service, demo_account, AddComment(post.id, "Mine, with a tpyo"))
    load(qtbot, feed, demo_account)
    feed._actions.show_comments(current(feed, post.id), True)
    qtbot.wait_until(lambda: len(current(feed, post.id).comments) == 2, timeout=WAIT)
    view = feed.list_view
    index = feed.model.index(feed.model.row_of(post.id))
    rect = view.visualRect(index)
    delegate = view.feed_delegate
    assert delegate.target_rect(
        index, rect, Target.COMMENT_MENU, view.font(), view.palette(), value=theirs.id
    ).isEmpty()
    open_menu(qtbot, feed, post.id)
    submenus = [a.text() for a in feed.post_menu.menu.actions() if a.menu() is not None]  # type: ignore[union-attr]
    assert submenus == ["Comment: Mine, with a tpyo"]  # the keyboard's way to the person's own comments
    feed.post_menu.menu.close()  # type: ignore[union-attr]
    open_menu(qtbot, feed, post.id, Target.COMMENT_MENU, mine.id)
    assert menu_labels(feed) == ["Edit comment…", "Delete comment…"]
    shoot_with_popup(feed, "actions-comment-menu")
    pick(qtbot, feed, "Edit comment…")
    qtbot.wait_until(lambda: feed.post_menu.edits.dialog is not None, timeout=WAIT)
    dialog = feed.post_menu.edits.dialog
    assert dialog is not None
    dialog.editor.setPlainText("Mine, with no typo")
    dialog.save()
    qtbot.wait_until(
        lambda: any(c.body_text == "Mine, with no typo" for c in current(feed, post.id).comments),
        timeout=WAIT,
    )
    open_menu(qtbot, feed, post.id, Target.COMMENT_MENU, mine.id)
    pick(qtbot, feed, "Delete comment…")
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.wait_until(lambda: [c.id for c in current(feed, post.id).comments] == [theirs.id], timeout=WAIT)
    qtbot.wait_until(lambda: not feed.model.state(post.id).busy, timeout=WAIT)
    stored = call(qtbot, api_service, demo_account, Comments(post.id))
    assert [c.id for c in stored] == [theirs.id]


def test_mute_takes_the_post_away_and_undo_brings_it_back(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    post = fresh_post(qtbot, feed, api_service, demo_account, "Too noisy")
    open_menu(qtbot, feed, post.id)
    pick(qtbot, feed, "Mute")
    assert not feed.model.contains(post.id)
    bar = feed.post_menu.edits.undo_bar
    assert bar.isVisible()
    assert "muted" in bar.label.text()
    shoot(feed, "actions-mute-undo")
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)
    load(qtbot, feed, demo_account)
    assert not feed.model.contains(post.id)  # the org keeps it out of the news feed
    other = feed.model.item_at(2)
    assert other is not None
    feed.post_menu.edits.mute(other)
    assert not feed.model.contains(other.id)
    bar.button.click()
    assert feed.model.row_of(other.id) == 2  # back where it was at once
    assert not bar.isVisible()
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)
    load(qtbot, feed, demo_account)
    assert feed.model.contains(other.id)


def test_copy_link_puts_the_salesforce_address_on_the_clipboard(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    feed.post_menu.edits.instance_url_of = {demo_account.key: demo_account.instance_url}.get
    post = fresh_post(qtbot, feed, api_service, demo_account, "Share me")
    open_menu(qtbot, feed, post.id)
    with qtbot.wait_signal(feed.status, timeout=WAIT) as said:
        pick(qtbot, feed, "Copy link")
    link = f"{demo_account.instance_url.rstrip('/')}/{post.id}"
    assert QGuiApplication.clipboard().text() == link
    assert said.args == [f"Link copied: {link}"]


def test_editing_a_rich_post_keeps_its_formatting(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    blocks = [Block((Run("Agenda: "), Run("Friday", bold=True))), Block((Run("demo"),), BlockKind.BULLET)]
    post = call(qtbot, api_service, demo_account, PostMessage(freeze_segments(document_segments(blocks))))
    load(qtbot, feed, demo_account)
    feed.post_menu.edits.edit_post(current(feed, post.id))
    qtbot.wait_until(lambda: feed.post_menu.edits.dialog is not None, timeout=WAIT)
    dialog = feed.post_menu.edits.dialog
    assert dialog is not None
    assert dialog.editor.blocks() == blocks
    cursor = dialog.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(" and docs")
    dialog.save()
    qtbot.wait_until(lambda: feed.post_menu.edits.dialog is None, timeout=WAIT)
    edited = current(feed, post.id)
    markup = [s.markup_type for s in edited.body_segments if s.type == "MarkupBegin"]
    assert "Bold" in markup
    assert "UnorderedList" in markup
    assert "demo and docs" in edited.body_text
