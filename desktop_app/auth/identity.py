"""Who signed in: the identity URL's answer, and the org's name from a one-row query."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import msgspec
import requests

from .errors import AuthError, NetworkError
from .grant import check_trusted_url, parse_id_url
from .hosts import is_secure_or_loopback
from .transport import ACCEPT_JSON, AUTH_DEADLINE, DEFAULT_TIMEOUT, Timeout, json_body, send, session_scope

log = logging.getLogger("connect.auth")

ORG_NAME_QUERY = "SELECT Id, Name FROM Organization"

_SESSION_REFUSED = "Salesforce no longer accepts this session. Please sign in again."


class Identity(msgspec.Struct, frozen=True):
    """The signed-in user as the identity URL describes them."""

    user_id: str
    org_id: str
    username: str
    display_name: str
    email: str
    photo_url: str | None
    picture_url: str | None
    urls: Mapping[str, str] = msgspec.field(default_factory=lambda: MappingProxyType({}))


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _bearer(access_token: str) -> dict[str, str]:
    return {**ACCEPT_JSON, "Authorization": f"Bearer {access_token}"}


def _str(body: Mapping[str, Any], key: str) -> str:
    value = body.get(key)
    return value if isinstance(value, str) else ""


def _photo(photos: Any, key: str) -> str | None:
    if not isinstance(photos, dict):
        return None
    value = photos.get(key)
    return value if isinstance(value, str) and is_secure_or_loopback(value) else None


def _failure(response: requests.Response, what: str, host: str) -> AuthError:
    body = response.text[:200].strip()
    if response.status_code in (401, 403) and ("Bad_OAuth_Token" in body or response.status_code == 401):
        return AuthError(
            "bad_token", body or "Bad_OAuth_Token", _SESSION_REFUSED, status=response.status_code
        )
    if response.status_code >= 500:
        return NetworkError(
            "network",
            f"HTTP {response.status_code}",
            f"Salesforce at {host} is unavailable right now.",
            status=response.status_code,
        )
    return AuthError(
        f"{what}_failed",
        f"HTTP {response.status_code}: {body}",
        f"Salesforce refused to read the {what.replace('_', ' ')} (HTTP {response.status_code}).",
        status=response.status_code,
    )


def fetch_identity(
    id_url: str,
    access_token: str,
    *,
    login_host: str,
    session: requests.Session | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    deadline: float = AUTH_DEADLINE,
) -> Identity:
    """GET the identity URL with the access token; AuthError "bad_token" when the token is not accepted.

    The identity URL must be a host the token may go to from login_host (else MalformedCallback, unsent).
    """
    _, org_id, user_id = parse_id_url(id_url)
    check_trusted_url(id_url, "id", login_host)
    host = _host_of(id_url)
    with session_scope(session) as http:
        response = send(http, "GET", id_url, host, timeout, deadline=deadline, headers=_bearer(access_token))
        if response.status_code != 200:
            raise _failure(response, "identity", host)
        body = json_body(response, host)
    if not isinstance(body, dict):
        raise NetworkError(
            "bad_response", "identity is not an object", "Salesforce sent an unreadable identity."
        )
    urls = body.get("urls")
    return Identity(
        user_id=_str(body, "user_id") or user_id,
        org_id=_str(body, "organization_id") or org_id,
        username=_str(body, "username"),
        display_name=_str(body, "display_name") or _str(body, "username"),
        email=_str(body, "email"),
        photo_url=_photo(body.get("photos"), "thumbnail"),
        picture_url=_photo(body.get("photos"), "picture"),
        urls=MappingProxyType(
            {k: v for k, v in urls.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(urls, dict)
            else {}
        ),
    )


def _instance_json(
    instance_url: str,
    access_token: str,
    path: str,
    *,
    login_host: str,
    session: requests.Session | None,
    timeout: Timeout,
    deadline: float,
    params: dict[str, str] | None = None,
) -> object:
    """GET a resource of the instance with the bearer token: the JSON body, AuthError when refused.

    The instance must be a host the token may go to from login_host (else MalformedCallback, unsent).
    """
    base = instance_url.rstrip("/")
    check_trusted_url(base, "instance_url", login_host)
    with session_scope(session) as http:
        response = send(
            http,
            "GET",
            f"{base}{path}",
            base,
            timeout,
            deadline=deadline,
            params=params,
            headers=_bearer(access_token),
        )
        if response.status_code != 200:
            raise _failure(response, "org_name", base)
        return json_body(response, base)


def _nameless(detail: str) -> AuthError:
    return AuthError("org_name_failed", detail, "Salesforce did not say what this org is called.")


def fetch_org_name(
    instance_url: str,
    access_token: str,
    *,
    login_host: str,
    api_version: str = "66.0",
    session: requests.Session | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    deadline: float = AUTH_DEADLINE,
) -> str:
    """The org's name from `SELECT Id, Name FROM Organization`; AuthError (with .status) when refused.

    The instance must be a host the token may go to from login_host (else MalformedCallback, unsent).
    """
    body = _instance_json(
        instance_url,
        access_token,
        f"/services/data/v{api_version}/query",
        login_host=login_host,
        session=session,
        timeout=timeout,
        deadline=deadline,
        params={"q": ORG_NAME_QUERY},
    )
    records = body.get("records") if isinstance(body, dict) else None
    if isinstance(records, list) and records and isinstance(records[0], dict):
        name = records[0].get("Name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    raise _nameless("query returned no organization name")


def fetch_connect_org_name(
    instance_url: str,
    access_token: str,
    *,
    login_host: str,
    api_version: str = "66.0",
    session: requests.Session | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    deadline: float = AUTH_DEADLINE,
) -> str:
    """The org's name from Connect's ``/connect/organization`` (readable by every API user, unlike the
    Organization query some orgs refuse); AuthError when refused or nameless."""
    body = _instance_json(
        instance_url,
        access_token,
        f"/services/data/v{api_version}/connect/organization",
        login_host=login_host,
        session=session,
        timeout=timeout,
        deadline=deadline,
    )
    name = body.get("name") if isinstance(body, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    raise _nameless("organization resource gave no name")
