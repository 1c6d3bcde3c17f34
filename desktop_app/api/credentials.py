"""One account's tokens shared by every thread, with a single refresh at a time.

With refresh-token rotation a refresh token works once: two threads refreshing with the same token would
log the account out. So refreshes for an account are serialised, a thread whose failed token was already
replaced takes the new one, and a rotated refresh token is stored before anyone uses the new access token.
The keyring entry is the truth about being signed in: when it is gone, the account is signed out, whatever
memory still holds; when it cannot be read (locked), the tokens in memory carry on for this run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

import requests

from desktop_app.api.errors import (
    ApiError,
    BadResponse,
    NetworkError,
    ResponseTooLarge,
    SessionExpired,
    Timeout,
)
from desktop_app.api.refreshevents import RefreshEvent
from desktop_app.auth import errors as auth_errors
from desktop_app.auth.account import Account
from desktop_app.auth.tokens import RefreshResult, TokenEndpoint
from desktop_app.storage.secrets import SecretStore, SecretStoreError, SecretsUnavailable, Tokens

log = logging.getLogger("connect.api")


Listener = Callable[[str, RefreshEvent], None]


class Refresher(Protocol):
    """The part of TokenEndpoint used here: trade a refresh token for a new access token."""

    def refresh(self, refresh_token: str) -> RefreshResult:
        """A new access token (and, with rotation, a new refresh token)."""
        ...


RefresherFactory = Callable[[str, str, requests.Session], Refresher]


def token_endpoint(login_host: str, client_id: str, session: requests.Session) -> Refresher:
    """The real token endpoint at the account's login host."""
    return TokenEndpoint(login_host, client_id, session=session)


def _expired() -> SessionExpired:
    return SessionExpired(None, "no_tokens", "no saved tokens for the account", None)


