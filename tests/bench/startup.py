"""Start-up against a bare window, QtWebEngine left unloaded, peak memory, and photos on a warm start."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from desktop_app.demo_org import DemoOrg
from desktop_app.paths import Paths
from tests.bench.common import ROOT, child_env, median, python, save_demo_account, time_until_marker

RUNS = 5


def _app_run(profile: Path, linger_ms: int = 0) -> tuple[float, dict[str, Any]]:
    env = child_env(CONNECT_DESKTOP_STARTUP_REPORT="1", CONNECT_DESKTOP_STARTUP_LINGER_MS=str(linger_ms))
    timed = time_until_marker([python(), "-m", "desktop_app", "--profile", str(profile)], "STARTUP ", env)
    return timed.seconds, json.loads(timed.line.removeprefix("STARTUP "))


def _bare_run() -> float:
    return time_until_marker([python(), "-m", "tests.bench.bare_window"], "PAINTED", child_env()).seconds


def run() -> dict[str, Any]:
    """startup_ratio, webengine_loaded_at_startup, startup_peak_rss_mib, photo_requests_on_second_start."""
    # An installed app (wheel or frozen build) starts from bytecode; compile it here too, since this checkout
    # may run with PYTHONDONTWRITEBYTECODE and would otherwise compile every module at every start.
    subprocess.run([python(), "-m", "compileall", "-q", str(ROOT / "desktop_app")], check=True)
    with DemoOrg() as demo, tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp:
        profile = Path(tmp) / "profile"
        save_demo_account(demo, profile)
        _app_run(profile)  # warm the OS file cache for both, so neither pays for the first read from disk
        _bare_run()
        app_times: list[float] = []
        bare_times: list[float] = []
        reports: list[dict[str, Any]] = []
        for _ in range(RUNS):
            bare_times.append(_bare_run())
            seconds, report = _app_run(profile)
            app_times.append(seconds)
            reports.append(report)

        # A start whose feed page was never kept (first run, or after a revoke) waits for the org's answer
        # before it can paint posts.
        cold_ratios: list[float] = []
        feed_dir = Paths.for_profile(profile).feed_cache_dir
        for _ in range(RUNS):
            bare = _bare_run()
            shutil.rmtree(feed_dir, ignore_errors=True)
            cold_ratios.append(_app_run(profile)[0] / bare)

        photo_profile = Path(tmp) / "photos"
        save_demo_account(demo, photo_profile, user_index=1)
        _app_run(photo_profile, linger_ms=3000)
        before = demo.counters["photo"]
        _app_run(photo_profile, linger_ms=3000)
        second_start_photos = demo.counters["photo"] - before

    ratios = sorted(a / b for a, b in zip(app_times, bare_times, strict=True))
    return {
        "startup_ratio": median(ratios),
        "startup_app_s": median(app_times),
        "startup_bare_window_s": median(bare_times),
        "webengine_loaded_at_startup": any(r["webengine_loaded"] for r in reports),
        "startup_peak_rss_mib": median([r["peak_rss_mib"] for r in reports]),
        "startup_peak_rss_mib_max": max(r["peak_rss_mib"] for r in reports),
        "startup_ratio_without_saved_feed": median(cold_ratios),
        "startup_marks": reports[len(reports) // 2]["marks"],
        "photo_requests_on_second_start": second_start_photos,
    }
