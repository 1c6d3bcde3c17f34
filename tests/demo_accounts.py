"""Demo users signed in without the browser: tokens in a secret store, the record as an Account."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec.structs import replace

from desktop_app.accounts.book import AccountBook
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account, account_key
from desktop_app.demo_org import DemoOrg, DemoUser
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import SecretStore, Tokens
from desktop_app.storage.settings import Settings


def signed_in_account(
    demo: DemoOrg, user: DemoUser, secrets: SecretStore, scope: str = "api refresh_token", **changes: Any
) -> Account:
    """An account for a demo user with fresh tokens in ``secrets``, as a browser sign-in would leave it.

    ``changes`` sets further fields of the Account (``signed_in_at``, ``api_version``, ...).
    """
    grant = demo.grant(user.username, scope=scope)
    org = next(o for o in demo.orgs if o.org_id == user.org_id)
    key = account_key(user.org_id, user.user_id)
    secrets.set(key, Tokens(grant["access_token"], grant.get("refresh_token")))
    account = Account(
        key=key,
        org_id=user.org_id,
        user_id=user.user_id,
        username=user.username,
        display_name=user.display_name,
        org_name=org.name,
        login_host=demo.login_url,
        instance_url=grant["instance_url"],
        id_url=grant["id"],
        flow="user_agent",
        client_id=demo.client_id,
    )
    return replace(account, **changes)


def saved_book(folder: Path, secrets: SecretStore, *accounts: Account) -> AccountBook:
    """The app's account book over files in ``folder``, ``accounts`` saved in it (tokens in ``secrets``)."""
    registry = AccountRegistry(folder / "accounts.json")
    for account in accounts:
        registry.upsert(account)
    return AccountBook(
        registry=registry,
        secrets=secrets,
        settings=Settings(folder / "settings.json"),
        photo_cache=PhotoCache(folder / "photos"),
        feed_cache=FeedCache(folder / "feeds"),
    )
