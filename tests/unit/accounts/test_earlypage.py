"""The first page's helper process: a forked process that asks the org and answers through a pipe."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from desktop_app.accounts import earlypage
from desktop_app.accounts.book import AccountBook
from desktop_app.accounts.earlypage import EarlyPage, fork_helper
from desktop_app.api.models import FeedPage
from desktop_app.api.operations import NewsFeed
from desktop_app.demo_org import DemoOrg
from desktop_app.feed.firstpage import first_page_read
from desktop_app.paths import Paths
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from tests.demo_accounts import saved_book, signed_in_account
from tests.unit.auth.servers import raw_server

# The helper is forked from this test process, which runs other threads (the demo org's server): what the
# app itself never does, since it forks before any thread starts. The helper uses none of their locks.
pytestmark = pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoOrg]:
    with DemoOrg() as org:
        yield org


def _helper(book: AccountBook) -> EarlyPage:
    key = book.first_to_open()
    read = first_page_read(key, book.settings, book.feed_cache)
    assert key is not None
    assert read is not None
    early = fork_helper(book, key, read)
    assert early is not None
    return early


def _reaped(early: EarlyPage) -> bool:
    try:
        os.waitpid(early._pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_helper_brings_the_first_page_and_keeps_it_for_the_next_start(
    demo: DemoOrg, tmp_path: Path
) -> None:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[0], secrets)
    book = saved_book(tmp_path, secrets, account)
    assert first_page_read(account.key, book.settings, book.feed_cache) == NewsFeed(None, 25)
    chatter_before = demo.counters["chatter"]

    early = _helper(book)
    assert early.account_key == account.key
    answer = early.take(timeout_s=30)

    assert answer.declined == ""
    assert isinstance(answer.value, FeedPage)
    assert [item.actor.id for item in answer.value.items][:3]
    assert answer.api_version == "66.0"
    assert answer.usage is not None
    assert demo.counters["chatter"] > chatter_before  # asked the org itself, in the helper
    assert book.feed_cache.path(account.key).exists()  # kept, as the app keeps a first page
    # So the next start shows the kept page.
    assert first_page_read(account.key, book.settings, book.feed_cache) is None
    assert _reaped(early)


def test_a_refused_token_is_left_for_the_app_to_refresh(demo: DemoOrg, tmp_path: Path) -> None:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[0], secrets)
    kept = secrets.get(account.key)
    assert kept is not None
    secrets.set(account.key, Tokens("00Dexpired!token", kept.refresh_token))
    refreshes = demo.counters["refresh"]

    early = _helper(saved_book(tmp_path, secrets, account))
    answer = early.take(timeout_s=30)

    assert answer.value is None
    assert answer.declined == "Declined (not_refreshed)"
    assert demo.counters["refresh"] == refreshes
    assert "expired!token" not in answer.declined


def test_an_org_that_cannot_be_reached_gives_a_reason(demo: DemoOrg, tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    secrets = MemorySecretStore()
    account = replace(
        signed_in_account(demo, demo.users[0], secrets),
        instance_url=f"http://127.0.0.1:{port}",
        api_version="66.0",
    )
    book = saved_book(tmp_path, secrets, account)

    early = _helper(book)
    answer = early.take(timeout_s=30)

    assert answer.value is None
    assert answer.declined == "NetworkError (network)"


@pytest.fixture
def waiting_helper(demo: DemoOrg, tmp_path: Path) -> Iterator[EarlyPage]:
    """A helper asking an org that never answers."""

    def silent(connection: socket.socket, stop: threading.Event) -> None:
        stop.wait(30)

    with raw_server(silent) as url:
        secrets = MemorySecretStore()
        account = replace(
            signed_in_account(demo, demo.users[0], secrets), instance_url=url, api_version="66.0"
        )
        early = _helper(saved_book(tmp_path, secrets, account))
        yield early
        early.cancel()


def test_a_helper_that_does_not_answer_in_time_is_ended(waiting_helper: EarlyPage) -> None:
    answer = waiting_helper.take(timeout_s=0.5)
    assert answer.value is None
    assert answer.declined == "no answer in time"
    assert _reaped(waiting_helper)


def test_cancelling_ends_the_helper_and_a_take_under_way(waiting_helper: EarlyPage) -> None:
    taken: list[str] = []
    taker = threading.Thread(target=lambda: taken.append(waiting_helper.take(timeout_s=30).declined))
    taker.start()
    waiting_helper.cancel()
    taker.join(timeout=10)
    assert not taker.is_alive()
    assert taken
    assert taken[0] in ("the helper ended without an answer", "cancelled")
    assert waiting_helper.cancelled
    assert _reaped(waiting_helper)
    assert waiting_helper.take().declined == "cancelled"


def test_cancelling_a_helper_nobody_waits_for_reaps_it(demo: DemoOrg, tmp_path: Path) -> None:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[0], secrets)
    book = saved_book(tmp_path, secrets, account)
    early = _helper(book)
    early.cancel()
    assert _reaped(early)


def test_no_helper_while_another_instance_runs_for_the_profile(tmp_path: Path) -> None:
    paths = Paths.for_profile(tmp_path / "profile")
    paths.ensure()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(paths.instance_socket_name)
        listener.listen(1)
        assert earlypage._another_instance(paths.instance_socket_name)
        assert not earlypage.can_fork(paths)
    os.unlink(paths.instance_socket_name)
    assert not earlypage._another_instance(paths.instance_socket_name)


def test_no_helper_once_threads_run(tmp_path: Path) -> None:
    paths = Paths.for_profile(tmp_path / "profile")
    paths.ensure()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not earlypage.can_fork(paths)
    finally:
        stop.set()
        thread.join()


def test_no_helper_without_an_account(tmp_path: Path) -> None:
    paths = Paths.for_profile(tmp_path / "profile")
    paths.ensure()
    book = earlypage.open_book(paths)
    assert book.first_to_open() is None
    assert first_page_read(None, book.settings, book.feed_cache) is None
