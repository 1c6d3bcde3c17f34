"""HTTP plumbing shared by the token and identity calls: sessions, deadlines, size caps and reading replies.

Every call has a read timeout per socket operation (DEFAULT_TIMEOUT) and a deadline for the whole exchange
(AUTH_DEADLINE, 30 s: a token or identity reply is a few hundred bytes); the body is capped at MAX_JSON_BYTES
(1 MiB, far above any token reply or identity) and error bodies at bounded.MAX_ERROR_BYTES. Refused
certificates, failing proxies and unknown host names are explained in words of their own (netfailures).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from . import bounded, netfailures
from .errors import NetworkError, ResponseTooLarge, TimedOut

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Timeout = (5, 30)
AUTH_DEADLINE = 30.0
MAX_JSON_BYTES = 1024 * 1024
ACCEPT_JSON = {"Accept": "application/json"}

_UNREACHABLE = "Could not reach Salesforce at {host}. Check your connection and try again."
_GARBLED = "Salesforce at {host} sent an answer Connect Desktop could not read. Try again later."
_TOO_SLOW = "Salesforce at {host} did not answer in time."
_TOO_LARGE = (
    "Salesforce at {host} sent an answer far larger than a genuine one, "
    "so Connect Desktop stopped reading it."
)


@contextmanager
def session_scope(session: requests.Session | None) -> Iterator[requests.Session]:
    """The given session, or a new one (its connections cut at each call's deadline) closed on exit."""
    if session is not None:
        yield session
        return
    own = bounded.watch_session(requests.Session())
    try:
        yield own
    finally:
        own.close()


def send(
    session: requests.Session,
    method: str,
    url: str,
    host: str,
    timeout: Timeout,
    *,
    deadline: float = AUTH_DEADLINE,
    max_bytes: int = MAX_JSON_BYTES,
    **kwargs: Any,
) -> requests.Response:
    """One request, its body read whole: TimedOut, ResponseTooLarge or NetworkError when that fails."""
    try:
        return bounded.fetch(
            session,
            method,
            url,
            deadline=deadline,
            max_bytes=max_bytes,
            timeout=timeout,
            allow_redirects=False,
            **kwargs,
        )
    except bounded.DeadlinePassed as exc:
        raise TimedOut("network", f"timed out: {exc}", _TOO_SLOW.format(host=host)) from exc
    except bounded.BodyTooLarge as exc:
        raise ResponseTooLarge("too_large", str(exc), _TOO_LARGE.format(host=host)) from exc
    except requests.Timeout as exc:
        raise TimedOut("network", f"timed out: {type(exc).__name__}", _TOO_SLOW.format(host=host)) from exc
    except requests.RequestException as exc:
        failure = netfailures.explain(exc, url)
        if failure is not None:
            raise NetworkError(failure.code, failure.detail, failure.message) from exc
        raise NetworkError("network", type(exc).__name__, _UNREACHABLE.format(host=host)) from exc


def json_body(response: requests.Response, host: str) -> Any:
    """The decoded JSON body, or NetworkError when the body is not JSON (a proxy page, an outage page)."""
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError, RecursionError) as exc:
        raise NetworkError(
            "bad_response",
            f"HTTP {response.status_code} with a body that is not JSON",
            _GARBLED.format(host=host),
            status=response.status_code,
        ) from exc
