"""HTTP plumbing shared by the token and identity calls: sessions, timeouts and reading replies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from .errors import NetworkError

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Timeout = (5, 30)
ACCEPT_JSON = {"Accept": "application/json"}

_UNREACHABLE = "Could not reach Salesforce at {host}. Check your connection and try again."
_GARBLED = "Salesforce at {host} sent an answer Connect Desktop could not read. Try again later."


@contextmanager
def session_scope(session: requests.Session | None) -> Iterator[requests.Session]:
    """The given session, or a new one closed on exit."""
    if session is not None:
        yield session
        return
    own = requests.Session()
    try:
        yield own
    finally:
        own.close()


def send(
    session: requests.Session, method: str, url: str, host: str, timeout: Timeout, **kwargs: Any
) -> requests.Response:
    """One request with the timeout; connection failures and timeouts become NetworkError."""
    try:
        return session.request(method, url, timeout=timeout, allow_redirects=False, **kwargs)
    except requests.Timeout as exc:
        raise NetworkError(
            "network", f"timed out: {type(exc).__name__}", f"Salesforce at {host} did not answer in time."
        ) from exc
    except requests.RequestException as exc:
        raise NetworkError("network", type(exc).__name__, _UNREACHABLE.format(host=host)) from exc


def json_body(response: requests.Response, host: str) -> Any:
    """The decoded JSON body, or NetworkError when the body is not JSON (a proxy page, an outage page)."""
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError) as exc:
        raise NetworkError(
            "bad_response",
            f"HTTP {response.status_code} with a body that is not JSON",
            _GARBLED.format(host=host),
            status=response.status_code,
        ) from exc
