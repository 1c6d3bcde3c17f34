"""Where notifications go when there is no notification service, and what a body may contain."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from desktop_app.activity.grouping import Notice
from desktop_app.ui.activity.dbusnotify import plain_body
from desktop_app.ui.activity.notifier import DesktopNotifier
from desktop_app.ui.activity.tray import icon_with_count
from desktop_app.ui.app.startup import resources_dir
from tests.ui.activity.notifyservice import session_bus_available
from tests.ui.windowing import SHOTS, make_services, open_root

NOTICE = Notice("00D/005", "0D5A", "Ann Lee mentioned you · Acme", "@Pat <b>look</b> & see")


def test_bodies_are_plain_text_for_servers_that_read_markup() -> None:
    assert plain_body("a <b>bold</b> & x\x07\nnext") == "a &lt;b&gt;bold&lt;/b&gt; &amp; x\nnext"


def test_without_a_service_or_a_tray_the_notice_is_not_lost_silently(qtbot: QtBot) -> None:
    notifier = DesktopNotifier(None, use_dbus=False)
    with qtbot.waitSignal(notifier.delivered, timeout=1000) as delivered:
        notifier.show(NOTICE)
    assert delivered.args == [NOTICE, "none"]


@pytest.mark.skipif(not session_bus_available(), reason="needs a D-Bus session bus (sh .ci/with-keyring)")
def test_a_bus_without_a_notification_service_falls_back(qtbot: QtBot) -> None:
    notifier = DesktopNotifier(None, use_dbus=True)
    try:
        with qtbot.waitSignal(notifier.delivered, timeout=10_000) as delivered:
            notifier.show(NOTICE)
        assert delivered.args == [NOTICE, "none"]
    finally:
        notifier.stop()


def test_the_tray_icon_carries_the_unread_count(qtbot: QtBot) -> None:
    plain = icon_with_count(QIcon(str(resources_dir() / "icons" / "connect-desktop.svg")), 0)
    counted = icon_with_count(plain, 7)
    SHOTS.mkdir(parents=True, exist_ok=True)
    counted.pixmap(64, 64).save(str(SHOTS / "activity-tray-icon.png"))
    a = plain.pixmap(64, 64).toImage()
    b = counted.pixmap(64, 64).toImage()
    assert a != b
    assert icon_with_count(plain, 0).pixmap(64, 64).toImage() == a


def test_the_settings_dialog_has_a_notifications_tab(qtbot: QtBot, tmp_path: Path) -> None:
    services = make_services(tmp_path / "p")
    with open_root(qtbot, services) as root:
        root.open_settings()
        dialog = root.settings_dialog
        titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        assert "N&otifications" in titles
        dialog.close()
