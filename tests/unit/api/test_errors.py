"""ApiError mapping from HTTP answers, and the words people see."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from desktop_app.api.errors import (
    DEFAULT_RETRY_AFTER,
    ApiError,
    BadResponse,
    Forbidden,
    NetworkError,
    NotFound,
    RateLimited,
    SessionExpired,
    Timeout,
    error_for_response,
    is_chatter_url,
    parse_error_body,
    parse_retry_after,
)

FEED = "https://acme.my.salesforce.com/services/data/v66.0/chatter/feeds/news/me/feed-elements"
QUERY = "https://acme.my.salesforce.com/services/data/v66.0/query"


def body(code: str, message: str) -> str:
    return json.dumps([{"errorCode": code, "message": message}])


def test_error_array_gives_code_and_message() -> None:
    assert parse_error_body(body("NOT_FOUND", "The requested resource does not exist")) == (
        "NOT_FOUND",
        "The requested resource does not exist",
    )


def test_several_errors_keep_the_first_code_and_every_message() -> None:
    text = json.dumps([{"errorCode": "A", "message": "one"}, {"errorCode": "B", "message": "two"}])
    assert parse_error_body(text) == ("A", "one two")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, "")),
        ("Bad_OAuth_Token", (None, "Bad_OAuth_Token")),
        ('{"error": "invalid_grant", "error_description": "expired"}', ("invalid_grant", "expired")),
        ("[1, null, {}]", (None, "")),
        ("<html><body>Down</body></html>", (None, "")),
        ("[" * 5000, (None, "[" * 300)),
    ],
)
def test_odd_error_bodies_do_not_raise(text: str, expected: tuple[str | None, str]) -> None:
    assert parse_error_body(text) == expected


@pytest.mark.parametrize(
    ("status", "url", "kind"),
    [
        (401, FEED, SessionExpired),
        (403, FEED, Forbidden),
        (404, FEED, NotFound),
        (503, FEED, RateLimited),
        (503, QUERY, ApiError),
        (500, FEED, ApiError),
        (400, FEED, ApiError),
    ],
)
def test_status_maps_to_one_error_class(status: int, url: str, kind: type[ApiError]) -> None:
    error = error_for_response(status, body("SOME_CODE", "Something"), "application/json", url)
    assert type(error) is kind
    assert error.status == status
    assert error.error_code == "SOME_CODE"
    assert error.url == url
    assert error.user_message


def test_html_error_page_is_a_bad_response_whatever_the_status() -> None:
    page = "<!DOCTYPE html><html><head><title>Maintenance</title></head></html>"
    error = error_for_response(500, page, "text/html; charset=UTF-8", FEED)
    assert isinstance(error, BadResponse)
    assert "acme.my.salesforce.com" in error.user_message
    sniffed = error_for_response(404, page, "application/octet-stream", FEED)
    assert isinstance(sniffed, BadResponse)


def test_rate_limit_reads_retry_after_and_says_hourly_chatter_limit() -> None:
    error = error_for_response(503, "", "application/json", FEED, retry_after="120")
    assert isinstance(error, RateLimited)
    assert error.retry_after == 120
    assert "hourly Chatter limit" in error.user_message
    assert "2 minutes" in error.user_message


def test_rate_limit_without_retry_after_backs_off_a_minute() -> None:
    error = error_for_response(503, body("REQUEST_LIMIT_EXCEEDED", "Too many"), "application/json", FEED)
    assert isinstance(error, RateLimited)
    assert error.retry_after == DEFAULT_RETRY_AFTER == 60
    assert "a minute" in error.user_message


def test_org_request_limit_has_its_own_words() -> None:
    error = error_for_response(
        403, body("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), "", QUERY
    )
    assert isinstance(error, Forbidden)
    assert "organization has used all of its API requests" in error.user_message
    plain = error_for_response(403, body("INSUFFICIENT_ACCESS", "No access"), "", QUERY)
    assert "permission" in plain.user_message
    assert "No access" in plain.user_message


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, 60.0),
        ("", 60.0),
        ("0", 0.0),
        ("30", 30.0),
        ("-5", 0.0),
        ("junk", 60.0),
        ("nan", 60.0),
        ("1e9", 3600.0),
    ],
)
def test_retry_after_values(value: str | None, seconds: float) -> None:
    assert parse_retry_after(value) == seconds


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(header, now=now.timestamp()) == pytest.approx(90)


def test_chatter_urls() -> None:
    assert is_chatter_url(FEED)
    assert is_chatter_url("https://x/services/data/v66.0/connect/user-profiles/005/photo")
    assert not is_chatter_url(QUERY)


def test_each_kind_speaks_plainly() -> None:
    url = "https://acme.my.salesforce.com/services/data/"
    assert NetworkError(None, "network", "ConnectionError", url).user_message.startswith(
        "Can't reach acme.my.salesforce.com"
    )
    assert "took too long" in Timeout(None, "timeout", "", url).user_message
    assert "Sign in again" in SessionExpired(400, "invalid_grant", "expired", url).user_message
    assert "no longer exists" in NotFound(404, None, "", url).user_message
    assert "could not read" in BadResponse(200, None, "", url).user_message
    assert "status 500" in ApiError(500, None, "boom", url).user_message
    assert ApiError(None, None, "x", None, user_message="Custom words.").user_message == "Custom words."


def test_str_carries_status_and_code_for_logs() -> None:
    error = NotFound(404, "NOT_FOUND", "gone", FEED)
    assert str(error) == "gone status=404 code=NOT_FOUND"
    assert isinstance(error, ApiError)


@pytest.mark.parametrize(
    "error",
    [
        NotFound(404, "NOT_FOUND", "gone", FEED),
        RateLimited(403, "REQUEST_LIMIT_EXCEEDED", "limit", FEED, retry_after=12.0),
        Timeout(None, "timeout", "slow", FEED, answer_started=True),
        SessionExpired(401, "INVALID_SESSION_ID", "expired", FEED, user_message="Sign in again."),
        BadResponse(200, None, "not JSON", FEED, maybe_applied=True),
    ],
)
def test_an_error_pickles_whole_for_the_page_reader(error: ApiError) -> None:
    # The page reader (a forked process) hands the error a read ended in back to the app.
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - bytes made just above
    assert type(copy) is type(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)
    assert copy.user_message == error.user_message
    assert isinstance(copy, NetworkError) == isinstance(error, NetworkError)
