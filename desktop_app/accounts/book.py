"""The account book: every saved account with its tokens, clients, caches and connected app, in one place.

It owns what an account is made of on this computer: the record (``AccountRegistry``), the tokens (the secret
store), the shared credentials that refresh them (``CredentialsPool``), the photo and feed caches, and which
consumer key and login host each account uses. Signing in, ending a session and forgetting an account all go
through it, so no part of the app has to keep those pieces in step by hand.

Threads: worker threads call :meth:`client`; everything else runs on the GUI thread or a background task.
The pool is created under a lock because workers create clients concurrently.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from desktop_app import log
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.api.refreshevents import RefreshEvent
from desktop_app.auth import hosts
from desktop_app.auth.account import Account
from desktop_app.errors import AppError
from desktop_app.storage import settings as keys
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.settings import Settings

if TYPE_CHECKING:
    from desktop_app.accounts import revoke

    # These import requests and keyring: worker threads and background tasks load them on first use, so
    # the window comes up without paying for them.
    from desktop_app.accounts.client import AccountClient
    from desktop_app.accounts.revoke import StepOutcome
    from desktop_app.accounts.vault import SaveReport
    from desktop_app.api.credentials import CredentialsPool
    from desktop_app.auth.signin import SignedIn
    from desktop_app.auth.tokenset import Tokens
    from desktop_app.storage.secrets import SecretStore

RefreshListener = Callable[[str, RefreshEvent], None]


class LoginHost(msgspec.Struct, frozen=True):
    """A login host the sign-in dialog offers."""

    label: str
    url: str
    custom: bool = False


class DemoLogin(msgspec.Struct, frozen=True):
    """The built-in demo org's login host and the consumer key registered there."""

    login_url: str
    client_id: str


