"""The pager on feeds other than the news feed, and on feeds without updatesUrl (To Me, Bookmarks, ...)."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from desktop_app.api.feedreads import FeedElements
from desktop_app.api.models import FeedItem, FeedPage, UserSummary
from desktop_app.api.operations import FeedUpdates, NewsFeed
from desktop_app.feed.pager import FeedPager, Refresh
from desktop_app.feed.places import Company, Search, ToMe


def page(next_url: str | None, updates: str | None = None, first: int = 0, count: int = 2) -> FeedPage:
    actor = UserSummary(id="005x", display_name="A")
    items = tuple(
        FeedItem(id=f"0D5{n:09d}", type="TextPost", actor=actor, body_text=f"Post {n}")
        for n in range(first, first + count)
    )
    return FeedPage(items=items, next_page_url=next_url, updates_url=updates)


def test_a_place_feed_asks_its_own_resource_and_search() -> None:
    pager = FeedPager(25)
    search = Search("chat*", ToMe())
    pager.set_feed(search.feed_path or "", search.query)
    assert pager.first_page() == FeedElements(ToMe().feed_path, None, 25, "chat*")
    pager.page_arrived(page("/to/next?q=chat*"), has_items=False)
    assert pager.next_page() == FeedElements(ToMe().feed_path, "/to/next?q=chat*", 25, "chat*")


def test_refreshing_a_feed_without_updates_merges_its_first_page_and_paging_goes_on() -> None:
    pager = FeedPager(25, feed_path=ToMe().feed_path)
    pager.first_page()
    pager.page_arrived(page("/p2"), has_items=False)
    assert pager.next_page() == FeedElements(ToMe().feed_path, "/p2", 25, "")
    pager.page_arrived(page("/p3", first=2), has_items=True)
    what, request = pager.refresh(has_items=True)
    assert what is Refresh.RELOAD
    assert request == FeedElements(ToMe().feed_path, None, 25, "")
    assert pager.refresh(has_items=True) == (Refresh.BUSY, None)
    change = pager.page_arrived(page("/p2-again"), has_items=True)
    assert change.merge
    assert not change.at_end
    assert pager.next_url == "/p3"  # where paging had got to, not the reloaded page's next
    what, _request = pager.refresh(has_items=True)
    assert what is Refresh.RELOAD
    pager.page_failed()
    assert not pager.failed  # a failed refresh does not stop paging
    assert pager.next_page() == FeedElements(ToMe().feed_path, "/p3", 25, "")


def test_a_feed_with_updates_polls_them() -> None:
    pager = FeedPager(25, feed_path=Company().feed_path)
    pager.first_page()
    pager.page_arrived(page(None, updates="/u1"), has_items=False)
    assert pager.refresh(has_items=True) == (Refresh.UPDATES, FeedUpdates("/u1"))


def test_the_news_feed_keeps_its_operation() -> None:
    assert FeedPager(25).first_page() == NewsFeed(None, 25)


class NoUpdatesMachine(RuleBasedStateMachine):
    """Any order of pages, refreshes and failures on a feed without updates keeps paging moving forward."""

    def __init__(self) -> None:
        super().__init__()
        self.pager = FeedPager(25, feed_path=ToMe().feed_path)
        self.pager.first_page()
        self.in_flight = 1
        self.has_items = False
        self.pages = 0
        self.served = 0
        self.expected_next: str | None = None

    @rule()
    def ask_next(self) -> None:
        if self.pager.next_page() is not None:
            self.in_flight += 1

    @rule()
    def ask_refresh(self) -> None:
        what, request = self.pager.refresh(self.has_items)
        assert what is not Refresh.UPDATES
        assert not isinstance(request, FeedUpdates)
        if request is not None:
            self.in_flight += 1

    @precondition(lambda self: self.in_flight > 0)
    @rule(more=st.booleans(), count=st.integers(0, 3))
    def page_arrives(self, more: bool, count: int) -> None:
        self.in_flight -= 1
        reloading = self.pager.reloading
        self.served += 1
        next_url = f"/p{self.served}" if more else None
        change = self.pager.page_arrived(page(next_url, count=count), self.has_items)
        if reloading and self.pages > 1:
            assert self.pager.next_url == self.expected_next
        else:
            if not reloading:
                self.pages += 1
            self.expected_next = next_url
        assert change.merge == (reloading and self.has_items)
        self.has_items = self.has_items or count > 0

    @precondition(lambda self: self.in_flight > 0)
    @rule()
    def page_fails(self) -> None:
        self.in_flight -= 1
        reloading = self.pager.reloading
        self.pager.page_failed()
        assert self.pager.failed == (not reloading)

    @invariant()
    def one_request_at_a_time(self) -> None:
        assert self.in_flight <= 1
        assert self.pager.loading_page == (self.in_flight == 1)
        assert self.pager.updates_url is None


TestNoUpdatesMachine = NoUpdatesMachine.TestCase
TestNoUpdatesMachine.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
