"""The login host's token endpoint: code exchange (PKCE), refresh and revoke. Never sends a client secret."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import requests

from . import bounded
from .errors import AuthError, InvalidGrant, NetworkError, TokenEndpointError
from .grant import Grant, check_secure_url, check_token, check_trusted_url, grant_from_fields, parse_issued_at
from .hosts import normalize_host
from .request import AuthorizeRequest, Flow
from .transport import ACCEPT_JSON, AUTH_DEADLINE, DEFAULT_TIMEOUT, Timeout, json_body, send

log = logging.getLogger("connect.auth")

TOKEN_PATH = "/services/oauth2/token"  # noqa: S105 - an endpoint path
REVOKE_PATH = "/services/oauth2/revoke"

_SIGN_IN_AGAIN = (
    "Salesforce no longer accepts this sign-in (it expired or was revoked). Please sign in again."
)


@dataclass(frozen=True)
class RefreshResult:
    """A refreshed access token; refresh_token is None when Salesforce kept the old one (no rotation)."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    instance_url: str
    issued_at: datetime


def _error_fields(response: requests.Response) -> dict[str, str]:
    """OAuth error fields from a JSON or form-encoded body; empty when there are none."""
    try:
        body = response.json()
    except (ValueError, RecursionError):
        try:
            return dict(parse_qsl(response.text[:4096], max_num_fields=20))
        except ValueError:
            return {}
    if isinstance(body, dict):
        return {k: v for k, v in body.items() if isinstance(k, str) and isinstance(v, str)}
    return {}


def _endpoint_error(response: requests.Response, host: str) -> AuthError:
    fields = _error_fields(response)
    code = fields.get("error", "")
    description = fields.get("error_description", "")
    if not code:
        json_body(response, host)  # raises NetworkError for the usual case of an HTML error page
        return TokenEndpointError(
            "unexpected_status", f"HTTP {response.status_code}", status=response.status_code
        )
    if code == "invalid_grant":
        return InvalidGrant(code, description, _SIGN_IN_AGAIN, status=response.status_code)
    return TokenEndpointError(code, description, status=response.status_code)


class TokenEndpoint:
    """Calls to {login_host}/services/oauth2/token and /revoke for one connected app."""

    def __init__(
        self,
        login_host: str,
        client_id: str,
        session: requests.Session | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        deadline: float = AUTH_DEADLINE,
    ) -> None:
        self.login_host = normalize_host(login_host)
        self.client_id = client_id
        self.timeout = timeout
        self.deadline = deadline
        self._own_session = session is None
        self._session = session if session is not None else bounded.watch_session(requests.Session())

    def close(self) -> None:
        """Close the session if this endpoint created it."""
        if self._own_session:
            self._session.close()

    def __enter__(self) -> TokenEndpoint:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _post(self, path: str, data: dict[str, str]) -> requests.Response:
        return send(
            self._session,
            "POST",
            f"{self.login_host}{path}",
            self.login_host,
            self.timeout,
            deadline=self.deadline,
            data=data,
            headers=ACCEPT_JSON,
        )

    def _token_call(self, data: dict[str, str]) -> dict[str, Any]:
        response = self._post(TOKEN_PATH, data)
        if response.status_code != 200:
            error = _endpoint_error(response, self.login_host)
            log.info("Token endpoint refused %s: %s", data["grant_type"], error.code)
            raise error
        body = json_body(response, self.login_host)
        if not isinstance(body, dict):
            raise NetworkError(
                "bad_response", "token reply is not an object", "Salesforce sent an unreadable token reply."
            )
        return {k: v for k, v in body.items() if isinstance(v, str)}

    def exchange_code(self, code: str, request: AuthorizeRequest) -> Grant:
        """Trade a PKCE authorization code for tokens."""
        if request.flow is not Flow.PKCE or not request.code_verifier:
            raise ValueError("Only a PKCE sign-in has a code to exchange.")
        fields = self._token_call(
            {
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
                "redirect_uri": request.redirect_uri,
                "code_verifier": request.code_verifier,
            }
        )
        grant = grant_from_fields(fields, login_host=self.login_host)
        log.info("Exchanged an authorization code at %s", self.login_host)
        return grant

    def refresh(self, refresh_token: str) -> RefreshResult:
        """A new access token; raises InvalidGrant when the refresh token is dead."""
        fields = self._token_call(
            {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": self.client_id}
        )
        new_refresh = fields.get("refresh_token")
        result = RefreshResult(
            access_token=check_token(fields.get("access_token"), "access_token"),
            refresh_token=check_token(new_refresh, "refresh_token") if new_refresh else None,
            instance_url=check_trusted_url(
                check_secure_url(fields.get("instance_url"), "instance_url"), "instance_url", self.login_host
            ),
            issued_at=parse_issued_at(fields.get("issued_at")),
        )
        log.info("Refreshed an access token at %s (rotated: %s)", self.login_host, bool(new_refresh))
        return result

    def revoke(self, token: str) -> None:
        """Revoke an access or refresh token (a refresh token takes its access tokens with it)."""
        response = self._post(REVOKE_PATH, {"token": token})
        if response.status_code == 200:
            log.info("Revoked a token at %s", self.login_host)
            return
        fields = _error_fields(response)
        code = fields.get("error") or f"http_{response.status_code}"
        description = fields.get("error_description", "")
        log.info("Revoke refused at %s: %s", self.login_host, code)
        if response.status_code >= 500:
            raise NetworkError(
                code,
                description or f"HTTP {response.status_code}",
                f"Salesforce at {self.login_host} is unavailable right now.",
                status=response.status_code,
            )
        raise TokenEndpointError(code, description, status=response.status_code)
