"""Worker threads: answers come back on the GUI thread, stale ones are dropped, quitting joins them."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from desktop_app.accounts.book import AccountBook as SavedBook
from desktop_app.accounts.earlypage import fork_helper
from desktop_app.accounts.pagereader import PageReader, spawn
from desktop_app.api.errors import NotFound
from desktop_app.api.feedreads import FeedRead
from desktop_app.api.models import FeedPage, UserDetail
from desktop_app.api.operations import Me, NewsFeed, UserProfile
from desktop_app.auth import network
from desktop_app.auth.account import Account
from desktop_app.auth.network import NetworkConfig
from desktop_app.demo_org import DemoOrg
from desktop_app.feed.firstpage import first_page_read
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from tests.demo_accounts import saved_book, signed_in_account
from tests.proxying import PROXIED_NAME, manual, tinyproxy
from tests.ui.conftest import AccountBook
from tests.unit.auth.servers import raw_server, trickle_body


def test_call_runs_off_the_gui_thread_and_answers_on_it(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    gui = threading.current_thread()
    seen: list[tuple[ApiOutcome, threading.Thread]] = []
    api_service.call(demo_account.key, Me(), on_done=lambda o: seen.append((o, threading.current_thread())))
    qtbot.wait_until(lambda: bool(seen), timeout=10_000)
    outcome, thread = seen[0]
    assert thread is gui
    assert outcome.ok
    assert isinstance(outcome.value, UserDetail)
    assert outcome.value.id == demo_account.user_id
    assert outcome.api_version == "66.0"
    assert outcome.usage is not None


def test_errors_arrive_as_outcomes(qtbot: QtBot, api_service: ApiService, demo_account: Account) -> None:
    seen: list[ApiOutcome] = []
    api_service.call(demo_account.key, UserProfile("005000000000000AAA"), on_done=seen.append)
    qtbot.wait_until(lambda: bool(seen), timeout=10_000)
    assert isinstance(seen[0].error, NotFound)


def test_bumping_a_channel_drops_answers_already_under_way(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    stale: list[ApiOutcome] = []
    fresh: list[ApiOutcome] = []
    api_service.call(demo_account.key, NewsFeed(), channel="feed", on_done=stale.append)
    api_service.bump("feed")
    api_service.call(demo_account.key, NewsFeed(), channel="feed", on_done=fresh.append)
    qtbot.wait_until(lambda: bool(fresh), timeout=10_000)
    qtbot.wait_until(lambda: not api_service.busy, timeout=10_000)
    assert stale == []
    assert isinstance(fresh[0].value, FeedPage)


def test_lanes_are_separate_threads(qtbot: QtBot, api_service: ApiService, demo_account: Account) -> None:
    seen: list[ApiOutcome] = []
    for lane in Lane:
        api_service.call(demo_account.key, Me(), channel=f"lane-{lane}", lane=lane, on_done=seen.append)
    qtbot.wait_until(lambda: len(seen) == len(Lane), timeout=10_000)
    assert all(o.ok for o in seen)


def test_busy_signal_and_shutdown(qtbot: QtBot, api_service: ApiService, demo_account: Account) -> None:
    with qtbot.wait_signal(api_service.busy_changed, timeout=5_000) as started:
        api_service.call(demo_account.key, Me(), on_done=lambda o: None)
    assert started.args == [True]
    qtbot.wait_until(lambda: not api_service.busy, timeout=10_000)
    api_service.shutdown()
    assert all(not t.isRunning() for t in api_service.findChildren(type(api_service.thread())))


def test_a_prefetch_answers_the_first_identical_call_once(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    api_service.prefetch(demo_account.key, NewsFeed(None, 25))
    first: list[ApiOutcome] = []
    second: list[ApiOutcome] = []
    qtbot.wait_until(lambda: not api_service.busy, timeout=10_000)
    calls = api_service.call(demo_account.key, NewsFeed(None, 25), on_done=first.append)
    qtbot.wait_until(lambda: bool(first), timeout=10_000)
    assert first[0].call.call_id == calls
    assert isinstance(first[0].value, FeedPage)
    # Used once: the next identical call goes to the server again.
    api_service.call(demo_account.key, NewsFeed(None, 25), on_done=second.append)
    qtbot.wait_until(lambda: bool(second), timeout=10_000)
    assert isinstance(second[0].value, FeedPage)
    assert calls != second[0].call.call_id


def test_a_call_made_while_its_prefetch_is_under_way_waits_for_it(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    api_service.prefetch(demo_account.key, Me())
    got: list[ApiOutcome] = []
    api_service.call(demo_account.key, Me(), channel="profile", on_done=got.append)
    qtbot.wait_until(lambda: bool(got), timeout=10_000)
    assert got[0].call.channel == "profile"
    assert isinstance(got[0].value, UserDetail)
    api_service.bump("profile")


def test_a_stuck_call_holds_back_only_its_own_account_and_quitting_cuts_it(
    qtbot: QtBot, api_service: ApiService, account_book: AccountBook, demo_account: Account
) -> None:
    with raw_server(trickle_body(4000, 0.05)) as url:  # 200 s to finish, each byte inside the read timeout
        slow = account_book.add(replace(demo_account, key=f"{demo_account.org_id}/005slow", instance_url=url))
        tokens = account_book.secrets.get(demo_account.key)
        assert tokens is not None
        account_book.secrets.set(slow.key, tokens)
        stuck: list[ApiOutcome[Any]] = []
        api_service.call(slow.key, Me(), channel="slow", on_done=stuck.append)
        fine: list[ApiOutcome[Any]] = []
        api_service.call(demo_account.key, Me(), channel="fine", on_done=fine.append)
        qtbot.wait_until(lambda: bool(fine), timeout=10_000)
        assert fine[0].ok, "another account's read is not held back"
        assert stuck == []
        started = time.monotonic()
        assert api_service.shutdown(msecs=10_000), "quitting cuts the stuck exchange instead of waiting"
        assert time.monotonic() - started < 5
    assert all(not t.isRunning() for t in api_service.findChildren(QThread))


def test_held_calls_start_no_thread_until_released_then_run_in_order(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    api_service.hold()
    seen: list[str] = []
    api_service.call(demo_account.key, Me(), channel="first", on_done=lambda o: seen.append("me"))
    api_service.call(demo_account.key, NewsFeed(), channel="second", on_done=lambda o: seen.append("feed"))
    assert api_service.busy
    assert api_service.findChildren(QThread) == []  # no worker, so no HTTP stack or keyring loaded yet
    api_service.release()
    qtbot.wait_until(lambda: len(seen) == 2, timeout=10_000)
    assert seen == ["me", "feed"]


def test_a_prefetch_made_before_the_hold_still_answers_its_call(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    api_service.prefetch(demo_account.key, NewsFeed())
    api_service.hold()
    seen: list[ApiOutcome] = []
    api_service.call(demo_account.key, NewsFeed(), on_done=seen.append)
    qtbot.wait_until(lambda: bool(seen), timeout=10_000)
    assert isinstance(seen[0].value, FeedPage)


def test_waiting_for_a_client_ends_once_a_worker_has_made_one(
    qtbot: QtBot, api_service: ApiService, demo_account: Account
) -> None:
    assert not api_service.wait_for_a_client(0)  # no call yet: nothing loaded, nothing to wait for
    seen: list[ApiOutcome] = []
    api_service.prefetch(demo_account.key, NewsFeed())
    assert api_service.wait_for_a_client(10)
    api_service.call(demo_account.key, NewsFeed(), on_done=seen.append)
    qtbot.wait_until(lambda: bool(seen), timeout=10_000)
    assert isinstance(seen[0].value, FeedPage)


def _first_read(book: SavedBook, service: ApiService) -> FeedRead:
    """Prefetch the first page as start-up does, with a helper process asking for it."""
    key = book.first_to_open()
    read = first_page_read(key, book.settings, book.feed_cache)
    assert key is not None
    assert read is not None
    service.prefetch(key, read, early=fork_helper(book, key, read))
    return read


def _counted(book: AccountBook, made: list[str]) -> ApiService:
    def client(key: str) -> Any:
        made.append(key)
        return book.client(key)

    return ApiService(client)


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_a_prefetch_with_a_helper_takes_its_page_and_loads_no_client(
    qtbot: QtBot, account_book: AccountBook, demo_account: Account, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    made: list[str] = []
    service = _counted(account_book, made)
    read = _first_read(saved_book(tmp_path, secrets, demo_account), service)
    seen: list[ApiOutcome] = []
    service.call(demo_account.key, read, channel="feed", on_done=seen.append)
    qtbot.wait_until(lambda: bool(seen), timeout=30_000)
    service.shutdown()
    assert seen[0].call.channel == "feed"
    assert isinstance(seen[0].value, FeedPage)
    assert seen[0].value.items
    assert seen[0].api_version == "66.0"
    assert made == []  # the worker took the helper's page: no HTTP stack or keyring in this process


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_when_the_helper_brings_no_page_the_worker_asks_and_refreshes_itself(  # noqa: PLR0917 - the fixtures it needs
    qtbot: QtBot,
    demo: DemoOrg,
    account_book: AccountBook,
    demo_account: Account,
    secrets: MemorySecretStore,
    tmp_path: Path,
) -> None:
    kept = secrets.get(demo_account.key)
    assert kept is not None
    secrets.set(demo_account.key, Tokens("00Dexpired!token", kept.refresh_token))
    refreshes = demo.counters["refresh"]
    made: list[str] = []
    service = _counted(account_book, made)
    read = _first_read(saved_book(tmp_path, secrets, demo_account), service)
    seen: list[ApiOutcome] = []
    service.call(demo_account.key, read, on_done=seen.append)
    qtbot.wait_until(lambda: bool(seen), timeout=30_000)
    service.shutdown()
    assert isinstance(seen[0].value, FeedPage)
    assert made == [demo_account.key]
    assert demo.counters["refresh"] == refreshes + 1  # one refresh, by the app's own worker


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_quitting_ends_a_helper_the_worker_waits_for(
    qtbot: QtBot, account_book: AccountBook, demo_account: Account, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    def silent(connection: socket.socket, stop: threading.Event) -> None:
        stop.wait(30)

    with raw_server(silent) as url:
        account = replace(demo_account, instance_url=url, api_version="66.0")
        service = ApiService(account_book.client)
        _first_read(saved_book(tmp_path, secrets, account), service)
        qtbot.wait_until(lambda: bool(service.findChildren(QThread)), timeout=5_000)
        started = time.monotonic()
        assert service.shutdown(msecs=10_000)
        assert time.monotonic() - started < 5


@pytest.fixture
def reading_service(account_book: AccountBook) -> Iterator[tuple[ApiService, PageReader]]:
    """Workers handing feed-page reads to a page reader, as the app's do."""
    reader = spawn()
    assert reader is not None
    assert reader.wait_ready(30)
    service = ApiService(account_book.client, reader=reader)
    yield service, reader
    service.shutdown()
    reader.close()


