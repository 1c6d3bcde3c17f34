"""A secret store that opens the keyring on first use, so start-up never waits on keyring or D-Bus."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.storage.secrets import SecretStore, Tokens


class LazySecretStore:
    """Opens the keyring on first use; ``warning`` says why tokens stay in memory, once that is known.

    The first use is normally a worker thread reading an account's tokens, so the GUI thread neither imports
    the keyring packages nor talks to D-Bus while the window comes up.
    """

    def __init__(self, service: str) -> None:
        self._service = service
        self._lock = threading.Lock()
        self._store: SecretStore | None = None
        self.warning: str | None = None

    def resolve(self) -> SecretStore:
        """Open the keyring now (once); returns the store in use."""
        with self._lock:
            if self._store is None:
                # keyring loads on first use, off the GUI thread (about 0.1 s at start-up otherwise).
                from desktop_app.storage.secrets import open_secret_store

                self._store, self.warning = open_secret_store(self._service)
            return self._store

    @property
    def backend_name(self) -> str:
        """The backend's readable name."""
        return self.resolve().backend_name

    @property
    def persistent(self) -> bool:
        """False when tokens only live in memory for this run."""
        return self.resolve().persistent

    def get(self, key: str) -> Tokens | None:
        """The account's tokens, if stored."""
        return self.resolve().get(key)

    def set(self, key: str, tokens: Tokens) -> None:
        """Store the account's tokens."""
        self.resolve().set(key, tokens)

    def delete(self, key: str) -> None:
        """Forget the account's tokens."""
        self.resolve().delete(key)
