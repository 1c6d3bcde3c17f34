"""Revoking ten accounts, as Settings -> Revoke all does, against a demo org in its own process."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from desktop_app.accounts.book import AccountBook
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.tokenset import Tokens
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.storage.settings import Settings
from tests.bench.common import median
from tests.bench.remote_demo import RemoteDemo

ACCOUNTS = 10
RUNS = 5


def _revoke_all(demo: RemoteDemo, tmp: Path) -> float:
    secrets = MemorySecretStore()
    book = AccountBook(
        registry=AccountRegistry(tmp / "accounts.json"),
        secrets=secrets,
        settings=Settings(tmp / "settings.json"),
        photo_cache=PhotoCache(tmp / "photos"),
        feed_cache=FeedCache(tmp / "feeds"),
    )
    users = [demo.users[i % len(demo.users)] for i in range(ACCOUNTS)]
    accounts = []
    for username in users:
        account, values = demo.account(username)
        # The same user may sign in more than once here; each sign-in is a grant of its own to revoke.
        user_id = f"{account.user_id}{len(accounts):02d}"
        account = replace(account, user_id=user_id, key=f"{account.org_id}/{user_id}")
        secrets.set(account.key, Tokens(values["access_token"], values.get("refresh_token")))
        book.registry.upsert(account)
        accounts.append(account)
    started = time.perf_counter()
    for account in accounts:
        step = book.revoke_at_org(account)
        assert step.done, step.text
        book.remove_locally(account.key)
    elapsed = time.perf_counter() - started
    assert book.accounts == []
    return elapsed


def run() -> dict[str, Any]:
    """revoke_all_s: the median wall time to revoke ten accounts and remove them from this computer."""
    with RemoteDemo() as demo, tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp:
        times = [_revoke_all(demo, Path(tmp) / str(n)) for n in range(RUNS)]
    return {"revoke_all_s": median(times)}