def test_feed_pages_are_read_in_the_page_reader_and_other_calls_here(
    qtbot: QtBot, reading_service: tuple[ApiService, PageReader], demo_account: Account
) -> None:
    service, reader = reading_service
    seen: list[ApiOutcome] = []
    service.call(demo_account.key, NewsFeed(None, 25), channel="feed", on_done=seen.append)
    service.call(demo_account.key, Me(), channel="me", on_done=seen.append)
    service.call(demo_account.key, UserProfile("005000000000000AAA"), channel="nobody", on_done=seen.append)
    qtbot.wait_until(lambda: len(seen) == 3, timeout=30_000)
    by_channel = {outcome.call.channel: outcome for outcome in seen}
    assert isinstance(by_channel["feed"].value, FeedPage)
    assert by_channel["feed"].value.items
    assert by_channel["feed"].api_version == "66.0"
    assert by_channel["feed"].usage is not None
    assert isinstance(by_channel["me"].value, UserDetail)
    assert isinstance(by_channel["nobody"].error, NotFound)
    assert reader.reads == 1  # the feed page only


def test_a_token_the_reader_had_refused_is_refreshed_here_and_the_next_page_read_there(
    qtbot: QtBot,
    demo: DemoOrg,
    reading_service: tuple[ApiService, PageReader],
    demo_account: Account,
    secrets: MemorySecretStore,
) -> None:
    service, reader = reading_service
    kept = secrets.get(demo_account.key)
    assert kept is not None
    secrets.set(demo_account.key, Tokens("00Dexpired!token", kept.refresh_token))
    refreshes = demo.counters["refresh"]
    seen: list[ApiOutcome] = []
    service.call(demo_account.key, NewsFeed(None, 25), on_done=seen.append)
    qtbot.wait_until(lambda: bool(seen), timeout=30_000)
    assert isinstance(seen[0].value, FeedPage)
    assert demo.counters["refresh"] == refreshes + 1
    assert reader.reads == 0  # declined: read and refreshed here
    page = seen[0].value
    service.call(demo_account.key, NewsFeed(page.next_page_url, 25), on_done=seen.append)
    qtbot.wait_until(lambda: len(seen) == 2, timeout=30_000)
    assert isinstance(seen[1].value, FeedPage)
    assert reader.reads == 1  # with the refreshed token


