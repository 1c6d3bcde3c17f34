"""A start without a kept feed page (the first run, or after a revoke): the app's helper process asks the
org while the window is built, and the window's first posts are its page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.api.feedcache import FeedCache
from desktop_app.demo_org import DemoOrg
from desktop_app.log import LOG_FILE
from desktop_app.paths import Paths
from tests.bench.common import ROOT, child_env, save_demo_account

pytestmark = [pytest.mark.e2e, pytest.mark.keyring]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper is forked on Linux only")
def test_the_first_posts_of_a_start_without_a_kept_page_come_from_the_helper(
    tmp_path: Path, secret_service: None
) -> None:
    with DemoOrg() as demo:
        profile = tmp_path / "profile"
        account = save_demo_account(demo, profile)
        paths = Paths.for_profile(profile)
        feeds = FeedCache(paths.feed_cache_dir)
        assert not feeds.path(account.key).exists()
        refreshes = demo.counters["refresh"]

        started = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--profile", str(profile)],
            # Long enough after the first paint for the page reader to start.
            env=child_env(CONNECT_DESKTOP_STARTUP_REPORT="1", CONNECT_DESKTOP_STARTUP_LINGER_MS="3000"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

        assert started.returncode == 0, started.stderr
        report = next(line for line in started.stdout.splitlines() if line.startswith("STARTUP "))
        assert json.loads(report.removeprefix("STARTUP "))["marks"]["first_feed_paint"] > 0
        log = (paths.log_dir / LOG_FILE).read_text(encoding="utf-8")
        assert "The first feed page came from the start-up helper" in log
        assert "The page reader is ready" in log
        assert "asking again" not in log
        assert demo.counters["refresh"] == refreshes
        assert feeds.path(account.key).exists()  # kept for the next start, as the app keeps a first page
