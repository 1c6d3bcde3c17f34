"""The watcher against the demo org: baselines, unread counts, notices, reading, restarts, quiet hours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.activity.grouping import Notice
from desktop_app.activity.schedule import FIRST_CHECK_DELAY_S, Watch, WatchSchedule
from desktop_app.api.errors import DEFAULT_RETRY_AFTER
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.storage.settings import Settings
from desktop_app.ui.activity.watcher import ActivityWatcher
from desktop_app.ui.app.apiworker import ApiService
from tests.demo_accounts import signed_in_account
from tests.ui.conftest import AccountBook


class Clock:
    """The schedule's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 50_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sandbox_account(demo: DemoOrg, secrets: MemorySecretStore, account_book: AccountBook) -> Account:
    """The sandbox org's Zoë, signed in (the background account)."""
    return account_book.add(signed_in_account(demo, demo.user("zoe@acme.demo.uat"), secrets))


class Run:
    """A watcher on a settings file, its clock, and the notices it raised."""

    def __init__(self, api: ApiService, settings: Settings) -> None:
        self.clock = Clock()
        self.watcher = ActivityWatcher(api, settings, schedule=WatchSchedule(self.clock))
        self.notices: list[Notice] = []
        self.watcher.notices_ready.connect(self.notices.extend)

    def check(self, qtbot: QtBot, seconds: float) -> None:
        """Move the clock, send what is due and wait for every answer."""
        self.clock.now += seconds
        self.watcher.tick()
        schedule = self.watcher.schedule
        qtbot.waitUntil(lambda: not any(schedule.in_flight(k) for k in schedule.accounts), timeout=15_000)


@pytest.fixture
def run(api_service: ApiService, tmp_path: Path) -> Iterator[Run]:
    """A watcher with its own settings file."""
    made = Run(api_service, Settings(tmp_path / "settings.json"))
    yield made
    made.watcher.stop()


def start(run: Run, qtbot: QtBot, on_screen: Account, background: Account) -> None:
    run.watcher.set_accounts([on_screen, background])
    run.watcher.set_on_screen(on_screen.key)
    run.watcher.set_window(hidden=False, active=True)
    run.check(qtbot, FIRST_CHECK_DELAY_S)


def test_the_background_account_counts_unread_and_notifies_once(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, sandbox_account: Account, run: Run
) -> None:
    start(run, qtbot, demo_account, sandbox_account)
    assert run.watcher.unread(sandbox_account.key) == 0
    assert run.notices == []
    activity = demo.start_activity(seed=3)
    posted = activity.tick(org_index=1, action="post")
    mention = activity.tick(org_index=1, action="mention")
    assert posted is not None
    assert mention is not None
    with qtbot.waitSignal(run.watcher.unread_total_changed, timeout=15_000):
        run.check(qtbot, 3600)
    assert run.watcher.unread(sandbox_account.key) == 2
    assert run.watcher.unread(demo_account.key) == 0
    assert len(run.notices) == 1
    notice = run.notices[0]
    assert notice.account_key == sandbox_account.key
    assert notice.element_id == mention.item_id
    assert notice.summary.endswith("mentioned you · Acme Demo Sandbox")
    run.check(qtbot, 3600)
    assert len(run.notices) == 1, "nothing new, nothing notified"

    with qtbot.waitSignal(run.watcher.unread_changed, timeout=1000) as read:
        run.watcher.set_on_screen(sandbox_account.key)
    assert read.args == [sandbox_account.key, 0]
    assert run.watcher.unread_total == 0


def test_a_restart_remembers_and_does_not_notify_again(
    qtbot: QtBot,
    *,
    demo: DemoOrg,
    demo_account: Account,
    sandbox_account: Account,
    api_service: ApiService,
    tmp_path: Path,
) -> None:
    settings_path = tmp_path / "restart.json"
    first = Run(api_service, Settings(settings_path))
    start(first, qtbot, demo_account, sandbox_account)
    demo.start_activity(seed=5).tick(org_index=1, action="mention")
    first.check(qtbot, 3600)
    assert len(first.notices) == 1
    first.watcher.stop()

    again = Run(api_service, Settings(settings_path))
    again.watcher.set_accounts([demo_account, sandbox_account])
    assert again.watcher.unread(sandbox_account.key) == 1
    again.watcher.set_on_screen(demo_account.key)
    again.check(qtbot, FIRST_CHECK_DELAY_S)
    again.check(qtbot, 3600)
    assert again.notices == []
    assert again.watcher.unread(sandbox_account.key) == 1
    again.watcher.stop()


def test_quiet_hours_and_an_account_turned_off_raise_nothing_and_many_are_grouped(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, sandbox_account: Account, run: Run
) -> None:
    start(run, qtbot, demo_account, sandbox_account)
    activity = demo.start_activity(seed=9)
    run.watcher.prefs.quiet_for(3600)
    activity.tick(org_index=1, action="mention")
    run.check(qtbot, 3600)
    run.watcher.prefs.end_quiet()
    run.watcher.prefs.set_enabled_for(sandbox_account.key, False)
    activity.tick(org_index=1, action="mention")
    run.check(qtbot, 3600)
    assert run.notices == []
    run.watcher.prefs.set_enabled_for(sandbox_account.key, True)
    for _ in range(3):
        activity.tick(org_index=1, action="mention")
    run.check(qtbot, 3600)
    assert len(run.notices) == 1
    assert run.notices[0].summary == "3 new mentions in Acme Demo Sandbox"
    assert run.notices[0].body.startswith("From ")


def test_the_hourly_chatter_limit_quiets_the_account_and_backs_off(
    qtbot: QtBot,
    api_service: ApiService,
    account_book: AccountBook,
    secrets: MemorySecretStore,
    tmp_path: Path,
) -> None:
    with DemoOrg(chatter_limit=2) as limited:
        account = account_book.add(signed_in_account(limited, limited.user("zoe@acme.demo"), secrets))
        checks = Run(api_service, Settings(tmp_path / "limited.json"))
        checks.watcher.set_accounts([account])
        checks.check(qtbot, FIRST_CHECK_DELAY_S)  # two checks: the hour's allowance
        schedule = checks.watcher.schedule
        base = schedule.interval(account.key, Watch.TO_ME)
        checks.check(qtbot, 3600)  # answered 503, without Retry-After: the client's default applies
        assert schedule.interval(account.key, Watch.TO_ME) == 2 * (base or 0)
        checks.clock.now += DEFAULT_RETRY_AFTER / 2
        assert schedule.take_due() == []
        wait = schedule.seconds_to_next()
        assert wait is not None
        assert wait >= DEFAULT_RETRY_AFTER / 2
        assert checks.notices == []
        checks.watcher.stop()
