"""FeedView against the demo org: pages, new posts, likes, comments, deletes, safe text, and how it looks."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.api.errors import NetworkError, RateLimited
from desktop_app.api.models import FeedItem, FeedPage, UserSummary
from desktop_app.api.operations import Post
from desktop_app.auth.account import Account
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.feed.feeddelegate import CommentEditor
from desktop_app.ui.feed.feedmodel import Footer
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader

SHOTS = Path(tempfile.gettempdir()) / "shots"
WAIT = 10_000


@pytest.fixture
def photos(api_service: ApiService) -> PhotoLoader:
    return PhotoLoader(api_service)


@pytest.fixture
def feed(qtbot: QtBot, api_service: ApiService, photos: PhotoLoader) -> Iterator[FeedView]:
    view = FeedView(api_service, photos)
    qtbot.addWidget(view)
    view.resize(640, 520)
    view.show()
    yield view
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


def load(qtbot: QtBot, feed: FeedView, account: Account) -> None:
    feed.set_account(account.key, account.user_id)
    qtbot.wait_until(lambda: feed.model.item_count >= 25 and not feed.busy, timeout=WAIT)


def row_rect(feed: FeedView, row: int) -> QRect:
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    return view.visualRect(index)


def click_target(qtbot: QtBot, feed: FeedView, row: int, target: Target) -> None:
    view = feed.list_view
    rect = row_rect(feed, row)
    area = view.feed_delegate.target_rect(feed.model.index(row), rect, target, view.font(), view.palette())
    assert not area.isEmpty(), f"{target} not shown in row {row}"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


def find_row(feed: FeedView, test: Callable[[FeedItem], bool]) -> int:
    return next(row for row, item in enumerate(feed.model) if test(item))


def call(qtbot: QtBot, api: ApiService, account: Account, operation: Any) -> Any:
    done: list[ApiOutcome[Any]] = []
    api.call(account.key, operation, on_done=done.append)
    qtbot.wait_until(lambda: bool(done), timeout=WAIT)
    assert done[0].ok, done[0].error
    return done[0].value


def test_first_page_shows_a_busy_indicator_then_posts(
    qtbot: QtBot, feed: FeedView, demo_account: Account
) -> None:
    feed.set_account(demo_account.key, demo_account.user_id)
    assert feed.busy
    assert feed.showing == "loading"
    qtbot.wait_until(lambda: feed.model.item_count >= 25, timeout=WAIT)
    assert feed.showing == "posts"
    first = feed.model.item_at(0)
    assert first is not None
    assert first.actor.display_name


def test_scrolling_to_the_end_loads_the_next_pages(
    qtbot: QtBot, feed: FeedView, demo_account: Account
) -> None:
    load(qtbot, feed, demo_account)
    bar = feed.list_view.verticalScrollBar()
    counts = [feed.model.item_count]
    for _ in range(2):
        bar.setValue(bar.maximum())
        qtbot.wait_until(lambda: feed.model.item_count > counts[-1] and not feed.busy, timeout=WAIT)
        counts.append(feed.model.item_count)
    assert counts[0] >= 25
    assert counts[2] >= 75
    assert len({item.id for item in feed.model}) == feed.model.item_count
    created = [item.created or "" for item in feed.model]
    assert created == sorted(created, reverse=True)


def test_the_loading_row_shows_while_a_page_is_fetched(
    qtbot: QtBot, feed: FeedView, demo_account: Account
) -> None:
    load(qtbot, feed, demo_account)
    footers: list[Footer] = []
    feed.model.footer_changed.connect(footers.append)
    bar = feed.list_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait_until(lambda: Footer.LOADING in footers and not feed.busy, timeout=WAIT)
    assert feed.model.footer is Footer.NONE


def test_a_new_post_appears_on_top(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, photos: PhotoLoader, demo_account: Account
) -> None:
    load(qtbot, feed, demo_account)
    composer = Composer(api_service, photos)
    qtbot.addWidget(composer)
    composer.set_account(demo_account.key)
    composer.set_feed_model(feed.model)
    composer.posted.connect(feed.prepend_post)
    composer.set_text("Ship it — release notes are <b>out</b>")
    with qtbot.wait_signal(composer.posted, timeout=WAIT):
        composer.submit()
    top = feed.model.item_at(0)
    assert top is not None
    assert top.body_text == "Ship it — release notes are <b>out</b>"
    assert top.actor.id == demo_account.user_id
    assert feed.list_view.verticalScrollBar().value() == 0
    assert composer.text == ""


def test_refresh_puts_new_posts_above_without_moving_the_view(
    qtbot: QtBot, feed: FeedView, api_service: ApiService, demo_account: Account
) -> None:
    load(qtbot, feed, demo_account)
    bar = feed.list_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    anchor = feed.list_view.anchor()
    assert anchor is not None
    call(qtbot, api_service, demo_account, Post("Posted from another device"))
    feed.refresh()
    qtbot.wait_until(lambda: feed.new_posts_waiting == 1, timeout=WAIT)
    top = feed.model.item_at(0)
    assert top is not None
    assert top.body_text == "Posted from another device"
    row = feed.model.row_of(anchor[0])
    assert feed.list_view.visualRect(feed.model.index(row)).top() == anchor[1]
    assert feed.new_posts_bar.isVisible()
    assert "1 new post" in feed.new_posts_bar.text()
    qtbot.mouseClick(feed.new_posts_bar, Qt.MouseButton.LeftButton)
    assert bar.value() == 0
    assert feed.new_posts_waiting == 0
    assert not feed.new_posts_bar.isVisible()


def test_like_and_unlike_with_the_mouse_and_the_keyboard(
    qtbot: QtBot, feed: FeedView, demo_account: Account
) -> None:
    load(qtbot, feed, demo_account)
    row = find_row(feed, lambda item: not item.liked_by_me)
    item = feed.model.item_at(row)
    assert item is not None
    click_target(qtbot, feed, row, Target.LIKE)
    qtbot.wait_until(lambda: feed.model.item(item.id).liked_by_me, timeout=WAIT)  # type: ignore[union-attr]
    liked = feed.model.item(item.id)
    assert liked is not None
    assert liked.likes_total == item.likes_total + 1
    assert liked.my_like_id
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(row))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_L)
    qtbot.wait_until(lambda: not feed.model.item(item.id).liked_by_me, timeout=WAIT)  # type: ignore[union-attr]
    assert feed.model.item(item.id).likes_total == item.likes_total  # type: ignore[union-attr]
    assert not feed.model.state(item.id).busy


def test_comments_expand_and_a_comment_is_added(qtbot: QtBot, feed: FeedView, demo_account: Account) -> None:
    load(qtbot, feed, demo_account)
    row = find_row(feed, lambda item: item.comments_total >= 2)
    item = feed.model.item_at(row)
    assert item is not None
    view = feed.list_view
    view.setFocus()
    view.setCurrentIndex(feed.model.index(row))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert feed.model.state(item.id).comments_open
    qtbot.wait_until(lambda: len(feed.model.item(item.id).comments) == item.comments_total, timeout=WAIT)  # type: ignore[union-attr]
    qtbot.keyClick(view, Qt.Key.Key_C)
    editor = view.viewport().findChild(CommentEditor)
    assert editor is not None
    assert editor.isVisible()
    entry = view.feed_delegate.target_rect(
        view.model().index(row, 0),
        view.visualRect(feed.model.index(row)),
        Target.COMMENT,
        view.font(),
        view.palette(),
    )
    assert editor.geometry() == entry
    qtbot.keyClicks(editor, "Nice <i>work</i>!")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: feed.model.item(item.id).comments_total == item.comments_total + 1, timeout=WAIT)  # type: ignore[union-attr]
    updated = feed.model.item(item.id)
    assert updated is not None
    assert updated.comments[-1].body_text == "Nice <i>work</i>!"
    assert updated.comments[-1].user.id == demo_account.user_id
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not feed.model.state(item.id).comments_open


def test_delete_own_post_after_confirming(
    qtbot: QtBot,
    feed: FeedView,
    api_service: ApiService,
    demo_account: Account,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    call(qtbot, api_service, demo_account, Post("This one goes away"))
    load(qtbot, feed, demo_account)
    row = find_row(feed, lambda item: item.body_text == "This one goes away")
    item = feed.model.item_at(row)
    assert item is not None
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def question(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
            asked.append(title)
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    click_target(qtbot, feed, row, Target.DELETE)
    assert asked == ["Delete post"]
    assert feed.model.contains(item.id)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(row))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_Delete)
    qtbot.wait_until(lambda: not feed.model.contains(item.id), timeout=WAIT)
    others = find_row(feed, lambda other: other.actor.id != demo_account.user_id and not other.can_delete)
    rect = row_rect(feed, others)
    view = feed.list_view
    assert view.feed_delegate.target_rect(
        feed.model.index(others), rect, Target.DELETE, view.font(), view.palette()
    ).isEmpty()


def test_html_in_a_post_is_shown_as_literal_text(qtbot: QtBot, feed: FeedView, demo_account: Account) -> None:
    load(qtbot, feed, demo_account)
    row = find_row(feed, lambda item: "<script>" in item.body_text)
    view = feed.list_view
    rect = row_rect(feed, row)
    layout = view.feed_delegate.layout_for(feed.model.index(row), rect.width(), view.font(), view.palette())
    assert layout is not None
    shown = layout.doc.toPlainText()
    assert "<script>alert(1)</script>" in shown
    assert "<b>bold</b>" in shown
    assert "<i>italic</i>" in shown
    assert '<a href="x">a link</a>' in shown
    assert "\"double\" and 'single' quotes, a back\\slash" in shown
    block = layout.doc.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor():
                # Only the record link the demo org puts in front may be a link.
                assert fmt.anchorHref().startswith("entity:"), fragment.text()
            assert fmt.fontWeight() != QFont.Weight.Bold, fragment.text()
            assert not fmt.fontItalic(), fragment.text()
            fragments += 1
        block = block.next()


def test_web_links_open_in_the_browser(
    qtbot: QtBot, feed: FeedView, demo_account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toString()) or True)
    load(qtbot, feed, demo_account)
    row = find_row(feed, lambda item: any(s.type == "Link" for s in item.body_segments))
    item = feed.model.item_at(row)
    assert item is not None
    url = next(s.url for s in item.body_segments if s.type == "Link")
    view = feed.list_view
    rect = row_rect(feed, row)
    point = next(
        QPoint(x, y)
        for y in range(rect.top(), rect.bottom(), 3)
        for x in range(rect.left(), rect.right(), 4)
        if (
            hit := view.feed_delegate.hit_test(
                feed.model.index(row), rect, QPoint(x, y), view.font(), view.palette()
            )
        )
        and hit.value == url
    )
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [url]


def test_long_posts_fold_and_unfold(qtbot: QtBot, feed: FeedView, demo_account: Account) -> None:
    load(qtbot, feed, demo_account)
    bar = feed.list_view.verticalScrollBar()
    while not any(len(item.body_text) > 5000 for item in feed.model):
        before = feed.model.item_count
        bar.setValue(bar.maximum())
        qtbot.wait_until(lambda n=before: feed.model.item_count > n and not feed.busy, timeout=WAIT)
    row = find_row(feed, lambda item: len(item.body_text) > 5000)
    view = feed.list_view
    index = feed.model.index(row)
    folded = view.feed_delegate.layout_for(index, row_rect(feed, row).width(), view.font(), view.palette())
    assert folded is not None
    assert folded.folded
    assert folded.body.height() < 16 * view.fontMetrics().lineSpacing()
    click_target(qtbot, feed, row, Target.MORE)
    item = feed.model.item_at(row)
    assert item is not None
    assert feed.model.state(item.id).show_all
    unfolded = view.feed_delegate.layout_for(index, row_rect(feed, row).width(), view.font(), view.palette())
    assert unfolded is not None
    assert not unfolded.folded
    assert unfolded.body.height() > 3 * folded.body.height()
    assert view.visualRect(index).height() == unfolded.height


def test_up_and_down_move_between_posts(qtbot: QtBot, feed: FeedView, demo_account: Account) -> None:
    load(qtbot, feed, demo_account)
    view = feed.list_view
    view.setFocus()
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == 1


class StubClient:
    """A client whose news feed answers from a script: pages or errors, one per call."""

    api_version = "66.0"
    last_usage = None

    def __init__(self, answers: list[FeedPage | Exception]) -> None:
        self.answers = answers

    def news_feed(self, page_url: str | None = None, page_size: int = 25) -> FeedPage:
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def feed_updates(self, updates_url: str) -> FeedPage:
        return self.news_feed(updates_url)

    def close(self) -> None:
        pass


@pytest.fixture
def stub_feed(qtbot: QtBot) -> Iterator[tuple[FeedView, list[FeedPage | Exception]]]:
    answers: list[FeedPage | Exception] = []
    service = ApiService(lambda _key: StubClient(answers))
    view = FeedView(service, PhotoLoader(service))
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    yield view, answers
    qtbot.wait_until(lambda: not service.busy, timeout=WAIT)
    service.shutdown()


def post(number: int) -> FeedItem:
    actor = UserSummary(id="005x", display_name="Dana Kowalski")
    return FeedItem(id=f"0D5{number:09d}", type="TextPost", actor=actor, body_text=f"Post {number}")


def test_an_empty_feed_says_so(qtbot: QtBot, stub_feed: tuple[FeedView, list[Any]]) -> None:
    feed, answers = stub_feed
    answers.append(FeedPage(items=(), updates_url="/updates"))
    feed.set_account("org/user", "005me")
    qtbot.wait_until(lambda: not feed.busy, timeout=WAIT)
    assert feed.showing == "message"
    assert "Nothing here yet" in feed.message


def test_failures_are_reported_with_a_way_to_retry(
    qtbot: QtBot, stub_feed: tuple[FeedView, list[Any]]
) -> None:
    feed, answers = stub_feed
    offline = NetworkError(None, None, "connection refused", "http://127.0.0.1:1/")
    answers += [
        offline,
        FeedPage(items=tuple(post(n) for n in range(30)), next_page_url="/p2"),
        offline,
        FeedPage(items=tuple(post(n) for n in range(30, 40))),
    ]
    with qtbot.wait_signal(feed.error, timeout=WAIT) as failed:
        feed.set_account("org/user", "005me")
    assert failed.args == [offline]
    assert "Couldn't load your feed" in feed.message
    assert "Can't reach" in feed.message
    assert feed.message_button.text() == "Try again"
    qtbot.mouseClick(feed.message_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: feed.model.item_count == 30, timeout=WAIT)
    bar = feed.list_view.verticalScrollBar()
    with qtbot.wait_signal(feed.error, timeout=WAIT):
        bar.setValue(bar.maximum())
    qtbot.wait_until(lambda: feed.model.footer is Footer.ERROR, timeout=WAIT)
    assert "Can't reach" in feed.model.footer_text
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(30))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: feed.model.footer is Footer.END, timeout=WAIT)
    assert feed.model.item_count == 40


def test_rate_limit_pauses_refreshing(qtbot: QtBot, stub_feed: tuple[FeedView, list[Any]]) -> None:
    feed, answers = stub_feed
    limited = RateLimited(503, "REQUEST_LIMIT_EXCEEDED", "limit", "http://127.0.0.1/chatter", retry_after=600)
    answers += [FeedPage(items=(post(1),), updates_url="/updates"), limited]
    feed.set_account("org/user", "005me")
    qtbot.wait_until(lambda: feed.model.item_count == 1 and not feed.busy, timeout=WAIT)
    with qtbot.wait_signal(feed.error, timeout=WAIT):
        feed.refresh()
    qtbot.wait_until(lambda: not feed.busy, timeout=WAIT)
    with qtbot.wait_signal(feed.status, timeout=WAIT) as status:
        feed.refresh()
    assert not feed.busy
    assert "limit" in status.args[0]
    assert "10 min" in status.args[0]


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26272b",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def test_screenshots_light_and_dark(qtbot: QtBot, feed: FeedView, demo_account: Account) -> None:
    feed.resize(680, 1000)
    load(qtbot, feed, demo_account)
    row = find_row(feed, lambda item: 1 <= item.comments_total <= 3 and "<script>" not in item.body_text)
    item = feed.model.item_at(row)
    assert item is not None
    feed.list_view.setCurrentIndex(feed.model.index(row))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: len(feed.model.item(item.id).comments) == item.comments_total, timeout=WAIT)  # type: ignore[union-attr]
    feed.list_view.scrollToTop()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert feed.grab().save(str(SHOTS / "feed-light.png"))
    feed.setPalette(dark_palette())
    qtbot.wait_until(lambda: feed.list_view.palette().color(QPalette.ColorRole.Base) == QColor("#17181a"))
    image = feed.grab().toImage()
    assert image.save(str(SHOTS / "feed-dark.png"))
    assert image.pixelColor(image.width() // 2, 5).lightness() < 80
