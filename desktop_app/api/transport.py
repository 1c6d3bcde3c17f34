"""HTTP plumbing for the API client: bearer auth, retry policy, deadlines, size caps, mapping failures.

Limits, per request: a read timeout per socket operation (the client's ``timeout``), a wall-clock deadline for
the whole exchange (API_DEADLINE, 60 s, from sending to the body's last byte) and a cap on the body by kind:
MAX_JSON_BYTES (16 MiB; a page of 100 feed elements is a few MB), MAX_BINARY_BYTES (20 MiB, a photo or a
file) and MAX_ERROR_BYTES (1 MiB, any answer that is not 2xx). Bodies are streamed and counted (auth.bounded).

A failure is classified by how far the exchange got, because a write that reached the server may have been
stored even though no usable answer came back:

- not sent (refused, DNS, connect timeout, proxy, certificate): NetworkError, never applied;
- sent, no answer yet (read timeout, deadline, connection closed): Timeout or ConnectionDropped;
- answer started, body cut off (broken stream, read timeout or deadline mid-body): AnswerInterrupted or
  Timeout(answer_started=True).

For a write (POST, PUT, PATCH, DELETE) every case but the first sets ``maybe_applied``; an answer that had
started with a 4xx status was a refusal and is not. When in doubt the error says "maybe": a needless check
costs a read, a wrong "not stored" costs a duplicate post.

Every request follows the process's network policy (auth.network: proxy, trusted CAs); a refused
certificate, a failing proxy or an unknown host name is explained in words of its own (auth.netfailures).
"""

from __future__ import annotations

import logging
import ssl
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError, ReadTimeoutError
from urllib3.exceptions import ProxyError as UrllibProxyError
from urllib3.util.retry import Retry

from desktop_app.api.errors import (
    AnswerInterrupted,
    ApiError,
    BadResponse,
    ConnectionDropped,
    NetworkError,
    ResponseTooLarge,
    Timeout,
    is_write,
)
from desktop_app.auth import bounded, netfailures

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


# Failures that happen before a byte of the request leaves: connecting (refused, DNS, timeout; urllib3's
# NewConnectionError and NameResolutionError are ConnectTimeoutErrors), the proxy, or the TLS handshake.
_BEFORE_SENDING = (
    ConnectTimeoutError,
    UrllibProxyError,
    requests.exceptions.ProxyError,
    requests.ConnectTimeout,
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
)
# A connection closed abruptly surfaces as one of these on TLS, during the handshake or after the request
# went out alike; other TLS errors (a refused certificate, no common protocol) end the handshake.
_TLS_CLOSED = (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError)


def failed_before_sending(exc: BaseException) -> bool:
    """Whether the exception shows the request never left (found among its arguments, reasons and causes).

    ``__context__`` is not followed: an exception handled on the way may be unrelated to this failure.
    """
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, _BEFORE_SENDING) or (
            isinstance(item, ssl.SSLError) and not isinstance(item, _TLS_CLOSED)
        ):
            return True
        pending.extend(item.args)
        pending.extend([getattr(item, "reason", None), item.__cause__])
    return False


def maybe_applied(method: str, exc: BaseException, answer_status: int | None) -> bool:
    """Whether a request that failed this way may still have changed something on the server.

    Only writes change anything; an answer that started with a 4xx was a refusal; otherwise a request that
    left may have been carried out.
    """
    if not is_write(method):
        return False
    if answer_status is not None:
        return not 400 <= answer_status < 500
    return not failed_before_sending(exc)


def transport_error(
    exc: requests.RequestException,
    url: str,
    read_timeout: float,
    *,
    method: str = "GET",
    answer_status: int | None = None,
) -> ApiError:
    """The ApiError for a request that got no usable answer (refused, reset, timed out, cut off).

    ``answer_status`` is the status of an answer whose head had arrived before the failure, if any.
    """
    kind = type(exc).__name__
    log.info("Request to %s failed: %s", urlsplit(url).hostname, kind)
    started = answer_status is not None
    applied = maybe_applied(method, exc, answer_status)
    if isinstance(exc, requests.Timeout) or caused_by_timeout(exc):
        return Timeout(
            answer_status,
            "timeout",
            f"no answer within {read_timeout:g} s ({kind})",
            url,
            answer_started=started,
            maybe_applied=applied,
        )
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return BadResponse(answer_status, "bad_encoding", kind, url, maybe_applied=applied)
    if started:
        return AnswerInterrupted(answer_status, "interrupted", kind, url, maybe_applied=applied)
    if isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        if failed_before_sending(exc):
            failure = netfailures.explain(exc, url)
            if failure is not None:
                return NetworkError(None, failure.code, failure.detail, url, user_message=failure.message)
            return NetworkError(None, "network", kind, url)
        return ConnectionDropped(None, "dropped", kind, url, maybe_applied=applied)
    return ApiError(None, "request_failed", kind, url, maybe_applied=applied)


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

    Raises Timeout, ResponseTooLarge, NetworkError (or its children) or another ApiError, each saying
    whether a write may have been applied; the body is then in .content.
    """
    heads: list[int] = []

    def heard(response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        # requests calls response hooks once the status line and headers are in, before the body is read.
        heads.append(response.status_code)

    if "hooks" in kwargs:
        raise ValueError("send() sets its own response hook")
    try:
        return bounded.fetch(
            session,
            method,
            url,
            deadline=deadline,
            max_bytes=max_bytes,
            max_error_bytes=MAX_ERROR_BYTES,
            timeout=timeout,
            hooks={"response": [heard]},
            **kwargs,
        )
    except bounded.DeadlinePassed as exc:
        log.info("Request to %s passed its deadline of %g s", urlsplit(url).hostname, deadline)
        status = heads[-1] if heads else None
        raise Timeout(
            status,
            "deadline",
            str(exc),
            url,
            answer_started=status is not None,
            maybe_applied=maybe_applied(method, exc, status),
        ) from exc
    except bounded.BodyTooLarge as exc:
        log.warning("Answer from %s was larger than %d bytes", urlsplit(url).hostname, exc.limit)
        status = heads[-1] if heads else None
        applied = maybe_applied(method, exc, status)
        raise ResponseTooLarge(status, "too_large", str(exc), url, maybe_applied=applied) from exc
    except requests.RequestException as exc:
        status = heads[-1] if heads else None
        raise transport_error(exc, url, timeout[1], method=method, answer_status=status) from exc
