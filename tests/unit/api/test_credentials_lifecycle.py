"""Credentials in revoke and keyring trouble: close() waits, deleted is signed out, failures end refreshes."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
import requests

from desktop_app.api.credentials import AccountCredentials, CredentialsPool, RefreshEvent
from desktop_app.api.errors import ApiError, SessionExpired
from desktop_app.auth.account import Account, account_key
from desktop_app.auth.tokens import RefreshResult
from desktop_app.storage.secrets import MemorySecretStore, SecretsUnavailable, Tokens
from tests.unit.auth.servers import scripted_server

ORG, USER = "00D000000000001", "005000000000001"
KEY = account_key(ORG, USER)
OLD = Tokens("00D!AQold", "5Aep861old")
WAIT = 10


def _account(login_host: str = "https://login.salesforce.com") -> Account:
    return Account(
        key=KEY,
        org_id=ORG,
        user_id=USER,
        username="zoe@acme.example",
        display_name="Zoe",
        org_name="Acme",
        login_host=login_host,
        instance_url="https://acme.my.salesforce.com",
        id_url=f"https://login.salesforce.com/id/{ORG}/{USER}",
        flow="user_agent",
    )


@dataclass
class FakeEndpoint:
    """A token endpoint that rotates (or not), optionally holding each refresh until released."""

    rotate: bool = True
    hold: bool = False
    error: BaseException | None = None
    entered: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    calls: list[str] = field(default_factory=list)

    def factory(self, login_host: str, client_id: str, session: requests.Session) -> FakeEndpoint:
        return self

    def refresh(self, refresh_token: str) -> RefreshResult:
        self.calls.append(refresh_token)
        self.entered.set()
        if self.hold:
            assert self.release.wait(WAIT)
        if self.error is not None:
            raise self.error
        n = len(self.calls)
        return RefreshResult(
            access_token=f"00D!AQnew{n}",
            refresh_token=f"5Aep861rotated{n}" if self.rotate else None,
            instance_url="https://acme.my.salesforce.com",
            issued_at=datetime.now(UTC),
        )


class Store(MemorySecretStore):
    """The memory store, with a keyring that can be locked and a write that can be held."""

    def __init__(self) -> None:
        super().__init__()
        self.locked = False
        self.hold_writes = False
        self.writing = threading.Event()
        self.release = threading.Event()

    def get(self, key: str) -> Tokens | None:
        if self.locked:
            raise SecretsUnavailable("keyring locked", backend="test keyring")
        return super().get(key)

    def set(self, key: str, tokens: Tokens) -> None:
        if self.locked:
            raise SecretsUnavailable("keyring locked", backend="test keyring")
        if self.hold_writes:
            self.writing.set()
            assert self.release.wait(WAIT)
        super().set(key, tokens)


@pytest.fixture
def store() -> Store:
    made = Store()
    made.set(KEY, OLD)
    return made


@pytest.fixture
def endpoint() -> FakeEndpoint:
    return FakeEndpoint()


@pytest.fixture
def credentials(store: Store, endpoint: FakeEndpoint) -> Iterator[AccountCredentials]:
    made = AccountCredentials(_account(), store, "cid", endpoint.factory)
    yield made
    made.close()


def _events(credentials: AccountCredentials) -> list[RefreshEvent]:
    events: list[RefreshEvent] = []
    credentials.add_listener(lambda key, event: events.append(event))
    return events


def _in_thread(target: object) -> threading.Thread:
    assert callable(target)
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _refresh_quietly(credentials: AccountCredentials, failed: str) -> None:
    with contextlib.suppress(ApiError):
        credentials.refresh(failed)


def test_close_waits_for_a_refresh_under_way(credentials: AccountCredentials, endpoint: FakeEndpoint) -> None:
    endpoint.hold = True
    refreshing = _in_thread(lambda: _refresh_quietly(credentials, OLD.access_token))
    assert endpoint.entered.wait(WAIT)
    closed = threading.Event()
    closing = _in_thread(lambda: (credentials.close(), closed.set()))
    # close() must not return while the refresh still holds the lock.
    assert not closed.wait(0.3)
    endpoint.release.set()
    assert closed.wait(WAIT)
    refreshing.join(WAIT)
    closing.join(WAIT)


def test_an_entry_deleted_after_close_stays_deleted(
    credentials: AccountCredentials, store: Store, endpoint: FakeEndpoint
) -> None:
    # The revoke path: close the credentials, then delete the keyring entry; a refresh that was writing must
    # not bring the secret back afterwards.
    store.hold_writes = True
    refreshing = _in_thread(lambda: _refresh_quietly(credentials, OLD.access_token))
    assert store.writing.wait(WAIT)
    revoked = threading.Event()

    def revoke() -> None:
        credentials.close()
        store.delete(KEY)
        revoked.set()

    revoking = _in_thread(revoke)
    store.release.set()
    assert revoked.wait(WAIT)
    refreshing.join(WAIT)
    revoking.join(WAIT)
    assert store.get(KEY) is None


def test_no_refresh_after_close(
    credentials: AccountCredentials, store: Store, endpoint: FakeEndpoint
) -> None:
    credentials.close()
    with pytest.raises(ApiError) as caught:
        credentials.refresh(OLD.access_token)
    assert caught.value.error_code == "cancelled"
    assert endpoint.calls == []
    assert store.get(KEY) == OLD


def test_a_deleted_keyring_entry_means_signed_out_not_memory(
    credentials: AccountCredentials, store: Store, endpoint: FakeEndpoint
) -> None:
    events = _events(credentials)
    assert credentials.current() == OLD  # now held in memory too
    store.delete(KEY)
    with pytest.raises(SessionExpired):
        credentials.refresh(OLD.access_token)
    assert endpoint.calls == []
    assert store.get(KEY) is None  # nothing written back
    assert events == [RefreshEvent.EXPIRED]
    with pytest.raises(SessionExpired):
        credentials.current()


def test_close_for_revoke_returns_the_rotated_unsaved_refresh_token(
    credentials: AccountCredentials, store: Store
) -> None:
    credentials.current()
    store.locked = True  # the save after the refresh fails: only memory has the rotated token
    tokens = credentials.refresh(OLD.access_token)
    assert tokens.refresh_token == "5Aep861rotated1"
    store.locked = False
    assert credentials.close_for_revoke() == tokens
    assert credentials.closed


def test_close_for_revoke_reads_the_store_when_memory_has_nothing_newer(
    store: Store, endpoint: FakeEndpoint
) -> None:
    pool = CredentialsPool(store, "cid", endpoint.factory)
    assert pool.close_for_revoke(KEY) == OLD  # never used this run
    pool.get(_account()).current()
    assert pool.close_for_revoke(KEY) == OLD
    pool.close()


def test_refresh_ends_on_unexpected_exception(
    credentials: AccountCredentials, endpoint: FakeEndpoint
) -> None:
    events = _events(credentials)
    endpoint.error = KeyError("a bug")
    with pytest.raises(ApiError) as caught:
        credentials.refresh(OLD.access_token)
    assert caught.value.error_code == "refresh_failed"
    assert events == [RefreshEvent.STARTED, RefreshEvent.FAILED]
    endpoint.error = None
    assert credentials.refresh(OLD.access_token).access_token == "00D!AQnew2"  # not stuck


def test_refresh_with_a_deeply_nested_token_reply_reports_failed(store: Store) -> None:
    nested = b"[" * 200_000 + b"]" * 200_000
    with scripted_server(200, "application/json", nested) as (url, replies):
        credentials = AccountCredentials(_account(login_host=url), store, "cid")
        events = _events(credentials)
        try:
            with pytest.raises(ApiError):
                credentials.refresh(OLD.access_token)
        finally:
            credentials.close()
    assert replies.count == 1
    assert events == [RefreshEvent.STARTED, RefreshEvent.FAILED]
    assert store.get(KEY) == OLD


def test_a_keyring_locked_mid_session_does_not_stop_a_refresh_from_memory(
    credentials: AccountCredentials, store: Store, endpoint: FakeEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    events = _events(credentials)
    credentials.current()
    store.locked = True
    with caplog.at_level(logging.WARNING, logger="connect.api"):
        tokens = credentials.refresh(OLD.access_token)
    assert endpoint.calls == [OLD.refresh_token]
    assert tokens == Tokens("00D!AQnew1", "5Aep861rotated1")
    assert credentials.current() == tokens
    assert credentials.unsaved
    assert isinstance(credentials.store_error, SecretsUnavailable)
    assert events == [RefreshEvent.STARTED, RefreshEvent.FINISHED, RefreshEvent.NOT_SAVED]
    assert "rotated" in caplog.text
    assert "5Aep861rotated1" not in caplog.text
    # The next refresh uses the rotated token from memory, and saves once the keyring is back.
    store.locked = False
    again = credentials.refresh(tokens.access_token)
    assert endpoint.calls[-1] == "5Aep861rotated1"
    assert store.get(KEY) == again
    assert not credentials.unsaved


def test_a_locked_keyring_with_nothing_in_memory_says_so(
    credentials: AccountCredentials, store: Store
) -> None:
    store.locked = True
    with pytest.raises(ApiError) as caught:
        credentials.current()
    assert caught.value.error_code == "secrets_unavailable"
    assert "keyring" in caught.value.user_message
