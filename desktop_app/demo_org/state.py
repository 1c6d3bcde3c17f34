"""The demo org's mutable state: sessions, tokens, codes, approvals, counters and limits, behind one lock."""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .models import DemoUser, OrgData, Person

CLIENT_ID = "3MVG9DemoOrgConnectDesktop.LocalLoopbackConsumerKey_0000000000000000000000000001"
APP_NAME = "Connect Desktop"
APP_SCOPES = frozenset({"api", "chatter_api", "id", "refresh_token", "offline_access", "web", "full"})
DEFAULT_SCOPE = "api id refresh_token web chatter_api"
API_DAILY_LIMIT = 15_000


@dataclass
class AccessToken:
    """A live access token and the grant it came from."""

    user: DemoUser
    scope: str
    issued: float
    family: str | None


@dataclass
class RefreshToken:
    """A live refresh token; `family` links it to its rotated predecessors and their access tokens."""

    user: DemoUser
    scope: str
    family: str


@dataclass
class AuthCode:
    """A single-use authorization code waiting to be exchanged."""

    user: DemoUser
    redirect_uri: str
    scope: str
    challenge: str | None
    expires: float


@dataclass
class Pending:
    """A signed-in user waiting on the approval page, with the OAuth parameters to finish with."""

    user: DemoUser
    params: dict[str, str]
    expires: float


@dataclass
class Config:
    """Behaviour switches chosen when the demo org is created."""

    token_ttl: float | None = None
    rotate_refresh_tokens: bool = False
    block_user_agent_flow: bool = False
    chatter_limit: int | None = None


