"""A running demo org's state: its database, orgs and people, the grants it issues, its clock and limits."""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import msgspec

from . import orgstore
from .database import Database
from .grants import Grants
from .models import DemoUser, OrgData, Person

CLIENT_ID = "3MVG9DemoOrgConnectDesktop.LocalLoopbackConsumerKey_0000000000000000000000000001"
APP_NAME = "Connect Desktop"
APP_SCOPES = frozenset({"api", "chatter_api", "id", "refresh_token", "offline_access", "web", "full"})
DEFAULT_SCOPE = "api id refresh_token web chatter_api"
API_DAILY_LIMIT = 15_000


class Config(msgspec.Struct):
    """Behaviour switches chosen when the demo org is started (not stored: each start chooses again)."""

    token_ttl: float | None = None
    rotate_refresh_tokens: bool = False
    block_user_agent_flow: bool = False
    chatter_limit: int | None = None
    # Some orgs refuse the Organization query to some users; clients then read /connect/organization.
    refuse_org_query: bool = False
    # The largest upload body taken (Salesforce: 2 GB including headers); tests lower it.
    max_upload_bytes: int = 2 * 1024 * 1024 * 1024
    # Features or user settings of /connect/organization this org reports as off (e.g. "files", "canFollow").
    features_off: tuple[str, ...] = ()


@dataclass
class DemoState:
    """All state of a running demo org; views use it inside `db.transaction()`, one per request.

    Orgs, people and records never change after seeding, so they are read into memory once; the feed,
    grants and usage counts are read from and written to the database as requests need them. `counters`
    counts requests of this process for tests and benchmarks, and is not stored.
    """

    config: Config
    db: Database
    consumer_secret: str
    counters: collections.Counter[str] = field(default_factory=collections.Counter)
    orgs: list[OrgData] = field(default_factory=list)
    login_url: str = ""
    code_ttl: float = 900.0
    grants: Grants = field(init=False)
    _users: dict[str, DemoUser] = field(init=False, default_factory=dict)
    _last_ms: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.grants = Grants(
            self.db, self._users.get, rotate_refresh_tokens=self.config.rotate_refresh_tokens
        )

    def serve(self, orgs: list[OrgData], login_url: str) -> None:
        """Start answering for these orgs, with the login host at login_url."""
        with self.db.transaction() as conn:
            self.orgs = orgs
            self.login_url = login_url
            self._users.clear()
            self._users.update(
                (person.user.user_id, person.user) for org in orgs for person in org.people.values()
            )
            self._last_ms = orgstore.last_moment_ms(conn)

    @property
    def callback_url(self) -> str:
        """The registered callback of the demo connected app."""
        return f"{self.login_url}/services/oauth2/success"

    def now(self) -> datetime:
        """The current time in whole milliseconds, strictly later than any earlier answer or stored time."""
        with self.db.lock:
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
        return next((user for user in self._users.values() if user.username.lower() == wanted), None)

    def identity_url(self, user: DemoUser) -> str:
        """The identity URL for a user on the login host."""
        return f"{self.login_url}/id/{user.org_id}/{user.user_id}"

    # Grants as the token endpoint returns them.

    def issue(self, user: DemoUser, scope: str) -> dict[str, str]:
        """A new grant as the token endpoint returns it (with a refresh token when the scope asks for one)."""
        with self.db.transaction():
            if {"refresh_token", "offline_access"} & set(scope.split()):
                refresh, family = self.grants.new_refresh(user, scope)
                return {**self._access_response(user, scope, family), "refresh_token": refresh}
            return self._access_response(user, scope, None)

    def refresh(self, token: str) -> dict[str, str] | None:
        """The refresh grant's answer, or None when the refresh token is unknown, revoked or rotated away."""
        with self.db.transaction():
            grant = self.grants.refresh_grant(token)
            if grant is None:
                return None
            response = self._access_response(grant.user, grant.scope, grant.family)
            if self.config.rotate_refresh_tokens:
                response["refresh_token"] = self.grants.rotate(token, grant)
            return response

    def _access_response(self, user: DemoUser, scope: str, family: str | None) -> dict[str, str]:
        token = self.grants.new_access(user, scope, family)
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
        return self.grants.access_user(token, self.config.token_ttl)

    # Limits.

    def count_api(self, org_id: str) -> str:
        """Count one API call for an org today; returns the Sforce-Limit-Info header value."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO api_usage (org_id, day, calls) VALUES (?, ?, 1) "
                "ON CONFLICT (org_id, day) DO UPDATE SET calls = calls + 1",
                (org_id, _day()),
            )
        return self.api_usage(org_id)

    def api_calls(self, org_id: str) -> int:
        """The API calls an org made today (UTC)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT calls FROM api_usage WHERE org_id = ? AND day = ?", (org_id, _day())
            ).fetchone()
        return 0 if row is None else int(row[0])

    def api_usage(self, org_id: str) -> str:
        """The Sforce-Limit-Info header value for an org, without counting a call."""
        return f"api-usage={self.api_calls(org_id)}/{API_DAILY_LIMIT}"

    def within_chatter_limit(self, user: DemoUser) -> bool:
        """Count one of the user's Chatter requests this hour; False once past the hourly limit."""
        hour = int(time.time() // 3600)
        with self.db.transaction() as conn:
            (calls,) = conn.execute(
                "INSERT INTO chatter_hits (user_id, hour, calls) VALUES (?, ?, 1) "
                "ON CONFLICT (user_id, hour) DO UPDATE SET calls = calls + 1 RETURNING calls",
                (user.user_id, hour),
            ).fetchall()[0]
        limit = self.config.chatter_limit
        return limit is None or calls <= limit


def _day() -> int:
    """Today's number (UTC days since the epoch): API usage is counted per day."""
    return int(time.time() // 86_400)
