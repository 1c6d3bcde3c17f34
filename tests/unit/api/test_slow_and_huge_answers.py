"""API calls end at their deadline however slowly a server trickles, and stop at each kind's size cap."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

import pytest

from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import BadResponse, ResponseTooLarge, Timeout
from desktop_app.api.transport import MAX_BINARY_BYTES, MAX_ERROR_BYTES, MAX_JSON_BYTES
from tests.unit.auth.servers import raw_server, read_request, stream_body, trickle_body, trickle_head

from .conftest import Offline, ScriptedServer

DEADLINE = 0.5
# Each byte comes well inside the read timeout, so only the deadline can end these calls early.
TIMEOUT = (2.0, 5.0)
PACE = 0.05


def _client(offline_account: Callable[..., Offline], url: str, **options: float) -> ConnectClient:
    offline = offline_account(url)
    return ConnectClient(offline.account, offline.credentials, timeout=TIMEOUT, **options)


def test_a_body_trickling_a_byte_every_so_often_ends_at_the_deadline(
    offline_account: Callable[..., Offline],
) -> None:
    # 400 bytes at 20 a second would take 20 s, each byte inside the read timeout.
    with (
        raw_server(trickle_body(400, PACE)) as url,
        _client(offline_account, url, deadline=DEADLINE) as client,
    ):
        started = time.monotonic()
        with pytest.raises(Timeout) as caught:
            client.me()
        elapsed = time.monotonic() - started
    assert elapsed < TIMEOUT[1]
    assert caught.value.error_code == "deadline"
    assert caught.value.user_message.startswith("127.0.0.1:")
    assert "took too long" in caught.value.user_message


def test_headers_trickling_a_byte_every_so_often_end_at_the_deadline(
    offline_account: Callable[..., Offline],
) -> None:
    with (
        raw_server(trickle_head(300, PACE)) as url,
        _client(offline_account, url, deadline=DEADLINE) as client,
    ):
        started = time.monotonic()
        with pytest.raises(Timeout):
            client.me()
        assert time.monotonic() - started < TIMEOUT[1]


def test_a_photo_trickling_a_byte_every_so_often_ends_at_the_deadline(
    offline_account: Callable[..., Offline],
) -> None:
    with (
        raw_server(trickle_body(400, PACE)) as url,
        _client(offline_account, url, deadline=DEADLINE) as client,
        pytest.raises(Timeout),
    ):
        client.fetch_bytes("/profilephoto/729/F")


def test_an_endless_json_answer_stops_at_the_cap(offline_account: Callable[..., Offline]) -> None:
    with (
        raw_server(stream_body(MAX_JSON_BYTES + 65536)) as url,
        _client(offline_account, url) as client,
        pytest.raises(ResponseTooLarge) as caught,
    ):
        client.me()
    assert isinstance(caught.value, BadResponse)
    assert caught.value.user_message.startswith("127.0.0.1:")
    assert "larger" in caught.value.user_message


def test_an_endless_error_answer_stops_at_its_own_cap(offline_account: Callable[..., Offline]) -> None:
    script = stream_body(MAX_ERROR_BYTES + 65536, content_type="application/json", status=500)
    with raw_server(script) as url, _client(offline_account, url) as client, pytest.raises(ResponseTooLarge):
        client.me()


def test_a_declared_length_over_the_cap_is_refused_unread(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    body = b"\x89PNG" + b"x" * (MAX_BINARY_BYTES - 3)
    scripted.answer("/profilephoto/huge/F", (200, {"Content-Type": "image/png"}, body))
    with _client(offline_account, scripted.url) as client:
        with pytest.raises(ResponseTooLarge):
            client.fetch_bytes("/profilephoto/huge/F")
        assert client.fetch_bytes("/profilephoto/huge/F", max_bytes=len(body)) == body


def test_a_finished_exchange_never_cuts_the_next_one_on_its_connection(
    offline_account: Callable[..., Offline],
) -> None:
    requests_per_connection: list[int] = []
    versions = b'[{"version": "66.0", "url": "/services/data/v66.0", "label": "Spring"}]'
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(versions),
        versions,
    )

    def two_requests(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(reply)
        served = 1
        try:
            read_request(connection)
            # The first exchange's deadline passes while this one is still being answered.
            stop.wait(0.6)
            connection.sendall(reply)
            served = 2
        finally:
            requests_per_connection.append(served)

    with raw_server(two_requests) as url, _client(offline_account, url) as client:
        client.deadline = 0.3
        assert client.versions()
        client.deadline = 5.0
        assert client.versions()
    assert requests_per_connection == [2]
