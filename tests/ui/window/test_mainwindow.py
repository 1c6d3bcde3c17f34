"""The main window with saved accounts: feed, profile, switching, state remembered, expired sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.storage import settings as keys
from desktop_app.ui.app.composition import Composition
from desktop_app.ui.app.parts import AppParts
from desktop_app.ui.settings.dialog import SettingsDialog
from desktop_app.ui.settings.sessions import SessionsTab
from desktop_app.ui.shared import dialogs
from desktop_app.ui.window.mainwindow import FEED, WELCOME
from desktop_app.ui.window.sidebar import AccountState
from tests.ui.windowing import make_services, open_window, save_account, shoot


def carry_tokens(before: AppParts, after: AppParts, key: str) -> None:
    """The same keyring seen by a second run (the window tests keep tokens in memory)."""
    tokens = before.secrets.get(key)
    assert tokens is not None
    after.secrets.set(key, tokens)


def test_no_accounts_shows_the_welcome_page(qtbot: QtBot, tmp_path: Path) -> None:
    services = make_services(tmp_path / "p")
    with open_window(qtbot, services) as window:
        assert window.stack.currentIndex() == WELCOME
        assert not window.profile.isVisible()
        assert not window.refresh_action.isEnabled()
        window.resize(1100, 700)
        shoot(window, "welcome")


def test_feed_and_profile_load_and_accounts_switch(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    first = save_account(services, demo, demo.users[0])
    sandbox_user = next(u for u in demo.users if u.org_id == demo.orgs[1].org_id)
    second = save_account(services, demo, sandbox_user)
    with open_window(qtbot, services) as window:
        assert window.stack.currentIndex() == FEED
        assert window.current_account is not None
        assert window.current_account.key == first.key
        qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=15_000)
        qtbot.wait_until(lambda: window.profile.detail is not None, timeout=15_000)
        assert window.profile.detail is not None
        assert window.profile.detail.id == first.user_id
        qtbot.wait_until(lambda: window.sidebar.state(first.key) == AccountState.CONNECTED, timeout=10_000)
        qtbot.wait_until(lambda: "API usage" in window.status.usage_label.text(), timeout=10_000)
        assert first.display_name in window.windowTitle()
        window.resize(1280, 800)
        qtbot.wait_until(lambda: window.feed.showing == "posts", timeout=10_000)
        shoot(window, "feed-profile")

        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        qtbot.wait_until(
            lambda: window.current_account is not None and window.current_account.key == second.key,
            timeout=5_000,
        )
        qtbot.wait_until(
            lambda: window.profile.detail is not None and window.profile.detail.id == second.user_id,
            timeout=15_000,
        )
        qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=15_000)
        assert window.feed.account_key == second.key
        # Every post shown now comes from the sandbox org's feed, none left over from the first account.
        first_ids = {item.id for item in window.feed.model}
        assert all(item_id.startswith("0D5") for item_id in first_ids)
    assert services.settings.get(keys.LAST_ACCOUNT) == second.key


def test_state_is_remembered_across_restarts(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    save_account(services, demo, demo.users[0])
    second = save_account(services, demo, demo.users[1])
    with open_window(qtbot, services) as window:
        window.sidebar.select(second.key)
        # Within the offscreen platform's 800x600 screen: the window never restores larger than its screen.
        window.resize(800, 540)
        central = window.centralWidget()
        qtbot.wait_until(lambda: window.splitter.width() == central.contentsRect().width() - 12)
        window.splitter.setSizes([150, 370, 260])
        sizes = window.splitter.sizes()
        assert sizes[0] == 150
    again = make_services(tmp_path / "p", demo)
    with open_window(qtbot, again) as window:
        assert window.current_account is not None
        assert window.current_account.key == second.key
        assert (window.size().width(), window.size().height()) == (800, 540)
        qtbot.wait_until(lambda: window.splitter.sizes() == sizes, timeout=5_000)


def test_an_expired_session_asks_to_sign_in_again_and_other_accounts_keep_working(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    doomed = save_account(services, demo, demo.users[2])
    healthy = save_account(services, demo, demo.users[3])
    tokens = services.secrets.get(doomed.key)
    assert tokens is not None
    assert tokens.refresh_token is not None
    revoked = requests.post(
        f"{demo.login_url}/services/oauth2/revoke", data={"token": tokens.refresh_token}, timeout=10
    )
    assert revoked.status_code == 200
    with open_window(qtbot, services) as window:
        window.sidebar.select(doomed.key)
        qtbot.wait_until(
            lambda: window.sidebar.state(doomed.key) == AccountState.NEEDS_SIGN_IN, timeout=15_000
        )
        qtbot.wait_until(lambda: "Sign in again" in window.messages._action.text(), timeout=10_000)
        assert window.messages.isVisible()
        assert "other accounts keep working" in window.messages.text
        window.sidebar.select(healthy.key)
        qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=15_000)
        qtbot.wait_until(lambda: window.sidebar.state(healthy.key) == AccountState.CONNECTED, timeout=10_000)
        assert window.sidebar.state(doomed.key) == AccountState.NEEDS_SIGN_IN


def test_open_in_salesforce_uses_a_one_time_frontdoor_url(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[0])
    with open_window(qtbot, services) as window:
        window.open_action.trigger()
        qtbot.wait_until(lambda: bool(opened), timeout=10_000)
    assert opened[0].startswith(account.instance_url + "/secur/frontdoor.jsp?otp=")
    tokens = services.secrets.get(account.key)
    assert tokens is not None
    assert tokens.access_token not in opened[0]


def test_revoking_from_settings_takes_the_account_out_of_the_sidebar(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    services = make_services(tmp_path / "p", demo)
    keep = save_account(services, demo, demo.users[0])
    gone = save_account(services, demo, demo.users[1])
    tokens = services.secrets.get(gone.key)
    assert tokens is not None
    assert tokens.refresh_token is not None
    with open_window(qtbot, services) as window:
        window.sidebar.select(gone.key)
        window.settings_action.trigger()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None
        qtbot.wait_until(dialog.isVisible, timeout=5_000)
        shoot(dialog, "settings-sessions")
        sessions = dialog.findChild(SessionsTab)
        assert sessions is not None
        sessions.select_key(gone.key)
        with qtbot.wait_signal(dialog.account_removed, timeout=15_000):
            sessions.revoke_button.click()
        qtbot.wait_until(lambda: window.sidebar.list.count() == 1, timeout=5_000)
        assert window.current_account is not None
        assert window.current_account.key == keep.key
    assert not demo.is_refresh_token_valid(tokens.refresh_token)
    assert services.secrets.get(gone.key) is None
    assert services.registry.get(gone.key) is None


def test_the_next_start_shows_the_saved_first_page_then_the_live_one(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[0])
    with open_window(qtbot, services) as window:
        qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=15_000)
        live_ids = [item.id for item in window.feed.model][:25]
    assert services.feed_cache.load(account.key) is not None

    again = make_services(tmp_path / "p", demo)
    carry_tokens(services, again, account.key)
    root = Composition(again)
    window = root.window
    qtbot.addWidget(window)
    try:
        root.restore()
        # Before any answer from the org: the posts kept from the last run are on screen already.
        assert [item.id for item in window.feed.model][:25] == live_ids
        assert window.feed.showing == "posts"
        qtbot.wait_until(lambda: not window.feed.pager.showing_saved, timeout=15_000)
        assert window.feed.model.item_count >= 25
        assert len({item.id for item in window.feed.model}) == window.feed.model.item_count
        assert window.sidebar.state(account.key) == AccountState.CONNECTED
    finally:
        window.close()
        again.close()


def test_revoking_wipes_the_saved_feed_page(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[0])
    services.feed_cache.save(account.key, {"elements": []})
    services.book.wipe_caches(account.key)
    assert services.feed_cache.load(account.key) is None


def test_saved_posts_give_way_to_live_ones_once_the_org_answers_again(qtbot: QtBot, tmp_path: Path) -> None:
    with DemoOrg() as org:
        services = make_services(tmp_path / "p", org)
        account = save_account(services, org, org.users[0])
        with open_window(qtbot, services) as window:
            qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=15_000)
        saved = services.feed_cache.load(account.key)
        assert saved is not None
        org.set_down(True)
        again = make_services(tmp_path / "p", org)
        carry_tokens(services, again, account.key)
        with open_window(qtbot, again) as window:
            assert window.feed.showing == "posts"
            qtbot.wait_until(lambda: not window.feed.busy, timeout=20_000)
            assert window.feed.model.item_count == len(saved.items)
            org.set_down(False)
            window.feed.retry()
            qtbot.wait_until(lambda: not window.feed.busy, timeout=20_000)
            qtbot.wait_until(lambda: not window.feed.pager.showing_saved, timeout=20_000)
            assert window.feed.model.item_count >= 25
