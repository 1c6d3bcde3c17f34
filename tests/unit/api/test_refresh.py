"""Refresh on a refused token: once per account however many threads ask, rotation saved before the retry."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import AccountCredentials, CredentialsPool, RefreshEvent, token_endpoint
from desktop_app.api.errors import NetworkError, SessionExpired
from desktop_app.auth.tokens import RefreshResult, TokenEndpoint
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore, SecretStoreError, Tokens

from .conftest import Signed


def test_expired_token_is_refreshed_once_and_the_call_retried(zoe: Signed) -> None:
    client = zoe.client()
    before = zoe.tokens
    client.me()
    zoe.demo.expire_access_tokens()
    assert client.me().id == zoe.account.user_id
    assert zoe.demo.counters["refresh"] == 1
    after = zoe.tokens
    assert after.access_token != before.access_token
    assert after.refresh_token == before.refresh_token  # no rotation: the old one is kept
    assert zoe.credentials.current() == after


def test_rotation_stores_the_new_refresh_token_before_the_retry(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed]
) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    zoe = sign_in(demo)
    client = zoe.client(timeout=(5, 10))
    client.ensure_api_version()
    old_refresh = zoe.tokens.refresh_token
    assert old_refresh is not None
    at_finish: list[tuple[str | None, bool, int]] = []

    def listener(key: str, event: RefreshEvent) -> None:
        if event is RefreshEvent.FINISHED:
            stored = zoe.tokens.refresh_token
            valid = stored is not None and demo.is_refresh_token_valid(stored)
            at_finish.append((stored, valid, demo.counters["chatter"]))

    zoe.credentials.add_listener(listener)
    demo.expire_access_tokens()
    chatter_before = demo.counters["chatter"]
    client.news_feed(page_size=3)
    ((stored, valid, chatter_at_finish),) = at_finish
    assert stored != old_refresh
    assert valid
    assert chatter_at_finish == chatter_before  # the retried request had not been sent yet
    assert demo.counters["chatter"] == chatter_before + 1
    assert not demo.is_refresh_token_valid(old_refresh)
    assert zoe.tokens.refresh_token == stored


def test_token_expiring_mid_stream(make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed]) -> None:
    demo = make_demo(token_ttl=1, rotate_refresh_tokens=True)
    zoe = sign_in(demo)
    client = zoe.client()
    pages = 0
    deadline = time.monotonic() + 20
    page = client.news_feed(page_size=5)
    # Keep reading the feed until the one-second tokens have expired under us twice.
    while demo.counters["refresh"] < 2:
        assert time.monotonic() < deadline, "tokens never expired"
        page = client.news_feed(page.next_page_url, page_size=5) if page.next_page_url else client.news_feed()
        assert page.items
        pages += 1
    assert pages > 2
    assert zoe.credentials.refresh_count == 2
    refresh = zoe.tokens.refresh_token
    assert refresh is not None
    assert demo.is_refresh_token_valid(refresh)


@pytest.mark.parametrize("rotate", [False, True])
def test_fifty_threads_on_an_expired_token_make_one_refresh(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed], rotate: bool
) -> None:
    demo = make_demo(rotate_refresh_tokens=rotate)
    zoe = sign_in(demo, api_version="66.0")
    zoe.client().me()
    demo.expire_access_tokens()
    start = threading.Barrier(50)
    events: list[RefreshEvent] = []
    zoe.credentials.add_listener(lambda key, event: events.append(event))

    def call(_: int) -> str:
        with ConnectClient(zoe.account, zoe.credentials) as client:
            start.wait(10)
            return client.news_feed(page_size=2).items[0].id

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(call, range(50)))
    assert len(results) == 50
    assert demo.counters["refresh"] == 1
    assert events == [RefreshEvent.STARTED, RefreshEvent.FINISHED]
    refresh = zoe.tokens.refresh_token
    assert refresh is not None
    assert demo.is_refresh_token_valid(refresh)


def test_revoked_refresh_token_means_sign_in_again(zoe: Signed) -> None:
    events: list[tuple[str, RefreshEvent]] = []
    zoe.credentials.add_listener(lambda key, event: events.append((key, event)))
    refresh = zoe.tokens.refresh_token
    assert refresh is not None
    with TokenEndpoint(zoe.demo.login_url, zoe.demo.client_id) as endpoint:
        endpoint.revoke(refresh)
    client = zoe.client()
    with pytest.raises(SessionExpired) as caught:
        client.me()
    assert caught.value.error_code == "invalid_grant"
    assert "Sign in again" in caught.value.user_message
    assert events == [(zoe.account.key, RefreshEvent.STARTED), (zoe.account.key, RefreshEvent.EXPIRED)]
    with pytest.raises(SessionExpired):
        client.me()


def test_another_instance_already_refreshed(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed]
) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    first = sign_in(demo)
    # A second app instance: its own credentials object over the same keyring.
    second = AccountCredentials(first.account, first.store, demo.client_id)
    try:
        stale = second.current()
        demo.expire_access_tokens()
        first.client().me()
        assert demo.counters["refresh"] == 1
        with ConnectClient(first.account, second) as client:
            assert client.me().id == first.account.user_id
        assert demo.counters["refresh"] == 1
        assert second.current() != stale
    finally:
        second.close()


def test_invalid_grant_rereads_storage_before_giving_up(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed]
) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    first = sign_in(demo)
    failed = first.tokens.access_token

    class RacedByFirst:
        """The real token endpoint, reached just after the other instance rotated the refresh token."""

        def __init__(self, host: str, client_id: str, session: requests.Session) -> None:
            self.endpoint = TokenEndpoint(host, client_id, session=session)

        def refresh(self, refresh_token: str) -> RefreshResult:
            first.credentials.refresh(failed)
            return self.endpoint.refresh(refresh_token)

    second = AccountCredentials(first.account, first.store, demo.client_id, RacedByFirst)
    try:
        demo.expire_access_tokens()
        second.current()
        tokens = second.refresh(failed)
        assert tokens == first.tokens
        # The first instance's refresh, and the second's refused one: no third attempt, no dead account.
        assert demo.counters["refresh"] == 2
        assert (first.credentials.refresh_count, second.refresh_count) == (1, 0)
        refresh = tokens.refresh_token
        assert refresh is not None
        assert demo.is_refresh_token_valid(refresh)
    finally:
        second.close()


def test_unreachable_login_host_is_a_network_error_not_a_dead_session(
    demo: DemoOrg, sign_in: Callable[..., Signed], closed_port: int
) -> None:
    zoe = sign_in(demo, login_host=f"http://127.0.0.1:{closed_port}")
    events: list[RefreshEvent] = []
    zoe.credentials.add_listener(lambda key, event: events.append(event))
    demo.expire_access_tokens()
    with pytest.raises(NetworkError):
        zoe.client().me()
    assert events == [RefreshEvent.STARTED, RefreshEvent.FAILED]
    assert zoe.store.get(zoe.account.key) is not None


def test_no_saved_tokens(demo: DemoOrg, sign_in: Callable[..., Signed]) -> None:
    zoe = sign_in(demo)
    zoe.store.delete(zoe.account.key)
    with pytest.raises(SessionExpired):
        zoe.client().me()


class FlakyStore(MemorySecretStore):
    """The memory store with a keyring that refuses one write (as a locked keyring does)."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse_next_write = False

    def set(self, key: str, tokens: Tokens) -> None:
        if self.refuse_next_write:
            self.refuse_next_write = False
            raise SecretStoreError("keyring locked")
        super().set(key, tokens)


