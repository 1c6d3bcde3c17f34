"""Watching five accounts for an hour while nobody touches the app: requests per account per hour.

The app's own watcher (``ActivityWatcher`` on the app's worker threads) runs against a demo org with five
signed-in accounts: one on screen and four in the background, then all five with the window hidden. Its
clock is moved from one due check to the next through a whole hour, and every check really goes to the org
and is answered; the org counts the Chatter requests it served. The feed on screen refreshes itself and is
not counted here (the watcher leaves the on-screen news feed alone).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.accounts.client import AccountClient
from desktop_app.activity.schedule import HOUR_S, MAX_REQUESTS_PER_HOUR, WatchSchedule
from desktop_app.api.credentials import CredentialsPool
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.storage.settings import Settings
from desktop_app.ui.activity.watcher import ActivityWatcher
from desktop_app.ui.app.apiworker import ApiService
from tests.demo_accounts import signed_in_account

ACCOUNTS = 5


class _Clock:
    def __init__(self) -> None:
        self.now = 100_000.0

    def __call__(self) -> float:
        return self.now


def _settle(watcher: ActivityWatcher) -> None:
    """Let the event loop run until no check is in flight (answers arrive through it)."""
    schedule = watcher.schedule
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(
        lambda: loop.quit() if not any(schedule.in_flight(k) for k in schedule.accounts) else None
    )
    timer.start()
    loop.exec()
    timer.stop()


def _hour(demo: DemoOrg, watcher: ActivityWatcher, clock: _Clock) -> int:
    """Chatter requests the org served while the watcher ran for an hour of its clock."""
    before = demo.counters["chatter"]
    end = clock.now + HOUR_S
    while True:
        wait = watcher.schedule.seconds_to_next()
        if wait is None or clock.now + wait > end:
            break
        clock.now += max(wait, 0.001)
        watcher.tick()
        _settle(watcher)
    return demo.counters["chatter"] - before


def run() -> dict[str, Any]:
    """idle_requests_per_account_hour (window shown, 1 on screen + 4 in the background) and with it hidden."""
    app = QApplication.instance() or QApplication([])
    assert app is not None
    with DemoOrg() as demo, tempfile.TemporaryDirectory() as folder:
        secrets = MemorySecretStore()
        users = demo.users[:ACCOUNTS]
        accounts: dict[str, Account] = {}
        for user in users:
            account = signed_in_account(demo, user, secrets)
            accounts[account.key] = account
        pool = CredentialsPool(secrets, demo.client_id)
        photos = PhotoCache(Path(folder) / "photos")
        api = ApiService(lambda key: AccountClient(accounts[key], pool.get(accounts[key]), photos))
        clock = _Clock()
        watcher = ActivityWatcher(
            api, Settings(Path(folder) / "settings.json"), schedule=WatchSchedule(clock)
        )
        try:
            keys = list(accounts)
            watcher.set_accounts(accounts.values())
            watcher.set_on_screen(keys[0])
            watcher.set_window(hidden=False, active=True)
            # The first checks (each watch's baseline) belong to start-up, not to an idle hour.
            _hour(demo, watcher, clock)
            shown = _hour(demo, watcher, clock)
            busiest = max(watcher.schedule.sent_in_last_hour(key) for key in keys)
            watcher.set_window(hidden=True, active=False)
            hidden = _hour(demo, watcher, clock)
        finally:
            watcher.stop()
            api.shutdown()
            pool.close()
    return {
        "idle_requests_per_account_hour": round(shown / ACCOUNTS, 1),
        "idle_requests_per_account_hour_hidden": round(hidden / ACCOUNTS, 1),
        "idle_requests_busiest_account_hour": busiest,
        "idle_requests_cap_per_account_hour": MAX_REQUESTS_PER_HOUR,
    }
