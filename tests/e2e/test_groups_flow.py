"""Through the real sign-in: join a group, post to it with a file, see the post in the group's feed, download
the file (same bytes), edit the post, then open its author and follow / unfollow them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.feed.places import Group, MyGroups, News, People, Person
from desktop_app.ui.people.groupspanel import ALL_GROUPS, GroupsPanel
from desktop_app.ui.people.peoplesearch import PeopleSearch
from tests.e2e.files import click_download, files_to_attach_and_save
from tests.e2e.test_places_flow import arrive
from tests.e2e.test_window_flow import TIMEOUT, demo_window, sign_in_through_the_dialog
from tests.ui.feed.test_places import click_author
from tests.ui.windowing import shoot

pytestmark = pytest.mark.e2e


def test_join_a_group_post_a_file_there_edit_it_and_follow_its_people(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, saved = files_to_attach_and_save(monkeypatch, tmp_path, "Menu.pdf", 300_000, "menu-copy.pdf")
    with demo_window(qtbot, tmp_path, demo) as (window, _services, root):
        sign_in_through_the_dialog(qtbot, root, demo.users[0], window.welcome.sign_in_button.click)
        feed, composer = window.feed, window.composer
        arrive(qtbot, window, News())

        # The groups list (Ctrl+5), every group, filtered to one Zoë is not in; Enter opens it.
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(lambda: window.navigation.place == MyGroups(), timeout=TIMEOUT)
        panel = feed.list_pages.widget_for(MyGroups())
        assert isinstance(panel, GroupsPanel)
        panel.scope.setCurrentIndex(ALL_GROUPS)
        panel.filter.setText("Café")
        qtbot.wait_until(lambda: panel.list.shown_names() == ["Café Chatter"], timeout=TIMEOUT)
        assert panel.list.open_current()
        qtbot.wait_until(lambda: isinstance(window.navigation.place, Group), timeout=TIMEOUT)
        group = window.navigation.place
        assert isinstance(group, Group)
        arrive(qtbot, window, group)
        header = root.people.group_header
        assert header is not None
        assert window.places.header_widget is header
        qtbot.wait_until(
            lambda: header.action_button.isEnabled() and "Join" in header.action_button.text(),
            timeout=TIMEOUT,
        )
        header.action_button.click()
        qtbot.wait_until(lambda: "Leave" in header.action_button.text(), timeout=TIMEOUT)
        shoot(window, "groups-group-feed")

        # Post with a file to the group: it lands in the group's feed, as the org keeps it.
        assert composer.isVisible()
        assert "Café Chatter" in composer.where
        composer.format_bar.attach.trigger()
        composer.set_text("Lunch menu for Friday")
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(lambda: composer.attachments.items == [] and not composer.busy, timeout=TIMEOUT)
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        arrive(qtbot, window, News())
        qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        arrive(qtbot, window, group)
        qtbot.wait_until(lambda: feed.model.item_count > 0, timeout=TIMEOUT)
        post = feed.model.item_at(0)
        assert post is not None
        assert post.body_text == "Lunch menu for Friday"
        assert post.parent_id == group.id
        assert [f.title for f in post.capabilities.files] == ["Menu"]
        click_download(qtbot, feed, 0, TIMEOUT)
        assert saved.read_bytes() == data

        # Edit it.
        feed.post_menu.edits.edit_post(post)
        qtbot.wait_until(lambda: feed.post_menu.edits.dialog is not None, timeout=TIMEOUT)
        dialog = feed.post_menu.edits.dialog
        assert dialog is not None
        dialog.editor.setPlainText("Lunch menu for Friday (vegan options too)")
        dialog.save()
        qtbot.wait_until(
            lambda: (
                (first := feed.model.item_at(0)) is not None
                and first.body_text == "Lunch menu for Friday (vegan options too)"
            ),
            timeout=TIMEOUT,
        )

        # Someone else's post in the group: their name opens them; unfollow, then follow again.
        row = next(r for r, item in enumerate(feed.model) if item.actor.id != demo.users[0].user_id)
        author = feed.model.item_at(row)
        assert author is not None
        click_author(qtbot, feed, row)
        qtbot.wait_until(lambda: window.navigation.place == Person(author.actor.id), timeout=TIMEOUT)
        person = root.people.person_header
        assert person is not None
        assert window.places.header_widget is person
        button = person.follow_button
        qtbot.wait_until(lambda: button.isEnabled() and "Unfollow" in button.text(), timeout=TIMEOUT)
        followers = person.followers.value.text()
        arrive(qtbot, window, Person(author.actor.id))
        shoot(window, "groups-person-feed")
        button.click()
        qtbot.wait_until(lambda: button.isEnabled() and "Unfollow" not in button.text(), timeout=TIMEOUT)
        assert person.followers.value.text() != followers
        button.click()
        qtbot.wait_until(lambda: button.isEnabled() and "Unfollow" in button.text(), timeout=TIMEOUT)
        assert person.followers.value.text() == followers

        # People (Ctrl+6): find someone by name. (The offscreen platform does not give the window back its
        # activation when the edit dialog closes, as desktops do.)
        window.activateWindow()
        qtbot.wait_until(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(lambda: window.navigation.place == People(), timeout=TIMEOUT)
        search = feed.list_pages.widget_for(People())
        assert isinstance(search, PeopleSearch)
        qtbot.keyClicks(search.search_box, "Jo")
        qtbot.wait_until(lambda: any("José" in name for name in search.list.shown_names()), timeout=TIMEOUT)
        shoot(window, "people-place-search")
