"""HTTP plumbing for the API client: bearer auth, retry policy, deadlines, size caps, mapping failures.

Limits, per request: a read timeout per socket operation (the client's ``timeout``), a wall-clock deadline for
the whole exchange (API_DEADLINE, 60 s, from sending to the body's last byte) and a cap on the body by kind:
MAX_JSON_BYTES (16 MiB; a page of 100 feed elements is a few MB), MAX_BINARY_BYTES (20 MiB, a photo or a
file) and MAX_ERROR_BYTES (1 MiB, any answer that is not 2xx). Bodies are streamed and counted (auth.bounded).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from desktop_app.api.errors import ApiError, BadResponse, NetworkError, ResponseTooLarge, Timeout
from desktop_app.auth import bounded

log = logging.getLogger("connect.api")

API_DEADLINE = 60.0
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_BINARY_BYTES = 20 * 1024 * 1024
MAX_ERROR_BYTES = bounded.MAX_ERROR_BYTES

WatchedAdapter = bounded.WatchedAdapter


class BearerAuth(requests.auth.AuthBase):
    """Sets `Authorization: Bearer <token>` on a request; its repr hides the token."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(<hidden>)"


def retry_policy() -> Retry:
    """Transport retries: failed connects, and 502/504 for GET only; never a POST or DELETE that arrived."""
    return Retry(
        total=3,
        connect=3,
        read=False,
        redirect=3,
        status=3,
        other=0,
        status_forcelist=(502, 504),
        allowed_methods=frozenset({"GET"}),
        backoff_factor=0.2,
        raise_on_status=False,
        # A 503 on Chatter is the hourly limit: report it instead of sleeping for an hour inside urllib3.
        respect_retry_after_header=False,
    )


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the default port filled in, for same-host checks."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "", "", None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or {"https": 443, "http": 80}.get(scheme)


def path_of(url: str) -> str:
    """The path of a URL, for logs (queries may carry paging tokens)."""
    return urlsplit(url).path


def caused_by_timeout(exc: BaseException) -> bool:
    """Whether a timeout lies under the exception (requests wraps some read timeouts in ConnectionError)."""
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ReadTimeoutError | requests.Timeout | TimeoutError):
            return True
        pending.extend(item.args)
        pending.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
    return False


def transport_error(exc: requests.RequestException, url: str, read_timeout: float) -> ApiError:
    """The ApiError for a request that got no usable answer (refused, reset, timed out)."""
    kind = type(exc).__name__
    log.info("Request to %s failed: %s", urlsplit(url).hostname, kind)
    if isinstance(exc, requests.Timeout) or caused_by_timeout(exc):
        return Timeout(None, "timeout", f"no answer within {read_timeout:g} s ({kind})", url)
    if isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return NetworkError(None, "network", kind, url)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return BadResponse(None, "bad_encoding", kind, url)
    return ApiError(None, "request_failed", kind, url)


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: tuple[float, float],
    deadline: float = API_DEADLINE,
    max_bytes: int = MAX_JSON_BYTES,
    **kwargs: Any,
) -> requests.Response:
    """One request with its body read (at most max_bytes, or MAX_ERROR_BYTES when not 2xx) within deadline.

    Raises Timeout, ResponseTooLarge, NetworkError or another ApiError; the body is then in .content.
    """
    try:
        return bounded.fetch(
            session,
            method,
            url,
            deadline=deadline,
            max_bytes=max_bytes,
            max_error_bytes=MAX_ERROR_BYTES,
            timeout=timeout,
            **kwargs,
        )
    except bounded.DeadlinePassed as exc:
        log.info("Request to %s passed its deadline of %g s", urlsplit(url).hostname, deadline)
        raise Timeout(None, "deadline", str(exc), url) from exc
    except bounded.BodyTooLarge as exc:
        log.warning("Answer from %s was larger than %d bytes", urlsplit(url).hostname, exc.limit)
        raise ResponseTooLarge(None, "too_large", str(exc), url) from exc
    except requests.RequestException as exc:
        raise transport_error(exc, url, timeout[1]) from exc
