"""Scrolling a 10,000-item feed of mixed kinds, and the memory those items take (run as a child process).

``python -m tests.bench.scroll_child`` prints ``SCROLL {json}``: the 95th percentile of frame times while
scrolling (one frame = move the scroll bar, paint, run pending events) and the resident growth in MiB
from the empty list to the list holding 10,000 items (measured in a fresh process, so nothing else grows it).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from msgspec.structs import replace

from desktop_app import gcpolicy
from desktop_app.api.models import FeedItem
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.startup import make_application
from tests.bench.feed import _mixed, _view
from tests.demo_accounts import signed_in_account

ITEMS = 10_000
FRAMES = 400


def rss_mib() -> float:
    """This process's resident memory now."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def sample_items() -> tuple[FeedItem, ...]:
    """A page of 100 posts from the demo org, every fourth replaced by another kind."""
    # Imported here: the client and its HTTP stack are needed only to fetch the sample.
    from desktop_app.accounts.client import AccountClient
    from desktop_app.api.credentials import CredentialsPool
    from desktop_app.api.photos import PhotoCache

    with DemoOrg() as demo:
        secrets = MemorySecretStore()
        account = signed_in_account(demo, demo.users[0], secrets)
        pool = CredentialsPool(secrets, demo.client_id)
        with tempfile.TemporaryDirectory() as photos:
            client = AccountClient(account, pool.get(account), PhotoCache(Path(photos)))
            items = client.news_feed(None, 100).items
            client.close()
        pool.close()
    return _mixed(items)


def main() -> int:
    """Measure and print one SCROLL line."""
    app = make_application()
    sample = sample_items()
    gcpolicy.tune_after_start_up()
    view, model = _view()
    app.processEvents()
    before = rss_mib()
    for start in range(0, ITEMS, len(sample)):
        # Each copy gets an id and text of its own; its segments and capabilities stay shared with the sample
        # (so this is a lower bound for a feed of 10,000 different posts).
        model.append_page(
            [
                replace(item, id=f"{start}-{item.id}", body_text=f"{item.body_text} ({start})")
                for item in sample
            ]
        )
    app.processEvents()
    grown = rss_mib() - before
    bar = view.verticalScrollBar()
    step = max(1, view.viewport().height() // 4)
    frames: list[float] = []
    for _ in range(FRAMES):
        started = time.perf_counter()
        bar.setValue(min(bar.maximum(), bar.value() + step))
        view.viewport().repaint()
        app.processEvents()
        frames.append((time.perf_counter() - started) * 1000)
    frames.sort()
    p95 = frames[int(len(frames) * 0.95) - 1]
    result = {
        "feed_scroll_frame_ms_p95": round(p95, 2),
        "feed_scroll_frame_ms_median": round(statistics.median(frames), 2),
        "feed_memory_mib_per_10k_items": round(grown * 10_000 / model.item_count, 1),
    }
    print("SCROLL " + json.dumps(result), flush=True)
    view.close()
    os._exit(0)  # the demo org's threads are done; nothing left to tear down


if __name__ == "__main__":
    sys.exit(main())
