"""``make bench``: run every benchmark, write bench-results.json and print a table against the budgets.

``python -m tests.bench startup signin`` runs only the benchmarks named (refresh, feed, scroll, startup,
signin, revoke, installer) and writes their results to bench-results-partial.json, leaving the full run's
file alone.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench import feed, idle, installer, merge, refresh, revoke, scroll, signin, startup
from tests.bench.common import ROOT

# name: (budget description, check)
BUDGETS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "startup_ratio": ("<= 2.0", lambda v: v <= 2.0),
    "startup_ratio_without_saved_feed": ("<= 3.0", lambda v: v <= 3.0),
    "webengine_loaded_at_startup": ("false", lambda v: v is False),
    "startup_peak_rss_mib": ("<= 80", lambda v: v <= 80),
    "feed_append_ratio_10000_vs_100": ("<= 1.5", lambda v: v <= 1.5),
    "gui_stall_max_ms": ("<= 16", lambda v: v <= 16),
    "merge_gui_stall_max_ms": ("<= 16", lambda v: v <= 16),
    "idle_requests_per_account_hour": ("<= 60", lambda v: v <= 60),
    "idle_requests_per_account_hour_hidden": ("<= 20", lambda v: v <= 20),
    "idle_requests_busiest_account_hour": ("<= 60", lambda v: v <= 60),
    "signin_dialog_ratio": ("<= 1.3", lambda v: v <= 1.3),
    "feed_scroll_frame_ms_p95": ("<= 16", lambda v: v <= 16),
    "feed_memory_mib_per_10k_items": ("<= 60", lambda v: v <= 60),
    "revoke_all_s": ("< 2", lambda v: v < 2),
    "installer_size_mb": ("<= 380 (when built)", lambda v: v is None or v <= 380),
    "refreshes_for_50_concurrent_401s": ("== 1", lambda v: v == 1),
    "photo_requests_on_second_start": ("== 0", lambda v: v == 0),
}


BENCHES: tuple[tuple[str, Callable[[], dict[str, Any]]], ...] = (
    ("refresh", refresh.run),
    ("feed", feed.run),
    ("merge", merge.run),
    ("idle", idle.run),
    ("scroll", scroll.run),
    ("startup", startup.run),
    ("signin", signin.run),
    ("revoke", revoke.run),
    ("installer", installer.run),
)


def main(names: list[str]) -> int:
    """Run, record, report; exit 1 if a budget is missed (2 for a name that is no benchmark)."""
    unknown = sorted(set(names) - {name for name, _bench in BENCHES})
    if unknown:
        known = ", ".join(name for name, _bench in BENCHES)
        print(f"no such benchmark: {', '.join(unknown)} (there are: {known})", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpus": os.cpu_count()}
    benches = [(name, bench) for name, bench in BENCHES if not names or name in names]
    for name, bench in benches:
        started = time.perf_counter()
        print(f"running {name} …", file=sys.stderr, flush=True)
        results.update(bench())
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    written = ROOT / ("bench-results-partial.json" if names else "bench-results.json")
    written.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    width = max(len(k) for k in results)
    failed = []
    print(f"\n{'measure':<{width}}  {'value':>14}  budget")
    for key, value in results.items():
        budget, check = BUDGETS.get(key, ("", lambda _v: True))
        ok = check(value)
        if not ok:
            failed.append(key)
        mark = "" if not budget else ("ok" if ok else "MISSED")
        shown = json.dumps(value) if not isinstance(value, float) else f"{value:.3f}"
        print(f"{key:<{width}}  {shown:>14}  {budget} {mark}".rstrip())
    print(f"\nwritten to {written}")
    if failed:
        print(f"budgets missed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
