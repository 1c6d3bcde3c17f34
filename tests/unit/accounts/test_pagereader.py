"""The page reader: the app's program run again to read feed pages with the token it is handed, answering
through a socket with the page, the app's own error, or why the worker should read itself."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from desktop_app.accounts import helperprocess
from desktop_app.accounts.client import AccountClient
from desktop_app.accounts.helperprocess import HelperAnswer
from desktop_app.accounts.pagereader import PageReader, spawn
from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.errors import NetworkError, NotFound
from desktop_app.api.feedreads import FeedElements
from desktop_app.api.jsonbody import decode_json
from desktop_app.api.models import FeedPage
from desktop_app.api.operations import NewsFeed
from desktop_app.api.parse import parse_feed_page
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.auth.network import NetworkConfig
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from tests.demo_accounts import signed_in_account
from tests.proxying import PROXIED_NAME, manual, tinyproxy
from tests.unit.auth.servers import raw_server

DIRECT = NetworkConfig()


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoOrg]:
    with DemoOrg() as org:
        yield org


@pytest.fixture
def reader() -> Iterator[PageReader]:
    started = spawn()
    assert started is not None
    assert started.wait_ready(30)
    yield started
    started.close()


@pytest.fixture
def signed_in(demo: DemoOrg) -> tuple[Account, str]:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[0], secrets, api_version="66.0")
    tokens = secrets.get(account.key)
    assert tokens is not None
    return account, tokens.access_token


def _here(account: Account, access_token: str, tmp_path: Path) -> AccountClient:
    """A client in this process reading as the reader does."""
    secrets = MemorySecretStore()
    secrets.set(account.key, Tokens(access_token, None))
    return AccountClient(
        account, AccountCredentials(account, secrets, account.client_id), PhotoCache(tmp_path)
    )


def test_a_first_page_read_in_the_reader_is_the_page_read_here_with_its_json_to_keep(
    reader: PageReader, signed_in: tuple[Account, str], tmp_path: Path
) -> None:
    account, token = signed_in
    answer = reader.read(account, token, NewsFeed(None, 25), DIRECT)

    assert answer.declined == ""
    assert answer.error is None
    assert isinstance(answer.value, FeedPage)
    here = _here(account, token, tmp_path).news_feed(None, 25)
    assert [item.id for item in answer.value.items] == [item.id for item in here.items]
    assert answer.api_version == "66.0"
    assert answer.usage is not None
    assert answer.kept is not None
    feed, encoded = answer.kept
    assert feed == ""
    assert parse_feed_page(decode_json(encoded)) == answer.value
    assert reader.reads == 1


def test_a_next_page_is_not_kept(reader: PageReader, signed_in: tuple[Account, str]) -> None:
    account, token = signed_in
    first = reader.read(account, token, NewsFeed(None, 5), DIRECT)
    assert isinstance(first.value, FeedPage)
    assert first.value.next_page_url
    second = reader.read(account, token, NewsFeed(first.value.next_page_url, 5), DIRECT)
    assert isinstance(second.value, FeedPage)
    assert second.kept is None
    assert {item.id for item in second.value.items}.isdisjoint(item.id for item in first.value.items)


def test_a_failed_read_comes_back_as_the_apps_own_error(
    reader: PageReader, signed_in: tuple[Account, str]
) -> None:
    account, token = signed_in
    answer = reader.read(
        account, token, FeedElements("/chatter/feeds/record/0F9000000000000AAA/feed-elements"), DIRECT
    )
    assert answer.declined == ""
    assert isinstance(answer.error, NotFound)
    assert answer.error.status == 404
    assert answer.error.user_message == "This item no longer exists. It may have been deleted."


def test_a_refused_token_is_declined_and_never_refreshed(
    demo: DemoOrg, reader: PageReader, signed_in: tuple[Account, str]
) -> None:
    account, _token = signed_in
    refreshes = demo.counters["refresh"]
    answer = reader.read(account, "00Dexpired!token", NewsFeed(None, 25), DIRECT)
    assert answer == HelperAnswer(declined="Declined (not_refreshed)")
    assert demo.counters["refresh"] == refreshes
    assert reader.reads == 0


def _silent(connection: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)


def test_a_slow_org_holds_back_only_its_own_account(
    demo: DemoOrg, reader: PageReader, signed_in: tuple[Account, str]
) -> None:
    account, token = signed_in
    with raw_server(_silent) as url:
        slow = replace(account, key=f"{account.org_id}/005slow", instance_url=url)
        stuck: list[HelperAnswer] = []
        waiting = threading.Thread(
            target=lambda: stuck.append(reader.read(slow, token, NewsFeed(None, 25), DIRECT))
        )
        waiting.start()
        answer = reader.read(account, token, NewsFeed(None, 25), DIRECT)
        assert isinstance(answer.value, FeedPage)
        assert stuck == []
        reader.close()  # ends the read still under way
        waiting.join(timeout=10)
        assert not waiting.is_alive()
        assert stuck[0].declined == "the reader was closed"
    assert reader.read(account, token, NewsFeed(None, 25), DIRECT).declined == "the reader was closed"


def test_reads_after_the_reader_died_are_declined_at_once_and_the_log_says_so(
    reader: PageReader, signed_in: tuple[Account, str], caplog: pytest.LogCaptureFixture
) -> None:
    account, token = signed_in
    assert isinstance(reader.read(account, token, NewsFeed(None, 5), DIRECT).value, FeedPage)
    with caplog.at_level(logging.WARNING, logger="connect.api"):
        reader._process.kill()
        first = reader.read(account, token, NewsFeed(None, 5), DIRECT)
        assert first.value is None
        assert first.declined
        # Seen first either by the thread that hands out answers or by a send that failed.
        assert reader.read(account, token, NewsFeed(None, 5), DIRECT).declined.startswith("the reader ended")
        reader._receiver.join(timeout=10)
    assert "The page reader ended; the workers read feed pages themselves" in caplog.text


def test_reads_are_declined_until_the_reader_says_it_is_ready(signed_in: tuple[Account, str]) -> None:
    account, token = signed_in
    ours, theirs = socket.socketpair()
    reader = PageReader(ours, subprocess.Popen([sys.executable, "-c", "pass"]))
    try:
        assert reader.read(account, token, NewsFeed(None, 5), DIRECT) == HelperAnswer(
            declined="the reader is starting"
        )
        assert not reader.wait_ready(0)
        helperprocess.send_frame(theirs, 0, b"")
        assert reader.wait_ready(10)
    finally:
        theirs.close()
        reader.close()


def test_each_read_goes_through_the_proxy_and_trust_the_app_has_chosen_now(
    reader: PageReader, tmp_path: Path
) -> None:
    with DemoOrg(tls=True, host_name=PROXIED_NAME) as tls_demo, tinyproxy(tmp_path / "proxy") as proxy:
        assert tls_demo.ca_file is not None
        secrets = MemorySecretStore()
        account = signed_in_account(tls_demo, tls_demo.users[0], secrets, api_version="66.0")
        tokens = secrets.get(account.key)
        assert tokens is not None
        proxied = reader.read(
            account, tokens.access_token, NewsFeed(None, 5), manual(proxy, ca=tls_demo.ca_file)
        )
        assert isinstance(proxied.value, FeedPage)
        assert len(proxy.tunnels_to(PROXIED_NAME)) == 1
        # Without the proxy the demo org's name resolves nowhere: the choice travelled with the read.
        direct = reader.read(account, tokens.access_token, NewsFeed(None, 5), DIRECT)
        assert isinstance(direct.error, NetworkError)
        assert len(proxy.tunnels_to(PROXIED_NAME)) == 1


def test_a_sigterm_meant_for_the_app_leaves_the_reader_to_the_app(
    reader: PageReader, signed_in: tuple[Account, str]
) -> None:
    # Logging out sends SIGTERM to the app's whole process group; the app then closes its reader itself.
    account, token = signed_in
    reader._process.send_signal(signal.SIGTERM)
    reader._process.send_signal(signal.SIGINT)
    assert isinstance(reader.read(account, token, NewsFeed(None, 5), DIRECT).value, FeedPage)
    assert reader._process.poll() is None