def test_a_failed_save_keeps_the_rotated_token_in_memory(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed]
) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    store = FlakyStore()
    zoe = sign_in(demo, store=store)
    client = zoe.client()
    demo.expire_access_tokens()
    store.refuse_next_write = True
    client.me()
    assert demo.counters["refresh"] == 1
    demo.expire_access_tokens()
    client.me()  # refreshes with the in-memory rotated token, not the dead one in the store
    assert demo.counters["refresh"] == 2
    refresh = zoe.tokens.refresh_token
    assert refresh is not None
    assert demo.is_refresh_token_valid(refresh)


def test_listener_errors_do_not_break_refresh(zoe: Signed) -> None:
    def broken(key: str, event: RefreshEvent) -> None:
        raise RuntimeError("ui is gone")

    remove = zoe.credentials.add_listener(broken)
    zoe.demo.expire_access_tokens()
    assert zoe.client().me()
    remove()
    remove()


def test_pool_shares_one_credentials_per_account(demo: DemoOrg, sign_in: Callable[..., Signed]) -> None:
    zoe = sign_in(demo)
    pool = CredentialsPool(zoe.store, demo.client_id, token_endpoint)
    try:
        shared = pool.get(zoe.account)
        assert pool.get(zoe.account) is shared
        demo.expire_access_tokens()
        with ConnectClient(zoe.account, pool.get(zoe.account)) as a, ConnectClient(zoe.account, shared) as b:
            a.me()
            b.me()
        assert demo.counters["refresh"] == 1
        pool.remove(zoe.account.key)
        assert pool.get(zoe.account) is not shared
    finally:
        pool.close()


def test_repr_of_tokens_and_auth_hide_secrets(zoe: Signed) -> None:
    from desktop_app.api.transport import BearerAuth

    token = zoe.tokens.access_token
    assert token not in repr(BearerAuth(token))
    assert token not in repr(zoe.credentials.current())
