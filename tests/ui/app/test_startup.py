"""Start-up pieces: the root sandbox rule, what loads before the window, the first page's helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app import app
from desktop_app.accounts.earlypage import fork_helper
from desktop_app.api.feedreads import FeedElements
from desktop_app.api.operations import NewsFeed
from desktop_app.demo_org import DemoOrg
from desktop_app.paths import Paths
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.parts import AppParts
from desktop_app.ui.app.startup import prefetch_first_page
from tests.demo_accounts import saved_book, signed_in_account


def test_root_turns_the_web_engine_sandbox_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    monkeypatch.setattr(app.os, "geteuid", lambda: 0)
    app.prepare_environment()
    assert app.os.environ["QTWEBENGINE_DISABLE_SANDBOX"] == "1"


def test_other_users_keep_the_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    monkeypatch.setattr(app.os, "geteuid", lambda: 1000)
    app.prepare_environment()
    assert "QTWEBENGINE_DISABLE_SANDBOX" not in app.os.environ


def test_the_window_modules_load_no_http_stack_keyring_or_crypto() -> None:
    # Start-up budget: the GUI thread builds the window while workers load these on first use. QtNetwork
    # and OpenSSL (hashlib, ssl) each map megabytes of libraries that the first paint does not need.
    import subprocess
    import sys

    code = (
        "import sys, desktop_app.ui.app.startup, desktop_app.ui.app.singleinstance\n"
        "import desktop_app.ui.app.parts, desktop_app.ui.app.composition\n"
        "import desktop_app.accounts.earlypage, desktop_app.feed.firstpage, desktop_app.accounts.pagereader\n"
        "unwanted = ('requests', 'keyring', 'PySide6.QtWebEngineCore', 'PySide6.QtNetwork', '_hashlib',\n"
        "            '_ssl')\n"
        "print(sorted(m for m in unwanted if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_a_helper_asking_for_another_page_is_ended_and_the_worker_asks(
    qtbot: QtBot, demo: DemoOrg, tmp_path: Path
) -> None:
    paths = Paths.for_profile(tmp_path / "profile")
    parts = AppParts.open(paths)
    secrets = MemorySecretStore()
    parts.secrets = secrets
    account = signed_in_account(demo, demo.users[0], secrets)
    parts.registry.upsert(account)
    helper_book = saved_book(tmp_path / "helper", secrets, account)
    early = fork_helper(helper_book, account.key, FeedElements("/chatter/feeds/to/me/feed-elements"))
    assert early is not None
    try:
        assert prefetch_first_page(parts, early)
        assert early.cancelled  # it asked for another feed than the one the account opens on
        seen: list[object] = []
        parts.api.call(account.key, NewsFeed(None, 25), on_done=lambda outcome: seen.append(outcome.value))
        qtbot.wait_until(lambda: bool(seen), timeout=30_000)
        assert parts.feed_cache.path(account.key).exists()  # the worker asked, and kept the page
    finally:
        parts.close()
