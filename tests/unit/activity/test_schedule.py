"""The watch schedule: intervals by place, back-off, Retry-After, org usage, and the hourly cap."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.activity.schedule import (
    FIRST_CHECK_DELAY_S,
    HOUR_S,
    INTERVALS_S,
    MAX_BACKOFF_S,
    MAX_REQUESTS_PER_HOUR,
    MIN_TO_ME_INTERVAL_S,
    Check,
    Place,
    Watch,
    WatchSchedule,
)
from desktop_app.api.limits import ApiUsage, parse_limit_info


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


FAST = {key: (None if value is None else 10.0) for key, value in INTERVALS_S.items()}
"""Intervals short enough that only the cap stands between the watcher and a flood of requests."""


def started(*keys: str, fast: bool = False) -> tuple[WatchSchedule, Clock]:
    clock = Clock()
    schedule = WatchSchedule(clock, FAST) if fast else WatchSchedule(clock)
    for key in keys:
        schedule.add(key)
    clock.now += FIRST_CHECK_DELAY_S
    return schedule, clock


def test_nothing_is_asked_before_the_first_delay() -> None:
    clock = Clock()
    schedule = WatchSchedule(clock)
    schedule.add("a")
    assert schedule.take_due() == []
    assert schedule.seconds_to_next() == FIRST_CHECK_DELAY_S


def test_the_account_on_screen_is_asked_for_to_me_only_and_more_often() -> None:
    schedule, _clock = started("a", "b")
    schedule.set_on_screen("a")
    assert schedule.place("a") is Place.ON_SCREEN
    assert schedule.place("b") is Place.BACKGROUND
    assert schedule.interval("a", Watch.NEWS) is None
    on_screen = schedule.interval("a", Watch.TO_ME)
    background = schedule.interval("b", Watch.TO_ME)
    assert on_screen is not None
    assert background is not None
    assert on_screen < background
    assert set(schedule.take_due()) == {
        Check("a", Watch.TO_ME),
        Check("b", Watch.TO_ME),
        Check("b", Watch.NEWS),
    }


def test_a_hidden_window_slows_every_account() -> None:
    schedule, _clock = started("a")
    visible = schedule.interval("a", Watch.TO_ME)
    schedule.set_hidden(True)
    hidden = schedule.interval("a", Watch.TO_ME)
    assert schedule.place("a") is Place.HIDDEN
    assert visible is not None
    assert hidden is not None
    assert hidden > visible


def test_to_me_is_never_asked_more_than_once_a_minute() -> None:
    schedule, clock = started("a")
    schedule.set_on_screen("a")
    times = []
    for _ in range(600):
        for check in schedule.take_due():
            if check.watch is Watch.TO_ME:
                times.append(clock.now)
            schedule.succeeded(check)
        clock.now += 1
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert times
    assert min(gaps) >= MIN_TO_ME_INTERVAL_S


def test_failures_back_off_and_a_success_ends_it() -> None:
    schedule, _clock = started("a")
    base = schedule.interval("a", Watch.TO_ME)
    assert base is not None
    check = Check("a", Watch.TO_ME)
    for expected in (2 * base, 4 * base):
        schedule.take_due()
        schedule.failed(check)
        assert schedule.interval("a", Watch.TO_ME) == expected
    for _ in range(20):
        schedule.failed(check)
    assert schedule.interval("a", Watch.TO_ME) == MAX_BACKOFF_S
    schedule.succeeded(check)
    assert schedule.interval("a", Watch.TO_ME) == base


def test_a_503_holds_every_watch_of_the_account_for_its_retry_after() -> None:
    schedule, clock = started("a", "b")
    schedule.take_due()
    schedule.failed(Check("a", Watch.NEWS), retry_after=900)
    clock.now += 600
    assert all(check.account_key == "b" for check in schedule.take_due())
    clock.now += 301
    assert {c.account_key for c in schedule.take_due()} == {"a"}


def test_high_org_usage_slows_the_watcher() -> None:
    schedule, _clock = started("a")
    normal = schedule.interval("a", Watch.NEWS)
    schedule.note_usage("a", parse_limit_info("api-usage=4100/5000"))
    slowed = schedule.interval("a", Watch.NEWS)
    schedule.note_usage("a", parse_limit_info("api-usage=4900/5000; per-app-api-usage=17/250(appName=x)"))
    nearly_out = schedule.interval("a", Watch.NEWS)
    assert normal is not None
    assert slowed is not None
    assert nearly_out is not None
    assert normal < slowed < nearly_out
    assert nearly_out >= HOUR_S
    schedule.note_usage("a", ApiUsage(10, 5000))
    assert schedule.interval("a", Watch.NEWS) == normal


Step = st.tuples(
    st.just("step"),
    st.floats(min_value=0, max_value=60),
    st.sampled_from(["ok", "ok", "ok", "fail", "wait"]),
    st.none() | st.floats(min_value=-5, max_value=7200),
)
Run = st.tuples(st.just("run"), st.integers(1, 400), st.floats(min_value=1, max_value=30))
"""Many quick rounds of answers: the pace at which only the cap holds the watcher back."""
Event = st.one_of(
    Run,
    Step,
    Step,
    Step,
    st.tuples(st.just("screen"), st.none() | st.sampled_from(["a", "b"])),
    st.tuples(st.just("hidden"), st.booleans()),
    st.tuples(st.just("usage"), st.integers(0, 6000)),
    st.tuples(st.just("readd"), st.sampled_from(["a", "b"])),
)


def answer(schedule: WatchSchedule, outstanding: list[Check], outcome: object, retry_after: object) -> None:
    if outcome == "wait":
        return
    while outstanding:
        check = outstanding.pop()
        if outcome == "ok":
            schedule.succeeded(check)
        else:
            schedule.failed(check, retry_after=retry_after if isinstance(retry_after, float) else None)


@settings(max_examples=200, deadline=None)
@given(st.lists(Event, max_size=400))
def test_the_hourly_cap_is_never_exceeded(events: list[tuple[object, ...]]) -> None:
    schedule, clock = started("a", "b", fast=True)
    sent: dict[str, list[float]] = {"a": [], "b": []}
    outstanding: list[Check] = []

    def send_due() -> None:
        for check in schedule.take_due():
            sent[check.account_key].append(clock.now)
            outstanding.append(check)
        for times in sent.values():
            in_last_hour = [t for t in times if t > clock.now - HOUR_S]
            assert len(in_last_hour) <= MAX_REQUESTS_PER_HOUR

    for event in events:
        kind, value = event[0], event[1]
        if kind == "run":
            for _ in range(int(value)):  # type: ignore[call-overload]
                answer(schedule, outstanding, "ok", None)
                clock.now += float(event[2])  # type: ignore[arg-type]
                send_due()
        elif kind == "step":
            answer(schedule, outstanding, event[2], event[3])
            clock.now += float(value)  # type: ignore[arg-type]
        elif kind == "screen":
            schedule.set_on_screen(value if isinstance(value, str) else None)
        elif kind == "hidden":
            schedule.set_hidden(bool(value))
        elif kind == "usage":
            schedule.note_usage("a", ApiUsage(int(value), 5000))  # type: ignore[call-overload]
        elif kind == "readd":
            schedule.add(str(value))
        send_due()


def test_the_cap_holds_back_checks_until_the_hour_moves_on() -> None:
    schedule, clock = started("a", fast=True)
    per_hour = []
    for _hour in range(3):
        count = 0
        for _ in range(3600):
            for check in schedule.take_due():
                count += 1
                schedule.succeeded(check)
            clock.now += 1
        per_hour.append(count)
    # Ten-second intervals would ask about 420 times an hour; the cap lets exactly its number through.
    assert per_hour == [MAX_REQUESTS_PER_HOUR] * 3
    assert schedule.seconds_to_next() is not None


def test_the_default_intervals_stay_under_the_cap() -> None:
    schedule, clock = started("a")
    count = 0
    for _ in range(3600):
        for check in schedule.take_due():
            count += 1
            schedule.succeeded(check)
        clock.now += 1
    assert 0 < count < MAX_REQUESTS_PER_HOUR