class AccountCredentials:
    """Tokens of one account for every thread and client using it; refreshes one at a time.

    One lock covers a refresh from reading the tokens to storing the new ones, and close() takes it too: once
    close() returns, no refresh is under way and none will write to the secret store again.
    """

    def __init__(
        self,
        account: Account,
        secrets: SecretStore,
        client_id: str,
        token_endpoint_factory: RefresherFactory = token_endpoint,
    ) -> None:
        self.account = account
        self._secrets = secrets
        self._client_id = client_id
        self._factory = token_endpoint_factory
        # Re-entrant so a listener may read current() while a refresh reports progress.
        self._lock = threading.RLock()
        self._tokens: Tokens | None = None
        self._unsaved = False
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self._session: requests.Session | None = None
        self._closed = False
        self.refresh_count = 0
        self.store_error: SecretStoreError | None = None

    @property
    def key(self) -> str:
        """The account key these credentials belong to."""
        return self.account.key

    @property
    def unsaved(self) -> bool:
        """True while the newest tokens live only in memory because the secret store refused them."""
        return self._unsaved

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(account_key, event)` on refresh events; returns a function that removes it."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def _emit(self, event: RefreshEvent) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(self.key, event)
            except Exception:
                # A listener belongs to the UI; its failure must not break the refresh for every thread.
                log.exception("Refresh listener failed for %s", self.key)

    def _store_failure(self, exc: SecretStoreError) -> ApiError:
        if isinstance(exc, SecretsUnavailable):
            return ApiError(None, "secrets_unavailable", str(exc), None, user_message=exc.user_message)
        words = "Connect Desktop could not read this account's sign-in from the keyring."
        return ApiError(None, "secret_store", str(exc), None, user_message=words)

    def _read_store(self) -> Tokens | None:
        try:
            return self._secrets.get(self.key)
        except SecretStoreError as exc:
            raise self._store_failure(exc) from exc

    def current(self) -> Tokens:
        """The tokens to use now; SessionExpired when the account has none."""
        with self._lock:
            if self._tokens is None:
                self._tokens = self._read_store()
            if self._tokens is None:
                raise _expired()
            return self._tokens

    def refresh(self, failed_access_token: str) -> Tokens:
        """Tokens to retry with after `failed_access_token` was refused.

        Returns at once when another thread (or instance) already replaced that token; otherwise refreshes
        at the login host and stores the result before returning. SessionExpired when the refresh token is
        dead or the account's keyring entry is gone (deleted means signed out); ApiError for anything else,
        listeners having heard FAILED.
        """
        with self._lock:
            if self._closed:
                raise ApiError(None, "cancelled", "the account was removed or signed in again", None)
            memory = self._tokens
            if memory is not None and memory.access_token != failed_access_token:
                return memory
            base = self._refresh_base(memory)
            if base.access_token != failed_access_token:
                # Another instance of the app refreshed and saved first.
                self._tokens = base
                return base
            self._emit(RefreshEvent.STARTED)
            outcome = RefreshEvent.FAILED
            try:
                tokens = self._refresh_locked(base)
                outcome = RefreshEvent.FINISHED
                return tokens
            except SessionExpired:
                outcome = RefreshEvent.EXPIRED
                raise
            except ApiError:
                raise
            except Exception as exc:
                # Whatever goes wrong (a bug, a RecursionError from a hostile reply), the refresh ends here
                # and says so: nobody is left waiting on "refreshing".
                log.error("Refresh for %s failed unexpectedly: %s", self.key, type(exc).__name__)
                raise ApiError(
                    None,
                    "refresh_failed",
                    f"refresh failed: {type(exc).__name__}",
                    self.account.login_host,
                    user_message="Connect Desktop could not renew the session for this account. Try again.",
                ) from exc
            finally:
                self._emit(outcome)
                if outcome is RefreshEvent.FINISHED and self._unsaved:
                    self._emit(RefreshEvent.NOT_SAVED)

    def _refresh_base(self, memory: Tokens | None) -> Tokens:
        """The tokens to refresh from, or newer ones another instance saved (then no refresh is needed)."""
        try:
            stored = self._secrets.get(self.key)
        except SecretStoreError as exc:
            if memory is None:
                raise self._store_failure(exc) from exc
            # A keyring locked mid-session: the refresh token in memory still works.
            log.warning(
                "Keyring unreadable for %s (%s); refreshing from memory", self.key, type(exc).__name__
            )
            return memory
        if stored is None:
            # The entry is gone (revoked, removed, signed in elsewhere): signed out, whatever is in memory.
            self._tokens = None
            self._unsaved = False
            self._emit(RefreshEvent.EXPIRED)
            raise _expired()
        if self._unsaved and memory is not None:
            # After a failed save, memory holds the only live refresh token.
            return memory
        return stored

    def _refresh_locked(self, stored: Tokens) -> Tokens:
        if not stored.refresh_token:
            raise SessionExpired(None, "no_refresh_token", "the account has no refresh token", None)
        try:
            result = self._call_endpoint(stored.refresh_token)
        except auth_errors.InvalidGrant as exc:
            # Another instance of the app may have rotated the refresh token since we read it.
            try:
                again = self._secrets.get(self.key)
            except SecretStoreError:
                again = None
            if again is None or not again.refresh_token or again.refresh_token == stored.refresh_token:
                log.info("Refresh token for %s is no longer valid", self.key)
                raise SessionExpired(400, exc.code, exc.description, self.account.login_host) from exc
            if again.access_token != stored.access_token:
                self._tokens = again
                return again
            try:
                result = self._call_endpoint(again.refresh_token)
            except auth_errors.InvalidGrant as second:
                raise SessionExpired(
                    400, second.code, second.description, self.account.login_host
                ) from second
            stored = again
        tokens = Tokens(result.access_token, result.refresh_token or stored.refresh_token)
        self._store(tokens, rotated=result.refresh_token is not None)
        self.refresh_count += 1
        if result.instance_url.rstrip("/") != self.account.instance_url.rstrip("/"):
            log.warning("Refresh for %s named another instance host than the saved one", self.key)
        return tokens

    def _call_endpoint(self, refresh_token: str) -> RefreshResult:
        if self._closed:
            raise ApiError(None, "cancelled", "the account was removed or signed in again", None)
        if self._session is None:
            self._session = requests.Session()
        endpoint = self._factory(self.account.login_host, self._client_id, self._session)
        log.info("Refreshing the access token for %s at %s", self.key, self.account.login_host)
        host = self.account.login_host
        try:
            return endpoint.refresh(refresh_token)
        except auth_errors.InvalidGrant:
            raise
        except auth_errors.TimedOut as exc:
            raise Timeout(None, exc.code, exc.description, host) from exc
        except auth_errors.ResponseTooLarge as exc:
            raise ResponseTooLarge(exc.status, exc.code, exc.description, host) from exc
        except auth_errors.NetworkError as exc:
            if exc.code == "bad_response":
                raise BadResponse(exc.status, exc.code, exc.description, host) from exc
            raise NetworkError(exc.status, exc.code, exc.description, host) from exc
        except auth_errors.AuthError as exc:
            raise ApiError(
                exc.status, exc.code, exc.description, host, user_message=exc.user_message
            ) from exc

    def _store(self, tokens: Tokens, *, rotated: bool) -> None:
        """Keep the new tokens, and save them unless the account was closed (runs under the lock)."""
        self._tokens = tokens
        if self._closed:
            # The account was removed (revoked, signed in again) while this refresh was under way: writing
            # now would bring back a secret that belongs to no account.
            return
        try:
            self._secrets.set(self.key, tokens)
        except SecretStoreError as exc:
            self._unsaved = True
            self.store_error = exc
            # The tokens stay in memory for this run. With rotation the keyring's refresh token is now dead,
            # so say so: the account will need a new sign-in after a restart unless a later save works.
            log.warning(
                "Could not save the refreshed tokens of %s (%s); they are kept in memory for this run%s",
                self.key,
                type(exc).__name__,
                ", and the refresh token in the keyring was rotated away" if rotated else "",
            )
        else:
            self._unsaved = False
            self.store_error = None

    @property
    def closed(self) -> bool:
        """True once the account was removed or signed in again: nothing more is stored for it."""
        return self._closed

    def forget(self) -> None:
        """Drop the in-memory tokens so the next call reads the secret store again (unless unsaved)."""
        with self._lock:
            if not self._unsaved:
                self._tokens = None

    def close(self) -> None:
        """Stop storing anything for this account; waits for a refresh under way (call it off the GUI thread).

        The wait is bounded by the token call's deadline (auth.transport.AUTH_DEADLINE).
        """
        with self._lock:
            self._closed = True
            session, self._session = self._session, None
        if session is not None:
            session.close()

    def close_for_revoke(self) -> Tokens | None:
        """close(), then the tokens to revoke: the newest this process knows, possibly rotated and unsaved.

        None when there are none anywhere; SecretStoreError when the store cannot be read and memory holds
        nothing either.
        """
        self.close()
        with self._lock:
            memory = self._tokens
            if self._unsaved and memory is not None:
                return memory
            try:
                stored = self._secrets.get(self.key)
            except SecretStoreError:
                if memory is not None:
                    return memory
                raise
            return stored if stored is not None else memory


class CredentialsPool:
    """One AccountCredentials per account key, so all clients of an account share its refreshes."""

    def __init__(
        self,
        secrets: SecretStore,
        client_id: str,
        token_endpoint_factory: RefresherFactory = token_endpoint,
    ) -> None:
        self._secrets = secrets
        self._client_id = client_id
        self._factory = token_endpoint_factory
        self._lock = threading.Lock()
        self._by_key: dict[str, AccountCredentials] = {}

    def get(self, account: Account) -> AccountCredentials:
        """The shared credentials for the account, created on first use."""
        with self._lock:
            credentials = self._by_key.get(account.key)
            if credentials is None:
                client_id = account.client_id or self._client_id
                credentials = AccountCredentials(account, self._secrets, client_id, self._factory)
                self._by_key[account.key] = credentials
            return credentials

    def remove(self, account_key: str) -> None:
        """Forget an account (after revoke or removal) and close it, waiting for a refresh under way."""
        with self._lock:
            credentials = self._by_key.pop(account_key, None)
        if credentials is not None:
            credentials.close()

    def close_for_revoke(self, account_key: str) -> Tokens | None:
        """Forget and close the account, then the tokens to revoke (AccountCredentials.close_for_revoke).

        When no client used the account this run, the secret store's tokens (None when there are none).
        Waits for a refresh under way: call it off the GUI thread. SecretStoreError when unreadable.
        """
        with self._lock:
            credentials = self._by_key.pop(account_key, None)
        if credentials is not None:
            return credentials.close_for_revoke()
        return self._secrets.get(account_key)

    def close(self) -> None:
        """Close every account's connection."""
        with self._lock:
            everything = list(self._by_key.values())
            self._by_key.clear()
        for credentials in everything:
            credentials.close()
