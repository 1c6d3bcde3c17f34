"""Any feed through the client: URLs with pageSize and q, next pages, first pages kept per feed, posting to a
group, and the operations the pager builds (the news feed keeps the operation start-up prefetches)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from desktop_app.api.errors import ApiError
from desktop_app.api.feedcache import MAX_FEEDS, FeedCache
from desktop_app.api.feedreads import FeedElements, feed_read
from desktop_app.api.models import NEWS_FEED
from desktop_app.api.operations import NewsFeed, Post
from desktop_app.feed.places import Company, Group, ToMe
from tests.unit.api.conftest import Signed

EMPTY_PAGE = {"elements": [], "nextPageUrl": None, "updatesUrl": None, "currentPageUrl": None}


def test_the_news_feed_keeps_its_operation_and_other_feeds_get_their_own() -> None:
    assert feed_read(NEWS_FEED) == NewsFeed(None, 25)
    assert feed_read(NEWS_FEED, "/next", 10) == NewsFeed("/next", 10)
    assert feed_read(NEWS_FEED, query="chat*") == FeedElements(NEWS_FEED, None, 25, "chat*")
    path = ToMe().feed_path
    assert feed_read(path, "/n", 5) == FeedElements(path, "/n", 5, "")


def test_a_search_sends_q_and_its_next_page_keeps_it(zoe: Signed) -> None:
    client = zoe.client()
    first = FeedElements(Company().feed_path, None, 3, "the*").run(client)
    assert len(first.items) == 3
    assert first.next_page_url is not None
    assert parse_qs(urlsplit(first.next_page_url).query)["q"] == ["the*"]
    second = FeedElements(Company().feed_path, first.next_page_url, 3, "the*").run(client)
    assert not {i.id for i in first.items} & {i.id for i in second.items}


def test_a_query_the_org_refuses_comes_back_as_an_api_error_with_its_words(zoe: Signed) -> None:
    with pytest.raises(ApiError) as caught:
        FeedElements(Company().feed_path, None, 5, "a*").run(zoe.client())
    assert caught.value.status == 400
    assert "2 or more characters" in str(caught.value.message)


def test_only_feed_elements_resources_are_asked_for(zoe: Signed) -> None:
    with pytest.raises(ValueError, match="not a feed-elements resource"):
        zoe.client().feed_page("/chatter/users/me")


def test_first_pages_are_kept_per_feed_but_never_a_search(zoe: Signed, tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed")
    client = zoe.client()
    client.on_first_page = lambda body, feed: cache.save(zoe.account.key, body, feed)
    to_me = client.feed_page(ToMe().feed_path)
    client.feed_page(Company().feed_path, None, 25, "the*")
    kept = cache.load(zoe.account.key, ToMe().feed_path)
    assert kept is not None
    assert [i.id for i in kept.items] == [i.id for i in to_me.items]
    assert cache.load(zoe.account.key) is None  # the news feed was not asked for
    assert cache.load(zoe.account.key, Company().feed_path) is None
    assert zoe.account.key not in str(cache.path(zoe.account.key, ToMe().feed_path))
    cache.wipe(zoe.account.key)
    assert cache.load(zoe.account.key, ToMe().feed_path) is None


def test_an_account_keeps_a_bounded_number_of_feeds(tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "feed")
    paths = [Group(f"0F95g{n:013d}").feed_path for n in range(MAX_FEEDS + 3)]
    for age, path in enumerate(paths):
        cache.save("k", EMPTY_PAGE, path)
        # Older pages first: the oldest are the ones that go.
        os.utime(cache.path("k", path), (1_000_000 + age, 1_000_000 + age))
    kept = [path for path in paths if cache.path("k", path).exists()]
    assert kept == paths[-MAX_FEEDS:]


def test_posting_to_a_group_sends_its_id_as_the_subject(zoe: Signed) -> None:
    client = zoe.client()
    group = next(
        item.parent_id
        for item in client.news_feed(None, 100).items
        if item.parent_id and item.parent_id.startswith("0F9")
    )
    posted = Post("Agenda for Friday is up", (), group).run(client)
    assert posted.parent_id == group
    feed = client.feed_page(Group(group).feed_path)
    assert feed.items[0].id == posted.id
