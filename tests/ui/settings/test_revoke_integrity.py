"""Revoke never reports a step that did not happen: a locked keyring, a refresh under way, rotation.

Each test checks the org's side too: after a revoke, the demo org rejects every token of that account.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.accounts.book import AccountBook
from desktop_app.accounts.revoke import RevokeReport
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage import settings as keys
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secretoutcomes import Deletion
from desktop_app.storage.secrets import MemorySecretStore, SecretsUnavailable, Tokens
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.settings.dialog import SettingsDialog
from desktop_app.ui.shared import dialogs
from tests.demo_accounts import signed_in_account

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


class LockableStore(MemorySecretStore):
    """A keyring whose unlock prompt was dismissed: while locked, nothing can be read, saved or deleted."""

    def __init__(self) -> None:
        super().__init__()
        self.locked = False

    @property
    def backend_name(self) -> str:
        return "test Secret Service"

    @property
    def persistent(self) -> bool:
        return True

    def _check(self) -> None:
        if self.locked:
            raise SecretsUnavailable("the collection is locked", backend=self.backend_name)

    def get(self, key: str) -> Tokens | None:
        self._check()
        return super().get(key)

    def set(self, key: str, tokens: Tokens) -> None:
        self._check()
        super().set(key, tokens)

    def delete(self, key: str) -> Deletion:
        self._check()
        deletion = super().delete(key)
        return Deletion(self.backend_name, in_keyring=True, found=deletion.found)


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.wait()


def make_book(tmp_path: Path, demo: DemoOrg, secrets: MemorySecretStore) -> AccountBook:
    settings = Settings(tmp_path / "settings.json")
    settings.set(keys.CLIENT_ID, demo.client_id)
    return AccountBook(
        registry=AccountRegistry(tmp_path / "accounts.json"),
        secrets=secrets,
        settings=settings,
        photo_cache=PhotoCache(tmp_path / "photos"),
        feed_cache=FeedCache(tmp_path / "feeds"),
    )


def sign_in(book: AccountBook, demo: DemoOrg, number: int) -> tuple[Account, Tokens]:
    account = signed_in_account(demo, demo.users[number], book.secrets)
    book.registry.upsert(account)
    tokens = book.secrets.get(account.key)
    assert tokens is not None
    return account, tokens


def revoke(
    qtbot: QtBot, book: AccountBook, tasks: TaskRunner, key: str
) -> tuple[RevokeReport, SettingsDialog]:
    dialog = SettingsDialog(book, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sessions.select_key(key)
    with qtbot.wait_signal(dialog.revoke_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.sessions.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: not dialog.sessions.busy, timeout=5_000)
    report = blocker.args[0]
    assert isinstance(report, RevokeReport)
    return report, dialog


def access_works(account: Account, access_token: str) -> bool:
    answer = requests.get(
        f"{account.instance_url}/services/data/v66.0/chatter/users/me",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=10,
    )
    return answer.status_code == 200


def test_revoke_with_the_keyring_locked_keeps_the_account_and_never_claims_a_deletion(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LockableStore()
    book = make_book(tmp_path, demo, store)
    account, tokens = sign_in(book, demo, 0)
    store.locked = True  # as when the keyring failed at start-up and is still locked
    questions: list[str] = []
    script = [Yes, No]  # yes, revoke; no, do not remove it anyway
    monkeypatch.setattr(
        dialogs, "question", lambda _p, _t, text, *_a: questions.append(text) or script.pop(0)
    )
    report, _dialog = revoke(qtbot, book, tasks, account.key)
    assert "could not be read from the keyring" in report.text
    assert "Deleted the tokens" not in report.text
    assert not report.revoked
    assert not report.removed
    assert book.get(account.key) is not None, "the account stays listed"
    assert "stays valid at Salesforce" in questions[1]
    assert tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(tokens.refresh_token), "nothing was revoked, and nothing says so"

    store.locked = False  # unlocked: the next revoke works and the org ends the session
    script[:] = [Yes]
    report, _dialog = revoke(qtbot, book, tasks, account.key)
    assert report.revoked
    assert report.removed
    assert not demo.is_refresh_token_valid(tokens.refresh_token)
    assert not access_works(account, tokens.access_token)
    assert store.get(account.key) is None


def test_a_locked_keyring_account_is_removed_only_with_consent_and_the_warning(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LockableStore()
    book = make_book(tmp_path, demo, store)
    account, _tokens = sign_in(book, demo, 1)
    store.locked = True
    script = [Yes, Yes]  # revoke; then remove from this computer anyway
    monkeypatch.setattr(dialogs, "question", lambda *_a: script.pop(0))
    report, _dialog = revoke(qtbot, book, tasks, account.key)
    assert report.removed
    assert not report.revoked
    assert "NOT revoked" in report.text
    assert "Could not delete the keyring entry" in report.text
    assert book.get(account.key) is None


@pytest.mark.parametrize("rotate", [False, True], ids=["rotation-off", "rotation-on"])
def test_revoke_after_a_refresh_ends_every_token_of_the_account(tmp_path: Path, rotate: bool) -> None:
    with DemoOrg(rotate_refresh_tokens=rotate, token_ttl=3600) as demo:
        store = MemorySecretStore()
        book = make_book(tmp_path, demo, store)
        account, first = sign_in(book, demo, 2)
        client = book.client(account.key)
        try:
            client.news_feed()
            credentials = book.pool.get(account)
            refreshed = credentials.refresh(first.access_token)  # as after a 401: maybe a rotated token
        finally:
            client.close()
        step = book.revoke_at_org(account)
        assert step.done, step.text
        book.remove_locally(account.key)
        assert store.get(account.key) is None
        for tokens in (first, refreshed):
            assert tokens.refresh_token is not None
            assert not demo.is_refresh_token_valid(tokens.refresh_token)
            assert not access_works(account, tokens.access_token)
