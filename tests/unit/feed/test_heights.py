"""RowHeights: positions from block sums agree with adding heights up, through inserts, removals, changes."""

from __future__ import annotations

from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.feed.heights import BLOCK, RowHeights

heights = st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=40)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.floats(0, 1), heights),
        st.tuples(
            st.just("append"), st.just(1.0), st.lists(st.integers(1, 400), min_size=1, max_size=3 * BLOCK)
        ),
        st.tuples(st.just("remove"), st.floats(0, 1), st.integers(1, 30)),
        st.tuples(st.just("set"), st.floats(0, 1), st.integers(1, 400)),
    ),
    max_size=25,
)


def check(rows: RowHeights, expected: list[int]) -> None:
    tops = list(accumulate(expected, initial=0))
    assert len(rows) == len(expected)
    assert rows.total == tops[-1]
    for row in {0, len(expected) // 2, len(expected) - 1, *range(0, len(expected), 37)} - {-1}:
        if row < len(expected):
            assert rows.top(row) == tops[row]
            assert rows.height(row) == expected[row]
            assert rows.row_at(tops[row]) == row
            assert rows.row_at(tops[row + 1] - 1) == row


@settings(max_examples=60, deadline=None)
@given(operations)
def test_positions_match_a_plain_list(ops: list[tuple[str, float, object]]) -> None:
    rows, expected = RowHeights(), []
    for kind, where, value in ops:
        if kind in ("insert", "append"):
            assert isinstance(value, list)
            at = len(expected) if kind == "append" else round(where * len(expected))
            rows.insert(at, value)
            expected[at:at] = value
        elif expected and kind == "remove":
            assert isinstance(value, int)
            first = min(len(expected) - 1, int(where * len(expected)))
            last = min(len(expected) - 1, first + value - 1)
            assert rows.remove(first, last) == sum(expected[first : last + 1])
            del expected[first : last + 1]
        elif expected and kind == "set":
            assert isinstance(value, int)
            row = min(len(expected) - 1, int(where * len(expected)))
            assert rows.set(row, value) == value - expected[row]
            expected[row] = value
        check(rows, expected)


def test_rows_between_lists_the_rows_overlapping_a_band() -> None:
    rows = RowHeights()
    rows.insert(0, [100, 50, 200, 10, 40])
    assert list(rows.rows_between(0, 100)) == [(0, 0)]
    assert list(rows.rows_between(90, 160)) == [(0, 0), (1, 100), (2, 150)]
    assert list(rows.rows_between(355, 10_000)) == [(3, 350), (4, 360)]
    assert list(rows.rows_between(-50, 0)) == []
    assert rows.row_at(-5) == 0
    assert rows.row_at(10_000) == 4
    assert RowHeights().row_at(0) == -1


def test_new_rows_are_estimates_until_measured_and_a_new_generation_makes_all_stale() -> None:
    rows = RowHeights()
    rows.insert(0, [30] * 5)
    assert not any(rows.is_exact(row) for row in range(5))
    rows.set(2, 80)
    assert rows.is_exact(2)
    rows.stale_all()
    assert not rows.is_exact(2)
    assert rows.height(2) == 80
    rows.set(2, 90)
    rows.forget(0, 4)
    assert not rows.is_exact(2)
    assert rows.total == 4 * 30 + 90


def test_scroll_targets_and_cursor_steps() -> None:
    rows = RowHeights()
    rows.insert(0, [100] * 20)
    assert rows.scroll_target(5, 0, 300, "top") == 500
    assert rows.scroll_target(5, 0, 300, "bottom") == 300
    assert rows.scroll_target(5, 0, 300, "center") == 400
    assert rows.scroll_target(5, 0, 300, "visible") == 300
    assert rows.scroll_target(5, 450, 300, "visible") is None
    assert rows.scroll_target(5, 700, 300, "visible") == 500
    assert rows.step(-1, "down", 300) == 0
    assert rows.step(3, "down", 300) == 4
    assert rows.step(0, "up", 300) == 0
    assert rows.step(10, "page down", 300) == 13
    assert rows.step(10, "page up", 300) == 7
    assert rows.step(4, "end", 300) == 19
    assert rows.step(4, "home", 300) == 0
    assert rows.step(19, "page down", 300) == 19
