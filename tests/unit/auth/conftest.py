"""Shared pieces for the auth tests: callback fields, URL builders, the demo org and a scripted sign-in."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import requests

from desktop_app.auth.request import AuthorizeRequest, Flow
from desktop_app.demo_org import DemoOrg, DemoUser

ORG_ID = "00D5g000004SxAaEAK"
USER_ID = "0055g00000AbCdEFAA"
ACCESS = "00D5g000004SxAa!AQ4AQExampleAccessToken.value_1"
REFRESH = "5Aep861ExampleRefreshToken"


def valid_fields(request: AuthorizeRequest, **overrides: str | None) -> dict[str, str]:
    """Fields of a successful user-agent callback for request, with some replaced or (None) removed."""
    fields: dict[str, str | None] = {
        "access_token": ACCESS,
        "refresh_token": REFRESH,
        "instance_url": "https://acme.my.salesforce.com",
        "id": f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}",
        "issued_at": "1767225600123",
        "signature": "qv3e4Yl0Example=",
        "scope": "refresh_token api",
        "token_type": "Bearer",
        "state": request.state,
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def fragment_url(request: AuthorizeRequest, fields: dict[str, str]) -> str:
    """The callback URL with fields in the fragment, as the user-agent flow delivers them."""
    return f"{request.redirect_uri}#{urlencode(fields)}"


def query_url(request: AuthorizeRequest, fields: dict[str, str]) -> str:
    """The callback URL with fields in the query, as the code flow delivers them."""
    return f"{request.redirect_uri}?{urlencode(fields)}"


@pytest.fixture
def ua_request() -> AuthorizeRequest:
    """A user-agent flow request to production."""
    return AuthorizeRequest.new("https://login.salesforce.com", "3MVG9CLIENT")


@pytest.fixture
def pkce_request() -> AuthorizeRequest:
    """A PKCE flow request to production."""
    return AuthorizeRequest.new("https://login.salesforce.com", "3MVG9CLIENT", flow=Flow.PKCE)


@pytest.fixture
def demo() -> Iterator[DemoOrg]:
    """A running demo org on loopback."""
    with DemoOrg() as org:
        yield org


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A requests session closed after the test."""
    with requests.Session() as session:
        yield session


_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _hidden_fields(page: str) -> dict[str, str]:
    return {html.unescape(k): html.unescape(v) for k, v in _HIDDEN.findall(page)}


def browse_to_callback(
    session: requests.Session, request: AuthorizeRequest, user: DemoUser, *, allow: bool = True
) -> str:
    """Do what a person does in the sign-in page (log in, then Allow or Deny) and return the callback URL.

    The session keeps the login cookie, as the sign-in browser profile does for one sign-in.
    """
    authorize = f"{request.login_host}/services/oauth2/authorize"
    response = session.get(request.url, allow_redirects=False, timeout=(5, 30))
    for _ in range(3):
        if response.status_code == 302:
            return str(response.headers["Location"])
        assert response.status_code == 200, response.text[:500]
        fields = _hidden_fields(response.text)
        if fields.get("step") == "approve":
            fields["approve" if allow else "deny"] = "Allow" if allow else "Deny"
        else:
            fields |= {"username": user.username, "password": user.password}
        response = session.post(authorize, data=fields, allow_redirects=False, timeout=(5, 30))
    raise AssertionError("the sign-in pages never reached the callback")
