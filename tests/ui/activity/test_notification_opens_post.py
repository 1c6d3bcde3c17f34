"""The must-show case: a mention on a background account raises a notification naming its org; a click on
it shows that account with the post selected. Two accounts in two demo orgs, a notification service on the
test's private session bus, the watcher's ticks driven by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from pytestqt.qtbot import QtBot

from desktop_app.activity.schedule import FIRST_CHECK_DELAY_S, WatchSchedule
from desktop_app.demo_org import DemoOrg
from desktop_app.ui.activity.watcher import ActivityWatcher
from tests.ui.activity.notifyservice import RecordingNotifications, session_bus_available
from tests.ui.windowing import SHOTS, make_services, open_root, save_account, shoot

pytestmark = pytest.mark.skipif(
    not session_bus_available(), reason="needs a D-Bus session bus (run under sh .ci/with-keyring)"
)


class Clock:
    """The schedule's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


def b_seen_checks_under_way(watcher: ActivityWatcher, key: str) -> bool:
    """True while a check of the account has not been answered."""
    return watcher.schedule.in_flight(key)


def render_notification(summary: str, body: str, path: Path) -> None:
    """A picture of a recorded notification, drawn as a desktop's notification bubble would show it."""
    image = QImage(600, 110, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2d2e30"))
    painter = QPainter(image)
    painter.setPen(QColor("#e8eaed"))
    bold = QFont()
    bold.setBold(True)
    bold.setPixelSize(15)
    painter.setFont(bold)
    painter.drawText(QRect(16, 12, 568, 24), Qt.AlignmentFlag.AlignLeft, "Connect Desktop")
    painter.drawText(QRect(16, 38, 568, 24), Qt.AlignmentFlag.AlignLeft, summary)
    plain = QFont()
    plain.setPixelSize(14)
    painter.setFont(plain)
    painter.drawText(QRect(16, 64, 568, 40), Qt.TextFlag.TextWordWrap, body)
    painter.end()
    image.save(str(path))


def test_a_mention_on_the_background_account_notifies_and_opens_its_post(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with DemoOrg() as demo:
        services = make_services(tmp_path / "profile", demo)
        first = save_account(services, demo, demo.user("zoe@acme.demo"))
        second = save_account(services, demo, demo.user("zoe@acme.demo.uat"))
        service = RecordingNotifications()
        clock = Clock()
        try:
            with open_root(qtbot, services) as root:
                window = root.window
                activity = root.start_activity(schedule=WatchSchedule(clock))
                watcher = activity.watcher
                root.switch_account(first.key)
                qtbot.waitUntil(lambda: window.feed.showing == "posts", timeout=15_000)

                # The first checks are baselines: nothing in them is new.
                clock.now += FIRST_CHECK_DELAY_S
                watcher.tick()
                b_seen, a_seen = watcher.seen(second.key), watcher.seen(first.key)
                assert b_seen is not None
                assert a_seen is not None
                qtbot.waitUntil(lambda: b_seen.baselined == {"news", "to_me"}, timeout=15_000)
                qtbot.waitUntil(lambda: a_seen.baselined == {"to_me"}, timeout=15_000)
                assert service.calls == []

                # Someone else in B's org mentions B's user.
                happened = demo.start_activity().tick(org_index=1, action="mention")
                assert happened is not None
                assert happened.target_id == second.user_id

                clock.now += 3600
                # Waits while the bus carries a call run an event loop (waitSignal): QTest.qWait, which
                # waitUntil uses, sleeps holding the GIL, and QtDBus needs it to answer for a Python object.
                with qtbot.waitSignal(activity.notifier.delivered, timeout=15_000) as delivered:
                    watcher.tick()
                assert delivered.args is not None
                assert delivered.args[1] == "dbus"
                qtbot.waitUntil(lambda: not b_seen_checks_under_way(watcher, second.key), timeout=15_000)
                assert len(service.calls) == 1
                assert window.sidebar.unread(second.key) == 1
                notified = service.calls[0]
                assert notified.app_name == "Connect Desktop"
                assert "Acme Demo Sandbox" in notified.summary
                assert "mentioned you" in notified.summary
                assert "@Zoë Ångström" in notified.body
                assert notified.actions == ["default", "Open"]
                assert notified.replaces_id == 0
                assert window.sidebar.unread(first.key) == 0
                assert activity.unread_total == 1
                assert window.sidebar.unread_total == 1  # on the All accounts entry
                shoot(window.sidebar, "activity-sidebar-unread")
                render_notification(notified.summary, notified.body, SHOTS / "activity-notification.png")

                # The person clicks it: B's feed, that post selected, nothing left unread there.
                with qtbot.waitSignal(activity.open_post, timeout=15_000) as opened:
                    service.click(notified.id)
                assert opened.args == [second.key, happened.item_id]
                qtbot.waitUntil(
                    lambda: window.current_account is not None and window.current_account.key == second.key,
                    timeout=15_000,
                )
                qtbot.waitUntil(lambda: window.feed.posts.current_id == happened.item_id, timeout=15_000)
                assert window.sidebar.current_key() == second.key
                assert window.sidebar.unread(second.key) == 0
                shoot(window, "activity-opened-post")
        finally:
            service.close()
