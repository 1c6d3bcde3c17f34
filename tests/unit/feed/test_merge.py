"""The merged timeline without Qt: sorted, every item once, shown items never move (hypothesis)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.api.errors import NetworkError, RateLimited, SessionExpired
from desktop_app.api.models import FeedItem, FeedPage, UserSummary
from desktop_app.api.operations import FeedUpdates, NewsFeed
from desktop_app.feed.merge import Entry, MergedFeed, Request, Stop, stop_for
from desktop_app.feed.mergeorder import order_key

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def item(account: str, number: int, minute: int) -> FeedItem:
    created = (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return FeedItem(
        id=f"0D5{account}{number:08d}",
        type="TextPost",
        actor=UserSummary(id="005x", display_name=account),
        body_text=f"{account} {number}",
        created=created,
    )


class Org:
    """One account's news feed cut into pages, newest first, served by URL."""

    def __init__(self, key: str, minutes: list[int], cuts: list[int], *, ordered: bool = True) -> None:
        self.key = key
        made = [item(key, n, m) for n, m in enumerate(minutes)]
        # As Salesforce pages: CreatedDate DESC, Id DESC.
        self.items = sorted(made, key=lambda i: order_key(key, i)) if ordered else made
        bounds = sorted({0, len(self.items), *(c for c in cuts if 0 < c < len(self.items))})
        self.pages = [self.items[a:b] for a, b in itertools.pairwise(bounds)] or [[]]

    def answer(self, operation: NewsFeed | FeedUpdates) -> FeedPage:
        assert isinstance(operation, NewsFeed)
        index = 0 if operation.page_url is None else int(operation.page_url.rsplit("/", 1)[1])
        more = f"/{self.key}/{index + 1}" if index + 1 < len(self.pages) else None
        return FeedPage(tuple(self.pages[index]), next_page_url=more, updates_url=f"/{self.key}/updates")


def keys(entries: list[Entry]) -> list[tuple[object, ...]]:
    return [order_key(e.account_key, e.item) for e in entries]


orgs_strategy = st.lists(
    st.tuples(
        st.lists(st.integers(0, 300), max_size=40),
        st.lists(st.integers(1, 39), max_size=6),
    ),
    min_size=1,
    max_size=5,
)


def run(feed: MergedFeed, orgs: dict[str, Org], order: st.DataObject, fail: str | None = None) -> list[Entry]:
    """Answer requests in an order hypothesis picks, scrolling (``more``) whenever nothing is under way."""
    shown: list[Entry] = []
    pending: list[Request] = feed.start()
    failed = False
    for _step in range(10_000):
        if not pending:
            pending = feed.more()
            if not pending:
                break
        request = pending.pop(order.draw(st.integers(0, len(pending) - 1)))
        if request.account_key == fail and not failed and order.draw(st.booleans()):
            failed = True
            shown += feed.page_failed(request.account_key, SessionExpired(401, None, "ended", None))
        else:
            shown += feed.page_arrived(
                request.account_key, orgs[request.account_key].answer(request.operation)
            )
        assert keys(shown) == sorted(keys(shown)), "shown items are in order and never need to move"
    return shown


@settings(max_examples=150, deadline=None)
@given(orgs_strategy, st.data())
def test_the_merge_is_sorted_and_holds_every_item_exactly_once(
    spec: list[tuple[list[int], list[int]]], order: st.DataObject
) -> None:
    orgs = {f"acct{n}": Org(f"acct{n}", minutes, cuts) for n, (minutes, cuts) in enumerate(spec)}
    feed = MergedFeed([(key, key) for key in orgs], page_size=5)
    shown = run(feed, orgs, order)
    assert feed.at_end
    ids = [e.item.id for e in shown]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(i.id for org in orgs.values() for i in org.items)
    assert all(e.item.id.startswith(f"0D5{e.account_key}") for e in shown), "each entry names its account"


@settings(max_examples=100, deadline=None)
@given(orgs_strategy, st.data())
def test_a_source_that_signs_out_stops_with_one_status_and_the_rest_carry_on(
    spec: list[tuple[list[int], list[int]]], order: st.DataObject
) -> None:
    orgs = {f"acct{n}": Org(f"acct{n}", minutes, cuts) for n, (minutes, cuts) in enumerate(spec)}
    feed = MergedFeed([(key, f"Org {key}") for key in orgs], page_size=5)
    shown = run(feed, orgs, order, fail="acct0")
    others = {i.id for key, org in orgs.items() if key != "acct0" for i in org.items}
    assert others <= {e.item.id for e in shown}, "every other account's items are all shown"
    statuses = feed.statuses
    assert len(statuses) <= 1
    if statuses:
        assert statuses[0].text == "Org acct0: signed out — sign in again"


@settings(max_examples=100, deadline=None)
@given(orgs_strategy, st.data())
def test_pages_out_of_order_still_show_every_item_once_and_never_move_one(
    spec: list[tuple[list[int], list[int]]], order: st.DataObject
) -> None:
    orgs = {
        f"acct{n}": Org(f"acct{n}", minutes, cuts, ordered=False) for n, (minutes, cuts) in enumerate(spec)
    }
    feed = MergedFeed([(key, key) for key in orgs], page_size=5)
    shown: list[Entry] = []
    pending = feed.start()
    while pending or (pending := feed.more()):
        request = pending.pop(order.draw(st.integers(0, len(pending) - 1)))
        shown += feed.page_arrived(request.account_key, orgs[request.account_key].answer(request.operation))
    ids = [e.item.id for e in shown]
    assert sorted(ids) == sorted(i.id for org in orgs.values() for i in org.items)


