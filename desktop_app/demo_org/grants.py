"""Sign-in state in the database: access and refresh tokens, codes, login sessions, approvals and passes.

Only SHA-256 digests of tokens, codes, session cookies, approval tickets and one-time passes are stored, so
the database holds nothing a client could present. Expiry is measured in wall time from stored times, so it
carries across restarts. Every method joins the caller's transaction, or runs in one of its own.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable

import msgspec

from .database import Database
from .models import DemoUser

PENDING_TTL = 600.0


class RefreshToken(msgspec.Struct, frozen=True):
    """A live refresh token's grant; `family` links it to its rotated predecessors and their access tokens."""

    user: DemoUser
    scope: str
    family: str


class AuthCode(msgspec.Struct, frozen=True):
    """A single-use authorization code, taken for exchange."""

    user: DemoUser
    redirect_uri: str
    scope: str
    challenge: str | None


class Pending(msgspec.Struct, frozen=True):
    """A signed-in user waiting on the approval page, with the OAuth parameters to finish with."""

    user: DemoUser
    params: dict[str, str]


def digest(secret: str) -> str:
    """What is stored in place of a token, code, cookie or pass."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Grants:
    """Tokens, codes, sessions, approvals and one-time passes of every org, kept in the database."""

    def __init__(
        self, db: Database, user_by_id: Callable[[str], DemoUser | None], *, rotate_refresh_tokens: bool
    ) -> None:
        self.db = db
        self.user_by_id = user_by_id
        self.rotate_refresh_tokens = rotate_refresh_tokens

    # Tokens.

    def new_access(self, user: DemoUser, scope: str, family: str | None) -> str:
        """A fresh access token, revoked along with its refresh token's family."""
        token = f"{user.org_id[:15]}!AQ" + secrets.token_urlsafe(72)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO access_tokens (token_hash, user_id, scope, issued, family) "
                "VALUES (?, ?, ?, ?, ?)",
                (digest(token), user.user_id, scope, time.time(), family),
            )
        return token

    def new_refresh(self, user: DemoUser, scope: str, family: str | None = None) -> tuple[str, str]:
        """A fresh refresh token and its family (a new one unless given)."""
        family = family or secrets.token_urlsafe(12)
        token = "5Aep861" + secrets.token_urlsafe(60)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO refresh_tokens (token_hash, user_id, scope, family) VALUES (?, ?, ?, ?)",
                (digest(token), user.user_id, scope, family),
            )
        return token, family

    def refresh_grant(self, token: str) -> RefreshToken | None:
        """The grant behind a live refresh token; None when unknown, revoked or rotated away."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT user_id, scope, family FROM refresh_tokens WHERE token_hash = ?", (digest(token),)
            ).fetchone()
        if row is None:
            return None
        user = self.user_by_id(row[0])
        return None if user is None else RefreshToken(user, row[1], row[2])

    def rotate(self, token: str, grant: RefreshToken) -> str:
        """Replace a used refresh token with a new one of the same family."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM refresh_tokens WHERE token_hash = ?", (digest(token),))
            rotated, _ = self.new_refresh(grant.user, grant.scope, grant.family)
        return rotated

    def access_user(self, token: str | None, ttl: float | None) -> DemoUser | None:
        """The user behind a live access token; None when missing, unknown, revoked or older than ttl."""
        if not token:
            return None
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT user_id, issued FROM access_tokens WHERE token_hash = ?", (digest(token),)
            ).fetchone()
            if row is None:
                return None
            if ttl is not None and time.time() - row[1] >= ttl:
                conn.execute("DELETE FROM access_tokens WHERE token_hash = ?", (digest(token),))
                return None
        return self.user_by_id(row[0])

    def is_refresh_token_valid(self, token: str) -> bool:
        """True while the refresh token can still be used."""
        return self.refresh_grant(token) is not None

    def revoke(self, token: str) -> bool:
        """Revoke a refresh token (and every token of its family) or a single access token."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT family FROM refresh_tokens WHERE token_hash = ?", (digest(token),)
            ).fetchone()
            if row is not None:
                conn.execute("DELETE FROM access_tokens WHERE family = ?", row)
                conn.execute("DELETE FROM refresh_tokens WHERE family = ?", row)
                return True
            gone = conn.execute("DELETE FROM access_tokens WHERE token_hash = ?", (digest(token),))
            return gone.rowcount > 0

    def expire_access_tokens(self) -> None:
        """Forget every access token, as if every session timed out."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM access_tokens")

    # Sessions on the login host and the approval step.

    def open_session(self, user: DemoUser) -> str:
        """A login-host session cookie value for a user who just typed a good password."""
        sid = secrets.token_urlsafe(24)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO sessions (sid_hash, user_id) VALUES (?, ?)", (digest(sid), user.user_id)
            )
        return sid

    def session_user(self, sid: str | None) -> DemoUser | None:
        """The user behind a login-host session cookie."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT user_id FROM sessions WHERE sid_hash = ?", (digest(sid or ""),)
            ).fetchone()
        return None if row is None else self.user_by_id(row[0])

    def park(self, user: DemoUser, params: dict[str, str]) -> str:
        """Hold a signed-in user's OAuth parameters until they answer the approval page."""
        ticket = secrets.token_urlsafe(24)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO pending (ticket_hash, user_id, params, expires) VALUES (?, ?, ?, ?)",
                (digest(ticket), user.user_id, json.dumps(params), time.time() + PENDING_TTL),
            )
        return ticket

    def unpark(self, ticket: str) -> Pending | None:
        """Take a held approval request (single use)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "DELETE FROM pending WHERE ticket_hash = ? RETURNING user_id, params, expires",
                (digest(ticket),),
            ).fetchone()
        if row is None or row[2] < time.time():
            return None
        user = self.user_by_id(row[0])
        return None if user is None else Pending(user, json.loads(row[1]))

    def approve(self, user: DemoUser, client_id: str) -> None:
        """Remember that a user allowed a connected app."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO approvals (user_id, client_id) VALUES (?, ?)",
                (user.user_id, client_id),
            )

    def is_approved(self, user: DemoUser, client_id: str) -> bool:
        """True once the user has allowed the connected app."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT 1 FROM approvals WHERE user_id = ? AND client_id = ?", (user.user_id, client_id)
            ).fetchone()
        return row is not None

    # Authorization codes and one-time frontdoor passes.

    def new_code(
        self, user: DemoUser, redirect_uri: str, scope: str, challenge: str | None, ttl: float
    ) -> str:
        """A fresh authorization code, good for ttl seconds."""
        code = "aPrx" + secrets.token_urlsafe(40)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO codes (code_hash, user_id, redirect_uri, scope, challenge, expires) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (digest(code), user.user_id, redirect_uri, scope, challenge, time.time() + ttl),
            )
        return code

    def take_code(self, code: str) -> AuthCode | None:
        """Consume a code; None when unknown, used or expired."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "DELETE FROM codes WHERE code_hash = ? "
                "RETURNING user_id, redirect_uri, scope, challenge, expires",
                (digest(code),),
            ).fetchone()
        if row is None or row[4] <= time.time():
            return None
        user = self.user_by_id(row[0])
        return None if user is None else AuthCode(user, row[1], row[2], row[3])

    def new_otp(self, user: DemoUser, path: str) -> str:
        """A one-time frontdoor pass for a user and the page it opens."""
        otp = secrets.token_urlsafe(32)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO otps (otp_hash, user_id, path) VALUES (?, ?, ?)",
                (digest(otp), user.user_id, path),
            )
        return otp

    def take_otp(self, otp: str) -> tuple[DemoUser, str] | None:
        """Consume a frontdoor pass."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "DELETE FROM otps WHERE otp_hash = ? RETURNING user_id, path", (digest(otp),)
            ).fetchone()
        user = None if row is None else self.user_by_id(row[0])
        return None if user is None else (user, row[1])
