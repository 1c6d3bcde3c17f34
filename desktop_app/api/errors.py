"""Errors raised by the Connect REST API client, each with words for people.

Each error also says whether a write it ended may still have been stored (``maybe_applied``): the request
went out and no usable answer came back (a timeout, a connection dropped after sending, a 5xx other than the
Chatter rate limit, a 2xx answer cut off or unreadable). Such a write must be checked, not sent again.
"""

from __future__ import annotations

import json
import math
import time
from urllib.parse import urlsplit

from desktop_app import errors

DEFAULT_RETRY_AFTER = 60.0
_MAX_SERVER_TEXT = 300
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED"


def is_write(method: str) -> bool:
    """Whether a request with this method may change something on the server."""
    return method.upper() in WRITE_METHODS


def _host_of(url: str | None) -> str:
    if not url:
        return "Salesforce"
    try:
        return urlsplit(url).netloc or "Salesforce"
    except ValueError:
        return "Salesforce"


class ApiError(errors.AppError):
    """Root of every failure the Connect REST API client reports."""

    def __init__(
        self,
        status: int | None,
        error_code: str | None,
        message: str,
        url: str | None,
        *,
        user_message: str | None = None,
        maybe_applied: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.url = url
        self._user_message = user_message
        # Decided where the facts are known (transport and client): was the write sent, did an answer start.
        self.maybe_applied = maybe_applied

    @property
    def host(self) -> str:
        """Host the failed request went to, for messages."""
        return _host_of(self.url)

    @property
    def user_message(self) -> str:
        """Plain words for people about what went wrong."""
        if self._user_message:
            return self._user_message
        return self._default_user_message()

    def _default_user_message(self) -> str:
        detail = f": {self.message}" if self.message else "."
        if self.status is not None and self.status >= 500:
            return f"Salesforce had a problem handling the request (status {self.status}){detail}"
        return f"Salesforce could not complete the request{detail}"

    def __str__(self) -> str:
        parts = [self.message or type(self).__name__]
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.error_code:
            parts.append(f"code={self.error_code}")
        return " ".join(parts)


class NetworkError(ApiError, errors.NetworkError):
    """The server could not be reached (connection refused, DNS, TLS), or the connection broke (children)."""

    def _default_user_message(self) -> str:
        return f"Can't reach {self.host}. Check your internet connection and try again."


class ConnectionDropped(NetworkError):
    """The request was sent, then the connection closed before any answer came."""

    @property
    def unreachable(self) -> bool:
        """False: the server was reached."""
        return False

    def _default_user_message(self) -> str:
        return f"{self.host} closed the connection before answering. Try again in a moment."


class AnswerInterrupted(NetworkError):
    """The server started answering (status and headers came), then the answer broke off."""

    @property
    def unreachable(self) -> bool:
        """False: the server was reached and answering."""
        return False

    def _default_user_message(self) -> str:
        return (
            f"{self.host} started answering but the answer was cut off before it was complete. "
            "Try again in a moment."
        )


class Timeout(ApiError, errors.NetworkError):
    """The server took longer than the configured timeout, or the request's deadline, to answer."""

    def __init__(
        self,
        status: int | None,
        error_code: str | None,
        message: str,
        url: str | None,
        *,
        answer_started: bool = False,
        user_message: str | None = None,
        maybe_applied: bool = False,
    ) -> None:
        super().__init__(
            status, error_code, message, url, user_message=user_message, maybe_applied=maybe_applied
        )
        self.answer_started = answer_started

    @property
    def unreachable(self) -> bool:
        """True only when no answer started: a slow answer still shows the server is there."""
        return not self.answer_started

    def _default_user_message(self) -> str:
        if self.answer_started:
            return f"{self.host} started answering but took too long to finish. Try again in a moment."
        return f"{self.host} took too long to answer. Try again in a moment."


class RateLimited(ApiError):
    """The hourly Chatter request limit for this user and app was reached (HTTP 503)."""

    def __init__(
        self,
        status: int | None,
        error_code: str | None,
        message: str,
        url: str | None,
        *,
        retry_after: float = DEFAULT_RETRY_AFTER,
        user_message: str | None = None,
        maybe_applied: bool = False,
    ) -> None:
        super().__init__(
            status, error_code, message, url, user_message=user_message, maybe_applied=maybe_applied
        )
        self.retry_after = retry_after

    def _default_user_message(self) -> str:
        minutes = max(1, round(self.retry_after / 60))
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        return (
            "The hourly Chatter limit for Connect Desktop was reached on this account. "
            f"Try again in about {wait}."
        )


class SessionExpired(ApiError):
    """The saved sign-in can no longer be renewed: the account needs a new sign-in."""

    def _default_user_message(self) -> str:
        return "Your session for this account has ended. Sign in again to continue."


class NotFound(ApiError):
    """The resource does not exist, was deleted, or lacks the requested capability (HTTP 404)."""

    def _default_user_message(self) -> str:
        return "This item no longer exists. It may have been deleted."


class Forbidden(ApiError):
    """The server refused the request (HTTP 403), including the org-wide API request limit."""

    def _default_user_message(self) -> str:
        if self.error_code == LIMIT_EXCEEDED:
            return (
                "Your organization has used all of its API requests for now. "
                "Try again later or ask your Salesforce administrator."
            )
        detail = f" Salesforce said: {self.message}" if self.message else ""
        return f"You don't have permission to do that.{detail}"


class BadResponse(ApiError):
    """The server answered with something that is not the expected JSON (e.g. an HTML error page)."""

    def _default_user_message(self) -> str:
        return (
            f"{self.host} sent an answer Connect Desktop could not read. "
            "The org may be unavailable or under maintenance; try again later."
        )


class ResponseTooLarge(BadResponse):
    """The server's answer was larger than Connect Desktop accepts for that kind of response."""

    def _default_user_message(self) -> str:
        return (
            f"{self.host} sent an answer far larger than a genuine one, "
            "so Connect Desktop stopped reading it. Try again later."
        )


def parse_error_body(text: str) -> tuple[str | None, str]:
    """Return (errorCode, message) from a Salesforce error body: a JSON array, an object or plain text."""
    stripped = text.strip()
    try:
        body = json.loads(stripped) if stripped else None
    except (ValueError, RecursionError):
        body = None
    entries: list[object]
    if isinstance(body, list):
        entries = body
    elif isinstance(body, dict):
        entries = [body]
    else:
        return None, "" if _looks_like_html(stripped) else stripped[:_MAX_SERVER_TEXT]
    codes: list[str] = []
    messages: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        code = entry.get("errorCode", entry.get("error"))
        message = entry.get("message", entry.get("error_description"))
        if isinstance(code, str) and code:
            codes.append(code)
        if isinstance(message, str) and message:
            messages.append(message)
    return (codes[0] if codes else None), " ".join(messages)[:_MAX_SERVER_TEXT]


def _looks_like_html(text: str) -> bool:
    head = text[:200].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype" in head or "<head" in head)


def parse_retry_after(value: str | None, now: float | None = None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); the default when absent."""
    if not value:
        return DEFAULT_RETRY_AFTER
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        # The email package (4 ms) loads only for a dated Retry-After, not with every module that raises.
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return DEFAULT_RETRY_AFTER
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return DEFAULT_RETRY_AFTER
    return max(0.0, min(seconds, 3600.0))


def is_chatter_url(url: str) -> bool:
    """Whether the URL is a Connect REST (Chatter) resource, where 503 means the hourly limit."""
    path = urlsplit(url).path
    return "/chatter/" in path or "/connect/" in path or path.endswith(("/chatter", "/connect"))


def error_for_response(
    status: int,
    body: str,
    content_type: str,
    url: str,
    retry_after: str | None = None,
    *,
    method: str = "GET",
) -> ApiError:
    """Map a non-success HTTP answer to the matching ApiError subclass.

    A write answered with a 5xx may have been stored before the server failed, except a 503 that is the
    Chatter rate limit (its REQUEST_LIMIT_EXCEEDED body says the request was refused before it ran).
    """
    html = "html" in content_type.lower() or _looks_like_html(body.strip())
    code, message = (None, "") if html else parse_error_body(body)
    applied = is_write(method) and status >= 500 and not (status == 503 and code == LIMIT_EXCEEDED)
    if html:
        return BadResponse(
            status, None, f"HTML page instead of JSON (status {status})", url, maybe_applied=applied
        )
    if status == 401:
        return SessionExpired(status, code, message or "Session expired or invalid", url)
    if status == 403:
        return Forbidden(status, code, message, url)
    if status == 404:
        return NotFound(status, code, message, url)
    if status == 503 and is_chatter_url(url):
        return RateLimited(
            status, code, message, url, retry_after=parse_retry_after(retry_after), maybe_applied=applied
        )
    return ApiError(status, code, message, url, maybe_applied=applied)