class AccountBook(msgspec.Struct):
    """Saved accounts and everything each one is made of (see the module docstring)."""

    registry: AccountRegistry
    secrets: SecretStore
    settings: Settings
    photo_cache: PhotoCache
    feed_cache: FeedCache
    client_id_override: str | None = None
    demo: DemoLogin | None = None
    endpoint_factory: revoke.EndpointFactory | None = None
    _pool: CredentialsPool | None = None
    _refresh_listeners: list[RefreshListener] = msgspec.field(default_factory=list)
    _removers: dict[str, Callable[[], None]] = msgspec.field(default_factory=dict)
    _lock: threading.RLock = msgspec.field(default_factory=threading.RLock)

    # -- which accounts -----------------------------------------------------------------------------------

    @property
    def accounts(self) -> list[Account]:
        """Every saved account, in the order they were added."""
        return self.registry.accounts

    def get(self, key: str) -> Account | None:
        """One saved account."""
        return self.registry.get(key)

    def first_to_open(self) -> str | None:
        """The account to show at start: the one shown last, else the first saved."""
        accounts = self.registry.accounts
        last = self.settings.get(keys.LAST_ACCOUNT, "")
        if any(a.key == last for a in accounts):
            return str(last)
        return accounts[0].key if accounts else None

    def remember_shown(self, key: str) -> None:
        """The account on screen now opens first next time."""
        self.settings.set(keys.LAST_ACCOUNT, key)

    # -- connected app and login hosts --------------------------------------------------------------------

    @property
    def client_id(self) -> str:
        """The consumer key used for new sign-ins: --client-id, then the demo org's, then the saved one."""
        if self.client_id_override:
            return self.client_id_override
        if self.demo is not None:
            return self.demo.client_id
        return self.settings.get_str(keys.CLIENT_ID)

    def client_id_for(self, login_host: str) -> str:
        """The consumer key registered at a login host (the demo org has its own)."""
        if self.demo is not None and login_host == self.demo.login_url:
            return self.demo.client_id
        return self.client_id_override or self.settings.get_str(keys.CLIENT_ID)

    def login_hosts(self) -> list[LoginHost]:
        """Production, Sandbox, the user's My Domain hosts, and the demo org when it runs."""
        choices = [LoginHost("Production (login.salesforce.com)", hosts.PRODUCTION)]
        choices.append(LoginHost("Sandbox (test.salesforce.com)", hosts.SANDBOX))
        custom = self.settings.get_str_list(keys.LOGIN_HOSTS)
        choices += [LoginHost(url.removeprefix("https://"), url, custom=True) for url in custom]
        if self.demo is not None:
            choices.insert(0, LoginHost("Demo org (on this computer)", self.demo.login_url))
        return choices

    def resolve_sign_in_host(self, value: str) -> str:
        """``production``, ``sandbox``, ``demo`` or a My Domain URL as a login host URL (else ValueError)."""
        named = {"production": hosts.PRODUCTION, "sandbox": hosts.SANDBOX}
        if value.lower() in named:
            return named[value.lower()]
        if value.lower() == "demo":
            if self.demo is None:
                raise ValueError("--sign-in demo needs --demo")
            return self.demo.login_url
        return hosts.normalize_host(value)

    # -- clients (worker threads) -------------------------------------------------------------------------

    def add_refresh_listener(self, listener: RefreshListener) -> None:
        """Hear every account's refresh events (called on the worker thread that refreshes)."""
        self._refresh_listeners.append(listener)

    def _emit_refresh(self, key: str, event: RefreshEvent) -> None:
        for listener in list(self._refresh_listeners):
            listener(key, event)

    @property
    def pool(self) -> CredentialsPool:
        """Shared per-account credentials (one refresh at a time per account)."""
        with self._lock:
            if self._pool is None:
                # requests and keyring load on the worker threads, when the first call runs.
                from desktop_app.api.credentials import CredentialsPool

                self._pool = CredentialsPool(self.secrets, self.client_id)
            return self._pool

    def account_for_client(self, key: str) -> Account:
        """A saved account as its clients use it, with its consumer key; LookupError when it is not saved."""
        account = self.registry.get(key)
        if account is None:
            raise LookupError(f"no saved account {key}")
        if not account.client_id:
            # Saved before accounts remembered their consumer key: the one registered at its login host.
            account = msgspec.structs.replace(account, client_id=self.client_id_for(account.login_host))
        return account

    def client(self, key: str) -> AccountClient:
        """A new client for an account, sharing its credentials with the others (worker threads)."""
        # The client imports requests: worker threads load it with the first call.
        from desktop_app.accounts.client import AccountClient

        account = self.account_for_client(key)
        credentials = self.pool.get(account)
        with self._lock:
            if key not in self._removers:
                self._removers[key] = credentials.add_listener(self._emit_refresh)
        return AccountClient(account, credentials, self.photo_cache, self.feed_cache)

    # -- what workers learn -------------------------------------------------------------------------------

    def remember_version(self, key: str, version: str | None) -> None:
        """Keep the API version an account's org answered with, for the next start."""
        account = self.registry.get(key)
        if account is not None and version and account.api_version != version:
            self.registry.upsert(msgspec.structs.replace(account, api_version=version))

    def mark_refreshed(self, key: str) -> None:
        """Record that an account's access token was refreshed now."""
        account = self.registry.get(key)
        if account is not None:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            self.registry.upsert(msgspec.structs.replace(account, last_refresh=stamp, needs_sign_in=False))

    # -- signing in and ending sessions -------------------------------------------------------------------

    def save_sign_in(self, signed_in: SignedIn) -> SaveReport:
        """Store a finished sign-in (blocking: a background task); see ``AccountVault.save_sign_in``."""
        # Saving a sign-in runs in a background task; its token endpoint imports requests.
        from desktop_app.accounts.vault import AccountVault

        self.forget(signed_in.account.key)  # old credentials must not write tokens back over the new ones
        return AccountVault(self.registry, self.secrets).save_sign_in(signed_in)

    def end_fresh_grant(self, signed_in: SignedIn) -> None:
        """Revoke a sign-in that could not be stored, so no session nobody can use stays valid."""
        account, tokens = signed_in.account, signed_in.tokens
        try:
            kept = self.secrets.get(account.key)
        except AppError:  # unreadable: the fresh grant is still not one anybody can use
            kept = None
        if kept is not None and kept.refresh_token and kept.refresh_token == tokens.refresh_token:
            return  # the org handed back the grant already kept for this account: it stays valid
        # The revoke steps load with the first sign-in or revoke, not at start-up.
        from desktop_app.accounts import revoke

        revoke.end_session(
            account.login_host,
            account.client_id,
            tokens.refresh_token or tokens.access_token,
            self.endpoint_factory or revoke.default_endpoint,
        )

    def revoke_at_org(self, account: Account) -> StepOutcome:
        """Step 1 of a revoke (blocking): close the account's credentials, then revoke what is stored.

        Closing first means no refresh under way can write a rotated token back after it was read.
        """
        self._stop_hearing(account.key)
        client_id = account.client_id or self.client_id_for(account.login_host)

        def read_tokens() -> Tokens | None:
            # Closing waits for a refresh under way, then hands over the newest tokens (a rotated refresh
            # token that could not be saved included), so the one sent to Salesforce is the live one.
            return self.pool.close_for_revoke(account.key)

        # The revoke steps load with the first revoke, not at start-up.
        from desktop_app.accounts import revoke

        return revoke.revoke_saved_session(
            account, read_tokens, client_id, self.endpoint_factory or revoke.default_endpoint
        )

    def remove_locally(self, key: str, *, even_if_keyring_fails: bool = False) -> tuple[StepOutcome, ...]:
        """Steps 2-4 of a revoke (blocking): the keyring entry, the record, the caches."""
        self.forget(key)
        # The revoke steps load with the first removal, not at start-up.
        from desktop_app.accounts import revoke

        return revoke.remove_locally(
            key, self.secrets, self.registry, self.wipe_caches, even_if_keyring_fails=even_if_keyring_fails
        )

    def wipe_caches(self, key: str) -> None:
        """Forget an account's photos and kept feed page."""
        self.photo_cache.wipe(key)
        self.feed_cache.wipe(key)

    def forget(self, key: str) -> None:
        """Close an account's credentials and stop hearing its refreshes (revoked, removed, signed in)."""
        self._stop_hearing(key)
        with self._lock:
            pool = self._pool
        if pool is not None:
            pool.remove(key)

    def _stop_hearing(self, key: str) -> None:
        with self._lock:
            remover = self._removers.pop(key, None)
        if remover is not None:
            remover()

    def close(self) -> None:
        """Close every account's credentials (at quit, after the workers stopped)."""
        if self._pool is not None:
            self._pool.close()
        log.app.debug("account book closed")
