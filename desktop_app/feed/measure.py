"""Which rows to measure exactly and when, and the scroll offsets that keep the row being read in place.

Qt-free: rows are measured through a callback and offsets are plain numbers, so the view only applies them.
(The callback is passed to each call rather than kept: kept, it would tie the view and this in a cycle.)
Rows on screen are measured before they are painted; rows within a few screens in short idle passes. When
heights above the row being read change (or rows go in or out above it), the returned offset moves by as
much, so that row stays where it is on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from desktop_app.feed.heights import RowHeights

SCREENS_ABOVE = 1
SCREENS_BELOW = 2
_MAX_PASSES = 64
_COST_WEIGHT = 0.25
# How much of the rest of the screen lies above and below a row scrolled to the top, bottom or center.
_SHARES = {"top": (0.0, 1.0), "bottom": (1.0, 0.0), "center": (0.5, 0.5)}

Anchor = tuple[int, int]
"""A row and where its top is relative to the top of the viewport (negative when it starts above it)."""
Measure = Callable[[int], int]
"""A row's exact height."""


class LazyRows:
    """Row heights that become exact near the viewport, measured through the ``measure`` callbacks given."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.heights = RowHeights()
        self._clock = clock
        # What measuring one row costs lately (seconds): a pass against a deadline stops before a row that
        # would likely end past it, instead of finding out a whole slow row too late.
        self._row_cost = 0.0

    def clamp(self, offset: int, page: int) -> int:
        """The offset within the scroll range."""
        return max(0, min(offset, self.heights.total - page))

    def anchor(self, offset: int) -> Anchor | None:
        """The row at the top of a viewport starting at ``offset``."""
        row = self.heights.row_at(offset)
        return None if row < 0 else (row, self.heights.top(row) - offset)

    def offset_for(self, anchor: Anchor | None, offset: int, page: int) -> int:
        """The offset that puts the anchor row back where it was (``offset`` itself without one)."""
        if anchor is not None and anchor[0] < len(self.heights):
            offset = self.heights.top(anchor[0]) - anchor[1]
        return self.clamp(offset, page)

    def measure(self, rows: Iterable[int], measure: Measure) -> bool:
        """Exact heights for the rows still estimated; True when a height changed."""
        changed = False
        for row in rows:
            if not self.heights.is_exact(row):
                changed = self.heights.set(row, max(1, measure(row))) != 0 or changed
        return changed

    def settle(self, offset: int, page: int, measure: Measure) -> tuple[int, bool]:
        """Measure the rows on screen: (the offset that keeps them in place, whether a height changed).

        At the very top the top stays put; further down, the first row on screen that was already measured
        (what the user has seen), else the first row.
        """
        changed = False
        for _pass in range(_MAX_PASSES):
            shown = list(self.heights.rows_between(offset, offset + max(1, page)))
            estimated = [row for row, _top in shown if not self.heights.is_exact(row)]
            if not estimated:
                break
            seen = (entry for entry in shown if offset and self.heights.is_exact(entry[0]))
            row, top = next(seen, shown[0])
            changed = self.measure(estimated, measure) or changed
            offset = self.offset_for((row, top - offset), offset, page)
        return offset, changed

    def measure_nearby(
        self, offset: int, page: int, measure: Measure, deadline: float, *, above: bool = True
    ) -> tuple[int, bool]:
        """Measure rows a few screens around the viewport while another row fits before ``deadline``.

        At least one row is measured; then a row starts only when the slowest seen (this pass, or lately
        on average) would end by the deadline (a time of the clock given, ``time.perf_counter``'s unless
        told). Without ``above``, only rows below the viewport. Returns the offset that keeps the rows on
        screen in place, and whether any (of those asked for) are left.
        """
        page = max(1, page)
        end = offset + (1 + SCREENS_BELOW) * page
        below = self.heights.rows_between(offset + page, end)
        before = self.heights.rows_between(offset - SCREENS_ABOVE * page, offset) if above else iter(())
        # (row, below the viewport), nearest first below, then nearest first above.
        todo = [(row, True) for row, _top in below if not self.heights.is_exact(row)]
        todo += reversed([(row, False) for row, _top in before if not self.heights.is_exact(row)])
        if not todo:
            return offset, False
        anchor = self.anchor(offset)
        clock = self._clock
        now = clock()
        slowest, measured = self._row_cost, 0
        for row, is_below in todo:
            if measured and now + slowest > deadline:
                break
            if is_below and self.heights.top(row) >= end:
                continue  # pushed out of reach by the rows measured above it
            self.measure((row,), measure)
            started, now = now, clock()
            measured += 1
            slowest = max(slowest, now - started)
            self._row_cost += (now - started - self._row_cost) * _COST_WEIGHT
        return self.offset_for(anchor, offset, page), True

    def measure_around(
        self, row: int, offset: int, page: int, measure: Measure, where: str = "visible"
    ) -> int:
        """Measure a row and the rows sharing the screen with it once scrolled to; returns the offset.

        Shown at the "top", "bottom" or "center" (as ``RowHeights.scroll_target`` places it), only the rows
        filling the rest of that screen; anywhere ("visible"), a page either side, not knowing which.
        """
        anchor = self.anchor(offset)
        self.measure((row,), measure)
        if where in _SHARES:
            rest = max(0, page - self.heights.height(row))
            reaches = [rest * share for share in _SHARES[where]]
        else:
            reaches = [page, page]
        for step, reach in zip((-1, 1), reaches, strict=True):
            covered, other = 0, row + step
            while 0 <= other < len(self.heights) and covered < reach:
                self.measure((other,), measure)
                covered += self.heights.height(other)
                other += step
        return self.offset_for(anchor, offset, page)

    def insert(self, start: int, heights: Sequence[int], offset: int, page: int) -> int:
        """Rows (estimated) go in before ``start``; those above the row being read push the offset down."""
        anchor = self.anchor(offset)
        self.heights.insert(start, [max(1, height) for height in heights])
        if anchor is not None and start <= anchor[0]:
            anchor = (anchor[0] + len(heights), anchor[1])
        return self.offset_for(anchor, offset, page)

    def remove(self, first: int, last: int, anchor: Anchor | None, offset: int, page: int) -> int:
        """Rows ``first`` to ``last`` went; ``anchor`` was taken before. The row read stays, if it is left."""
        self.heights.remove(first, last)
        if anchor is not None and anchor[0] > last:
            anchor = (anchor[0] - (last - first + 1), anchor[1])
        elif anchor is not None and anchor[0] >= first:
            anchor = None
        return self.offset_for(anchor, offset, page)

    def change(
        self, first: int, last: int, offset: int, page: int, measure: Measure | None
    ) -> tuple[int, bool]:
        """Rows changed: measured now with ``measure``, or made estimates (None). Gives (offset, changed)."""
        anchor = self.anchor(offset)
        self.heights.forget(first, last)
        if measure is None or not self.measure(range(first, last + 1), measure):
            return offset, False
        return self.offset_for(anchor, offset, page), True
