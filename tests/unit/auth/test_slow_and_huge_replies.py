"""Token and identity calls end at their deadline however slowly a server trickles, and stop at a size cap."""

from __future__ import annotations

import time

import pytest

from desktop_app.auth.errors import NetworkError, ResponseTooLarge, TimedOut
from desktop_app.auth.identity import fetch_identity
from desktop_app.auth.tokens import TokenEndpoint
from desktop_app.auth.transport import MAX_JSON_BYTES

from .conftest import ORG_ID, USER_ID
from .servers import raw_server, stream_body, trickle_body, trickle_head

DEADLINE = 0.5
# Each byte comes well inside the read timeout, so only the deadline can end these exchanges early.
READ_TIMEOUT = (2.0, 5.0)
PACE = 0.05


def test_token_reply_trickling_a_byte_at_a_time_ends_at_the_deadline() -> None:
    # 400 bytes at 20 a second would take 20 s.
    with (
        raw_server(trickle_body(400, PACE)) as url,
        TokenEndpoint(url, "cid", timeout=READ_TIMEOUT, deadline=DEADLINE) as endpoint,
    ):
        started = time.monotonic()
        with pytest.raises(TimedOut) as caught:
            endpoint.refresh("5Aep861Refresh")
        elapsed = time.monotonic() - started
    assert elapsed < READ_TIMEOUT[1]
    assert "did not answer in time" in caught.value.user_message
    assert "127.0.0.1" in caught.value.user_message


def test_headers_trickling_a_byte_at_a_time_end_at_the_deadline() -> None:
    with raw_server(trickle_head(300, PACE)) as url:
        started = time.monotonic()
        with pytest.raises(TimedOut):
            fetch_identity(
                f"{url}/id/{ORG_ID}/{USER_ID}",
                "00D!tok",
                login_host=url,
                timeout=READ_TIMEOUT,
                deadline=DEADLINE,
            )
        assert time.monotonic() - started < READ_TIMEOUT[1]


def test_an_endless_token_reply_stops_at_the_cap() -> None:
    with (
        raw_server(stream_body(MAX_JSON_BYTES + 4096)) as url,
        TokenEndpoint(url, "cid") as endpoint,
        pytest.raises(ResponseTooLarge) as caught,
    ):
        endpoint.refresh("5Aep861Refresh")
    assert isinstance(caught.value, NetworkError)
    assert caught.value.code == "too_large"
    assert "127.0.0.1" in caught.value.user_message


def test_a_reply_within_the_cap_is_read() -> None:
    with (
        raw_server(stream_body(MAX_JSON_BYTES - 10)) as url,
        TokenEndpoint(url, "cid") as endpoint,
        pytest.raises(NetworkError) as caught,
    ):
        endpoint.refresh("5Aep861Refresh")
    assert caught.value.code == "bad_response"  # read whole, then found not to be a token reply
