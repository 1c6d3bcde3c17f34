"""The whole app as a person uses it: sign in through the real web view, read, write, switch accounts."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import log
from desktop_app.demo_org import DemoOrg, DemoUser
from desktop_app.storage.secrets import MemorySecretStore, SecretStoreError, Tokens
from desktop_app.ui.app.composition import Composition
from desktop_app.ui.app.parts import AppParts
from desktop_app.ui.feed.feeddelegate import CommentEditor
from desktop_app.ui.signin.signindialog import SignInDialog
from desktop_app.ui.window.mainwindow import FEED, MainWindow
from tests.e2e.conftest import PageDriver
from tests.ui.windowing import make_services, shoot

pytestmark = pytest.mark.e2e

TIMEOUT = 20_000


@contextmanager
def demo_window(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> Iterator[tuple[MainWindow, AppParts, Composition]]:
    """A window whose sign-in dialog offers the running demo org (as ``--demo`` does)."""
    services = make_services(tmp_path / "profile", demo)
    services.use_demo(demo)
    log.setup_logging("DEBUG", services.paths.log_dir, console=False)
    composition = Composition(services)
    window = composition.window
    qtbot.addWidget(window)
    composition.restore()
    window.show()
    try:
        yield window, services, composition
    finally:
        window.close()
        services.use_demo(None)  # the module's demo org outlives this window
        services.close()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "connect_handler", False)]:
            root.removeHandler(handler)
            handler.close()


def sign_in_through_the_dialog(
    qtbot: QtBot, composition: Composition, user: DemoUser, open_it: Callable[[], None]
) -> str:
    """Open the dialog, log in on the real page, approve, and wait for the account to be current."""
    window, book = composition.window, composition.book
    before = {a.key for a in book.accounts}
    open_it()
    qtbot.wait_until(lambda: isinstance(composition.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
    dialog = composition.sign_in.dialog
    assert isinstance(dialog, SignInDialog)
    driver = PageDriver(qtbot, dialog)
    driver.log_in(user.username, user.password)
    driver.approve_if_asked()
    qtbot.wait_until(lambda: len(book.accounts) == len(before) + 1, timeout=TIMEOUT)
    key = next(a.key for a in book.accounts if a.key not in before)
    qtbot.wait_until(
        lambda: window.current_account is not None and window.current_account.key == key, timeout=TIMEOUT
    )
    qtbot.wait_until(lambda: composition.sign_in.dialog is None, timeout=TIMEOUT)
    return key


def xdg_dirs() -> list[Path]:
    """The XDG folders the test session points the app (and QtWebEngine) at."""
    return [
        Path(os.environ[v]) for v in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME") if v in os.environ
    ]


def row_of(window: MainWindow, item_id: str) -> int:
    return window.feed.model.row_of(item_id)


@pytest.fixture
def network_threads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, threading.Thread]]:
    """Records the thread of every outgoing socket connection and HTTP request made from Python."""
    seen: list[tuple[str, threading.Thread]] = []
    real_connect = socket.socket.connect
    real_send = requests.Session.send

    def connect(sock: socket.socket, address: Any) -> None:
        seen.append((f"connect {address}", threading.current_thread()))
        real_connect(sock, address)

    def send(
        session: requests.Session, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        seen.append((f"{request.method} {urlsplit(request.url or '').path}", threading.current_thread()))
        return real_send(session, request, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(requests.Session, "send", send)
    return seen


def test_sign_in_read_write_and_switch(
    qtbot: QtBot,
    tmp_path: Path,
    demo: DemoOrg,
    monkeypatch: pytest.MonkeyPatch,
    network_threads: list[tuple[str, threading.Thread]],
) -> None:
    zoe = demo.users[0]
    sandbox_user = next(u for u in demo.users if u.org_id == demo.orgs[1].org_id)
    with demo_window(qtbot, tmp_path, demo) as (window, services, root):
        first = sign_in_through_the_dialog(qtbot, root, zoe, window.welcome.sign_in_button.click)
        assert window.stack.currentIndex() == FEED
        tokens = services.secrets.get(first)
        assert tokens is not None
        assert tokens.refresh_token

        # The feed loads; scrolling to the end brings the second and third pages.
        feed = window.feed
        qtbot.wait_until(lambda: feed.model.item_count >= 25, timeout=TIMEOUT)
        for pages in (2, 3):
            feed.list_view.scrollToBottom()
            qtbot.wait_until(lambda p=pages: feed.model.item_count >= 25 * p, timeout=TIMEOUT)

        # The profile shows the demo user's fields.
        qtbot.wait_until(lambda: window.profile.detail is not None, timeout=TIMEOUT)
        detail = window.profile.detail
        assert detail is not None
        assert detail.display_name == zoe.display_name
        assert detail.title
        assert detail.email

        # Post: it appears on top.
        text = "Release notes are out <b>not bold</b>"
        window.composer.set_text(text)
        qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(
            lambda: feed.model.item_at(0) is not None and feed.model.item_at(0).body_text == text,
            timeout=TIMEOUT,
        )
        post = feed.model.item_at(0)
        assert post is not None
        assert window.composer.text == ""
        view = feed.list_view

        # Like and unlike with the keyboard.
        view.setFocus()
        view.setCurrentIndex(feed.model.index(row_of(window, post.id)))
        qtbot.keyClick(view, Qt.Key.Key_L)
        qtbot.wait_until(lambda: feed.model.item(post.id).liked_by_me, timeout=TIMEOUT)  # type: ignore[union-attr]
        assert feed.model.item(post.id).likes_total == 1  # type: ignore[union-attr]
        qtbot.keyClick(view, Qt.Key.Key_L)
        qtbot.wait_until(lambda: not feed.model.item(post.id).liked_by_me, timeout=TIMEOUT)  # type: ignore[union-attr]
        assert feed.model.item(post.id).likes_total == 0  # type: ignore[union-attr]

        # Comment.
        qtbot.keyClick(view, Qt.Key.Key_C)
        qtbot.wait_until(lambda: view.viewport().findChild(CommentEditor) is not None, timeout=TIMEOUT)
        editor = view.viewport().findChild(CommentEditor)
        assert editor is not None
        qtbot.keyClicks(editor, "Thanks for sharing")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait_until(lambda: feed.model.item(post.id).comments_total == 1, timeout=TIMEOUT)  # type: ignore[union-attr]

        window.resize(1280, 800)
        shoot(window, "window-after-posting")

        # Delete, after confirming.
        monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
        view.setCurrentIndex(feed.model.index(row_of(window, post.id)))
        qtbot.keyClick(view, Qt.Key.Key_Delete)
        qtbot.wait_until(lambda: not feed.model.contains(post.id), timeout=TIMEOUT)

        # A second account, in the sandbox org, through File > Add Account; then switch back and forth.
        second = sign_in_through_the_dialog(qtbot, root, sandbox_user, window.add_account_action.trigger)
        assert second != first
        qtbot.wait_until(
            lambda: window.profile.detail is not None and window.profile.detail.id == sandbox_user.user_id,
            timeout=TIMEOUT,
        )
        qtbot.wait_until(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
        qtbot.wait_until(
            lambda: window.current_account is not None and window.current_account.key == first,
            timeout=TIMEOUT,
        )
        qtbot.wait_until(
            lambda: window.profile.detail is not None and window.profile.detail.id == zoe.user_id,
            timeout=TIMEOUT,
        )
        qtbot.wait_until(lambda: feed.model.item_count >= 25, timeout=TIMEOUT)
        assert {a.key for a in services.registry.accounts} == {first, second}
        secrets: list[str] = []
        for key in (first, second):
            stored = services.secrets.get(key)
            assert stored is not None
            secrets += [t for t in (stored.access_token, stored.refresh_token) if t]
    # Every request of the flow (sign-in completion, feed, photos, posts, profile) left the GUI thread alone.
    gui = threading.main_thread()
    assert len(network_threads) > 20
    on_gui = [what for what, thread in network_threads if thread is gui]
    assert on_gui == []
    # No token in any file the app wrote: profile (config, cache, data, logs) and the XDG folders.
    assert len(secrets) == 4
    written = [p for root in (tmp_path, *xdg_dirs()) for p in root.rglob("*") if p.is_file()]
    assert any(p.name == "connect-desktop.log" for p in written)
    for path in written:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"a token was written to {path}"


class RefusingStore(MemorySecretStore):
    """A keyring that stopped accepting secrets after start-up (locked collection, D-Bus gone)."""

    def set(self, key: str, tokens: Tokens) -> None:
        raise SecretStoreError("The keyring refused to store the session (it is locked).")


def test_a_sign_in_the_keyring_refuses_is_ended_and_explained(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    revoked_before = demo.counters["revoke"]
    with demo_window(qtbot, tmp_path, demo) as (window, services, root):
        services.secrets = services.book.secrets = RefusingStore()
        window.welcome.sign_in_button.click()
        qtbot.wait_until(lambda: isinstance(root.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
        dialog = root.sign_in.dialog
        assert isinstance(dialog, SignInDialog)
        driver = PageDriver(qtbot, dialog)
        driver.log_in(demo.users[1].username, demo.users[1].password)
        driver.approve_if_asked()
        qtbot.wait_until(lambda: "could not be stored" in dialog.message, timeout=TIMEOUT)
        assert "locked" in dialog.message
        qtbot.wait_until(lambda: demo.counters["revoke"] == revoked_before + 1, timeout=TIMEOUT)
        assert services.registry.accounts == []
        assert window.stack.currentIndex() == 0
