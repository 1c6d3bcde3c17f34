"""Garbage-collector settings for an interactive app: no long pauses while the feed fills.

CPython's cyclic collector scans every tracked object in a full collection. With thousands of posts in
memory and a JSON page parsed every few seconds, default thresholds start a full collection every few pages,
and each one holds the interpreter for 50-70 ms: visible stalls (measured by ``make bench``). Objects made
during start-up (modules, classes, Qt wrappers) live for the whole run, so they are moved out of the
collector's sight, and young collections run less often. Reference counting still frees almost everything
at once; the collector only has cycles to find.
"""

from __future__ import annotations

import gc

YOUNG = 5_000  # allocations between young collections (default 700)
MIDDLE = 20  # young collections between middle ones (default 10)
OLD = 100  # middle collections between full ones (default 10)


def tune_after_start_up() -> None:
    """Freeze what start-up made, and collect less often from now on."""
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
