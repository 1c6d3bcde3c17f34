"""The merged timeline at scale: 5 accounts x 2,000 items merged into the list, the longest GUI-thread stall.

Pages come from a demo org in another process (as from real orgs: a server in this process would hold the
interpreter lock while it writes each page), one account per demo user, on the app's worker threads. Each
account's pages are renamed per account (org-mates see the same posts) and, once a feed runs out, read again
a year earlier, until it has given 2,000 items. The GUI thread does what "All accounts" does with each page:
the merge (``MergedFeed``), settled entries into the model a chunk a turn (``SettledRows``) with each item's
account, the list with its delegate painting badges, scrolled to the end as a person reading on would, and
the next page asked of whoever holds the rest back.
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from functools import partial
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
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.feed.merge import MergedFeed, Request
from desktop_app.feed.richtext import parse_timestamp
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.orgbadge import OrgBadge, account_colour
from desktop_app.ui.feed.settledrows import SettledRows
from tests.bench.common import app_page_reader, median, stall_tail
from tests.bench.heartbeat import Heartbeat, drain_deletes
from tests.bench.remote_demo import RemoteDemo

ACCOUNTS = 5
RUNS = 5
ITEMS_PER_ACCOUNT = 2_000
TIMEOUT_MS = 300_000


def _earlier(item: FeedItem, prefix: str, years: int) -> FeedItem:
    moment = parse_timestamp(item.created)
    created = item.created
    if moment is not None and years:
        created = (moment - timedelta(days=365 * years)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return replace(item, id=f"{prefix}{item.id}", created=created)


class _Merge:
    """Drives the merge as "All accounts" does, with each account's pages renamed and repeated."""

    def __init__(self, service: ApiService, accounts: list[Account]) -> None:
        self.service = service
        self.merged = MergedFeed([(a.key, a.org_name) for a in accounts])
        self.view = FeedListView()
        self.model = FeedModel(self.view)
        self.view.setModel(self.model)
        delegate = FeedDelegate(None, self.view)
        badges = {a.key: OrgBadge(account_colour(a.key), a.org_name) for a in accounts}
        delegate.account_of = self.model.account_of
        delegate.badge_of = lambda item_id: badges.get(self.model.account_of(item_id) or "")
        self.view.setItemDelegate(delegate)
        self.rows = SettledRows(self.model, self.view)
        self.rows.appended.connect(self.appended)
        self.view.resize(700, 900)
        self.view.show()
        self.prefix = {a.key: f"a{n}-" for n, a in enumerate(accounts)}
        self.given = dict.fromkeys(self.prefix, 0)
        self.tokens: dict[str, tuple[str | None, int]] = {}
        self.failure: str = ""
        # The GUI thread's own CPU time per handler: what the stall would be on an idle machine.
        self.cpu_ms: list[float] = []
        self.done = QEventLoop()

    def send(self, requests: list[Request]) -> None:
        for request in requests:
            assert isinstance(request.operation, NewsFeed)
            url, years = self.tokens.get(request.operation.page_url or "", (None, 0))
            done = partial(self.received, request.account_key, years)
            self.service.call(
                request.account_key, NewsFeed(url, FEED_PAGE_SIZE), channel="bench", on_done=done
            )

    def received(self, key: str, years: int, outcome: ApiOutcome[FeedPage]) -> None:
        started = time.thread_time()
        self._received(key, years, outcome)
        self.cpu_ms.append((time.thread_time() - started) * 1000)

    def _received(self, key: str, years: int, outcome: ApiOutcome[FeedPage]) -> None:
        page = outcome.value
        if page is None:
            self.failure = f"a page failed: {outcome.error}"
            self.done.quit()
            return
        room = ITEMS_PER_ACCOUNT - self.given[key]
        items = tuple(_earlier(item, f"{self.prefix[key]}{years}-", years) for item in page.items[:room])
        self.given[key] += len(items)
        token = None
        if self.given[key] < ITEMS_PER_ACCOUNT:
            token = f"{key}/{len(self.tokens)}"
            self.tokens[token] = (page.next_page_url, years) if page.next_page_url else (None, years + 1)
        self.rows.add(self.merged.page_arrived(key, FeedPage(items, next_page_url=token)))
        if not self.merged.at_end:
            self.send(self.merged.more())
        self.finish_if_done()

    def appended(self, _added: int) -> None:
        started = time.thread_time()
        self.view.scrollToBottom()
        self.cpu_ms.append((time.thread_time() - started) * 1000)
        self.finish_if_done()

    def finish_if_done(self) -> None:
        if self.merged.at_end and not self.rows.pending:
            self.done.quit()


def _stream(client_id: str, accounts: list[Account], secrets: MemorySecretStore, tmp: str) -> dict[str, Any]:
    pool = CredentialsPool(secrets, client_id)
    photos = PhotoCache(Path(tmp))
    by_key = {a.key: a for a in accounts}
    reader = app_page_reader()
    service = ApiService(lambda key: AccountClient(by_key[key], pool.get(by_key[key]), photos), reader=reader)
    merge = _Merge(service, accounts)
    heartbeat = Heartbeat()
    QTimer.singleShot(TIMEOUT_MS, merge.done.quit)
    started = time.perf_counter()
    heartbeat.start()
    merge.send(merge.merged.start())
    merge.done.exec()
    heartbeat.stop()
    seconds = time.perf_counter() - started
    service.shutdown()
    if reader is not None:
        reader.close()
    pool.close()
    shown = merge.model.item_count
    merge.view.close()
    merge.view.deleteLater()
    if merge.failure:
        raise RuntimeError(merge.failure)
    if shown != ACCOUNTS * ITEMS_PER_ACCOUNT:
        raise RuntimeError(f"the merge showed {shown} of {ACCOUNTS * ITEMS_PER_ACCOUNT} items in time")
    tail = stall_tail(heartbeat.gaps)
    return {
        "merge_items": shown,
        "merge_seconds": round(seconds, 2),
        # Measured as gui_stall_max_ms is (tests/bench/feed.py): the longest gap between heartbeats.
        "merge_gui_stall_max_ms": heartbeat.longest,
        "merge_gui_stall_p99_ms": tail["p99_ms"],
        "merge_gui_stalls_over_16_ms": tail["over_budget"],
        "merge_gui_handler_cpu_max_ms": round(max(merge.cpu_ms, default=0.0), 1),
    }


def run() -> dict[str, Any]:
    """merge_seconds, merge_gui_stall_max_ms, merge_gui_handler_cpu_max_ms: medians of RUNS runs."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    gcpolicy.tune_after_start_up()  # as the app does once its window is up
    with RemoteDemo() as remote, tempfile.TemporaryDirectory() as tmp:
        secrets = MemorySecretStore()
        accounts = []
        for username in remote.users[:ACCOUNTS]:
            account, values = remote.account(username)
            secrets.set(account.key, Tokens(values["access_token"], values.get("refresh_token")))
            accounts.append(account)
        runs = []
        for _ in range(RUNS):
            runs.append(_stream(remote.client_id, accounts, secrets, tmp))
            drain_deletes()
    # Medians over the runs; the longest stall of any run is reported beside its median.
    result = {key: median([run[key] for run in runs]) for key in runs[0]}
    result["merge_items"] = runs[0]["merge_items"]
    result["merge_gui_stall_max_ms_worst_run"] = max(run["merge_gui_stall_max_ms"] for run in runs)
    return result
