"""Comments and likes against a flaky org: a lost answer is checked, never sent twice; the draft stays until
the comment is found."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.accounts.client import AccountClient
from desktop_app.api.models import FeedItem
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.feed.feeddelegate import CommentEditor
from desktop_app.ui.feed.feedlayout import Target
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.shared.photos import PhotoLoader
from tests.ui.conftest import AccountBook

WAIT = 10_000


@pytest.fixture
def feed(qtbot: QtBot, api_service: ApiService, demo: DemoOrg, demo_account: Account) -> Iterator[FeedView]:
    view = FeedView(api_service, PhotoLoader(api_service))
    qtbot.addWidget(view)
    view.resize(640, 700)
    view.show()
    view.set_account(demo_account.key, demo_account.user_id)
    qtbot.wait_until(lambda: view.model.item_count >= 25 and not view.busy, timeout=WAIT)
    yield view
    demo.set_faults()
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


@pytest.fixture
def reader(account_book: AccountBook, demo_account: Account) -> Iterator[AccountClient]:
    """A client of the test's own, to read what the org stored."""
    client = account_book.client(demo_account.key)
    yield client
    client.close()


def pick(feed: FeedView, test: Callable[[FeedItem], bool]) -> tuple[int, FeedItem]:
    row = next(row for row, item in enumerate(feed.model) if test(item))
    item = feed.model.item_at(row)
    assert item is not None
    return row, item


def comment_on(qtbot: QtBot, feed: FeedView, row: int, text: str) -> None:
    """Press C on the post, type, Enter: as people comment."""
    view = feed.list_view
    view.setFocus()
    view.setCurrentIndex(feed.model.index(row))
    qtbot.keyClick(view, Qt.Key.Key_C)
    editor = view.viewport().findChild(CommentEditor)
    assert editor is not None
    assert editor.isVisible()
    if text:
        editor.clear()
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def click_like(qtbot: QtBot, feed: FeedView, row: int) -> None:
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    rect = view.visualRect(index)
    area = view.feed_delegate.target_rect(index, rect, Target.LIKE, view.font(), view.palette())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


def stored_comments(reader: AccountClient, account: Account, item_id: str, text: str) -> int:
    return sum(1 for c in reader.comments(item_id) if c.user.id == account.user_id and c.body_text == text)


@pytest.mark.parametrize("kind", ["drop-after-write", "truncated", "unreadable"])
def test_a_stored_comment_whose_answer_was_lost_is_found_not_sent_again(
    qtbot: QtBot, feed: FeedView, demo: DemoOrg, *, demo_account: Account, reader: AccountClient, kind: str
) -> None:
    row, item = pick(feed, lambda item: item.comments_total == len(item.comments))
    text = f"Count me in ({kind})"
    demo.set_faults([kind])
    with qtbot.wait_signal(feed.status, timeout=WAIT, check_params_cb=lambda said: "reached" in said) as said:
        comment_on(qtbot, feed, row, text)
    assert said.args[0].startswith("Posted: your comment reached 127.0.0.1:")
    updated = feed.model.item(item.id)
    assert updated is not None
    assert [c.body_text for c in updated.comments].count(text) == 1
    state = feed.model.state(item.id)
    assert state.comment_draft == ""
    assert not state.sending_comment
    assert state.note == ""
    assert stored_comments(reader, demo_account, item.id, text) == 1


def test_a_comment_the_org_did_not_store_keeps_its_draft_and_retry_sends_it_once(
    qtbot: QtBot, feed: FeedView, demo: DemoOrg, demo_account: Account, reader: AccountClient
) -> None:
    row, item = pick(feed, lambda item: item.comments_total == len(item.comments))
    text = "Agreed, let's ship Friday"
    demo.set_faults(["500"])
    comment_on(qtbot, feed, row, text)
    qtbot.wait_until(lambda: feed.model.state(item.id).note.startswith("Not posted:"), timeout=WAIT)
    state = feed.model.state(item.id)
    assert "doesn't have your comment" in state.note
    assert state.note.endswith("Press C to try again.")
    assert state.comment_draft == text
    assert not state.sending_comment
    assert stored_comments(reader, demo_account, item.id, text) == 0
    demo.set_faults()
    comment_on(qtbot, feed, row, "")  # the entry opens with the kept draft; Enter sends it
    qtbot.wait_until(lambda: feed.model.state(item.id).comment_draft == "", timeout=WAIT)
    assert feed.model.state(item.id).note == ""
    assert stored_comments(reader, demo_account, item.id, text) == 1


@pytest.mark.parametrize("kind", ["drop-after-write", "truncated", "unreadable"])
def test_a_stored_like_whose_answer_was_lost_is_found_not_sent_again(
    qtbot: QtBot, feed: FeedView, demo: DemoOrg, reader: AccountClient, kind: str
) -> None:
    row, item = pick(feed, lambda item: not item.liked_by_me)
    demo.set_faults([kind])
    click_like(qtbot, feed, row)
    qtbot.wait_until(lambda: feed.model.item(item.id).liked_by_me, timeout=WAIT)  # type: ignore[union-attr]
    assert not feed.model.state(item.id).busy
    liked = feed.model.item(item.id)
    assert liked is not None
    assert liked.my_like_id
    assert liked.likes_total == item.likes_total + 1
    assert feed.model.state(item.id).note == ""
    stored = reader.feed_element(item.id)
    assert stored.liked_by_me
    assert stored.likes_total == item.likes_total + 1
    assert demo.counters[f"fault {kind}"] >= 1
    demo.set_faults()
    click_like(qtbot, feed, row)  # the like found by the check can be taken back
    qtbot.wait_until(lambda: not feed.model.item(item.id).liked_by_me, timeout=WAIT)  # type: ignore[union-attr]
    assert reader.feed_element(item.id).likes_total == item.likes_total


def test_a_like_the_org_did_not_store_says_so_and_liking_again_sends_once(
    qtbot: QtBot, feed: FeedView, demo: DemoOrg, reader: AccountClient
) -> None:
    row, item = pick(feed, lambda item: not item.liked_by_me)
    demo.set_faults(["500"])
    click_like(qtbot, feed, row)
    qtbot.wait_until(lambda: feed.model.state(item.id).note.startswith("Not saved:"), timeout=WAIT)
    assert "doesn't have your like" in feed.model.state(item.id).note
    assert not feed.model.item(item.id).liked_by_me  # type: ignore[union-attr]
    assert reader.feed_element(item.id).likes_total == item.likes_total
    demo.set_faults()
    click_like(qtbot, feed, row)
    qtbot.wait_until(lambda: feed.model.item(item.id).liked_by_me, timeout=WAIT)  # type: ignore[union-attr]
    assert feed.model.state(item.id).note == ""
    assert reader.feed_element(item.id).likes_total == item.likes_total + 1