@dataclass
class DemoState:
    """All mutable state of a running demo org; callers hold `lock` around every use."""

    config: Config
    orgs: list[OrgData]
    login_url: str = ""
    code_ttl: float = 900.0
    consumer_secret: str = field(default_factory=lambda: secrets.token_hex(32))
    lock: threading.RLock = field(default_factory=threading.RLock)
    counters: collections.Counter[str] = field(default_factory=collections.Counter)
    approvals: set[tuple[str, str]] = field(default_factory=set)
    _access: dict[str, AccessToken] = field(default_factory=dict)
    _refresh: dict[str, RefreshToken] = field(default_factory=dict)
    _codes: dict[str, AuthCode] = field(default_factory=dict)
    _sessions: dict[str, DemoUser] = field(default_factory=dict)
    _pending: dict[str, Pending] = field(default_factory=dict)
    _otps: dict[str, tuple[DemoUser, str]] = field(default_factory=dict)
    _chatter_hits: collections.Counter[tuple[str, int]] = field(default_factory=collections.Counter)
    _api_usage: collections.Counter[str] = field(default_factory=collections.Counter)
    _last_ms: int = 0

    @property
    def callback_url(self) -> str:
        """The registered callback of the demo connected app."""
        return f"{self.login_url}/services/oauth2/success"

    def now(self) -> datetime:
        """The current time in whole milliseconds, strictly later than any earlier answer."""
        with self.lock:
            self._last_ms = max(int(time.time() * 1000), self._last_ms + 1)
            return datetime.fromtimestamp(self._last_ms / 1000, UTC)

    def org_of(self, user: DemoUser) -> OrgData:
        """The org a user belongs to."""
        return next(org for org in self.orgs if org.info.org_id == user.org_id)

    def person(self, user: DemoUser) -> Person:
        """Profile facts for a user."""
        return self.org_of(user).people[user.user_id]

    def find_user(self, username: str) -> DemoUser | None:
        """The user with this username (case-insensitive), if any."""
        wanted = username.strip().lower()
        for org in self.orgs:
            for person in org.people.values():
                if person.user.username.lower() == wanted:
                    return person.user
        return None

    def identity_url(self, user: DemoUser) -> str:
        """The identity URL for a user on the login host."""
        return f"{self.login_url}/id/{user.org_id}/{user.user_id}"

    # Sessions on the login host and the approval step.

    def open_session(self, user: DemoUser) -> str:
        """A login-host session cookie value for a user who just typed a good password."""
        sid = secrets.token_urlsafe(24)
        self._sessions[sid] = user
        return sid

    def session_user(self, sid: str | None) -> DemoUser | None:
        """The user behind a login-host session cookie."""
        return self._sessions.get(sid or "")

    def park(self, user: DemoUser, params: dict[str, str]) -> str:
        """Hold a signed-in user's OAuth parameters until they answer the approval page."""
        ticket = secrets.token_urlsafe(24)
        self._pending[ticket] = Pending(user, dict(params), time.monotonic() + 600)
        return ticket

    def unpark(self, ticket: str) -> Pending | None:
        """Take a held approval request (single use)."""
        pending = self._pending.pop(ticket, None)
        if pending is None or pending.expires < time.monotonic():
            return None
        return pending

    # Tokens.

    def issue(self, user: DemoUser, scope: str) -> dict[str, str]:
        """A new grant as the token endpoint returns it (with a refresh token when the scope asks for one)."""
        family = None
        response: dict[str, str] = {}
        if {"refresh_token", "offline_access"} & set(scope.split()):
            family = secrets.token_urlsafe(12)
            refresh = "5Aep861" + secrets.token_urlsafe(60)
            self._refresh[refresh] = RefreshToken(user, scope, family)
            response["refresh_token"] = refresh
        return {**self._access_response(user, scope, family), **response}

    def refresh(self, token: str) -> dict[str, str] | None:
        """The refresh grant's answer, or None when the refresh token is unknown, revoked or rotated away."""
        record = self._refresh.get(token)
        if record is None:
            return None
        response = self._access_response(record.user, record.scope, record.family)
        if self.config.rotate_refresh_tokens:
            del self._refresh[token]
            rotated = "5Aep861" + secrets.token_urlsafe(60)
            self._refresh[rotated] = RefreshToken(record.user, record.scope, record.family)
            response["refresh_token"] = rotated
        return response

    def _access_response(self, user: DemoUser, scope: str, family: str | None) -> dict[str, str]:
        token = f"{user.org_id[:15]}!AQ" + secrets.token_urlsafe(72)
        self._access[token] = AccessToken(user, scope, time.monotonic(), family)
        issued_at = str(int(self.now().timestamp() * 1000))
        id_url = self.identity_url(user)
        return {
            "access_token": token,
            "signature": self.sign(id_url, issued_at),
            "scope": scope,
            "instance_url": self.org_of(user).info.instance_url,
            "id": id_url,
            "token_type": "Bearer",
            "issued_at": issued_at,
        }

    def sign(self, id_url: str, issued_at: str) -> str:
        """Base64 HMAC-SHA256 of id + issued_at keyed with the consumer secret, as Salesforce signs grants."""
        digest = hmac.new(
            self.consumer_secret.encode(), (id_url + issued_at).encode(), hashlib.sha256
        ).digest()
        return base64.b64encode(digest).decode()

    def access_user(self, token: str | None) -> DemoUser | None:
        """The user behind a live access token; None when missing, unknown, revoked or past token_ttl."""
        record = self._access.get(token or "")
        if record is None:
            return None
        ttl = self.config.token_ttl
        if ttl is not None and time.monotonic() - record.issued >= ttl:
            del self._access[token or ""]
            return None
        return record.user

    def is_refresh_token_valid(self, token: str) -> bool:
        """True while the refresh token can still be used."""
        return token in self._refresh

    def revoke(self, token: str) -> bool:
        """Revoke a refresh token (and every access token of its family) or a single access token."""
        record = self._refresh.pop(token, None)
        if record is not None:
            family = record.family
            for key in [key for key, value in self._access.items() if value.family == family]:
                del self._access[key]
            for key in [key for key, value in self._refresh.items() if value.family == family]:
                del self._refresh[key]
            return True
        return self._access.pop(token, None) is not None

    def expire_access_tokens(self) -> None:
        """Forget every access token, as if every session timed out."""
        self._access.clear()

    # Authorization codes and one-time frontdoor passes.

    def new_code(self, user: DemoUser, redirect_uri: str, scope: str, challenge: str | None) -> str:
        """A fresh authorization code."""
        code = "aPrx" + secrets.token_urlsafe(40)
        self._codes[code] = AuthCode(user, redirect_uri, scope, challenge, time.monotonic() + self.code_ttl)
        return code

    def take_code(self, code: str) -> AuthCode | None:
        """Consume a code; None when unknown, used or expired."""
        record = self._codes.pop(code, None)
        if record is None or record.expires <= time.monotonic():
            return None
        return record

    def new_otp(self, user: DemoUser, path: str) -> str:
        """A one-time frontdoor pass for a user and the page it opens."""
        otp = secrets.token_urlsafe(32)
        self._otps[otp] = (user, path)
        return otp

    def take_otp(self, otp: str) -> tuple[DemoUser, str] | None:
        """Consume a frontdoor pass."""
        return self._otps.pop(otp, None)

    # Limits.

    def count_api(self, org_id: str) -> str:
        """Count one API call for an org; returns the Sforce-Limit-Info header value."""
        self._api_usage[org_id] += 1
        return f"api-usage={self._api_usage[org_id]}/{API_DAILY_LIMIT}"

    def api_usage(self, org_id: str) -> str:
        """The Sforce-Limit-Info header value for an org, without counting a call."""
        return f"api-usage={self._api_usage[org_id]}/{API_DAILY_LIMIT}"

    def within_chatter_limit(self, user: DemoUser) -> bool:
        """Count one of the user's Chatter requests this hour; False once past the hourly limit."""
        hour = int(time.time() // 3600)
        self._chatter_hits[(user.user_id, hour)] += 1
        limit = self.config.chatter_limit
        return limit is None or self._chatter_hits[(user.user_id, hour)] <= limit
