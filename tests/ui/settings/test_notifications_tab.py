"""Settings > Notifications: per-account switches, Do not disturb and the tray choice, remembered."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.activity.prefs import NotificationPrefs, next_midnight
from desktop_app.auth.account import Account
from desktop_app.storage.settings import Settings
from desktop_app.ui.settings.notifications import NotificationsTab
from tests.ui.windowing import shoot


def account(key: str, org: str, name: str) -> Account:
    return Account(
        key=key,
        org_id=key.partition("/")[0],
        user_id=key.partition("/")[2],
        username=f"{name.lower()}@example.com",
        display_name=name,
        org_name=org,
        login_host="https://login.salesforce.com",
        instance_url="https://acme.my.salesforce.com",
        id_url="https://login.salesforce.com/id/x/y",
        flow="user_agent",
    )


ACCOUNTS = [
    account("00DA/005A", "Acme", "Zoë Ångström"),
    account("00DB/005B", "Acme Sandbox", "Zoë Ångström"),
]


def test_choices_are_kept_in_the_settings_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    tab = NotificationsTab(NotificationPrefs(Settings(path)), ACCOUNTS)
    qtbot.addWidget(tab)
    tab.resize(620, 460)
    tab.show()
    assert tab.quiet_off.isChecked()
    assert all(box.isChecked() for box in tab.account_boxes.values())
    assert not tab.keep_in_tray.isChecked()
    tab.account_boxes["00DB/005B"].click()
    tab.quiet_tomorrow.click()
    tab.keep_in_tray.click()
    assert "No notifications until" in tab.quiet_status.text()
    shoot(tab, "activity-settings-notifications")

    again = NotificationPrefs(Settings(path))
    assert not again.enabled_for("00DB/005B")
    assert again.enabled_for("00DA/005A")
    assert again.quiet_until == next_midnight(time.time())
    assert again.keep_in_tray
    assert not again.should_notify("00DA/005A")

    reopened = NotificationsTab(again, ACCOUNTS)
    qtbot.addWidget(reopened)
    assert not reopened.account_boxes["00DB/005B"].isChecked()
    assert reopened.quiet_hour.isChecked() or reopened.quiet_tomorrow.isChecked()
    reopened.quiet_off.click()
    assert NotificationPrefs(Settings(path)).should_notify("00DA/005A")


def test_without_a_tray_the_tray_choice_is_off(qtbot: QtBot, tmp_path: Path) -> None:
    tab = NotificationsTab(NotificationPrefs(Settings(tmp_path / "s.json")), [], tray_available=False)
    qtbot.addWidget(tab)
    assert not tab.keep_in_tray.isEnabled()
