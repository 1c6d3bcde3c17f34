"""Each way a request can fail says whether a write it carried may have been stored (``maybe_applied``).

Refused connections never reached the org; a timeout, a connection dropped after sending, a 5xx other than
the Chatter rate limit, and a 2xx answer cut off or unreadable may hide a stored write. Answers that started
and then broke off are slow or interrupted answers, not an unreachable org.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError, ProtocolError, SSLError

from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import (
    AnswerInterrupted,
    ApiError,
    BadResponse,
    ConnectionDropped,
    NetworkError,
    RateLimited,
    Timeout,
    error_for_response,
)
from desktop_app.api.transport import failed_before_sending, maybe_applied
from tests.unit.auth.servers import Script, raw_server, trickle_body

from .conftest import Offline, ScriptedServer, json_reply

POSTS = "/services/data/v66.0/chatter/feed-elements"
FEED = "/services/data/v66.0/chatter/feeds/news/me/feed-elements"
CHATTER = f"https://acme.my.salesforce.com{POSTS}"
TIMEOUT = (2.0, 5.0)


@pytest.fixture
def client_for(offline_account: Callable[..., Offline]) -> Iterator[Callable[..., ConnectClient]]:
    """Clients whose instance is some local server (closed at teardown)."""
    made: list[ConnectClient] = []

    def make(url: str, **options: Any) -> ConnectClient:
        offline = offline_account(url)
        client = ConnectClient(offline.account, offline.credentials, **{"timeout": TIMEOUT, **options})
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def failure(call: Callable[[], object]) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value


def hang_up(connection: socket.socket, stop: threading.Event) -> None:
    """Read the request (the server does), answer nothing, close."""


def cut_body(status: int, declared: int, sent: bytes) -> Script:
    """A head promising ``declared`` body bytes, then only ``sent``, then the connection closes."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
        connection.sendall(head.encode() + sent)

    return script


