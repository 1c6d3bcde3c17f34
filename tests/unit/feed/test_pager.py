"""The feed pager without Qt: its rules hold for any sequence of requests and answers (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from desktop_app.api.models import FeedItem, FeedPage, UserSummary
from desktop_app.api.operations import FeedUpdates, NewsFeed
from desktop_app.feed.pager import FeedPager, Refresh


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def item(number: int) -> FeedItem:
    actor = UserSummary(id="005x", display_name="A")
    return FeedItem(id=f"0D5{number:09d}", type="TextPost", actor=actor, body_text=f"Post {number}")


def page(next_url: str | None, updates: str | None = "/updates/1", count: int = 2) -> FeedPage:
    return FeedPage(items=tuple(item(n) for n in range(count)), next_page_url=next_url, updates_url=updates)


def test_a_saved_page_is_replaced_once_by_the_live_first_page() -> None:
    pager = FeedPager(25)
    request = pager.first_page(page("/next/1"))
    assert request == NewsFeed(None, 25)
    assert pager.showing_saved
    assert pager.next_page() is None, "no next page before the live first page"
    change = pager.page_arrived(page("/next/1"), has_items=True)
    assert change.replace_saved
    assert change.first
    assert not pager.showing_saved
    assert pager.next_page() == NewsFeed("/next/1", 25)
    change = pager.page_arrived(page(None), has_items=True)
    assert not change.replace_saved
    assert change.at_end


def test_a_failed_page_waits_for_a_retry() -> None:
    pager = FeedPager(25)
    pager.first_page()
    pager.page_arrived(page("/next/1"), has_items=False)
    assert pager.next_page() == NewsFeed("/next/1", 25)
    pager.page_failed()
    assert pager.next_page() is None
    assert pager.retry_next_page() == NewsFeed("/next/1", 25)


def test_a_rate_limit_stops_every_request_until_retry_after_has_passed() -> None:
    clock = Clock()
    pager = FeedPager(25, clock=clock)
    pager.first_page()
    pager.page_arrived(page("/next/1"), has_items=False)
    what, _ = pager.refresh(has_items=True)
    assert what is Refresh.UPDATES
    pager.updates_failed(retry_after=120)
    assert pager.refresh(has_items=True) == (Refresh.QUIET, None)
    assert pager.next_page() is None
    assert 119 < pager.quiet_for() <= 120
    clock.now += 121
    assert pager.next_page() == NewsFeed("/next/1", 25)


def test_refresh_uses_the_updates_url_and_follows_the_newest_one() -> None:
    pager = FeedPager(25)
    pager.first_page()
    pager.page_arrived(page(None, updates="/updates/1"), has_items=False)
    assert pager.refresh(has_items=True) == (Refresh.UPDATES, FeedUpdates("/updates/1"))
    assert pager.refresh(has_items=True) == (Refresh.BUSY, None)
    pager.updates_arrived(page(None, updates="/updates/2"))
    assert pager.refresh(has_items=True) == (Refresh.UPDATES, FeedUpdates("/updates/2"))


def test_a_feed_without_updates_url_asks_its_first_page_again_to_refresh() -> None:
    pager = FeedPager(25)
    assert pager.refresh(has_items=False) == (Refresh.FIRST_PAGE, NewsFeed(None, 25))
    pager.page_arrived(page(None, updates=None), has_items=False)
    assert pager.refresh(has_items=True) == (Refresh.RELOAD, NewsFeed(None, 25))
    assert pager.page_arrived(page(None, updates=None), has_items=True).merge


class PagerMachine(RuleBasedStateMachine):
    """Any order of asking and answering keeps the pager's promises."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        self.pager = FeedPager(25, clock=self.clock)
        self.pages_in_flight = 0
        self.updates_in_flight = 0
        self.has_items = False

    @rule(saved=st.booleans())
    def start(self, saved: bool) -> None:
        self.pager.reset()
        self.pages_in_flight = self.updates_in_flight = 0
        self.has_items = saved
        self.pager.first_page(page("/n", count=2) if saved else None)
        self.pages_in_flight = 1

    @rule()
    def ask_next(self) -> None:
        quiet = self.pager.quiet_for() > 0
        at_end = self.pager.next_url is None
        if self.pager.next_page() is not None:
            assert not quiet
            assert not at_end
            self.pages_in_flight += 1

    @rule()
    def ask_refresh(self) -> None:
        what, request = self.pager.refresh(self.has_items)
        if isinstance(request, FeedUpdates):
            self.updates_in_flight += 1
        elif isinstance(request, NewsFeed):
            assert what in (Refresh.FIRST_PAGE, Refresh.RELOAD)
            self.pages_in_flight += 1

    @precondition(lambda self: self.pages_in_flight > 0)
    @rule(more=st.booleans(), count=st.integers(0, 3))
    def page_arrives(self, more: bool, count: int) -> None:
        self.pages_in_flight -= 1
        change = self.pager.page_arrived(page("/n" if more else None, count=count), self.has_items)
        if change.replace_saved:
            self.has_items = False
        self.has_items = self.has_items or count > 0
        assert not self.pager.showing_saved

    @precondition(lambda self: self.pages_in_flight > 0)
    @rule(limited=st.booleans())
    def page_fails(self, limited: bool) -> None:
        self.pages_in_flight -= 1
        self.pager.page_failed(60.0 if limited else None)

    @precondition(lambda self: self.updates_in_flight > 0)
    @rule()
    def updates_arrive(self) -> None:
        self.updates_in_flight -= 1
        self.pager.updates_arrived(page(None, updates="/u2"))

    @rule(seconds=st.floats(0, 200))
    def time_passes(self, seconds: float) -> None:
        self.clock.now += seconds

    @invariant()
    def at_most_one_request_of_each_kind(self) -> None:
        assert self.pages_in_flight <= 1
        assert self.updates_in_flight <= 1
        assert self.pager.loading_page == (self.pages_in_flight == 1)
        assert self.pager.refreshing == (self.updates_in_flight == 1)


TestPagerMachine = PagerMachine.TestCase
TestPagerMachine.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)


@given(st.lists(st.floats(0, 10_000), max_size=5))
def test_quiet_time_is_never_negative(waits: list[float]) -> None:
    clock = Clock()
    pager = FeedPager(25, clock=clock)
    for wait in waits:
        pager.page_failed(wait)
        clock.now += wait / 2
        assert pager.quiet_for() >= 0
