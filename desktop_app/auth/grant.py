"""What a successful sign-in yields: a token grant (user-agent flow, code exchange) or a PKCE code."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from .errors import MalformedCallback
from .hosts import UntrustedHost, check_token_host, is_secure_or_loopback

# Salesforce ids are 15 (case-sensitive) or 18 (case-insensitive suffix) ASCII alphanumerics.
_SF_ID = r"(?:[A-Za-z0-9]{18}|[A-Za-z0-9]{15})"
_ID_PATH = re.compile(rf"/id/({_SF_ID})/({_SF_ID})")
# Tokens travel in HTTP headers: printable ASCII without spaces, so nothing can smuggle in a header break.
_TOKEN = re.compile(r"[\x21-\x7e]{1,8192}")
_MAX_ISSUED_AT_DIGITS = 15


@dataclass(frozen=True)
class Grant:
    """Tokens and URLs from a successful sign-in (repr hides the tokens)."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    instance_url: str
    id_url: str
    org_id: str
    user_id: str
    issued_at: datetime
    scope: str
    token_type: str
    signature: str | None = field(repr=False)


@dataclass(frozen=True)
class AuthorizationCode:
    """The one-time code from the PKCE flow's callback, to exchange at the token endpoint."""

    code: str = field(repr=False)


def check_token(value: str | None, name: str) -> str:
    """The token unchanged, or MalformedCallback when it is missing or could not be a token."""
    if not value:
        raise MalformedCallback("missing_field", f"{name} is missing", f"Salesforce sent no {name}.")
    if not _TOKEN.fullmatch(value):
        raise MalformedCallback(
            "malformed_field", f"{name} is malformed", f"Salesforce sent an unusable {name}."
        )
    return value


def check_secure_url(value: str | None, name: str) -> str:
    """An https (or loopback http) URL with its trailing slash removed, else MalformedCallback."""
    if not value:
        raise MalformedCallback("missing_field", f"{name} is missing", f"Salesforce sent no {name}.")
    if not value.isascii() or not value.isprintable() or " " in value:
        raise MalformedCallback(
            "malformed_field", f"{name} is malformed", f"Salesforce sent an unusable {name}."
        )
    if not is_secure_or_loopback(value):
        raise MalformedCallback(
            "insecure_url",
            f"{name} is not an https URL",
            f"Salesforce sent an {name} that is not secure (not https), so the sign-in was stopped.",
        )
    parts = urlsplit(value)
    if parts.query or parts.fragment or parts.username is not None or parts.password is not None:
        raise MalformedCallback(
            "malformed_field", f"{name} is malformed", f"Salesforce sent an unusable {name}."
        )
    return value.rstrip("/")


def check_trusted_url(url: str, name: str, login_host: str) -> str:
    """url unchanged when a sign-in at login_host may send it the token, else MalformedCallback naming it."""
    try:
        return check_token_host(url, login_host, name)
    except UntrustedHost as exc:
        raise MalformedCallback(
            "untrusted_host",
            f"{name} host {exc.host} is not trusted for {exc.login_host}",
            f"Salesforce sent an {name} on {exc.host}, which is neither a Salesforce server nor part of the "
            f"login host {exc.login_host}, so the sign-in was stopped.",
        ) from exc


def parse_id_url(value: str | None) -> tuple[str, str, str]:
    """(id_url, org_id, user_id) from an identity URL of the form <scheme>://<host>/id/<orgId>/<userId>."""
    url = check_secure_url(value, "id")
    match = _ID_PATH.fullmatch(urlsplit(url).path)
    if match is None:
        raise MalformedCallback(
            "bad_identity_url",
            "id is not an identity URL",
            "Salesforce sent an identity URL that does not name an org and a user.",
        )
    return url, match.group(1), match.group(2)


def parse_issued_at(value: str | None) -> datetime:
    """Milliseconds since the epoch (as Salesforce sends issued_at) to an aware UTC datetime."""
    if value is None or value == "":
        return datetime.now(UTC)
    if not value.isascii() or not value.isdigit() or len(value) > _MAX_ISSUED_AT_DIGITS:
        raise MalformedCallback(
            "malformed_field", "issued_at is not a number", "Salesforce sent an unusable issue time."
        )
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise MalformedCallback(
            "malformed_field", "issued_at is out of range", "Salesforce sent an unusable issue time."
        ) from exc


def grant_from_fields(fields: Mapping[str, str], *, login_host: str) -> Grant:
    """Validate callback or token-reply fields into a Grant; MalformedCallback names the first bad field.

    instance_url and id must be hosts the token may go to from login_host (see hosts.may_receive_token).
    """
    access_token = check_token(fields.get("access_token"), "access_token")
    refresh = fields.get("refresh_token")
    refresh_token = check_token(refresh, "refresh_token") if refresh else None
    instance_url = check_secure_url(fields.get("instance_url"), "instance_url")
    id_url, org_id, user_id = parse_id_url(fields.get("id"))
    check_trusted_url(instance_url, "instance_url", login_host)
    check_trusted_url(id_url, "id", login_host)
    return Grant(
        access_token=access_token,
        refresh_token=refresh_token,
        instance_url=instance_url,
        id_url=id_url,
        org_id=org_id,
        user_id=user_id,
        issued_at=parse_issued_at(fields.get("issued_at")),
        scope=fields.get("scope") or "",
        token_type=fields.get("token_type") or "Bearer",
        signature=fields.get("signature") or None,
    )
