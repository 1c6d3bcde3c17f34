"""The first page of each account's news feed, kept on disk so the next start can show it at once.

What is kept is the page as the server sent it (posts, names, photo URLs: never a token), one file per
account, replaced by every fresh first page and wiped with the account's other caches on revoke.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from desktop_app.api.errors import ApiError
from desktop_app.api.models import FeedPage
from desktop_app.api.parse import parse_feed_page
from desktop_app.paths import sha256_hex
from desktop_app.storage.jsonfile import write_json_atomic

log = logging.getLogger("connect.api")

MAX_AGE_S = 7 * 24 * 3600
MAX_BYTES = 2 * 1024 * 1024


class FeedCache:
    """Saves and loads first feed pages by account key; thread-safe through atomic file replacement."""

    def __init__(self, cache_dir: Path, max_age_s: float = MAX_AGE_S) -> None:
        self.directory = Path(cache_dir)
        self.max_age_s = max_age_s

    def path(self, account_key: str) -> Path:
        """The file for an account (named by a hash, so keys never become file names)."""
        return self.directory / f"{sha256_hex(account_key.encode())[:32]}.json"

    def save(self, account_key: str, body: object) -> None:
        """Keep a first page as the server sent it; failures are logged, never raised (it is only a cache)."""
        path = self.path(account_key)
        try:
            write_json_atomic(path, body)
            if path.stat().st_size > MAX_BYTES:
                path.unlink()
        except (OSError, TypeError, ValueError) as exc:
            log.warning("Could not keep the feed page for the next start: %s", type(exc).__name__)

    def load(self, account_key: str) -> FeedPage | None:
        """The kept first page, if there is a recent readable one."""
        path = self.path(account_key)
        try:
            if time.time() - path.stat().st_mtime > self.max_age_s:
                return None
            with path.open("rb") as handle:
                body = json.load(handle)
            return parse_feed_page(body)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError, ApiError) as exc:
            log.warning("Ignoring an unreadable saved feed page: %s", type(exc).__name__)
            path.unlink(missing_ok=True)
            return None

    def wipe(self, account_key: str) -> None:
        """Forget an account's page (revoke, removal)."""
        self.path(account_key).unlink(missing_ok=True)
