"""Row heights of a long list, exact or estimated, with block sums so positions stay cheap at any length.

Rows are grouped by index into blocks of ``BLOCK`` rows. Each block's sum is kept, and block tops are a
prefix sum brought up to date lazily from the first block that changed. Appending k rows costs O(k),
changing a height O(1), and a row's top or the row at a height costs a bisect plus one block summed in C.
Inserting or removing in the middle re-sums the blocks after that point: O(n / BLOCK) steps, rare in a feed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

BLOCK = 128
_ESTIMATE = -1


class RowHeights:
    """Heights of rows in order; each one measured (for the current generation) or an estimate."""

    def __init__(self) -> None:
        self._heights: list[int] = []
        # The generation a row was measured in, or _ESTIMATE: bumping the generation makes every row stale.
        self._measured: list[int] = []
        self._generation = 0
        self._sums: list[int] = []
        self._tops: list[int] = [0]
        self._valid_tops = 0

    def __len__(self) -> int:
        return len(self._heights)

    @property
    def total(self) -> int:
        """The height of all rows together."""
        self._refresh()
        return self._tops[-1]

    def height(self, row: int) -> int:
        """The height of one row."""
        return self._heights[row]

    def is_exact(self, row: int) -> bool:
        """Whether the row's height was measured since the last ``stale_all``."""
        return self._measured[row] == self._generation

    def set(self, row: int, height: int, *, exact: bool = True) -> int:
        """Give a row its height (measured, unless ``exact`` is False); returns how much it changed."""
        delta = height - self._heights[row]
        self._heights[row] = height
        self._measured[row] = self._generation if exact else _ESTIMATE
        if delta:
            block = row // BLOCK
            self._sums[block] += delta
            self._valid_tops = min(self._valid_tops, block)
        return delta

    def insert(self, row: int, heights: Sequence[int]) -> None:
        """Put estimated rows in before ``row`` (``row == len(self)`` appends)."""
        if not heights:
            return
        self._heights[row:row] = heights
        self._measured[row:row] = [_ESTIMATE] * len(heights)
        self._resum(row // BLOCK)

    def remove(self, first: int, last: int) -> int:
        """Take out rows ``first`` to ``last`` inclusive; returns the height they had."""
        removed = sum(self._heights[first : last + 1])
        del self._heights[first : last + 1]
        del self._measured[first : last + 1]
        self._resum(first // BLOCK)
        return removed

    def forget(self, first: int, last: int) -> None:
        """Turn rows ``first`` to ``last`` into estimates (their content changed); heights stay."""
        self._measured[first : last + 1] = [_ESTIMATE] * (last + 1 - first)

    def stale_all(self) -> None:
        """Every height becomes an estimate (the width or the font changed), in constant time."""
        self._generation += 1

    def clear(self) -> None:
        """No rows."""
        self._heights.clear()
        self._measured.clear()
        self._resum(0)

    def top(self, row: int) -> int:
        """Where a row starts (``top(len(self))`` is the total height)."""
        self._refresh()
        block = row // BLOCK
        return self._tops[block] + sum(self._heights[block * BLOCK : row])

    def row_at(self, y: int) -> int:
        """The row covering height ``y``, clamped to the first and last rows; -1 when there are none."""
        count = len(self._heights)
        if count == 0:
            return -1
        self._refresh()
        if y < 0:
            return 0
        if y >= self._tops[-1]:
            return count - 1
        block = bisect_right(self._tops, y, 0, len(self._sums)) - 1
        start = block * BLOCK
        tops = list(accumulate(self._heights[start : start + BLOCK], initial=self._tops[block]))
        return min(count - 1, start + bisect_right(tops, y) - 1)

    def rows_between(self, y0: int, y1: int) -> Iterator[tuple[int, int]]:
        """(row, top) of the rows overlapping heights ``y0`` up to ``y1``, top to bottom."""
        row = self.row_at(max(0, y0))
        if row < 0 or y1 <= y0:
            return
        top = self.top(row)
        heights = self._heights
        while row < len(heights) and top < y1:
            yield row, top
            top += heights[row]
            row += 1

    def scroll_target(self, row: int, offset: int, page: int, where: str) -> int | None:
        """The offset that shows ``row`` at the "top", "bottom" or "center" of a page, or anywhere on it for
        "visible" (None: it already is)."""
        top, height = self.top(row), self._heights[row]
        if where == "top" or (where == "visible" and (top < offset or height > page)):
            return top
        if where == "bottom" or (where == "visible" and top + height > offset + page):
            return top + height - page
        if where == "center":
            return top - (page - height) // 2
        return None

    def step(self, row: int, move: str, page: int) -> int:
        """Where a cursor on ``row`` (-1: none) goes: "up", "down", "page up", "page down", "home", "end"."""
        last = len(self._heights) - 1
        if row < 0 or move == "home":
            return 0
        targets = {
            "end": last,
            "up": row - 1,
            "down": row + 1,
            "page up": min(row - 1, self.row_at(self.top(row) - page + 1)),
            "page down": max(row + 1, self.row_at(self.top(row) + page)),
        }
        return max(0, min(last, targets[move]))

    def _resum(self, block: int) -> None:
        heights = self._heights
        self._sums[block:] = [
            sum(heights[at : at + BLOCK]) for at in range(block * BLOCK, len(heights), BLOCK)
        ]
        del self._tops[len(self._sums) + 1 :]
        self._valid_tops = min(self._valid_tops, block, len(self._sums))

    def _refresh(self) -> None:
        valid = self._valid_tops
        if valid < len(self._sums):
            self._tops[valid:] = accumulate(self._sums[valid:], initial=self._tops[valid])
            self._valid_tops = len(self._sums)
