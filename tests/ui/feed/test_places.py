"""Places in the window: the feed switcher and its shortcuts, back/forward, search, links that open places,
the place remembered across restarts, and posting to a group's feed."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.feed.places import (
    FEEDS,
    Bookmarks,
    Company,
    Group,
    MyGroups,
    News,
    People,
    Person,
    Place,
    Record,
    Search,
    ToMe,
)
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.people.groupspanel import GroupsPanel
from desktop_app.ui.window.mainwindow import MainWindow
from tests.ui.windowing import make_services, open_window, save_account, shoot

WAIT = 15_000


def settled(qtbot: QtBot, window: MainWindow, place: Place) -> None:
    """The window shows ``place`` and its feed finished loading (posts or a message)."""
    qtbot.wait_until(lambda: window.navigation.place == place, timeout=WAIT)
    qtbot.wait_until(lambda: window.feed.place == place, timeout=WAIT)
    qtbot.wait_until(
        lambda: window.feed.showing in ("posts", "message") and not window.feed.busy, timeout=WAIT
    )


def key(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    modifier, _, name = keys.partition("+")
    mods = {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Alt": Qt.KeyboardModifier.AltModifier}
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{name}"), mods[modifier])


def anchor_point(doc: QTextDocument, href: str) -> QPointF:
    """Where in a laid-out document the anchor to ``href`` is."""
    block = doc.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref() == href:
                inside = fragment.position() - block.position() + 1
                line = block.layout().lineForTextPosition(inside)
                x = line.cursorToX(inside)
                x = x[0] if isinstance(x, tuple) else x
                origin = doc.documentLayout().blockBoundingRect(block).topLeft()
                return QPointF(origin.x() + x, origin.y() + line.y() + line.height() / 2)
            fragments += 1
        block = block.next()
    raise AssertionError(f"no anchor {href}")


def click_link(qtbot: QtBot, feed: FeedView, row: int, href: str) -> None:
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    rect = view.visualRect(index)
    layout = view.feed_delegate.layout_for(index, rect.width(), view.font(), view.palette())
    assert layout is not None
    point = layout.body.topLeft() + anchor_point(layout.doc, href)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + point.toPoint())


def click_author(qtbot: QtBot, feed: FeedView, row: int) -> None:
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    area = view.feed_delegate.target_rect(
        index, view.visualRect(index), Target.PERSON, view.font(), view.palette()
    )
    assert not area.isEmpty()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


def test_switcher_shortcuts_back_forward_and_mouse_buttons(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    save_account(services, demo, demo.users[0])
    with open_window(qtbot, services) as window:
        window.resize(1280, 800)
        settled(qtbot, window, News())
        qtbot.wait_until(lambda: QApplication.activeWindow() is window, timeout=WAIT)
        assert not window.places.back_button.isEnabled()
        for index, place in enumerate(FEEDS):
            key(qtbot, window, f"Ctrl+{index + 1}")
            if place.feed_path is None:
                qtbot.wait_until(lambda p=place: window.navigation.place == p, timeout=WAIT)
                assert not window.places.search.isVisible()
                if place == MyGroups():
                    panel = window.feed.list_pages.widget_for(place)
                    assert isinstance(panel, GroupsPanel)
                    qtbot.wait_until(lambda p=panel: bool(p.list.shown_names()), timeout=WAIT)
            else:
                settled(qtbot, window, place)
            assert [b.isChecked() for b in window.places.feed_buttons] == [p == place for p in FEEDS]
            assert window.composer.isVisible() == place.accepts_posts
            shoot(window, f"places-switcher-{place.kind.replace('_', '-')}")
        people = window.feed.list_pages.widget_for(People())
        assert people is not None
        assert people.isVisible()  # a list place shows its own widget, made on first use
        key(qtbot, window, "Alt+Left")
        qtbot.wait_until(lambda: window.navigation.place == MyGroups(), timeout=WAIT)
        groups = window.feed.list_pages.widget_for(MyGroups())
        assert groups is not None
        qtbot.wait_until(groups.isVisible, timeout=WAIT)
        key(qtbot, window, "Alt+Left")
        settled(qtbot, window, Company())
        assert window.feed.model.item_count > 0
        key(qtbot, window, "Alt+Left")
        settled(qtbot, window, Bookmarks())
        assert window.feed.showing == "message"
        assert "bookmark" in window.feed.message.lower()
        key(qtbot, window, "Alt+Right")
        settled(qtbot, window, Company())
        qtbot.mouseClick(window.feed.list_view.viewport(), Qt.MouseButton.BackButton)
        settled(qtbot, window, Bookmarks())
        qtbot.mouseClick(window.feed.list_view.viewport(), Qt.MouseButton.ForwardButton)
        settled(qtbot, window, Company())
        window.places.feed_buttons[1].click()
        settled(qtbot, window, ToMe())
        assert not window.places.forward_button.isEnabled()
        assert window.places.back_button.isEnabled()
        me = demo.users[0].user_id
        assert all(
            (item.actor.id == me and item.comments_total > 0)
            or item.parent_id == me
            or me in {s.user_id for s in item.body_segments}
            or any(me in {s.user_id for s in c.body_segments} for c in item.comments)
            for item in window.feed.model
        )


def test_search_checks_the_query_then_searches_the_feed_shown(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    save_account(services, demo, demo.users[0])
    with open_window(qtbot, services) as window:
        window.resize(1280, 800)
        settled(qtbot, window, News())
        qtbot.wait_until(lambda: QApplication.activeWindow() is window, timeout=WAIT)
        window.places.feed_buttons[3].click()
        settled(qtbot, window, Company())
        word = next(
            w for item in window.feed.model for w in item.body_text.split() if w.isalpha() and len(w) >= 6
        )
        key(qtbot, window, "Ctrl+F")
        qtbot.wait_until(window.places.search.hasFocus, timeout=WAIT)
        qtbot.keyClicks(window.places.search, "a*")
        qtbot.keyClick(window.places.search, Qt.Key.Key_Return)
        assert "at least 2" in window.places.hint_text
        shoot(window.places, "places-search-hint")
        assert window.navigation.place == Company()
        window.places.search.clear()
        qtbot.keyClicks(window.places.search, word[:5] + "*")
        qtbot.keyClick(window.places.search, Qt.Key.Key_Return)
        wanted = Search(word[:5] + "*", Company())
        settled(qtbot, window, wanted)
        assert window.places.hint_text == ""
        assert window.feed.model.item_count > 0
        assert not window.composer.isVisible()
        assert window.places.title.text() == f"Search results for “{word[:5]}*”"
        shoot(window, "places-search-results")
        window.places.search.clear()
        qtbot.keyClicks(window.places.search, "zzqqxxnothing")
        qtbot.keyClick(window.places.search, Qt.Key.Key_Return)
        settled(qtbot, window, Search("zzqqxxnothing", Company()))
        assert window.feed.showing == "message"
        assert "match" in window.feed.message
        window.feed.list_view.setFocus()
        key(qtbot, window, "Ctrl+K")
        qtbot.wait_until(window.places.search.hasFocus, timeout=WAIT)
        assert window.places.search.selectedText() == "zzqqxxnothing"
        window.places.clear_search_button.click()
        settled(qtbot, window, Company())
        key(qtbot, window, "Ctrl+1")
        settled(qtbot, window, News())
        window.places.search.setText(word[:5] + "*")
        window.places.submit_search()
        settled(qtbot, window, Search(word[:5] + "*", News()))
        assert window.feed.model.item_count > 0
        assert window.places.feed_buttons[0].isChecked()


def test_record_link_opens_the_record_feed_and_a_name_the_person_feed(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    me = save_account(services, demo, demo.users[0])
    with open_window(qtbot, services) as window:
        window.resize(1280, 900)
        settled(qtbot, window, News())
        feed = window.feed
        row, segment = next(
            (row, seg)
            for row, item in enumerate(feed.model)
            for seg in item.body_segments
            if seg.type == "EntityLink" and (seg.reference_id or "")[:3] in ("001", "006", "500")
        )
        assert segment.reference_id is not None
        click_link(qtbot, feed, row, f"entity:{segment.reference_id}")
        record = Record(segment.reference_id, segment.text)
        settled(qtbot, window, record)
        assert window.places.title.text() == segment.text
        assert window.places.caption.text() == "Record"
        assert window.places.salesforce_button.isVisible()
        assert window.composer.where == f"Post to {segment.text}"
        assert feed.model.item_count > 0
        assert all(item.parent_id == segment.reference_id for item in feed.model)
        shoot(window, "places-record-feed")
        row = next(r for r, item in enumerate(feed.model) if item.actor.id and item.actor.id != me.user_id)
        author = feed.model.item_at(row)
        assert author is not None
        click_author(qtbot, feed, row)
        settled(qtbot, window, Person(author.actor.id, author.actor.display_name))
        assert window.places.title.text() == author.actor.display_name
        assert all(
            author.actor.id in (item.actor.id, item.parent_id)
            or any(s.user_id == author.actor.id for s in item.body_segments)
            for item in feed.model
        )
        key(qtbot, window, "Alt+Left")
        settled(qtbot, window, record)


def test_the_place_is_remembered_per_account_across_restarts(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    first = save_account(services, demo, demo.users[0])
    second = save_account(services, demo, demo.users[1])
    group = next(r for r in demo.state.orgs[0].records.values() if r.object_type == "CollaborationGroup")
    with open_window(qtbot, services) as window:
        settled(qtbot, window, News())
        window.navigation.open_place(Group(group.record_id, group.name))
        settled(qtbot, window, Group(group.record_id))
        window.sidebar.select(second.key)
        settled(qtbot, window, News())
        window.navigation.open_place(Company())
        settled(qtbot, window, Company())
        window.sidebar.select(first.key)
        settled(qtbot, window, Group(group.record_id))
        assert window.places.title.text() == group.name
    again = make_services(tmp_path / "p", demo)
    for account in (first, second):
        tokens = services.secrets.get(account.key)
        assert tokens is not None
        again.secrets.set(account.key, tokens)
    with open_window(qtbot, again) as window:
        settled(qtbot, window, Group(group.record_id))
        assert window.places.title.text() == group.name
        assert not window.places.back_button.isEnabled()  # the history itself is not kept
        window.sidebar.select(second.key)
        settled(qtbot, window, Company())
        assert window.places.feed_buttons[3].isChecked()


def test_a_post_written_in_a_group_lands_in_that_group(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[0])
    group = next(r for r in demo.state.orgs[0].records.values() if r.object_type == "CollaborationGroup")
    with open_window(qtbot, services) as window:
        settled(qtbot, window, News())
        window.navigation.open_place(Group(group.record_id, group.name))
        settled(qtbot, window, Group(group.record_id))
        assert window.composer.isVisible()
        assert window.composer.where == f"Post to {group.name}"
        assert window.composer.editor.placeholderText() == f"Post to {group.name}…"
        window.composer.set_text("Release notes are ready for review")
        window.composer.submit()
        qtbot.wait_until(
            lambda: any(i.body_text == "Release notes are ready for review" for i in window.feed.model),
            timeout=WAIT,
        )
        posted = next(i for i in window.feed.model if i.body_text == "Release notes are ready for review")
        assert posted.parent_id == group.record_id
        window.navigation.open_place(MyGroups())
        qtbot.wait_until(lambda: window.navigation.place == MyGroups(), timeout=WAIT)
        assert not window.composer.isVisible()
    tokens = services.secrets.get(account.key)
    assert tokens is not None
    answer = requests.get(
        f"{account.instance_url}/services/data/v66.0/chatter/feeds/record/{group.record_id}/feed-elements",
        headers={"Authorization": f"Bearer {tokens.access_token}", "X-Chatter-Entity-Encoding": "false"},
        timeout=10,
    )
    assert answer.json()["elements"][0]["id"] == posted.id


def test_a_record_the_org_does_not_have_says_so_in_words(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    save_account(services, demo, demo.users[0])
    with open_window(qtbot, services) as window:
        settled(qtbot, window, News())
        window.feed.open_place.emit(Record("001000000000000AAA", "Gone Inc"))
        settled(qtbot, window, Record("001000000000000AAA"))
        assert window.feed.showing == "message"
        assert window.feed.message.startswith("Couldn't load Gone Inc. ")
        assert window.feed.message_button.text() == "Try again"
        key(qtbot, window, "Alt+Left")
        settled(qtbot, window, News())
        assert window.feed.model.item_count >= 25


def test_a_group_opens_in_salesforce_from_its_header(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[0])
    group = next(r for r in demo.state.orgs[0].records.values() if r.object_type == "CollaborationGroup")
    with open_window(qtbot, services) as window:
        settled(qtbot, window, News())
        assert not window.places.salesforce_button.isVisible()
        window.navigation.open_place(Group(group.record_id, group.name))
        settled(qtbot, window, Group(group.record_id))
        window.places.salesforce_button.click()
        qtbot.wait_until(lambda: bool(opened), timeout=WAIT)
    assert opened[0].startswith(account.instance_url + "/secur/frontdoor.jsp?otp=")
    page = requests.get(opened[0], timeout=10)
    assert f"/{group.record_id}" in page.text
