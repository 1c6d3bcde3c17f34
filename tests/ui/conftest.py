"""Fixtures for widget tests: a demo org, an account signed in to it, and worker threads for its API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.accounts.client import AccountClient
from desktop_app.api.credentials import CredentialsPool
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.apiworker import ApiService
from tests.demo_accounts import signed_in_account


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoOrg]:
    """A demo org shared by a test module."""
    with DemoOrg() as org:
        yield org


@pytest.fixture
def secrets() -> MemorySecretStore:
    """Tokens for this test only."""
    return MemorySecretStore()


@pytest.fixture
def demo_account(demo: DemoOrg, secrets: MemorySecretStore) -> Account:
    """The first demo user of the first org, signed in."""
    return signed_in_account(demo, demo.users[0], secrets)


class AccountBook:
    """The accounts an ApiService's client factory can serve; tests add more as they sign in."""

    def __init__(self, demo: DemoOrg, secrets: MemorySecretStore, cache_dir: Path) -> None:
        self.demo = demo
        self.secrets = secrets
        self.accounts: dict[str, Account] = {}
        self.pool = CredentialsPool(secrets, demo.client_id)
        self.photos = PhotoCache(cache_dir)

    def add(self, account: Account) -> Account:
        """Make an account available to the workers."""
        self.accounts[account.key] = account
        return account

    def client(self, key: str) -> AccountClient:
        """Runs on a worker thread."""
        account = self.accounts[key]
        return AccountClient(account, self.pool.get(account), self.photos)


@pytest.fixture
def account_book(
    demo: DemoOrg, secrets: MemorySecretStore, demo_account: Account, tmp_path: Path
) -> AccountBook:
    """The demo account, and room for more."""
    book = AccountBook(demo, secrets, tmp_path / "photos")
    book.add(demo_account)
    return book


@pytest.fixture
def api_service(qtbot: QtBot, account_book: AccountBook) -> Iterator[ApiService]:
    """Worker threads serving the demo account; joined at the end of the test."""
    service = ApiService(account_book.client)
    yield service
    service.shutdown()
    account_book.pool.close()
