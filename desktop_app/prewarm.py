"""Start-up work that needs no Qt, done on a thread while the main thread loads Qt and builds the window.

The first feed page waits on the HTTP stack, the API client and the keyring (over D-Bus); loading them here,
in parallel with Qt, takes them off the path to the first painted page.
"""

from __future__ import annotations

import importlib
import threading

from desktop_app import log
from desktop_app.paths import Paths
from desktop_app.storage.lazysecrets import LazySecretStore

MODULES = ("requests", "desktop_app.api.client", "desktop_app.api.credentials", "desktop_app.storage.vault")


class Prewarm:
    """Runs the warm-up once on a daemon thread; ``secrets`` is the store it opened (or is opening)."""

    def __init__(self, paths: Paths) -> None:
        self.secrets = LazySecretStore(paths.keyring_service)
        self._thread = threading.Thread(target=self._run, name="prewarm", daemon=True)

    def start(self) -> Prewarm:
        """Begin in the background."""
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.secrets.resolve()
            for name in MODULES:
                importlib.import_module(name)
        except Exception:  # warm-up only: the same work happens again, with its errors shown, when needed
            log.app.debug("start-up warm-up did not finish", exc_info=True)

    def join(self, timeout: float = 5.0) -> None:
        """Wait for the warm-up (at quit, so no import is left half done)."""
        if self._thread.is_alive():
            self._thread.join(timeout)
