"""Failures below the API: refused connections, slow servers, HTML and garbage bodies, retries, limits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import (
    ApiError,
    BadResponse,
    Forbidden,
    NetworkError,
    NotFound,
    RateLimited,
    SessionExpired,
    Timeout,
)
from desktop_app.demo_org import DemoOrg

from .conftest import Offline, ScriptedServer, Signed, json_reply
from .samples import FEED_PAGE

FEED = "/services/data/v66.0/chatter/feeds/news/me/feed-elements"
HTML = b"<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body>Back soon</body></html>"


@pytest.fixture
def local(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> Iterator[Callable[..., ConnectClient]]:
    """Clients whose instance is the scripted server (closed at teardown)."""
    made: list[ConnectClient] = []

    def make(**options: Any) -> ConnectClient:
        offline = offline_account(scripted.url)
        client = ConnectClient(offline.account, offline.credentials, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def test_every_request_carries_the_headers(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    scripted.answer(FEED, json_reply(FEED_PAGE))
    local().news_feed()
    (seen,) = scripted.requests_to(FEED)
    assert seen.headers["Authorization"] == "Bearer 00D!AQaccess"
    assert seen.headers["X-Chatter-Entity-Encoding"] == "false"
    assert seen.headers["Accept"] == "application/json"
    assert seen.headers["User-Agent"].startswith("ConnectDesktop/")


def test_server_down(offline_account: Callable[..., Offline], closed_port: int) -> None:
    offline = offline_account(f"http://127.0.0.1:{closed_port}")
    with ConnectClient(offline.account, offline.credentials) as client, pytest.raises(NetworkError) as caught:
        client.me()
    assert caught.value.user_message.startswith(f"Can't reach 127.0.0.1:{closed_port}")
    assert caught.value.status is None


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_server_too_slow(scripted: ScriptedServer, local: Callable[..., ConnectClient], method: str) -> None:
    path = FEED if method == "GET" else "/services/data/v66.0/chatter/feed-elements"
    scripted.answer(path, json_reply(FEED_PAGE))
    scripted.hold.add(path)
    client = local(timeout=(2, 0.2))
    with pytest.raises(Timeout) as caught:
        client.news_feed() if method == "GET" else client.post("hello")
    assert "took too long" in caught.value.user_message
    assert len(scripted.requests_to(path)) == 1  # a read timeout is not retried
    scripted.release.set()


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        ((200, {"Content-Type": "text/html"}, HTML), "HTML page"),
        ((500, {"Content-Type": "text/html; charset=utf-8"}, HTML), "HTML page"),
        ((200, {"Content-Type": "application/json"}, b"{not json"), "not JSON"),
        ((200, {"Content-Type": "application/json"}, b""), "not JSON"),
        ((200, {"Content-Type": "application/json"}, b"[" * 100_000), "not JSON"),
        ((200, {"Content-Type": "application/json"}, b'{"unexpected": true}'), "elements"),
        ((200, {"Content-Type": "application/json"}, b'"just a string"'), "feed page"),
        ((404, {"Content-Type": "text/plain"}, HTML), "HTML page"),
    ],
)
def test_unreadable_answers_are_bad_responses(
    scripted: ScriptedServer,
    local: Callable[..., ConnectClient],
    reply: tuple[int, dict[str, str], bytes],
    why: str,
) -> None:
    scripted.answer(FEED, reply)
    with pytest.raises(BadResponse) as caught:
        local().news_feed()
    assert why in caught.value.message
    assert caught.value.url is not None
    assert caught.value.url.endswith(FEED)
    assert "could not read" in caught.value.user_message


def test_gateway_errors_are_retried_for_get_only(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    bad_gateway = (502, {"Content-Type": "text/plain"}, b"Bad Gateway")
    scripted.answer(FEED, bad_gateway, bad_gateway, json_reply(FEED_PAGE))
    assert local().news_feed().items
    assert len(scripted.requests_to(FEED)) == 3
    post = "/services/data/v66.0/chatter/feed-elements"
    scripted.answer(post, bad_gateway, json_reply({"id": "0D5"}, 201))
    with pytest.raises(ApiError) as caught:
        local().post("once")
    assert caught.value.status == 502
    assert len(scripted.requests_to(post)) == 1


def test_gateway_errors_give_up_after_three_retries(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    scripted.answer(FEED, (504, {"Content-Type": "application/json"}, b"[]"))
    with pytest.raises(ApiError) as caught:
        local().news_feed()
    assert caught.value.status == 504
    assert "status 504" in caught.value.user_message
    assert len(scripted.requests_to(FEED)) == 4


def test_chatter_503_is_the_hourly_limit_and_is_not_retried(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    body = [{"errorCode": "REQUEST_LIMIT_EXCEEDED", "message": "Hourly limit"}]
    scripted.answer(FEED, json_reply(body, 503, **{"Retry-After": "1800"}))
    with pytest.raises(RateLimited) as caught:
        local().news_feed()
    assert caught.value.retry_after == 1800
    assert "hourly Chatter limit" in caught.value.user_message
    assert len(scripted.requests_to(FEED)) == 1


def test_chatter_limit_at_the_demo_org(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed]
) -> None:
    demo = make_demo(chatter_limit=3)
    zoe = sign_in(demo)
    client = zoe.client()
    for _ in range(3):
        client.me()
    with pytest.raises(RateLimited) as caught:
        client.news_feed()
    assert caught.value.status == 503
    assert caught.value.retry_after == 60
    assert caught.value.error_code == "REQUEST_LIMIT_EXCEEDED"
    assert client.versions()  # not a Chatter resource: still answered


def test_a_401_right_after_a_refresh_is_session_expired_without_a_loop(
    scripted: ScriptedServer, demo: DemoOrg, sign_in: Callable[..., Signed]
) -> None:
    zoe = sign_in(demo, instance_url=scripted.url, api_version="66.0")
    unauthorized = json_reply(
        [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}], 401
    )
    scripted.answer(FEED, unauthorized)
    client = zoe.client()
    old = zoe.tokens.access_token
    with pytest.raises(SessionExpired) as caught:
        client.news_feed()
    assert caught.value.status == 401
    seen = scripted.requests_to(FEED)
    assert len(seen) == 2
    assert seen[0].headers["Authorization"] == f"Bearer {old}"
    assert seen[1].headers["Authorization"] == f"Bearer {zoe.tokens.access_token}" != f"Bearer {old}"


def test_a_session_not_valid_for_rest_is_not_refreshed(
    scripted: ScriptedServer, demo: DemoOrg, sign_in: Callable[..., Signed]
) -> None:
    zoe = sign_in(demo, instance_url=scripted.url, api_version="66.0")
    message = "This session is not valid for use with the REST API"
    scripted.answer(FEED, json_reply([{"errorCode": "INVALID_SESSION_ID", "message": message}], 401))
    with pytest.raises(SessionExpired) as caught:
        zoe.client().news_feed()
    assert caught.value.message == message
    assert len(scripted.requests_to(FEED)) == 1


def test_frontdoor_refreshes_on_bad_oauth_token(zoe: Signed) -> None:
    client = zoe.client()
    zoe.demo.expire_access_tokens()
    url = client.frontdoor_url("/")
    assert "otp=" in url
    assert zoe.credentials.refresh_count == 1


def test_single_access_refused_for_another_reason_is_forbidden(
    scripted: ScriptedServer, demo: DemoOrg, sign_in: Callable[..., Signed]
) -> None:
    zoe = sign_in(demo, instance_url=scripted.url, api_version="66.0")
    path = "/services/oauth2/singleaccess"
    scripted.answer(
        path, json_reply([{"errorCode": "FORBIDDEN", "message": "The web scope is missing"}], 403)
    )
    with pytest.raises(Forbidden) as caught:
        zoe.client().frontdoor_url("/")
    assert caught.value.message == "The web scope is missing"
    assert len(scripted.requests_to(path)) == 2
    assert zoe.credentials.refresh_count == 1
    assert scripted.requests_to(path)[0].body == b"redirect_uri=%2F"


def test_bad_oauth_token_elsewhere_is_not_a_refresh(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    scripted.answer(FEED, (403, {"Content-Type": "text/plain"}, b"Bad_OAuth_Token"))
    with pytest.raises(ApiError) as caught:
        local().news_feed()
    assert caught.value.status == 403
    assert len(scripted.requests_to(FEED)) == 1


def test_server_sent_urls_resolve_on_the_instance(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    page = dict(FEED_PAGE, nextPageUrl=f"{FEED}?page=abc")
    scripted.answer(FEED, json_reply(page))
    client = local()
    first = client.news_feed()
    assert first.next_page_url == f"{FEED}?page=abc"
    client.news_feed(first.next_page_url, page_size=7)
    client.news_feed(f"{FEED}?page=2026-01-05T10%3A00%3A00Z%2C0D5&pageSize=3")
    seen = scripted.requests_to(FEED)
    assert [request.query for request in seen] == [
        "pageSize=25",
        "page=abc&pageSize=7",
        "page=2026-01-05T10%3A00%3A00Z%2C0D5&pageSize=3",
    ]


def test_missing_resource_on_the_instance(
    scripted: ScriptedServer, local: Callable[..., ConnectClient]
) -> None:
    with pytest.raises(NotFound):
        local().user("005MISSING")


def test_too_large_download_is_refused(scripted: ScriptedServer, local: Callable[..., ConnectClient]) -> None:
    scripted.answer("/profilephoto/big/F", (200, {"Content-Type": "image/png"}, b"x" * 300_000))
    client = local()
    assert len(client.fetch_bytes("/profilephoto/big/F")) == 300_000
    with pytest.raises(BadResponse, match="more than"):
        client.fetch_bytes("/profilephoto/big/F", max_bytes=100_000)


def test_version_discovery_failures(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    offline = offline_account(scripted.url, api_version=None)
    scripted.answer("/services/data/", json_reply([{"version": "20.0", "url": "/services/data/v20.0"}]))
    with ConnectClient(offline.account, offline.credentials) as client:
        with pytest.raises(ApiError) as caught:
            client.me()
        assert caught.value.error_code == "no_supported_version"
        scripted.answer("/services/data/", json_reply({"not": "a list"}))
        with pytest.raises(BadResponse):
            client.me()
        scripted.answer(
            "/services/data/", json_reply(json.loads('[{"version": "66.0", "url": "/x", "label": "S"}]'))
        )
        with pytest.raises(NotFound):
            client.me()
        assert client.api_version == "66.0"
