"""The kept first feed page: written from real pages, read back, never a token, gone on wipe."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from desktop_app.api.feedcache import FeedCache
from tests.unit.api.conftest import Signed

KEY = "00D5g0000000001EAA/0055g0000000001AAA"


def test_a_fresh_first_page_is_kept_and_read_back(zoe: Signed, tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed")
    client = zoe.client()
    client.on_first_page = lambda body, feed: cache.save(zoe.account.key, body, feed)
    live = client.news_feed()
    kept = cache.load(zoe.account.key)
    assert kept is not None
    assert [i.id for i in kept.items] == [i.id for i in live.items]
    assert kept.next_page_url == live.next_page_url
    path = cache.path(zoe.account.key)
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text(encoding="utf-8")
    assert zoe.tokens.access_token not in text
    assert zoe.tokens.refresh_token is not None
    assert zoe.tokens.refresh_token not in text
    assert zoe.account.key not in path.name


def test_a_kept_page_replaces_the_last_one_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed")
    cache.save(KEY, {"elements": [], "nextPageUrl": "/page/2"})
    cache.save(KEY, {"elements": [], "nextPageUrl": None})
    kept = cache.load(KEY)
    assert kept is not None
    assert kept.next_page_url is None
    assert [path.name for path in (tmp_path / "feed").iterdir()] == [cache.path(KEY).name]
    assert json.loads(cache.path(KEY).read_bytes()) == {"elements": [], "nextPageUrl": None}


def test_later_pages_are_not_kept(zoe: Signed, tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed")
    client = zoe.client()
    first = client.news_feed()
    assert first.next_page_url is not None
    client.on_first_page = lambda body, feed: cache.save(zoe.account.key, body, feed)
    client.news_feed(first.next_page_url)
    assert cache.load(zoe.account.key) is None


def test_old_or_damaged_pages_are_ignored(tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed", max_age_s=60)
    cache.save(KEY, {"elements": [], "nextPageUrl": None})
    assert cache.load(KEY) is not None
    old = time.time() - 120
    os.utime(cache.path(KEY), (old, old))
    assert cache.load(KEY) is None
    cache.path(KEY).write_text("{not json", encoding="utf-8")
    os.utime(cache.path(KEY))
    assert cache.load(KEY) is None
    assert not cache.path(KEY).exists()


def test_wipe_forgets_the_page(tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed")
    cache.save(KEY, {"elements": []})
    cache.wipe(KEY)
    assert cache.load(KEY) is None
    cache.wipe(KEY)


def test_saving_never_raises(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    FeedCache(blocked / "feed").save(KEY, {"elements": []})
    FeedCache(tmp_path / "feed").save(KEY, {"bad": object()})
    assert list(tmp_path.glob("feed/*.json")) == []
    assert not (blocked / "feed").exists()
