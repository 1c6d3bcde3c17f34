"""Every feed place after a real sign-in: News, To Me, Bookmarks, Company, Groups, a group, a record, a
person, a search; back and forward through them."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.feed.places import FEEDS, Bookmarks, Company, Group, Person, Place, Record, Search, ToMe
from desktop_app.ui.window.mainwindow import MainWindow
from tests.e2e.test_window_flow import TIMEOUT, demo_window, sign_in_through_the_dialog
from tests.ui.feed.test_places import click_author, click_link

pytestmark = pytest.mark.e2e


def arrive(qtbot: QtBot, window: MainWindow, place: Place) -> None:
    qtbot.wait_until(lambda: window.feed.place == place, timeout=TIMEOUT)
    qtbot.wait_until(
        lambda: window.feed.showing in ("posts", "message") and not window.feed.busy, timeout=TIMEOUT
    )


def test_visit_every_feed_after_signing_in(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    zoe = demo.users[0]
    with demo_window(qtbot, tmp_path, demo) as (window, services, root):
        key = sign_in_through_the_dialog(qtbot, root, zoe, window.welcome.sign_in_button.click)
        feed = window.feed
        arrive(qtbot, window, FEEDS[0])
        assert feed.model.item_count >= 25
        qtbot.wait_until(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)

        # Bookmark a post from its menu; the org has it once the capability says so.
        marked = feed.model.item_at(2)
        assert marked is not None
        tokens = services.secrets.get(key)
        assert tokens is not None
        account = window.current_account
        assert account is not None
        element = f"{account.instance_url}/services/data/v66.0/chatter/feed-elements/{marked.id}"
        capability = f"{element}/capabilities/bookmarks"
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        feed.post_menu.edits.set_bookmark(marked, True)
        qtbot.wait_until(
            lambda: requests.get(capability, headers=headers, timeout=10).json()["isBookmarkedByCurrentUser"],
            timeout=TIMEOUT,
        )

        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        arrive(qtbot, window, ToMe())
        assert feed.model.item_count > 0
        me = zoe.user_id
        assert all(
            (item.actor.id == me and item.comments_total > 0)
            or item.parent_id == me
            or any(s.user_id == me for s in item.body_segments)
            or any(s.user_id == me for c in item.comments for s in c.body_segments)
            for item in feed.model
        )
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        arrive(qtbot, window, Bookmarks())
        assert [item.id for item in feed.model] == [marked.id]
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        arrive(qtbot, window, Company())
        assert feed.model.item_count >= 25
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(lambda: window.navigation.place == FEEDS[4], timeout=TIMEOUT)
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(lambda: window.navigation.place == FEEDS[5], timeout=TIMEOUT)
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        arrive(qtbot, window, Company())

        # A record link in a post, then the author of a post there, then a group.
        row, segment = next(
            (row, seg)
            for row, item in enumerate(feed.model)
            for seg in item.body_segments
            if seg.type == "EntityLink" and (seg.reference_id or "")[:3] in ("001", "006", "500")
        )
        assert segment.reference_id is not None
        click_link(qtbot, feed, row, f"entity:{segment.reference_id}")
        arrive(qtbot, window, Record(segment.reference_id))
        assert all(item.parent_id == segment.reference_id for item in feed.model)
        author = feed.model.item_at(0)
        assert author is not None
        click_author(qtbot, feed, 0)
        arrive(qtbot, window, Person(author.actor.id))
        assert window.places.title.text() == author.actor.display_name
        group = next(r for r in demo.state.orgs[0].records.values() if r.object_type == "CollaborationGroup")
        window.feed.open_place.emit(Group(group.record_id, group.name))
        arrive(qtbot, window, Group(group.record_id))
        assert all(item.parent_id == group.record_id for item in feed.model)

        # Search the group's feed from the keyboard.
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(window.places.search.hasFocus, timeout=TIMEOUT)
        qtbot.keyClicks(window.places.search, "the*")
        qtbot.keyClick(window.places.search, Qt.Key.Key_Return)
        arrive(qtbot, window, Search("the*", Group(group.record_id)))

        # And all the way back.
        for place in (
            Group(group.record_id),
            Person(author.actor.id),
            Record(segment.reference_id),
            Company(),
        ):
            qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
            arrive(qtbot, window, place)
