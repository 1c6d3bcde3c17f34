"""The "All accounts" timeline against two demo orgs: merged by date, rows name their org, actions go to the
account the post came from, a stopped org shows one line, Ctrl+0 opens it; and how it looks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.api.operations import Post
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg, bookmarks
from desktop_app.feed.richtext import parse_timestamp
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.commenteditor import CommentEditor
from desktop_app.ui.feed.feedlayout import offers
from desktop_app.ui.feed.orgbadge import account_colour, source_labels
from desktop_app.ui.feed.timelineview import TimelineView
from desktop_app.ui.shared.photos import PhotoLoader
from tests.demo_accounts import signed_in_account
from tests.ui.conftest import AccountBook
from tests.ui.windowing import make_services, open_window, save_account, shoot

WAIT = 15_000


@pytest.fixture(scope="module")
def other_demo() -> Iterator[DemoOrg]:
    """A second demo server: its sandbox org is account B's (the first server's production org is A's)."""
    with DemoOrg() as org:
        yield org


@pytest.fixture
def account_b(other_demo: DemoOrg, secrets: MemorySecretStore, account_book: AccountBook) -> Account:
    user = next(u for u in other_demo.users if u.org_id == other_demo.orgs[1].org_id)
    return account_book.add(signed_in_account(other_demo, user, secrets))


@pytest.fixture
def timeline(qtbot: QtBot, api_service: ApiService) -> Iterator[TimelineView]:
    view = TimelineView(api_service, PhotoLoader(api_service))
    qtbot.addWidget(view)
    view.resize(700, 640)
    view.show()
    yield view
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


def created(view: TimelineView) -> list[float]:
    moments = [parse_timestamp(item.created) for item in view.model]
    return [moment.timestamp() for moment in moments if moment is not None]


def likes(demo: DemoOrg, item_id: str | None = None, user_id: str | None = None) -> int:
    return stored(demo, "likes", item_id, user_id)


def comments(demo: DemoOrg, item_id: str | None = None, user_id: str | None = None) -> int:
    return stored(demo, "comments", item_id, user_id)


def stored(demo: DemoOrg, table: str, item_id: str | None, user_id: str | None) -> int:
    """How many likes, comments or bookmarks the demo org keeps (on an item, by a user)."""
    assert table in {"likes", "comments", "bookmarks"}
    sql, args = f"SELECT count(*) FROM {table} WHERE 1=1", []  # noqa: S608 - table is one of three names
    if item_id is not None:
        sql, args = sql + " AND item_id = ?", [*args, item_id]
    if user_id is not None:
        sql, args = sql + " AND user_id = ?", [*args, user_id]
    with demo.state.db.transaction() as conn:
        bookmarks.ensure_table(conn)  # made on the first bookmark
        found: int = conn.execute(sql, args).fetchone()[0]
    return found


def test_two_accounts_merge_by_date_and_each_row_names_its_org(
    qtbot: QtBot, timeline: TimelineView, demo_account: Account, account_b: Account
) -> None:
    timeline.set_accounts([demo_account, account_b])
    qtbot.wait_until(lambda: timeline.model.item_count >= 25 and not timeline.busy, timeout=WAIT)
    for _round in range(3):  # scrolling pulls further pages from whichever account holds the rest back
        count = timeline.model.item_count
        timeline.list_view.scrollToBottom()
        qtbot.wait_until(
            lambda c=count: timeline.model.item_count > c or timeline.merged.at_end, timeout=WAIT
        )
        qtbot.wait_until(lambda: not timeline.busy, timeout=WAIT)
    moments = created(timeline)
    assert len(moments) == timeline.model.item_count
    assert moments == sorted(moments, reverse=True), "newest first across both accounts"
    owners = {timeline.model.account_of(item.id) for item in timeline.model}
    assert owners == {demo_account.key, account_b.key}
    delegate = timeline.list_view.feed_delegate
    for item in timeline.model:
        owner = demo_account if timeline.model.account_of(item.id) == demo_account.key else account_b
        badge = delegate.badge_of(item.id) if delegate.badge_of is not None else None
        assert badge is not None
        assert badge.text == owner.org_name
    assert timeline.lines.texts == []


