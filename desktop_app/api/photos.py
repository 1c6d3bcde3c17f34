"""Profile photos cached on disk per account (bounded in size) behind a small in-memory LRU.

Each URL is fetched once even when many threads ask for it at the same moment; a failed fetch reaches every
waiter and is not cached. File and folder names are hashes, so no URL (or anything in it) lands on disk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from desktop_app.paths import sha256_hex
from desktop_app.storage.jsonfile import DIR_MODE, write_private

log = logging.getLogger("connect.api")

MIB = 1024 * 1024
Fetch = Callable[[str], bytes]


def _digest(text: str) -> str:
    return sha256_hex(text.encode("utf-8", "surrogatepass"))


class PhotoCache:
    """Photo bytes by URL for every account, on disk under `cache_dir` and in memory."""

    def __init__(self, cache_dir: Path, max_bytes: int = 50 * MIB, memory_bytes: int = 8 * MIB) -> None:
        self.cache_dir = Path(cache_dir)
        self.max_bytes = max_bytes
        self.memory_bytes = memory_bytes
        self._lock = threading.Lock()
        self._disk_lock = threading.Lock()
        self._memory: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._memory_size = 0
        self._inflight: dict[tuple[str, str], Future[bytes]] = {}
        self._generation: dict[str, int] = {}
        self._disk_size: int | None = None
        self._last_stamp = 0

    def account_dir(self, account_key: str) -> Path:
        """The folder holding one account's photos."""
        return self.cache_dir / _digest(account_key)[:32]

    def _path(self, account_key: str, url: str) -> Path:
        return self.account_dir(account_key) / _digest(url)

    def for_account(self, account_key: str) -> AccountPhotos:
        """A view of the cache bound to one account."""
        return AccountPhotos(self, account_key)

    def get(self, url: str, fetch: Fetch, *, account_key: str) -> bytes:
        """The photo at `url`, from memory, disk, or `fetch(url)` (called once per URL at a time)."""
        key = (account_key, url)
        with self._lock:
            cached = self._memory.get(key)
            if cached is not None:
                self._memory.move_to_end(key)
                return cached
            future = self._inflight.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._inflight[key] = future
            generation = self._generation.get(account_key, 0)
        if not owner:
            return future.result()
        try:
            data = self._read_disk(account_key, url)
            if data is None:
                data = fetch(url)
                if not isinstance(data, bytes):
                    raise TypeError(f"photo fetch returned {type(data).__name__}, not bytes")
                self._write_disk(account_key, url, data, generation)
        except BaseException as exc:
            with self._lock:
                self._inflight.pop(key, None)
            future.set_exception(exc)
            raise
        with self._lock:
            self._inflight.pop(key, None)
            if self._generation.get(account_key, 0) == generation:
                self._remember(key, data)
        future.set_result(data)
        return data

    def _remember(self, key: tuple[str, str], data: bytes) -> None:
        if len(data) > self.memory_bytes // 4:
            return
        old = self._memory.pop(key, None)
        if old is not None:
            self._memory_size -= len(old)
        self._memory[key] = data
        self._memory_size += len(data)
        while self._memory_size > self.memory_bytes and self._memory:
            _, evicted = self._memory.popitem(last=False)
            self._memory_size -= len(evicted)

    def _stamp(self) -> int:
        """A file time later than any given before, so eviction order holds on coarse file systems."""
        with self._lock:
            self._last_stamp = max(time.time_ns(), self._last_stamp + 1_000)
            return self._last_stamp

    def _read_disk(self, account_key: str, url: str) -> bytes | None:
        path = self._path(account_key, url)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("Could not read a cached photo: %s", type(exc).__name__)
            return None
        stamp = self._stamp()
        with contextlib.suppress(OSError):
            os.utime(path, ns=(stamp, stamp))
        return data

    def _write_disk(self, account_key: str, url: str, data: bytes, generation: int) -> None:
        if len(data) > self.max_bytes:
            return
        path = self._path(account_key, url)
        temp = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
        with self._disk_lock:
            with self._lock:
                wiped = self._generation.get(account_key, 0) != generation
            if wiped:
                return
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
                write_private(temp, data)
                os.replace(temp, path)
                stamp = self._stamp()
                os.utime(path, ns=(stamp, stamp))
            except OSError as exc:
                log.warning("Could not cache a photo on disk: %s", type(exc).__name__)
                with contextlib.suppress(OSError):
                    temp.unlink()
                return
            self._disk_size = self._scan_size() if self._disk_size is None else self._disk_size + len(data)
            if self._disk_size > self.max_bytes:
                self._evict()

    def _entries(self) -> list[tuple[int, int, Path]]:
        """(mtime_ns, size, path) of every cached file."""
        entries: list[tuple[int, int, Path]] = []
        if not self.cache_dir.is_dir():
            return entries
        for folder in self.cache_dir.iterdir():
            if not folder.is_dir():
                continue
            for file in folder.iterdir():
                if file.name.startswith("."):
                    continue
                try:
                    info = file.stat()
                except OSError:
                    continue
                entries.append((info.st_mtime_ns, info.st_size, file))
        return entries

    def _scan_size(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _evict(self) -> None:
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
        self._disk_size = total

    def disk_usage(self) -> int:
        """Bytes the cached files take on disk."""
        with self._disk_lock:
            self._disk_size = self._scan_size()
            return self._disk_size

    def wipe(self, account_key: str) -> None:
        """Forget every photo of one account, in memory and on disk (after revoke or removal)."""
        with self._lock:
            self._generation[account_key] = self._generation.get(account_key, 0) + 1
            for key in [k for k in self._memory if k[0] == account_key]:
                self._memory_size -= len(self._memory.pop(key))
        with self._disk_lock:
            shutil.rmtree(self.account_dir(account_key), ignore_errors=True)
            self._disk_size = None
        log.info("Wiped cached photos for %s", account_key)


class AccountPhotos:
    """The PhotoCache seen from one account: `get(url, fetch)` and `wipe()`."""

    def __init__(self, cache: PhotoCache, account_key: str) -> None:
        self.cache = cache
        self.account_key = account_key

    def get(self, url: str, fetch: Fetch) -> bytes:
        """The photo at `url` for this account."""
        return self.cache.get(url, fetch, account_key=self.account_key)

    def wipe(self) -> None:
        """Forget this account's photos."""
        self.cache.wipe(self.account_key)
