"""Authorize requests for the user-agent flow and the authorization code flow with PKCE."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import quote, urlencode, urlsplit

from .hosts import is_secure_or_loopback, normalize_host

AUTHORIZE_PATH = "/services/oauth2/authorize"
SUCCESS_PATH = "/services/oauth2/success"
DEFAULT_SCOPES = ("api", "refresh_token")


class Flow(StrEnum):
    """Which OAuth flow a sign-in uses."""

    USER_AGENT = "user_agent"
    PKCE = "pkce"


def s256_challenge(verifier: str) -> str:
    """The S256 PKCE challenge: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _check_redirect_uri(uri: str) -> None:
    parts = urlsplit(uri)
    if not parts.scheme or parts.fragment:
        raise ValueError(f"Not a usable callback URL: {uri!r}")
    if parts.scheme.lower() in ("http", "https"):
        if not is_secure_or_loopback(uri):
            raise ValueError(f"Callback URLs must use https: {uri!r}")
    elif not (parts.netloc or parts.path):
        raise ValueError(f"Not a usable callback URL: {uri!r}")


@dataclass(frozen=True)
class AuthorizeRequest:
    """Everything one sign-in attempt sent to the authorize endpoint, kept to check the callback against."""

    login_host: str
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    flow: Flow
    state: str = field(repr=False)
    code_verifier: str | None = field(repr=False)
    prompt_login: bool = False
    login_hint: str | None = None

    @classmethod
    def new(
        cls,
        login_host: str,
        client_id: str,
        *,
        flow: Flow = Flow.USER_AGENT,
        redirect_uri: str | None = None,
        scopes: str | Sequence[str] = DEFAULT_SCOPES,
        prompt_login: bool = False,
        login_hint: str | None = None,
    ) -> AuthorizeRequest:
        """A request with a fresh state (and PKCE verifier for the code flow); ValueError on bad hosts."""
        host = normalize_host(login_host)
        client_id = client_id.strip()
        if not client_id:
            raise ValueError("A client id is required to sign in.")
        uri = redirect_uri.strip() if redirect_uri else f"{host}{SUCCESS_PATH}"
        _check_redirect_uri(uri)
        flow = Flow(flow)
        verifier = secrets.token_urlsafe(64) if flow is Flow.PKCE else None
        return cls(
            login_host=host,
            client_id=client_id,
            redirect_uri=uri,
            scopes=tuple(scopes.split() if isinstance(scopes, str) else scopes),
            flow=flow,
            state=secrets.token_urlsafe(24),
            code_verifier=verifier,
            prompt_login=prompt_login,
            login_hint=login_hint.strip() if login_hint and login_hint.strip() else None,
        )

    @property
    def code_challenge(self) -> str | None:
        """The S256 challenge for the PKCE verifier, None for the user-agent flow."""
        return s256_challenge(self.code_verifier) if self.code_verifier else None

    @property
    def url(self) -> str:
        """The full authorize URL to open in the sign-in browser."""
        params: list[tuple[str, str]] = [
            ("response_type", "code" if self.flow is Flow.PKCE else "token"),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
        ]
        if self.scopes:
            params.append(("scope", " ".join(self.scopes)))
        params += [("state", self.state), ("display", "popup")]
        if self.prompt_login:
            params.append(("prompt", "login"))
        if self.login_hint:
            params.append(("login_hint", self.login_hint))
        challenge = self.code_challenge
        if challenge:
            params += [("code_challenge", challenge), ("code_challenge_method", "S256")]
        return f"{self.login_host}{AUTHORIZE_PATH}?{urlencode(params, quote_via=quote)}"


def _effective_port(scheme: str, port: int | None) -> int | None:
    if port is not None:
        return port
    return {"https": 443, "http": 80}.get(scheme)


def is_callback(url: str, request: AuthorizeRequest) -> bool:
    """True when url is the request's callback: same scheme, host, port and path (query, fragment ignored)."""
    try:
        got = urlsplit(url.strip())
        want = urlsplit(request.redirect_uri)
        got_scheme, want_scheme = got.scheme.lower(), want.scheme.lower()
        return (
            got_scheme == want_scheme
            and (got.hostname or "") == (want.hostname or "")
            and _effective_port(got_scheme, got.port) == _effective_port(want_scheme, want.port)
            and (got.path or "/") == (want.path or "/")
            and got.username is None
            and got.password is None
        )
    except (ValueError, AttributeError):
        return False
