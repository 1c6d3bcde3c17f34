"""Check one account's session now: read its identity URL and its org's limits, and report each result.

The identity URL lives on the login host, which the Connect client does not send its token to, so it is read
with the identity call of the sign-in (one refresh and one retry when the token is refused, through the
account's shared credentials). The limits resource, ``GET /services/data/vNN.N/limits``, is a Connect client
call like any other; its ``DailyApiRequests`` is the org's API use over the last 24 hours. Blocking: run it on
a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlsplit

import msgspec

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.limits import ApiUsage
from desktop_app.auth.errors import AuthError
from desktop_app.auth.identity import Identity, fetch_identity
from desktop_app.errors import AppError, describe

T = TypeVar("T")

LIMITS_PATH = "/limits"
DAILY_API_REQUESTS = "DailyApiRequests"


class CheckStep(msgspec.Struct, frozen=True):
    """One call of a check: what was asked, whether it worked, what it said, and how long it took."""

    what: str
    ok: bool
    text: str
    millis: int

    @property
    def line(self) -> str:
        """The step as one line of a report."""
        return f"{self.what}: {'OK' if self.ok else 'failed'} ({self.millis} ms) \u2014 {self.text}"


class SessionCheck(msgspec.Struct, frozen=True):
    """The outcome of checking one account's session."""

    account_key: str
    steps: tuple[CheckStep, ...]
    usage: ApiUsage | None
    api_version: str | None
    checked_at: str

    @property
    def ok(self) -> bool:
        """True when every call worked."""
        return all(step.ok for step in self.steps)

    @property
    def text(self) -> str:
        """Every step, one per line."""
        return "\n".join(step.line for step in self.steps)


def daily_api_usage(body: object) -> ApiUsage | None:
    """The org's API requests over the last 24 hours from a /limits body (None when it has no such entry)."""
    entry = body.get(DAILY_API_REQUESTS) if isinstance(body, dict) else None
    if not isinstance(entry, dict):
        return None
    most, remaining = entry.get("Max"), entry.get("Remaining")
    if not _count(most) or not _count(remaining):
        return None
    assert isinstance(most, int)
    assert isinstance(remaining, int)
    return ApiUsage(max(0, most - remaining), most)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def usage_text(usage: ApiUsage | None) -> str:
    """ "1,234 of 15,000 API requests in the last 24 hours (8%)", or "not known yet"."""
    if usage is None:
        return "not known yet"
    return f"{usage.used:,} of {usage.limit:,} API requests in the last 24 hours ({usage.fraction:.0%})"


def _timed(what: str, call: Callable[[], T], describe_ok: Callable[[T], str]) -> tuple[CheckStep, T | None]:
    started = time.monotonic()
    try:
        value = call()
    except AppError as exc:
        millis = round((time.monotonic() - started) * 1000)
        return CheckStep(what, False, describe(exc), millis), None
    millis = round((time.monotonic() - started) * 1000)
    return CheckStep(what, True, describe_ok(value), millis), value


def _identity(client: ConnectClient, credentials: AccountCredentials) -> tuple[Identity, bool]:
    account = client.account
    tokens = credentials.current()
    try:
        return fetch_identity(account.id_url, tokens.access_token, login_host=account.login_host), False
    except AuthError as exc:
        if exc.code != "bad_token":
            raise
    tokens = credentials.refresh(tokens.access_token)
    return fetch_identity(account.id_url, tokens.access_token, login_host=account.login_host), True


def _limits(client: ConnectClient) -> ApiUsage | None:
    response = client.request("GET", client.data_url(LIMITS_PATH))
    try:
        body = response.json()
    except ValueError:
        body = None
    return daily_api_usage(body) or client.last_usage


def check_session(client: ConnectClient, credentials: AccountCredentials) -> SessionCheck:
    """Call the identity URL and the limits resource for the client's account; never raises an AppError."""

    def who(result: tuple[Identity, bool]) -> str:
        identity, refreshed = result
        note = " (the access token was refreshed first)" if refreshed else ""
        return f"signed in as {identity.display_name} ({identity.username}){note}"

    account = client.account
    identity_step, _ = _timed(
        f"Identity URL at {_host(account.id_url)}", lambda: _identity(client, credentials), who
    )
    limits_step, usage = _timed("Limits", lambda: _limits(client), usage_text)
    # The API version is known once the first call of the client found it.
    where = f"{_host(client.instance_url)}/services/data/v{client.api_version or '?'}{LIMITS_PATH}"
    limits_step = CheckStep(f"Limits at {where}", limits_step.ok, limits_step.text, limits_step.millis)
    return SessionCheck(
        account_key=account.key,
        steps=(identity_step, limits_step),
        usage=usage if usage is not None else client.last_usage,
        api_version=client.api_version,
        checked_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _host(url: str) -> str:
    """The host (and port) of a URL, for labels."""
    return urlsplit(url).netloc or url
