"""What happened during one sign-in attempt, for "Copy diagnostics": hosts passed, statuses, timings, outcome.

Only the scheme, host and path of an address are ever kept (never a query or fragment, where tokens, codes
and state travel), nothing from a response body, no header and no cookie. Requests come from an interceptor
on the attempt's profile (browser.RequestRecorder), navigations and page loads from the page (callbackpage);
each entry has its time since the attempt began. This module does not load QtWebEngine.
At most MAX_ENTRIES entries are kept, so a page that keeps reloading cannot grow the report without bound.
"""

from __future__ import annotations

import enum
import time
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import msgspec
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion

from desktop_app import APP_NAME, __version__
from desktop_app.auth import errors as auth_errors
from desktop_app.auth.request import AuthorizeRequest
from desktop_app.ui.signin.urls import LoadFailure, safe_url_text

MAX_ENTRIES = 300

# Chromium's net error codes (net/base/net_error_list.h) that mean the proxy failed, or the clock ran out.
_PROXY_ERRORS = frozenset({111, 115, 127, 130, 131, 336})
_TIMEOUT_ERRORS = frozenset({7, 118})


class Outcome(enum.StrEnum):
    """How an attempt ended, in the words of the report."""

    UNDER_WAY = "still under way"
    SIGNED_IN = "signed in"
    DENIED = "access denied by the user"
    BLOCKED_FLOW = "user-agent flow blocked by the org"
    APP_NOT_INSTALLED = "connected app not installed in the org"
    WRONG_CALLBACK = "callback URL does not match the connected app"
    CERTIFICATE = "certificate error"
    PROXY = "proxy error"
    TIMEOUT = "timed out"
    UNREACHABLE = "server not reachable"
    HTTP_ERROR = "the sign-in page answered with an HTTP error"
    FAILED = "sign-in failed"
    CANCELLED = "cancelled"


def outcome_of_error(error: auth_errors.AuthError) -> Outcome:
    """The outcome an AuthError stands for."""
    if isinstance(error, auth_errors.AccessDenied):
        return Outcome.DENIED
    if isinstance(error, auth_errors.UserAgentFlowBlocked):
        return Outcome.BLOCKED_FLOW
    if isinstance(error, auth_errors.AppNotInstalled):
        return Outcome.APP_NOT_INSTALLED
    if error.code == "redirect_uri_mismatch":
        return Outcome.WRONG_CALLBACK
    if error.code in ("certificate", "tls"):
        return Outcome.CERTIFICATE
    if error.code in ("proxy", "proxy_auth"):
        return Outcome.PROXY
    if isinstance(error, auth_errors.TimedOut):
        return Outcome.TIMEOUT
    if isinstance(error, auth_errors.NetworkError):
        return Outcome.UNREACHABLE
    return Outcome.FAILED


def outcome_of_load(failure: LoadFailure) -> Outcome:
    """The outcome a failed page load stands for."""
    if failure.is_certificate:
        return Outcome.CERTIFICATE
    if failure.is_http_status:
        return Outcome.PROXY if failure.code == 407 else Outcome.HTTP_ERROR
    code = abs(failure.code)
    if code in _PROXY_ERRORS:
        return Outcome.PROXY
    if code in _TIMEOUT_ERRORS:
        return Outcome.TIMEOUT
    return Outcome.UNREACHABLE


def oauth_error_in(url: QUrl) -> str:
    """The OAuth ``error`` code a URL carries in its query or fragment ("" for none); nothing else is read."""
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    parts = urlsplit(text)
    for part in (parts.query, parts.fragment):
        for key, value in parse_qsl(part):
            if key == "error" and value.replace("_", "").isalnum():
                return value[:60]
    return ""


class Entry(msgspec.Struct, frozen=True):
    """One thing that happened: when (ms since the start), what, at which address, and how it went."""

    at_ms: int
    kind: str
    address: str
    detail: str = ""

    @property
    def line(self) -> str:
        """The entry as one line of the report."""
        detail = f"  [{self.detail}]" if self.detail else ""
        return f"{self.at_ms:>7} ms  {self.kind:<10} {self.address}{detail}"


class SignInDiagnostics(msgspec.Struct):
    """The record of the current attempt (``start`` begins a new one)."""

    login_host: str = ""
    flow: str = ""
    started: str = ""
    entries: list[Entry] = msgspec.field(default_factory=list)
    outcome: Outcome = Outcome.UNDER_WAY
    outcome_detail: str = ""
    dropped: int = 0
    _t0: float = 0.0

    def start(self, request: AuthorizeRequest) -> None:
        """Forget the previous attempt and begin recording this one."""
        self.login_host = request.login_host
        self.flow = request.flow.value
        self.started = datetime.now(UTC).isoformat(timespec="seconds")
        self.entries = []
        self.outcome, self.outcome_detail = Outcome.UNDER_WAY, ""
        self.dropped = 0
        self._t0 = time.monotonic()

    def add(self, kind: str, url: QUrl | str, detail: str = "") -> None:
        """Record one entry; the address keeps its scheme, host and path only."""
        if len(self.entries) >= MAX_ENTRIES:
            self.dropped += 1
            return
        at_ms = round((time.monotonic() - self._t0) * 1000)
        self.entries.append(Entry(at_ms, kind, safe_url_text(url), detail))

    def finish(self, outcome: Outcome, detail: str = "") -> None:
        """Say how the attempt ended (the first say counts, except over "under way")."""
        if self.outcome is Outcome.UNDER_WAY or outcome is Outcome.SIGNED_IN:
            self.outcome, self.outcome_detail = outcome, detail[:300]

    def hosts(self) -> list[str]:
        """The hosts the attempt passed, in the order first seen."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            host = urlsplit(entry.address).netloc
            if host:
                seen.setdefault(host, None)
        return list(seen)

    def report(self, versions: str, network: str) -> str:
        """The text for the clipboard."""
        outcome = self.outcome.value + (f" \u2014 {self.outcome_detail}" if self.outcome_detail else "")
        lines = [
            "Connect Desktop sign-in diagnostics",
            f"Versions: {versions}",
            f"Network: {network}",
            f"Login host: {self.login_host or 'none yet'} (flow: {self.flow or '-'})",
            f"Started: {self.started or '-'}",
            f"Outcome: {outcome}",
            f"Hosts passed: {', '.join(self.hosts()) or 'none'}",
            "",
            "Steps (time since the start; addresses without query or fragment):",
        ]
        lines += [entry.line for entry in self.entries]
        if self.dropped:
            lines.append(f"... and {self.dropped} more, not kept")
        return "\n".join(lines) + "\n"


def _text(value: object) -> str:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)


def versions_text() -> str:
    """The app's, Qt's and the web engine's versions, for reports."""
    # The web engine is loaded by then (a sign-in page exists); this module must not load it for the dialog.
    from PySide6.QtWebEngineCore import qWebEngineChromiumVersion, qWebEngineVersion

    return (
        f"{APP_NAME} {__version__}; Qt {qVersion()}; PySide6 {pyside_version}; "
        f"QtWebEngine {_text(qWebEngineVersion())} (Chromium {_text(qWebEngineChromiumVersion())})"
    )
