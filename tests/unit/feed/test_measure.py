"""LazyRows: which rows get measured, and offsets that keep the row being read in place (no Qt needed)."""

from __future__ import annotations

import time

import pytest

from desktop_app.feed.measure import LazyRows

PAGE = 300


class Sample:
    """Rows estimated at ``estimate`` whose exact height is ``exact``, and the rows measured so far."""

    def __init__(self, count: int, estimate: int = 50, exact: int = 80) -> None:
        self.rows = LazyRows()
        self.rows.insert(0, [estimate] * count, 0, PAGE)
        self.exact = exact
        self.measured: list[int] = []

    def measure(self, row: int) -> int:
        self.measured.append(row)
        return self.exact


def screen_top(rows: LazyRows, row: int, offset: int) -> int:
    return rows.heights.top(row) - offset


def test_at_the_top_the_top_stays_and_only_rows_on_screen_are_measured() -> None:
    sample = Sample(100)
    rows, measured = sample.rows, sample.measured
    offset, changed = rows.settle(0, PAGE, sample.measure)
    assert changed
    assert offset == 0
    # What the estimates put on screen is measured, and nothing further down.
    assert measured == [0, 1, 2, 3, 4, 5]
    assert not rows.heights.is_exact(6)


def test_rows_coming_in_at_the_top_grow_upwards() -> None:
    sample = Sample(100)
    rows = sample.rows
    rows.measure(range(20, 26), sample.measure)
    offset = rows.heights.top(20)
    # Scrolling up by 100 px brings two estimated rows above row 20 on screen.
    offset -= 100
    before = screen_top(rows, 20, offset)
    offset, changed = rows.settle(offset, PAGE, sample.measure)
    assert changed
    assert screen_top(rows, 20, offset) == before
    assert rows.heights.is_exact(18)
    assert rows.heights.is_exact(19)


def test_measuring_nearby_keeps_what_is_on_screen_and_stops_at_the_deadline() -> None:
    sample = Sample(200)
    rows, measured = sample.rows, sample.measured
    offset, _changed = rows.settle(rows.heights.top(100), PAGE, sample.measure)
    first_shown = rows.heights.row_at(offset)
    before = screen_top(rows, first_shown, offset)
    measured.clear()
    offset, more = rows.measure_nearby(offset, PAGE, sample.measure, deadline=time.perf_counter() - 1)
    assert more
    assert len(measured) == 1
    while more:
        offset, more = rows.measure_nearby(offset, PAGE, sample.measure, deadline=time.perf_counter() + 1)
    assert screen_top(rows, first_shown, offset) == before
    shown_and_near = rows.heights.rows_between(offset - PAGE, offset + 3 * PAGE)
    assert all(rows.heights.is_exact(row) for row, _top in shown_and_near)
    assert not rows.heights.is_exact(0)
    assert not rows.heights.is_exact(199)


def test_rows_inserted_or_removed_above_leave_the_row_being_read_in_place() -> None:
    sample = Sample(100)
    rows = sample.rows
    offset, _changed = rows.settle(2_000, PAGE, sample.measure)
    reading = rows.heights.row_at(offset)
    before = screen_top(rows, reading, offset)
    offset = rows.insert(0, [70, 30], offset, PAGE)
    reading += 2
    assert screen_top(rows, reading, offset) == before
    offset = rows.insert(90, [500], offset, PAGE)
    assert screen_top(rows, reading, offset) == before
    anchor = rows.anchor(offset)
    offset = rows.remove(3, 5, anchor, offset, PAGE)
    reading -= 3
    assert screen_top(rows, reading, offset) == before
    # When the row being read goes, the one after it takes its place.
    anchor = rows.anchor(offset)
    assert anchor is not None
    removed = anchor[0]
    top = rows.heights.top(removed) - offset
    offset = rows.remove(removed, removed, anchor, offset, PAGE)
    assert rows.heights.top(removed) - offset == top


def test_scrolling_to_a_row_measures_a_page_around_it() -> None:
    sample = Sample(100)
    rows, measured = sample.rows, sample.measured
    offset = rows.measure_around(50, 0, PAGE, sample.measure)
    assert offset == 0
    assert set(measured) == {46, 47, 48, 49, 50, 51, 52, 53, 54}


def test_offsets_stay_within_the_scroll_range() -> None:
    sample = Sample(20, estimate=100, exact=20)
    rows = sample.rows
    offset, _changed = rows.settle(1_800, PAGE, sample.measure)
    assert offset == rows.heights.total - PAGE
    assert all(rows.heights.is_exact(row) for row, _top in rows.heights.rows_between(offset, offset + PAGE))
    assert rows.clamp(-5, PAGE) == 0


def test_scrolling_a_row_to_the_bottom_measures_only_the_rows_that_share_its_screen() -> None:
    sample = Sample(100)
    rows, measured = sample.rows, sample.measured
    rows.measure_around(99, 0, PAGE, sample.measure, "bottom")
    # 80 px rows: the last one and the three above it fill the 300 px screen; nothing more is laid out.
    assert set(measured) == {96, 97, 98, 99}
    measured.clear()
    rows.measure_around(10, 0, PAGE, sample.measure, "top")
    assert set(measured) == {10, 11, 12, 13}


class Clock:
    """A clock that moves only when a row is measured: each row costs what ``costs`` says, in turn."""

    def __init__(self, costs: list[float]) -> None:
        self.now = 0.0
        self.costs = costs

    def __call__(self) -> float:
        return self.now

    def measure(self, row: int) -> int:
        self.now += self.costs[row % len(self.costs)]
        return 80


def test_measuring_nearby_stops_before_a_row_that_would_end_past_the_deadline() -> None:
    clock = Clock([0.001])
    rows = LazyRows(clock)
    rows.insert(0, [50] * 200, 0, PAGE)
    offset, _changed = rows.settle(0, PAGE, clock.measure)
    # Rows costing 1 ms each, 3.5 ms to spend: three fit, a fourth would end past the deadline.
    start = clock.now
    _offset, more = rows.measure_nearby(offset, PAGE, clock.measure, deadline=start + 0.0035)
    assert more
    assert clock.now - start == pytest.approx(0.003)
    # A row far slower than those before it is still measured when it comes first (there is always
    # progress), and the next pass expects it: it stops after one row rather than overshooting again.
    clock.costs = [0.01]
    start = clock.now
    rows.measure_nearby(offset, PAGE, clock.measure, deadline=start + 0.0035)
    assert clock.now - start == pytest.approx(0.01)
    clock.costs = [0.001]
    start = clock.now
    rows.measure_nearby(offset, PAGE, clock.measure, deadline=start + 0.0035)
    assert clock.now - start == pytest.approx(0.001)


def test_measuring_nearby_can_leave_the_rows_above_for_later() -> None:
    sample = Sample(200)
    rows, measured = sample.rows, sample.measured
    offset, _changed = rows.settle(rows.heights.top(100), PAGE, sample.measure)
    first_shown = rows.heights.row_at(offset)
    measured.clear()
    more = True
    while more:
        offset, more = rows.measure_nearby(offset, PAGE, sample.measure, time.perf_counter() + 1, above=False)
    assert measured
    assert min(measured) > first_shown
    assert not rows.heights.is_exact(first_shown - 1)
    _offset, more = rows.measure_nearby(offset, PAGE, sample.measure, time.perf_counter() + 1)
    assert rows.heights.is_exact(first_shown - 1)
