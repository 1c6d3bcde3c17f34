"""The first page of each account's feeds, kept on disk so the next visit can show it at once.

What is kept is the page as the server sent it (posts, names, photo URLs: never a token): the news feed in
one file per account, other feeds (named by their path) in a folder of the account's holding at most
``MAX_FEEDS`` of them, the least recently saved going first. Each is replaced by every fresh first page and
all are wiped with the account's other caches on revoke.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from desktop_app.api.errors import ApiError
from desktop_app.api.jsonbody import decode_json, encode_json
from desktop_app.api.models import FeedPage
from desktop_app.api.parse import parse_feed_page
from desktop_app.paths import sha256_hex
from desktop_app.storage.jsonfile import write_atomic

log = logging.getLogger("connect.api")

MAX_AGE_S = 7 * 24 * 3600
MAX_BYTES = 2 * 1024 * 1024
MAX_FEEDS = 20


def _hashed(text: str) -> str:
    return sha256_hex(text.encode())[:32]


class FeedCache:
    """Saves and loads first feed pages by account key and feed; thread-safe through atomic file replacement.

    ``feed`` is the feed's path, or "" for the news feed.
    """

    def __init__(self, cache_dir: Path, max_age_s: float = MAX_AGE_S) -> None:
        self.directory = Path(cache_dir)
        self.max_age_s = max_age_s

    def path(self, account_key: str, feed: str = "") -> Path:
        """The file for an account's feed (named by hashes, so keys and paths never become file names)."""
        if not feed:
            return self.directory / f"{_hashed(account_key)}.json"
        return self._folder(account_key) / f"{_hashed(feed)}.json"

    def _folder(self, account_key: str) -> Path:
        return self.directory / f"{_hashed(account_key)}.feeds"

    def save(self, account_key: str, body: object, feed: str = "") -> None:
        """Keep a first page as the server sent it; failures are logged, never raised (it is only a cache)."""
        try:
            encoded = encode_json(body)
        except (TypeError, ValueError) as exc:
            log.warning("Could not keep the feed page for the next start: %s", type(exc).__name__)
            return
        self.save_encoded(account_key, encoded, feed)

    def save_encoded(self, account_key: str, encoded: bytes, feed: str = "") -> None:
        """Keep a first page already encoded as JSON (by the page reader); failures are logged, not raised."""
        path = self.path(account_key, feed)
        try:
            # Compact and not synced to disk: a cache, written on the worker before the page is shown.
            write_atomic(path, encoded, durable=False)
            if path.stat().st_size > MAX_BYTES:
                path.unlink()
            if feed:
                self._trim(self._folder(account_key))
        except (OSError, TypeError, ValueError) as exc:
            log.warning("Could not keep the feed page for the next start: %s", type(exc).__name__)

    @staticmethod
    def _trim(folder: Path) -> None:
        kept = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in kept[MAX_FEEDS:]:
            old.unlink(missing_ok=True)

    def load(self, account_key: str, feed: str = "") -> FeedPage | None:
        """The kept first page, if there is a recent readable one."""
        path = self.path(account_key, feed)
        try:
            if time.time() - path.stat().st_mtime > self.max_age_s:
                return None
            return parse_feed_page(decode_json(path.read_bytes()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError, ApiError) as exc:
            log.warning("Ignoring an unreadable saved feed page: %s", type(exc).__name__)
            path.unlink(missing_ok=True)
            return None

    def wipe(self, account_key: str) -> None:
        """Forget an account's pages, of every feed (revoke, removal)."""
        self.path(account_key).unlink(missing_ok=True)
        shutil.rmtree(self._folder(account_key), ignore_errors=True)