def test_a_like_on_a_row_of_account_b_goes_to_b_org(
    qtbot: QtBot,
    timeline: TimelineView,
    *,
    demo: DemoOrg,
    other_demo: DemoOrg,
    demo_account: Account,
    account_b: Account,
) -> None:
    timeline.set_accounts([demo_account, account_b])
    qtbot.wait_until(lambda: timeline.model.item_count >= 10 and not timeline.busy, timeout=WAIT)
    row, item = next(
        (row, item)
        for row, item in enumerate(timeline.model)
        if timeline.model.account_of(item.id) == account_b.key
        and not item.liked_by_me
        and offers(item, "chatterLikes")
    )
    likes_at_a = likes(demo)
    timeline.list_view.setFocus()
    timeline.list_view.setCurrentIndex(timeline.model.index(row))
    qtbot.keyClick(timeline.list_view, Qt.Key.Key_L)
    qtbot.wait_until(lambda: bool((now := timeline.model.item(item.id)) and now.liked_by_me), timeout=WAIT)
    assert likes(other_demo, item.id, account_b.user_id) == 1, "B's org has B's like"
    assert likes(demo) == likes_at_a, "A's org got no like"
    assert likes(demo, item.id) == 0


def test_a_bookmark_from_the_menu_on_a_row_of_account_b_goes_to_b_org(
    qtbot: QtBot,
    timeline: TimelineView,
    *,
    demo: DemoOrg,
    other_demo: DemoOrg,
    demo_account: Account,
    account_b: Account,
) -> None:
    timeline.set_accounts([demo_account, account_b])
    qtbot.wait_until(lambda: timeline.model.item_count >= 10 and not timeline.busy, timeout=WAIT)
    row, item = next(
        (row, item)
        for row, item in enumerate(timeline.model)
        if timeline.model.account_of(item.id) == account_b.key
        and item.actions.can_bookmark
        and not item.actions.bookmarked
    )
    timeline.list_view.setFocus()
    timeline.list_view.setCurrentIndex(timeline.model.index(row))
    qtbot.keyClick(timeline.list_view, Qt.Key.Key_B)
    qtbot.wait_until(lambda: stored(other_demo, "bookmarks", item.id, account_b.user_id) == 1, timeout=WAIT)
    assert stored(demo, "bookmarks", item.id, None) == 0, "A's org got no bookmark"
    menu = timeline.post_menu.post_menu(item)
    assert any("bookmark" in action.text().lower() for action in menu.actions())


def test_an_account_whose_org_is_down_shows_one_line_and_the_other_keeps_its_posts(
    qtbot: QtBot, timeline: TimelineView, demo: DemoOrg, demo_account: Account, account_b: Account
) -> None:
    demo.set_down(True)
    try:
        timeline.set_accounts([demo_account, account_b])
        qtbot.wait_until(lambda: timeline.lines.texts != [] and not timeline.busy, timeout=WAIT)
        qtbot.wait_until(lambda: timeline.model.item_count >= 25, timeout=WAIT)
        assert timeline.lines.texts == [f"{demo_account.org_name}: the org can't be reached"]
        assert {timeline.model.account_of(item.id) for item in timeline.model} == {account_b.key}
        assert timeline.showing == "posts"
        shoot(timeline, "timeline-org-down")
    finally:
        demo.set_down(False)
    timeline.retry()
    qtbot.wait_until(lambda: timeline.lines.texts == [] and not timeline.busy, timeout=WAIT)
    timeline.refresh()
    qtbot.wait_until(lambda: not timeline.busy, timeout=WAIT)
    assert timeline.lines.texts == []


