"""PhotoCache: one fetch per URL under concurrency, bounded disk use, per-account wipe."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop_app.api.errors import NetworkError
from desktop_app.api.photos import PhotoCache

from .conftest import Signed

KEY = "00D000000000001/005000000000001"
OTHER = "00D000000000002/005000000000002"


class Origin:
    """Photo bytes by URL, counting fetches; fetches wait for `gate` so callers pile up."""

    def __init__(self, size: int = 100) -> None:
        self.size = size
        self.calls: list[str] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()
        self._lock = threading.Lock()

    def fetch(self, url: str) -> bytes:
        with self._lock:
            self.calls.append(url)
        self.entered.set()
        assert self.gate.wait(10)
        return hashlib.sha256(url.encode()).digest() * (self.size // 32 + 1)


def test_memory_then_disk_then_origin(tmp_path: Path) -> None:
    origin = Origin()
    cache = PhotoCache(tmp_path)
    url = "https://x.example/profilephoto/729/T"
    data = cache.get(url, origin.fetch, account_key=KEY)
    assert cache.get(url, origin.fetch, account_key=KEY) == data
    assert origin.calls == [url]
    fresh = PhotoCache(tmp_path)
    assert fresh.get(url, origin.fetch, account_key=KEY) == data
    assert origin.calls == [url]


def test_names_on_disk_are_hashes(tmp_path: Path) -> None:
    cache = PhotoCache(tmp_path)
    url = "https://x.example/photo?oauth_token=00D!SECRET"
    cache.get(url, Origin().fetch, account_key=KEY)
    names = [str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*")]
    assert names
    assert not any("SECRET" in name or "x.example" in name or "00D" in name for name in names)
    assert cache.account_dir(KEY).parent == tmp_path


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual desktop umask (022), under which a file made without care is readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_cached_photos_are_readable_by_their_owner_only(tmp_path: Path, loose_umask: None) -> None:
    cache = PhotoCache(tmp_path / "photos")
    cache.get("https://x.example/profilephoto/729/T", Origin().fetch, account_key=KEY)
    files = [path for path in (tmp_path / "photos").rglob("*") if path.is_file()]
    folders = [path for path in (tmp_path / "photos").rglob("*") if path.is_dir()]
    assert files
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o700 for path in folders)


class Arrivals:
    """Counts threads about to ask the cache, so a fetch is released only once all of them are asking."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = threading.Condition()

    def arrive(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_for(self, count: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.count >= count, timeout=10)


def test_fifty_threads_one_fetch(tmp_path: Path) -> None:
    origin = Origin()
    origin.gate.clear()
    cache = PhotoCache(tmp_path)
    url = "https://x.example/profilephoto/729/F"
    arrivals = Arrivals()

    def get() -> bytes:
        arrivals.arrive()
        return cache.get(url, origin.fetch, account_key=KEY)

    with ThreadPoolExecutor(max_workers=50) as pool:
        futures = [pool.submit(get) for _ in range(50)]
        assert arrivals.wait_for(50)
        assert origin.entered.wait(10)
        origin.gate.set()
        results = {future.result(timeout=10) for future in futures}
    assert len(results) == 1
    assert origin.calls == [url]


def test_errors_reach_every_waiter_and_are_not_cached(tmp_path: Path) -> None:
    cache = PhotoCache(tmp_path)
    gate = threading.Event()
    entered = threading.Event()
    calls: list[str] = []

    def failing(url: str) -> bytes:
        calls.append(url)
        entered.set()
        gate.wait(10)
        raise NetworkError(None, "network", "refused", url)

    url = "https://x.example/p"
    arrivals = Arrivals()

    def get() -> bytes:
        arrivals.arrive()
        return cache.get(url, failing, account_key=KEY)

    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [pool.submit(get) for _ in range(20)]
        assert arrivals.wait_for(20)
        assert entered.wait(10)
        gate.set()
        for future in futures:
            with pytest.raises(NetworkError):
                future.result(timeout=10)
    assert calls == [url]
    assert cache.get(url, Origin().fetch, account_key=KEY)
    assert cache.disk_usage() > 0


def test_non_bytes_from_fetch_is_an_error(tmp_path: Path) -> None:
    cache = PhotoCache(tmp_path)
    with pytest.raises(TypeError):
        cache.get("u", lambda url: "text", account_key=KEY)  # type: ignore[arg-type, return-value]


def test_disk_stays_bounded_and_evicts_the_oldest(tmp_path: Path) -> None:
    origin = Origin(size=1000)
    cache = PhotoCache(tmp_path, max_bytes=3500, memory_bytes=0)
    urls = [f"https://x.example/{n}" for n in range(4)]
    for url in urls[:3]:
        cache.get(url, origin.fetch, account_key=KEY)
    cache.get(urls[0], origin.fetch, account_key=KEY)  # read again: now the newest
    cache.get(urls[3], origin.fetch, account_key=OTHER)
    assert cache.disk_usage() <= 3500
    origin.calls.clear()
    cache.get(urls[0], origin.fetch, account_key=KEY)
    cache.get(urls[2], origin.fetch, account_key=KEY)
    assert origin.calls == []
    cache.get(urls[1], origin.fetch, account_key=KEY)
    assert origin.calls == [urls[1]]


def test_a_photo_larger_than_the_disk_budget_is_not_stored(tmp_path: Path) -> None:
    cache = PhotoCache(tmp_path, max_bytes=100, memory_bytes=0)
    assert len(cache.get("https://x.example/huge", Origin(size=1000).fetch, account_key=KEY)) > 100
    assert cache.disk_usage() == 0


def test_memory_is_bounded(tmp_path: Path) -> None:
    origin = Origin(size=1000)
    cache = PhotoCache(tmp_path, memory_bytes=4200)
    for n in range(10):
        cache.get(f"https://x.example/{n}", origin.fetch, account_key=KEY)
    for path in cache.account_dir(KEY).iterdir():
        path.unlink()
    origin.calls.clear()
    for n in reversed(range(10)):
        cache.get(f"https://x.example/{n}", origin.fetch, account_key=KEY)
    # Four photos of 1,024 bytes fit in 4,200: the last four read are still in memory.
    assert origin.calls == [f"https://x.example/{n}" for n in reversed(range(6))]


def test_wipe_forgets_one_account_only(tmp_path: Path) -> None:
    origin = Origin()
    cache = PhotoCache(tmp_path)
    mine, theirs = cache.for_account(KEY), cache.for_account(OTHER)
    mine.get("https://x.example/a", origin.fetch)
    theirs.get("https://x.example/a", origin.fetch)
    mine.wipe()
    assert not cache.account_dir(KEY).exists()
    assert cache.account_dir(OTHER).exists()
    origin.calls.clear()
    theirs.get("https://x.example/a", origin.fetch)
    mine.get("https://x.example/a", origin.fetch)
    assert origin.calls == ["https://x.example/a"]


def test_a_fetch_finishing_after_wipe_leaves_nothing_behind(tmp_path: Path) -> None:
    origin = Origin()
    origin.gate.clear()
    cache = PhotoCache(tmp_path)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(cache.get, "https://x.example/late", origin.fetch, account_key=KEY)
        assert origin.entered.wait(10)
        cache.wipe(KEY)
        origin.gate.set()
        assert pending.result(timeout=10)
    assert not cache.account_dir(KEY).exists()
    cache.get("https://x.example/late", origin.fetch, account_key=KEY)
    assert len(origin.calls) == 2


def test_fifty_threads_one_photo_request_at_the_demo_org(zoe: Signed, tmp_path: Path) -> None:
    cache = PhotoCache(tmp_path)
    client = zoe.client()
    url = client.me().photo.small_url  # type: ignore[union-attr]
    assert url is not None
    lock = threading.Lock()

    def fetch(photo_url: str) -> bytes:
        # One client per thread would be usual; the cache guarantees only one thread gets here.
        with lock:
            return client.fetch_bytes(photo_url)

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda _: cache.get(url, fetch, account_key=zoe.account.key), range(50)))
    assert len(set(results)) == 1
    assert results[0].startswith(b"\x89PNG")
    assert zoe.demo.counters["photo"] == 1
