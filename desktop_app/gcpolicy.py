"""Garbage-collector settings for an interactive app: no long pauses while the feed fills.

CPython's cyclic collector scans every object of the generations it collects. Posts are long-lived: with
default thresholds, each page of the feed sets off middle collections that rescan every post loaded so far,
and full collections that scan everything; with thousands of posts each holds the interpreter for 20-70 ms,
visible as stalls (``make bench`` measures them). Objects made during start-up (modules, classes, Qt
wrappers) live for the whole run, so they are moved out of the collector's sight; young collections stay
cheap (a few thousand objects each) and the middle and full ones become rare. Reference counting still frees
almost everything at once: the collector only has cycles to find, and still finds them.

During start-up itself (imports, the window) almost nothing made is garbage, yet the default thresholds
run some ninety collections before the first paint; they wait until the window is up.
"""

from __future__ import annotations

import gc

YOUNG = 5_000  # net allocations between young collections (default 700)
MIDDLE = 1_000  # young collections between middle ones (default 10): one per five million allocations
OLD = 10  # middle collections between full ones (the default)
START_UP_YOUNG = 1_000_000  # net allocations before a collection while starting: none on a normal start


def pause_during_start_up() -> None:
    """Collect nothing until ``tune_after_start_up`` (unless start-up allocates far more than it does)."""
    gc.set_threshold(START_UP_YOUNG, MIDDLE, OLD)


def tune_after_start_up() -> None:
    """Freeze what start-up made, and collect less often from now on."""
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