def test_ctrl_0_opens_all_accounts_from_the_main_window_and_it_opens_again_next_time(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, other_demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    first = save_account(services, demo, demo.users[0])
    second = save_account(
        services, other_demo, next(u for u in other_demo.users if u.org_id == other_demo.orgs[1].org_id)
    )
    with open_window(qtbot, services) as window:
        assert window.timeline is None, "made on first use, not at start-up"
        window.activateWindow()
        qtbot.wait_until(lambda: window.feed.model.item_count > 0, timeout=WAIT)
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(lambda: window.showing_timeline, timeout=WAIT)
        timeline = window.timeline
        assert timeline is not None
        assert window.sidebar.all_accounts_selected_now
        assert window.current_account is None
        qtbot.wait_until(lambda: timeline.model.item_count >= 25 and not timeline.busy, timeout=WAIT)
        assert set(timeline.account_keys) == {first.key, second.key}
        assert {timeline.model.account_of(item.id) for item in timeline.model} == {first.key, second.key}
        qtbot.wait_until(lambda: not services.api.busy, timeout=WAIT)
        shoot(window, "timeline-window")
        window.sidebar.select(first.key)
        qtbot.wait_until(lambda: window.showing_feed_of(first.key), timeout=WAIT)
        assert not window.sidebar.all_accounts_selected_now
        window.sidebar.all_list.setCurrentRow(0)
        qtbot.wait_until(lambda: window.showing_timeline, timeout=WAIT)
        qtbot.wait_until(lambda: not services.api.busy, timeout=WAIT)
    again = make_services(tmp_path / "p", demo)
    for key in (first.key, second.key):
        tokens = services.secrets.get(key)
        assert tokens is not None
        again.secrets.set(key, tokens)
    with open_window(qtbot, again) as window:
        assert window.showing_timeline, "All accounts opens again where the person left it"
        assert window.feed.account_key is None, "no single account's feed was loaded first"
        assert window.sidebar.all_accounts_selected_now
        qtbot.wait_until(lambda: not again.api.busy, timeout=WAIT)


def test_a_comment_on_a_row_of_account_a_is_stored_at_a_org_as_a(
    qtbot: QtBot,
    timeline: TimelineView,
    *,
    demo: DemoOrg,
    other_demo: DemoOrg,
    demo_account: Account,
    account_b: Account,
) -> None:
    timeline.set_accounts([demo_account, account_b])
    qtbot.wait_until(lambda: timeline.model.item_count >= 10 and not timeline.busy, timeout=WAIT)
    row, item = next(
        (row, item)
        for row, item in enumerate(timeline.model)
        if timeline.model.account_of(item.id) == demo_account.key and offers(item, "comments")
    )
    view = timeline.list_view
    view.setFocus()
    view.setCurrentIndex(timeline.model.index(row))
    qtbot.keyClick(view, Qt.Key.Key_C)
    editor = view.viewport().findChild(CommentEditor)
    assert editor is not None
    qtbot.keyClicks(editor, "Seen from All accounts")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    total = item.comments_total
    qtbot.wait_until(
        lambda: (now := timeline.model.item(item.id)) is not None and now.comments_total > total, timeout=WAIT
    )
    assert comments(demo, item.id, demo_account.user_id) >= 1
    assert comments(other_demo, item.id) == 0


def test_an_account_whose_session_ended_offers_to_sign_in_again(
    qtbot: QtBot,
    timeline: TimelineView,
    secrets: MemorySecretStore,
    demo_account: Account,
    account_b: Account,
) -> None:
    secrets.set(account_b.key, Tokens("revoked-access", "revoked-refresh"))
    timeline.set_accounts([demo_account, account_b])
    qtbot.wait_until(lambda: timeline.lines.texts != [] and not timeline.busy, timeout=WAIT)
    qtbot.wait_until(lambda: timeline.model.item_count >= 25, timeout=WAIT)
    assert timeline.lines.texts == [f"{account_b.org_name}: signed out — sign in again"]
    assert {timeline.model.account_of(item.id) for item in timeline.model} == {demo_account.key}
    button = next(b for b in timeline.lines.findChildren(QPushButton) if b.text() == "Sign in again")
    with qtbot.wait_signal(timeline.sign_in_again_requested, timeout=WAIT) as asked:
        button.click()
    assert asked.args == [account_b.key]


def test_badges_name_the_org_and_who_when_an_org_has_two_accounts(demo_account: Account) -> None:
    colleague = replace(demo_account, key="00Dx/005other", display_name="Ann Other")
    elsewhere = replace(demo_account, key="00Dy/005third", org_name="Globex")
    labels = source_labels([demo_account, colleague, elsewhere])
    assert labels == {
        demo_account.key: f"{demo_account.org_name} ({demo_account.display_name})",
        colleague.key: f"{demo_account.org_name} (Ann Other)",
        elsewhere.key: "Globex",
    }
    # A CRC of the key, not Python's hash (salted per run): the colour is the same on every run.
    assert account_colour("00Dx/005other").name() == "#4725b7"
    assert account_colour(colleague.key) != account_colour(elsewhere.key)


def test_a_refresh_puts_each_account_new_posts_on_top_with_their_org(
    qtbot: QtBot, timeline: TimelineView, api_service: ApiService, demo_account: Account, account_b: Account
) -> None:
    timeline.set_accounts([demo_account, account_b])
    qtbot.wait_until(lambda: timeline.model.item_count >= 25 and not timeline.busy, timeout=WAIT)
    posted: list[ApiOutcome[object]] = []
    api_service.call(account_b.key, Post("Posted at B while All accounts was open"), on_done=posted.append)
    qtbot.wait_until(lambda: bool(posted), timeout=WAIT)
    assert posted[0].ok, posted[0].error
    timeline.refresh()
    qtbot.wait_until(lambda: not timeline.busy, timeout=WAIT)
    top = timeline.model.item_at(0)
    assert top is not None
    assert top.body_text == "Posted at B while All accounts was open"
    assert timeline.model.account_of(top.id) == account_b.key
