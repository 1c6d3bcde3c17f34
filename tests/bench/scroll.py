"""Scrolling 10,000 items of mixed kinds, per frame, and the memory those items take (fresh processes)."""

from __future__ import annotations

import json
import statistics
from typing import Any

from tests.bench.common import child_env, python, time_until_marker

RUNS = 5
KEYS = ("feed_scroll_frame_ms_p95", "feed_scroll_frame_ms_median", "feed_memory_mib_per_10k_items")


def run() -> dict[str, Any]:
    """feed_scroll_frame_ms_p95 and feed_memory_mib_per_10k_items: medians of fresh-process runs."""
    results = []
    for _ in range(RUNS):
        line = time_until_marker([python(), "-m", "tests.bench.scroll_child"], "SCROLL ", child_env()).line
        results.append(json.loads(line.removeprefix("SCROLL ")))
    return {
        key: round(statistics.median(r[key] for r in results), 2)
        for key in (
            "feed_scroll_frame_ms_p95",
            "feed_scroll_frame_ms_median",
            "feed_memory_mib_per_10k_items",
        )
    }
