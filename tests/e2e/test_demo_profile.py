"""``--demo`` with a profile remembers: sign in through the real web view, quit, start again, and the feed
loads with no sign-in, because the demo org kept its tokens and posts in the profile and the tokens stayed
in the (real) keyring."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.accounts.status import AccountState
from desktop_app.paths import Paths
from desktop_app.ui.app.composition import Composition
from desktop_app.ui.app.parts import AppParts
from desktop_app.ui.signin.signindialog import SignInDialog
from tests.e2e.conftest import PageDriver

pytestmark = [pytest.mark.e2e, pytest.mark.keyring]

TIMEOUT = 30_000


def run_app(qtbot: QtBot, paths: Paths) -> tuple[AppParts, Composition]:
    """What ``connect-desktop --demo --profile DIR`` builds, minus the event loop (pytest-qt runs that)."""
    parts = AppParts.open(paths)
    parts.start_demo(port=0)
    root = Composition(parts)
    qtbot.addWidget(root.window)
    root.restore()
    root.window.show()
    return parts, root


def test_a_restarted_demo_keeps_its_accounts_signed_in(
    qtbot: QtBot, tmp_path: Path, secret_service: None
) -> None:
    paths = Paths.for_profile(tmp_path / "profile")
    parts, root = run_app(qtbot, paths)
    try:
        demo = parts.demo
        assert demo is not None
        user = demo.users[0]
        root.try_demo()
        qtbot.wait_until(lambda: isinstance(root.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
        dialog = root.sign_in.dialog
        assert isinstance(dialog, SignInDialog)
        driver = PageDriver(qtbot, dialog)
        driver.log_in(user.username, user.password)
        driver.approve_if_asked()
        qtbot.wait_until(lambda: len(parts.book.accounts) == 1, timeout=TIMEOUT)
        qtbot.wait_until(lambda: root.window.feed.model.item_count >= 25, timeout=TIMEOUT)
        key = parts.book.accounts[0].key
        login_url = demo.login_url
    finally:
        root.window.close()
        parts.close()

    again, root = run_app(qtbot, paths)
    try:
        assert again.demo is not None
        assert again.demo.login_url == login_url, "the saved account points at the same URLs"
        qtbot.wait_until(lambda: root.window.feed.model.item_count >= 25, timeout=TIMEOUT)
        qtbot.wait_until(lambda: not root.window.feed.pager.showing_saved, timeout=TIMEOUT)
        assert again.states.get(key) is AccountState.CONNECTED
        assert root.sign_in.dialog is None, "no sign-in was needed"
    finally:
        root.window.close()
        again.secrets.delete(key)
        again.close()
