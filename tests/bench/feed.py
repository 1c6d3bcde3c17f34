"""Feed scale: append cost with 100 against 10,000 rows, and GUI-thread stalls while 2,000 items stream in.

The feed is a mix as people see it: text posts from the demo org with, in every fourth row, one of the
other documented kinds (polls, files, bundles, record events, questions, links, kinds only Salesforce shows).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from msgspec.structs import replace
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import gcpolicy
from desktop_app.accounts.client import AccountClient
from desktop_app.api.credentials import CredentialsPool
from desktop_app.api.models import FEED_PAGE_SIZE, FeedItem, FeedPage
from desktop_app.api.operations import NewsFeed
from desktop_app.api.parse import parse_feed_page
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from tests.bench.common import app_page_reader, median, stall_tail
from tests.bench.heartbeat import Heartbeat, drain_deletes
from tests.bench.remote_demo import RemoteDemo
from tests.ui.conftest import signed_in_account
from tests.unit.api import fixtures

APPEND_ROUNDS = 25
STREAM_ITEMS = 2_000
STREAM_RUNS = 5
KIND_EVERY = 4
KINDS = parse_feed_page(fixtures.feed_page()).items


def _view() -> tuple[FeedListView, FeedModel]:
    """The list the app's feed uses, with its model and delegate."""
    view = FeedListView()
    model = FeedModel(view)
    view.setModel(model)
    view.setItemDelegate(FeedDelegate(None, view))
    view.resize(640, 900)
    view.show()
    return view, model


def _renamed(items: tuple[FeedItem, ...], prefix: str) -> list[FeedItem]:
    return [replace(item, id=f"{prefix}{item.id}") for item in items]


def _mixed(items: tuple[FeedItem, ...]) -> tuple[FeedItem, ...]:
    """The posts with every fourth one replaced by another kind of element (an id of its own each time)."""
    return tuple(
        replace(KINDS[(row // KIND_EVERY) % len(KINDS)], id=f"{item.id}-k")
        if row % KIND_EVERY == KIND_EVERY - 1
        else item
        for row, item in enumerate(items)
    )


def _append_ms(app: QApplication, sample: tuple[FeedItem, ...], prefills: tuple[int, ...]) -> list[float]:
    """Median ms to append 100 posts (and repaint) to feeds already holding each prefill, rounds interleaved.

    Interleaving puts the machine's noise on every feed alike, so their ratio stays meaningful.
    """
    views = []
    for prefill in prefills:
        view, model = _view()
        for start in range(0, prefill, 100):
            model.append_page(_renamed(sample[:100], f"p{start}-"))
        app.processEvents()
        view.scrollToBottom()
        app.processEvents()
        views.append((view, model))
    timings: list[list[float]] = [[] for _ in prefills]
    for round_ in range(APPEND_ROUNDS):
        for index, (view, model) in enumerate(views):
            items = _renamed(sample[:100], f"r{round_}-")
            started = time.perf_counter()
            model.append_page(items)
            view.viewport().repaint()
            app.processEvents()
            timings[index].append((time.perf_counter() - started) * 1000)
    for view, _model in views:
        view.close()
        view.deleteLater()
    app.processEvents()
    return [median(t) for t in timings]


def _stream(
    client_id: str, account: Account, secrets: MemorySecretStore, tmp: str
) -> tuple[float, list[float]]:
    pool = CredentialsPool(secrets, client_id)
    photos = PhotoCache(Path(tmp))
    reader = app_page_reader()
    service = ApiService(lambda key: AccountClient(account, pool.get(account), photos), reader=reader)
    view, model = _view()
    heartbeat = Heartbeat()
    state: dict[str, Any] = {"round": 0, "done": False}
    finished: list[Any] = []

    def fetch(url: str | None) -> None:
        # Pages of the size the app asks for, as the feed would stream them while the user scrolls.
        service.call(account.key, NewsFeed(url, FEED_PAGE_SIZE), channel="bench", on_done=received)

    def received(outcome: ApiOutcome) -> None:
        page = outcome.value
        if not isinstance(page, FeedPage):
            raise RuntimeError(f"feed page failed: {outcome.error}")
        model.append_page(_renamed(_mixed(page.items), f"s{state['round']}-"))
        view.scrollToBottom()
        if model.item_count >= STREAM_ITEMS:
            state["done"] = True
            finished[0]()
            return
        if page.next_page_url is None:
            state["round"] += 1
        fetch(page.next_page_url)

    loop = QEventLoop()
    finished.append(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    heartbeat.start()
    fetch(None)
    loop.exec()
    heartbeat.stop()
    service.shutdown()
    if reader is not None:
        reader.close()
    pool.close()
    view.close()
    view.deleteLater()
    if not state["done"]:
        raise RuntimeError("the feed did not stream 2,000 items in two minutes")
    return heartbeat.longest, heartbeat.gaps


def run() -> dict[str, Any]:
    """feed_append_ms_per_100 at 100 and 10,000 rows, their ratio, and gui_stall_max_ms."""

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    gcpolicy.tune_after_start_up()  # as the app does once its window is up
    with DemoOrg() as demo, tempfile.TemporaryDirectory() as tmp:
        secrets = MemorySecretStore()
        account = signed_in_account(demo, demo.users[0], secrets)
        pool = CredentialsPool(secrets, demo.client_id)
        client = AccountClient(account, pool.get(account), PhotoCache(Path(tmp)))
        sample = _mixed(client.news_feed(None, 100).items)
        client.close()
        pool.close()
        small, large = _append_ms(app, sample, (100, 10_000))
    with RemoteDemo() as remote, tempfile.TemporaryDirectory() as tmp:
        # The stream comes from a server in another process, as it would from a real org: a server in
        # this process would hold the interpreter lock while it writes each page and count as a stall.
        remote_account, values = remote.account(remote.users[0])
        remote_secrets = MemorySecretStore()
        remote_secrets.set(remote_account.key, Tokens(values["access_token"], values.get("refresh_token")))
        streams = []
        for _ in range(STREAM_RUNS):
            streams.append(_stream(remote.client_id, remote_account, remote_secrets, tmp))
            drain_deletes()
    tails = [stall_tail(gaps) for _stall, gaps in streams]
    return {
        "feed_append_ms_per_100_at_100": round(small, 3),
        "feed_append_ms_per_100_at_10000": round(large, 3),
        "feed_append_ratio_10000_vs_100": round(large / small, 3) if small else 0.0,
        # The median over the runs of each run's longest gap; the longest of all is reported beside it.
        "gui_stall_max_ms": median([stall for stall, _gaps in streams]),
        "gui_stall_max_ms_worst_run": max(stall for stall, _gaps in streams),
        "gui_stall_p99_ms": median([tail["p99_ms"] for tail in tails]),
        "gui_stalls_over_16_ms": median([tail["over_budget"] for tail in tails]),
    }