def test_only_the_source_that_holds_the_rest_back_is_asked_for_its_next_page() -> None:
    orgs = {"a": Org("a", [100, 90, 80, 10], [2]), "b": Org("b", [95, 50, 40], [1])}
    feed = MergedFeed([("a", "A"), ("b", "B")])
    for request in feed.start():
        feed.page_arrived(request.account_key, orgs[request.account_key].answer(request.operation))
    # a's frontier is minute 90, b's is 95: b holds back a's 90.
    assert [r.account_key for r in feed.more()] == ["b"]


def test_a_source_still_loading_its_first_page_holds_everything_back() -> None:
    orgs = {"a": Org("a", [100, 90], []), "b": Org("b", [95], [])}
    feed = MergedFeed([("a", "A"), ("b", "B")])
    first = {r.account_key: r for r in feed.start()}
    assert feed.page_arrived("a", orgs["a"].answer(first["a"].operation)) == []
    shown = feed.page_arrived("b", orgs["b"].answer(first["b"].operation))
    assert [e.item.body_text for e in shown] == ["a 0", "b 0", "a 1"]
    assert feed.at_end


def test_an_unreachable_org_shows_one_line_and_releases_what_it_held_back() -> None:
    orgs = {"a": Org("a", [100, 90], [])}
    feed = MergedFeed([("a", "Acme"), ("g", "Globex")])
    first = {r.account_key: r for r in feed.start()}
    assert feed.page_arrived("a", orgs["a"].answer(first["a"].operation)) == []
    error = NetworkError(None, None, "refused", "https://globex.example")
    assert error.unreachable
    shown = feed.page_failed("g", error)
    assert len(shown) == 2
    assert [s.text for s in feed.statuses] == ["Globex: the org can't be reached"]
    assert [r.account_key for r in feed.retry()] == ["g"]
    assert feed.statuses == []


def test_a_refresh_puts_new_posts_above_once_every_source_answered() -> None:
    orgs = {"a": Org("a", [100], []), "b": Org("b", [95], [])}
    feed = MergedFeed([("a", "A"), ("b", "B")])
    for request in feed.start():
        feed.page_arrived(request.account_key, orgs[request.account_key].answer(request.operation))
    requests = feed.refresh()
    assert sorted(r.account_key for r in requests) == ["a", "b"]
    assert all(isinstance(r.operation, FeedUpdates) for r in requests)
    newer_b = FeedPage((item("b", 7, 200), item("b", 0, 95)), updates_url="/b/updates2")
    assert feed.updates_arrived("b", newer_b) == [], "waits for a's answer"
    fresh = feed.updates_arrived("a", FeedPage((item("a", 5, 300),), updates_url="/a/updates2"))
    assert [e.item.body_text for e in fresh] == ["a 5", "b 7"], "merged newest first, seen ones dropped"
    assert feed.pager("b").updates_url == "/b/updates2"


def test_the_same_instant_goes_by_account_then_id_descending() -> None:
    same = [item("b", 1, 5), item("a", 1, 5), item("a", 2, 5)]
    ordered = sorted(same, key=lambda i: order_key(i.body_text[0], i))
    assert [i.body_text for i in ordered] == ["a 2", "a 1", "b 1"]


def test_an_item_without_a_date_is_kept_in_its_source_order() -> None:
    undated = FeedItem(
        id="0D5a00000099", type="TextPost", actor=UserSummary(id="1", display_name="x"), body_text="u"
    )
    org = Org("a", [100, 90], [])
    feed = MergedFeed([("a", "A")])
    (request,) = feed.start()
    page = org.answer(request.operation)
    shown = feed.page_arrived("a", FeedPage((page.items[0], undated, page.items[1])))
    assert [e.item.body_text for e in shown] == ["a 0", "u", "a 1"]


def test_failures_are_named_by_what_went_wrong() -> None:
    assert stop_for(SessionExpired(401, None, "x", None)) is Stop.SIGNED_OUT
    assert stop_for(None) is Stop.FAILED


def test_an_empty_page_with_more_to_come_asks_for_the_next_one() -> None:
    feed = MergedFeed([("a", "A"), ("b", "B")])
    feed.start()
    feed.page_arrived("b", FeedPage((item("b", 0, 50),), next_page_url=None))
    assert feed.page_arrived("a", FeedPage((), next_page_url="/a/1")) == []
    assert feed.more() == [Request("a", NewsFeed("/a/1", 25))]
    shown = feed.page_arrived("a", FeedPage((item("a", 0, 60), item("a", 1, 40))))
    assert [e.item.body_text for e in shown] == ["a 0", "b 0", "a 1"]


def test_a_rate_limited_source_is_not_asked_again_before_its_pause_is_over() -> None:
    now = [100.0]
    feed = MergedFeed([("a", "A")], clock=lambda: now[0])
    feed.start()
    feed.page_failed("a", RateLimited(503, "REQUEST_LIMIT_EXCEEDED", "limit", None, retry_after=60))
    assert [s.stop for s in feed.statuses] == [Stop.FAILED]
    assert feed.retry() == []
    now[0] += 61
    assert feed.retry() == [Request("a", NewsFeed(None, 25))]


def test_a_refresh_goes_on_when_one_account_signed_out_meanwhile() -> None:
    orgs = {"a": Org("a", [100], []), "b": Org("b", [95], [])}
    feed = MergedFeed([("a", "Acme"), ("b", "Globex")])
    for request in feed.start():
        feed.page_arrived(request.account_key, orgs[request.account_key].answer(request.operation))
    feed.refresh()
    assert feed.updates_failed("a", SessionExpired(401, None, "ended", None)) == []
    fresh = feed.updates_arrived("b", FeedPage((item("b", 3, 120),)))
    assert [e.item.body_text for e in fresh] == ["b 3"]
    assert [s.text for s in feed.statuses] == ["Acme: signed out — sign in again"]
