"""A secret store that opens the keyring on first use, and tries again later when it cannot be used now.

Start-up never waits on the keyring or D-Bus: the first use is normally a worker thread reading an account's
tokens. When the keyring cannot be used at that moment (locked, its unlock prompt dismissed, D-Bus or the
daemon still starting) the store does not give up for the run: every use raises SecretsUnavailable ("cannot
be read right now", never "there are none") and the keyring is tried again on the first use after a back-off
(RETRY_FIRST seconds, doubling up to RETRY_MAX). Only a machine with no usable keyring at all keeps tokens in
memory for the run, and then a deletion says it touched memory only.
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.storage.secretoutcomes import Deletion, NoKeyring, SecretsUnavailable

if TYPE_CHECKING:
    from desktop_app.storage.secrets import SecretStore, Tokens

RETRY_FIRST = 5.0
RETRY_MAX = 60.0

Opener = Callable[[str], "SecretStore"]


class KeyringStatus(enum.StrEnum):
    """Where the store keeps tokens now."""

    UNOPENED = "unopened"  # not used yet
    KEYRING = "keyring"  # the keyring answered last time
    UNAVAILABLE = "unavailable"  # the keyring exists but could not be used; tried again after a back-off
    MEMORY = "memory"  # no usable keyring on this machine: tokens live in memory for this run


def _open_keyring(service: str) -> SecretStore:
    # keyring loads on first use, off the GUI thread (about 0.1 s at start-up otherwise).
    from desktop_app.storage.keyringopen import open_keyring

    return open_keyring(service)


class LazySecretStore:
    """Opens the keyring on first use and again after it failed; ``warning`` says what people should know."""

    def __init__(
        self,
        service: str,
        *,
        opener: Opener = _open_keyring,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._service = service
        self._opener = opener
        self._clock = clock
        self._lock = threading.Lock()
        self._store: SecretStore | None = None
        self._status = KeyringStatus.UNOPENED
        self._failure: SecretsUnavailable | None = None
        self._retry_at = 0.0
        self._delay = RETRY_FIRST
        self._backend = "keyring"

    @property
    def status(self) -> KeyringStatus:
        """Where tokens are kept now (without trying to open anything)."""
        return self._status

    @property
    def warning(self) -> str | None:
        """Words for people when tokens cannot be kept in the keyring now; None when all is well."""
        if self._status is KeyringStatus.MEMORY:
            # keyringopen loads the keyring packages; by now they are loaded already.
            from desktop_app.storage.keyringopen import fallback_warning

            return fallback_warning(self._backend)
        if self._status is KeyringStatus.UNAVAILABLE and self._failure is not None:
            return (
                f"{self._failure.user_message} Until then, sign-ins can't be read or saved; Connect Desktop "
                "tries the keyring again every now and then."
            )
        return None

    def resolve(self) -> KeyringStatus:
        """Open the keyring now unless it is open or a back-off is running; returns the status."""
        with contextlib.suppress(SecretsUnavailable):
            self._usable()
        return self._status

    def retry_now(self) -> KeyringStatus:
        """Forget the back-off and try the keyring at once (say, after the person unlocked it)."""
        with self._lock:
            self._retry_at = 0.0
        return self.resolve()

    def _usable(self) -> SecretStore:
        """The store to use now, opening the keyring if due; SecretsUnavailable during a back-off."""
        with self._lock:
            if self._store is not None and self._status is not KeyringStatus.UNAVAILABLE:
                return self._store
            if self._status is KeyringStatus.UNAVAILABLE and self._clock() < self._retry_at:
                assert self._failure is not None
                raise self._failure
            if self._store is None:
                try:
                    self._store = self._opener(self._service)
                except NoKeyring as exc:
                    # Only on a machine without a keyring; secrets.py loads the keyring packages.
                    from desktop_app.storage.secrets import MemorySecretStore

                    self._store, self._backend = MemorySecretStore(), exc.backend
                    self._status = KeyringStatus.MEMORY
                    return self._store
                except SecretsUnavailable as exc:
                    self._failed_locked(exc)
                    raise
                self._backend = self._store.backend_name
            self._status = KeyringStatus.KEYRING
            return self._store

    def _failed_locked(self, exc: SecretsUnavailable) -> None:
        if self._status is KeyringStatus.UNAVAILABLE:
            self._delay = min(self._delay * 2, RETRY_MAX)
        else:
            self._delay = RETRY_FIRST
        self._status = KeyringStatus.UNAVAILABLE
        self._failure = exc
        self._backend = exc.backend
        self._retry_at = self._clock() + self._delay

    def _failed(self, exc: SecretsUnavailable) -> None:
        with self._lock:
            self._failed_locked(exc)

    def _worked(self) -> None:
        with self._lock:
            if self._status is KeyringStatus.UNAVAILABLE:
                self._status = KeyringStatus.KEYRING
                self._failure = None
                self._delay = RETRY_FIRST

    @property
    def backend_name(self) -> str:
        """The readable name of the backend in use, or of the one that could not be used."""
        self.resolve()
        return self._store.backend_name if self._store is not None else self._backend

    @property
    def persistent(self) -> bool:
        """True only while the keyring is in use; False for memory (and while the keyring can't be used)."""
        return self.resolve() is KeyringStatus.KEYRING

    def get(self, key: str) -> Tokens | None:
        """The account's tokens, None when there are none; SecretsUnavailable when they can't be read now."""
        store = self._usable()
        try:
            tokens = store.get(key)
        except SecretsUnavailable as exc:
            self._failed(exc)
            raise
        self._worked()
        return tokens

    def set(self, key: str, tokens: Tokens) -> None:
        """Store the account's tokens; SecretsUnavailable when the keyring can't take them now."""
        store = self._usable()
        try:
            store.set(key, tokens)
        except SecretsUnavailable as exc:
            self._failed(exc)
            raise
        self._worked()

    def delete(self, key: str) -> Deletion:
        """Forget the account's tokens, saying where; SecretsUnavailable when the keyring can't be used."""
        store = self._usable()
        try:
            deletion = store.delete(key)
        except SecretsUnavailable as exc:
            self._failed(exc)
            raise
        self._worked()
        return deletion
