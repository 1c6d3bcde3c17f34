"""What an org turns off in /connect/organization is not offered: no Groups or People without Chatter, no
attaching files without Files; an org that offers everything shows everything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.feed.places import FEEDS, MyGroups, News, People
from tests.ui.windowing import make_services, open_root, save_account, shoot

WAIT = 15_000


@pytest.fixture
def plain_demo() -> Iterator[DemoOrg]:
    with DemoOrg(features_off=("chatterGroupRecords", "files", "hasChatter")) as org:
        yield org


def test_an_org_without_chatter_groups_or_files_offers_none_of_them(
    qtbot: QtBot, tmp_path: Path, plain_demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", plain_demo)
    key = save_account(services, plain_demo, plain_demo.users[0]).key
    with open_root(qtbot, services) as root:
        window = root.window
        qtbot.wait_until(lambda: root.org_features.offered(key) is not None, timeout=WAIT)
        groups, people = window.places.feed_buttons[4], window.places.feed_buttons[5]
        assert FEEDS[4] == MyGroups()
        assert FEEDS[5] == People()
        qtbot.wait_until(lambda: not groups.isVisible() and not people.isVisible(), timeout=WAIT)
        bar = window.composer.format_bar
        assert not bar.attach.isVisible()
        # The same answer told the composer how many files a post may carry here: none, without asking again.
        assert window.composer.attachments.limit == 0
        attach_button = bar.widgetForAction(bar.attach)
        qtbot.wait_until(lambda: not attach_button.isVisible(), timeout=WAIT)
        qtbot.wait_until(lambda: QApplication.activeWindow() is window, timeout=WAIT)
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        assert window.navigation.place == News()
        shoot(window, "orgfeatures-no-groups-no-files")


def test_an_org_with_every_feature_shows_everything(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    key = save_account(services, demo, demo.users[0]).key
    with open_root(qtbot, services) as root:
        window = root.window
        qtbot.wait_until(lambda: root.org_features.offered(key) is not None, timeout=WAIT)
        assert all(button.isVisible() for button in window.places.feed_buttons)
        bar = window.composer.format_bar
        assert bar.attach.isVisible()
        assert window.composer.attachments.limit == 10
        assert bar.widgetForAction(bar.attach).isVisible()
