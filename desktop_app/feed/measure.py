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

Anchor = tuple[int, int]
"""A row and where its top is relative to the top of the viewport (negative when it starts above it)."""
Measure = Callable[[int], int]
"""A row's exact height."""


class LazyRows:
    """Row heights that become exact near the viewport, measured through the ``measure`` callbacks given."""

    def __init__(self) -> None:
        self.heights = RowHeights()

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

    def measure_nearby(self, offset: int, page: int, measure: Measure, deadline: float) -> tuple[int, bool]:
        """Measure rows a few screens around the viewport until ``deadline`` (``time.perf_counter``).

        Returns the offset that keeps the rows on screen in place, and whether any were left to measure.
        """
        page = max(1, page)
        below = self.heights.rows_between(offset + page, offset + (1 + SCREENS_BELOW) * page)
        above = self.heights.rows_between(offset - SCREENS_ABOVE * page, offset)
        todo = [row for row, _top in below if not self.heights.is_exact(row)]
        todo += reversed([row for row, _top in above if not self.heights.is_exact(row)])
        if not todo:
            return offset, False
        anchor = self.anchor(offset)
        for row in todo:
            self.measure((row,), measure)
            if time.perf_counter() > deadline:
                break
        return self.offset_for(anchor, offset, page), True

    def measure_around(self, row: int, offset: int, page: int, measure: Measure) -> int:
        """Measure a row and a page of rows either side (before scrolling to it); returns the offset."""
        anchor = self.anchor(offset)
        self.measure((row,), measure)
        for step in (-1, 1):
            covered, other = 0, row + step
            while 0 <= other < len(self.heights) and covered < page:
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
