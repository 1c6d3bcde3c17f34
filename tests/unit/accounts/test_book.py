"""The account book without Qt: login hosts, consumer keys, which account opens first, caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.accounts.book import AccountBook, DemoLogin
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth import hosts
from desktop_app.auth.account import Account
from desktop_app.storage import settings as keys
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.storage.settings import Settings

DEMO = DemoLogin("http://127.0.0.1:5000", "demo-client")


@pytest.fixture
def book(tmp_path: Path) -> AccountBook:
    return AccountBook(
        registry=AccountRegistry(tmp_path / "accounts.json"),
        secrets=MemorySecretStore(),
        settings=Settings(tmp_path / "settings.json"),
        photo_cache=PhotoCache(tmp_path / "photos"),
        feed_cache=FeedCache(tmp_path / "feeds"),
    )


def account(number: int) -> Account:
    org, user = f"00D00000000000{number}AAA", f"00500000000000{number}AAA"
    return Account(
        key=f"{org}/{user}",
        org_id=org,
        user_id=user,
        username=f"user{number}@example.com",
        display_name=f"User {number}",
        org_name="Acme",
        login_host=hosts.PRODUCTION,
        instance_url="https://acme.my.salesforce.com",
        id_url=f"https://login.salesforce.com/id/{org}/{user}",
        flow="user_agent",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("production", hosts.PRODUCTION),
        ("Sandbox", hosts.SANDBOX),
        ("demo", DEMO.login_url),
        ("acme.my.salesforce.com", "https://acme.my.salesforce.com"),
        ("https://acme.my.salesforce.com/", "https://acme.my.salesforce.com"),
    ],
)
def test_sign_in_host_names(book: AccountBook, value: str, expected: str) -> None:
    book.demo = DEMO
    assert book.resolve_sign_in_host(value) == expected


@pytest.mark.parametrize("value", ["demo", "http://evil.example", "not a host"])
def test_sign_in_host_refusals(book: AccountBook, value: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        book.resolve_sign_in_host(value)


def test_the_demo_org_has_its_own_consumer_key(book: AccountBook) -> None:
    book.settings.set(keys.CLIENT_ID, "real-app")
    book.demo = DEMO
    assert book.client_id_for(DEMO.login_url) == "demo-client"
    assert book.client_id_for(hosts.PRODUCTION) == "real-app"
    assert book.login_hosts()[0].url == DEMO.login_url


def test_the_account_shown_last_opens_first(book: AccountBook) -> None:
    assert book.first_to_open() is None
    first, second = account(1), account(2)
    book.registry.upsert(first)
    book.registry.upsert(second)
    assert book.first_to_open() == first.key
    book.remember_shown(second.key)
    assert book.first_to_open() == second.key
    book.registry.remove(second.key)
    assert book.first_to_open() == first.key


def test_wiping_an_account_forgets_its_kept_feed_page(book: AccountBook) -> None:
    book.feed_cache.save("00D/005", {"elements": []})
    book.wipe_caches("00D/005")
    assert book.feed_cache.load("00D/005") is None


def test_the_api_version_an_org_answered_with_is_kept(book: AccountBook) -> None:
    saved = account(1)
    book.registry.upsert(saved)
    book.remember_version(saved.key, "66.0")
    stored = book.get(saved.key)
    assert stored is not None
    assert stored.api_version == "66.0"