def test_the_first_page_the_reader_brought_is_kept_unless_the_account_was_signed_out(
    qtbot: QtBot, demo_account: Account, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    book = saved_book(tmp_path, secrets, demo_account)
    reader = spawn()
    assert reader is not None
    assert reader.wait_ready(30)
    service = ApiService(book.client, reader=reader)
    try:
        seen: list[ApiOutcome] = []
        service.call(demo_account.key, NewsFeed(None, 25), on_done=seen.append)
        qtbot.wait_until(lambda: bool(seen), timeout=30_000)
        kept = book.feed_cache.path(demo_account.key)
        assert kept.exists()
        assert book.feed_cache.load(demo_account.key) == seen[0].value
        kept.unlink()
        book.pool.remove(demo_account.key)  # signed out: its credentials are closed
        service.call(demo_account.key, NewsFeed(None, 25), on_done=seen.append)
        qtbot.wait_until(lambda: len(seen) == 2, timeout=30_000)
        assert reader.reads == 2
        assert not kept.exists()
    finally:
        service.shutdown()
        reader.close()
        book.close()


def test_the_page_reader_reads_through_the_proxy_chosen_after_it_started(
    qtbot: QtBot, tmp_path: Path
) -> None:
    reader = spawn()
    assert reader is not None
    assert reader.wait_ready(30)
    try:
        with DemoOrg(tls=True, host_name=PROXIED_NAME) as tls_demo, tinyproxy(tmp_path / "proxy") as proxy:
            assert tls_demo.ca_file is not None
            secrets = MemorySecretStore()
            account = signed_in_account(tls_demo, tls_demo.users[0], secrets, api_version="66.0")
            book = saved_book(tmp_path / "book", secrets, account)
            service = ApiService(book.client, reader=reader)
            network.configure(manual(proxy, ca=tls_demo.ca_file))  # as Settings → Network does
            seen: list[ApiOutcome] = []
            service.call(account.key, NewsFeed(None, 5), on_done=seen.append)
            qtbot.wait_until(lambda: bool(seen), timeout=30_000)
            service.shutdown()
            book.close()
            assert isinstance(seen[0].value, FeedPage)
            assert reader.reads == 1
            assert len(proxy.tunnels_to(PROXIED_NAME)) == 1
    finally:
        network.configure(NetworkConfig())
        reader.close()


def test_quitting_cuts_a_read_the_page_reader_is_waiting_on(
    qtbot: QtBot, account_book: AccountBook, demo_account: Account
) -> None:
    reader = spawn()
    assert reader is not None
    assert reader.wait_ready(30)
    with raw_server(trickle_body(4000, 0.05)) as url:  # 200 s to finish, each byte inside the read timeout
        slow = account_book.add(replace(demo_account, key=f"{demo_account.org_id}/005slow", instance_url=url))
        tokens = account_book.secrets.get(demo_account.key)
        assert tokens is not None
        account_book.secrets.set(slow.key, tokens)
        service = ApiService(account_book.client, reader=reader)
        stuck: list[ApiOutcome[Any]] = []
        service.call(slow.key, NewsFeed(None, 25), on_done=stuck.append)
        qtbot.wait_until(lambda: bool(service.findChildren(QThread)), timeout=5_000)
        started = time.monotonic()
        assert service.shutdown(msecs=10_000), "quitting ends the reader instead of waiting for it"
        assert time.monotonic() - started < 5
        assert reader.ended == "the reader was closed"