def trickle_then_break(pieces: int, pace: float) -> Script:
    """A 201 head at once, then a byte every ``pace`` seconds ``pieces`` times, then the connection closes."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 999\r\n\r\n"
        )
        for _ in range(pieces):
            if stop.wait(pace):
                return
            connection.sendall(b" ")

    return script


# Before sending: nothing can have been stored.


def test_a_refused_connection_is_unreachable_and_stored_nothing(
    client_for: Callable[..., ConnectClient], closed_port: int
) -> None:
    error = failure(lambda: client_for(f"http://127.0.0.1:{closed_port}").post("hello"))
    assert type(error) is NetworkError
    assert not error.maybe_applied
    assert error.unreachable
    assert error.user_message.startswith(f"Can't reach 127.0.0.1:{closed_port}")


def test_name_resolution_and_connect_failures_are_before_sending() -> None:
    dns = NameResolutionError(
        "acme.my.salesforce.com", None, socket.gaierror(-2, "Name or service not known")
    )  # type: ignore[arg-type]
    refused = NewConnectionError(None, "Connection refused")  # type: ignore[arg-type]
    for reason in (dns, refused):
        wrapped = requests.ConnectionError(MaxRetryError(None, CHATTER, reason))  # type: ignore[arg-type]
        assert failed_before_sending(wrapped)
        assert not maybe_applied("POST", wrapped, None)
    dropped = requests.ConnectionError(
        ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))
    )
    assert not failed_before_sending(dropped)
    assert maybe_applied("POST", dropped, None)
    assert not maybe_applied("GET", dropped, None)


def test_a_failed_tls_handshake_is_before_sending_but_a_tls_connection_closed_is_not() -> None:
    verify = ssl.SSLCertVerificationError(1, "certificate verify failed")
    handshake = requests.exceptions.SSLError(MaxRetryError(None, CHATTER, SSLError(verify)))  # type: ignore[arg-type]
    assert failed_before_sending(handshake)
    eof = ssl.SSLEOFError(8, "EOF occurred in violation of protocol")
    closed = requests.exceptions.SSLError(MaxRetryError(None, CHATTER, SSLError(eof)))  # type: ignore[arg-type]
    assert not failed_before_sending(closed)
    assert maybe_applied("POST", closed, None)


# Sent, no answer: the write may have been stored.


def test_a_connection_closed_after_the_request_may_have_stored_the_write(
    client_for: Callable[..., ConnectClient],
) -> None:
    with raw_server(hang_up) as url:
        error = failure(lambda: client_for(url).post("hello"))
    assert isinstance(error, ConnectionDropped)
    assert error.maybe_applied
    assert not error.unreachable
    assert "closed the connection before answering" in error.user_message
    assert "Can't reach" not in error.user_message


def test_a_read_dropped_after_sending_changed_nothing(client_for: Callable[..., ConnectClient]) -> None:
    with raw_server(hang_up) as url:
        error = failure(lambda: client_for(url).news_feed())
    assert isinstance(error, ConnectionDropped)
    assert not error.maybe_applied


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_no_answer_in_time_may_have_stored_a_write(
    scripted: ScriptedServer, client_for: Callable[..., ConnectClient], method: str
) -> None:
    path = FEED if method == "GET" else POSTS
    scripted.answer(path, json_reply({}))
    scripted.hold.add(path)
    client = client_for(scripted.url, timeout=(2.0, 0.2))
    error = failure(client.news_feed if method == "GET" else lambda: client.post("hello"))
    scripted.release.set()
    assert isinstance(error, Timeout)
    assert not error.answer_started
    assert error.maybe_applied is (method == "POST")


def test_a_deadline_passed_before_any_answer_may_have_stored_the_write(
    scripted: ScriptedServer, client_for: Callable[..., ConnectClient]
) -> None:
    scripted.answer(POSTS, json_reply({}))
    scripted.hold.add(POSTS)
    error = failure(lambda: client_for(scripted.url, deadline=0.3).post("hello"))
    scripted.release.set()
    assert isinstance(error, Timeout)
    assert error.error_code == "deadline"
    assert error.maybe_applied


# 5xx and the rate limit.


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_answering_a_write_may_hide_a_stored_write(
    scripted: ScriptedServer, client_for: Callable[..., ConnectClient], status: int
) -> None:
    scripted.answer(POSTS, json_reply([{"errorCode": "UNKNOWN_EXCEPTION", "message": "boom"}], status))
    error = failure(lambda: client_for(scripted.url).post("hello"))
    assert error.status == status
    assert error.maybe_applied
    assert len(scripted.requests_to(POSTS)) == 1  # a POST is never retried by the transport


def test_the_chatter_rate_limit_stored_nothing(
    scripted: ScriptedServer, client_for: Callable[..., ConnectClient]
) -> None:
    limit = [{"errorCode": "REQUEST_LIMIT_EXCEEDED", "message": "Hourly Chatter limit"}]
    scripted.answer(POSTS, json_reply(limit, 503))
    error = failure(lambda: client_for(scripted.url).post("hello"))
    assert isinstance(error, RateLimited)
    assert not error.maybe_applied


def body(code: str) -> str:
    return json.dumps([{"errorCode": code, "message": "m"}])


@pytest.mark.parametrize(
    ("status", "text", "method", "applied"),
    [
        (500, body("UNKNOWN_EXCEPTION"), "POST", True),
        (502, "", "PATCH", True),
        (503, body("SERVER_UNAVAILABLE"), "POST", True),
        (503, body("REQUEST_LIMIT_EXCEEDED"), "POST", False),
        (504, "<html><body>Gateway Timeout</body></html>", "DELETE", True),
        (500, body("UNKNOWN_EXCEPTION"), "GET", False),
        (400, body("INVALID_INPUT"), "POST", False),
        (401, body("INVALID_SESSION_ID"), "POST", False),
        (403, body("INSUFFICIENT_ACCESS"), "POST", False),
        (404, body("NOT_FOUND"), "POST", False),
    ],
)
def test_which_answers_may_hide_a_stored_write(status: int, text: str, method: str, applied: bool) -> None:
    error = error_for_response(status, text, "application/json", CHATTER, method=method)
    assert error.maybe_applied is applied


# The answer started, then broke off.


def test_a_2xx_answer_cut_off_is_interrupted_and_may_have_stored_the_write(
    client_for: Callable[..., ConnectClient],
) -> None:
    with raw_server(cut_body(201, 400, b'{"id": "0D5')) as url:
        error = failure(lambda: client_for(url).post("hello"))
    assert isinstance(error, AnswerInterrupted)
    assert error.status == 201
    assert error.maybe_applied
    assert not error.unreachable
    assert error.user_message.startswith(f"{error.host} started answering but the answer was cut off")


def test_a_4xx_answer_cut_off_was_still_a_refusal(client_for: Callable[..., ConnectClient]) -> None:
    with raw_server(cut_body(400, 400, b'[{"errorCode"')) as url:
        error = failure(lambda: client_for(url).post("hello"))
    assert isinstance(error, AnswerInterrupted)
    assert not error.maybe_applied


def test_a_trickled_answer_that_breaks_is_interrupted_not_unreachable(
    client_for: Callable[..., ConnectClient],
) -> None:
    with raw_server(trickle_then_break(6, 0.05)) as url:
        error = failure(lambda: client_for(url).post("hello"))
    assert isinstance(error, AnswerInterrupted)
    assert not error.unreachable
    assert "started answering but the answer was cut off" in error.user_message
    assert "Can't reach" not in error.user_message
    assert "internet connection" not in error.user_message


def test_a_trickled_answer_stopped_at_the_deadline_is_slow_not_unreachable(
    client_for: Callable[..., ConnectClient],
) -> None:
    with raw_server(trickle_body(400, 0.05)) as url:
        error = failure(lambda: client_for(url, deadline=0.4).post("hello"))
    assert isinstance(error, Timeout)
    assert error.answer_started
    assert error.status == 200
    assert error.maybe_applied
    assert not error.unreachable
    assert "started answering but took too long" in error.user_message


@pytest.mark.parametrize(
    ("content_type", "text"),
    [("application/json", b'{"id": "0D5xx", "body": '), ("text/html", b"<html><body>Saved</body></html>")],
)
def test_an_unreadable_2xx_answer_to_a_write_may_have_stored_it(
    scripted: ScriptedServer, client_for: Callable[..., ConnectClient], content_type: str, text: bytes
) -> None:
    scripted.answer(POSTS, (201, {"Content-Type": content_type}, text))
    error = failure(lambda: client_for(scripted.url).post("hello"))
    assert isinstance(error, BadResponse)
    assert error.maybe_applied


def test_an_unreadable_2xx_answer_to_a_read_changed_nothing(
    scripted: ScriptedServer, client_for: Callable[..., ConnectClient]
) -> None:
    scripted.answer(FEED, (200, {"Content-Type": "application/json"}, b"{not json"))
    error = failure(lambda: client_for(scripted.url).news_feed())
    assert isinstance(error, BadResponse)
    assert not error.maybe_applied
