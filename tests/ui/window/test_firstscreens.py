"""What the first screens show: long names elided in the sidebar, one status text at a time, and a way
back in from the profile when a session has ended."""

from __future__ import annotations

from pathlib import Path

import requests
from msgspec.structs import replace
from pytestqt.qtbot import QtBot

from desktop_app.accounts.status import AccountState
from desktop_app.demo_org import DemoOrg
from desktop_app.ui.window.statusbar import STATE_TEXT
from tests.ui.windowing import make_services, open_root, open_window, save_account, shoot

LONG_NAME = "Maximiliana Alexandrina Konstantinopoulou-Vanderbilt de la Fontaine"
LONG_ORG = "Worldwide Consolidated Holdings International — EMEA Sandbox (Full Copy)"


def test_long_names_are_elided_with_the_full_text_in_the_tooltip(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[0])
    services.registry.upsert(replace(account, display_name=LONG_NAME, org_name=LONG_ORG))
    save_account(services, demo, demo.users[1])
    with open_window(qtbot, services) as window:
        window.resize(900, 600)
        window.splitter.setSizes([170, 500, 230])
        qtbot.wait_until(lambda: window.sidebar.list.count() == 2)
        item = window.sidebar.list.item(0)
        assert LONG_NAME in item.toolTip()
        assert LONG_ORG in item.toolTip()
        bar = window.sidebar.list.horizontalScrollBar()
        assert not bar.isVisible()
        shoot(window.sidebar, "sidebar-long-name")


def test_the_status_bar_shows_one_text_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    with DemoOrg() as org:
        services = make_services(tmp_path / "p", org)
        account = save_account(services, org, org.users[0])
        with open_window(qtbot, services) as window:
            qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=15_000)
        org.set_down(True)
        again = make_services(tmp_path / "p", org)
        tokens = services.secrets.get(account.key)
        assert tokens is not None
        again.secrets.set(account.key, tokens)
        with open_window(qtbot, again) as window:
            qtbot.wait_until(
                lambda: window.sidebar.state(account.key) == AccountState.OFFLINE, timeout=20_000
            )
            texts = [label.text() for label in window.statusBar().findChildren(type(window.status.message))]
            shown = [text for text in texts if text and text != window.status.usage_label.text()]
            assert len(shown) == 1, shown
            window.status.notice("")  # the passing notice ends: the state is what remains
            assert window.status.text == STATE_TEXT[AccountState.OFFLINE]
            window.resize(900, 600)
            shoot(window, "status-offline")


def test_an_ended_session_offers_sign_in_again_in_the_profile(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[4])
    tokens = services.secrets.get(account.key)
    assert tokens is not None
    assert tokens.refresh_token is not None
    requests.post(
        f"{demo.login_url}/services/oauth2/revoke", data={"token": tokens.refresh_token}, timeout=10
    )
    with open_root(qtbot, services) as root:
        window = root.window
        qtbot.wait_until(
            lambda: window.sidebar.state(account.key) == AccountState.NEEDS_SIGN_IN, timeout=15_000
        )
        qtbot.wait_until(window.profile.sign_in_button.isVisible, timeout=15_000)
        opened: list[tuple[str, str | None]] = []
        root.sign_in.open = lambda host=None, **kw: opened.append((str(host), kw.get("login_hint")))
        window.profile.sign_in_button.click()
        assert opened == [(account.login_host, account.username)]
