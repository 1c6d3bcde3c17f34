"""Authorize requests: fresh secrets, PKCE challenge and the exact authorize URL."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from desktop_app.auth.request import AuthorizeRequest, Flow, is_callback, s256_challenge


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_user_agent_request_defaults() -> None:
    request = AuthorizeRequest.new("login.salesforce.com", " CLIENT123 ")
    assert request.login_host == "https://login.salesforce.com"
    assert request.client_id == "CLIENT123"
    assert request.redirect_uri == "https://login.salesforce.com/services/oauth2/success"
    assert request.scopes == ("api", "refresh_token")
    assert request.flow is Flow.USER_AGENT
    assert request.code_verifier is None
    assert request.code_challenge is None
    assert len(request.state) >= 32
    assert re.fullmatch(r"[A-Za-z0-9_-]+", request.state)


def test_each_request_has_its_own_state_and_verifier() -> None:
    first = AuthorizeRequest.new("https://login.salesforce.com", "c", flow=Flow.PKCE)
    second = AuthorizeRequest.new("https://login.salesforce.com", "c", flow=Flow.PKCE)
    assert first.state != second.state
    assert first.code_verifier != second.code_verifier


def test_user_agent_url_exact() -> None:
    request = AuthorizeRequest.new("https://login.salesforce.com", "3MVG9 key")
    url = request.url
    prefix = "https://login.salesforce.com/services/oauth2/authorize?"
    assert url.startswith(prefix)
    assert url[len(prefix) :] == (
        "response_type=token&client_id=3MVG9%20key"
        "&redirect_uri=https%3A%2F%2Flogin.salesforce.com%2Fservices%2Foauth2%2Fsuccess"
        f"&scope=api%20refresh_token&state={request.state}&display=popup"
    )


def test_prompt_and_login_hint_are_encoded() -> None:
    request = AuthorizeRequest.new(
        "https://test.salesforce.com", "cid", prompt_login=True, login_hint="jane+1@acme.example&x=y"
    )
    query = _query(request.url)
    assert query["prompt"] == ["login"]
    assert query["login_hint"] == ["jane+1@acme.example&x=y"]
    assert "login_hint=jane%2B1%40acme.example%26x%3Dy" in request.url
    assert "code_challenge" not in query


def test_no_prompt_or_hint_unless_asked() -> None:
    query = _query(AuthorizeRequest.new("https://test.salesforce.com", "cid", login_hint="  ").url)
    assert "prompt" not in query
    assert "login_hint" not in query


def test_pkce_url_and_challenge() -> None:
    request = AuthorizeRequest.new("http://127.0.0.1:5001", "cid", flow=Flow.PKCE)
    verifier = request.code_verifier
    assert verifier is not None
    assert 43 <= len(verifier) <= 128
    assert re.fullmatch(r"[A-Za-z0-9_~.-]+", verifier)
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    assert request.code_challenge == expected
    assert "=" not in expected
    query = _query(request.url)
    assert query["response_type"] == ["code"]
    assert query["code_challenge"] == [expected]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://127.0.0.1:5001/services/oauth2/success"]
    assert query["display"] == ["popup"]


def test_s256_matches_rfc7636_example() -> None:
    assert (
        s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_scopes_as_text() -> None:
    request = AuthorizeRequest.new("https://login.salesforce.com", "cid", scopes="  api   id refresh_token ")
    assert request.scopes == ("api", "id", "refresh_token")
    assert "scope=api%20id%20refresh_token&" in request.url


def test_custom_redirect_and_scopes() -> None:
    request = AuthorizeRequest.new(
        "https://acme.my.salesforce.com",
        "cid",
        redirect_uri="myapp://oauth/done",
        scopes=("chatter_api", "id"),
    )
    query = _query(request.url)
    assert query["redirect_uri"] == ["myapp://oauth/done"]
    assert query["scope"] == ["chatter_api id"]


@pytest.mark.parametrize(
    ("host", "client_id", "redirect"),
    [
        ("http://login.salesforce.com", "cid", None),
        ("not a host", "cid", None),
        ("https://login.salesforce.com", "   ", None),
        ("https://login.salesforce.com", "cid", "http://evil.example/cb"),
        ("https://login.salesforce.com", "cid", "https://login.salesforce.com/cb#frag"),
        ("https://login.salesforce.com", "cid", "no-scheme"),
    ],
)
def test_new_rejects_bad_input(host: str, client_id: str, redirect: str | None) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        AuthorizeRequest.new(host, client_id, redirect_uri=redirect)


def test_repr_hides_state_and_verifier() -> None:
    request = AuthorizeRequest.new("https://login.salesforce.com", "cid", flow=Flow.PKCE)
    assert request.code_verifier is not None
    assert request.state not in repr(request)
    assert request.code_verifier not in repr(request)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://login.salesforce.com/services/oauth2/success#access_token=x", True),
        ("https://LOGIN.salesforce.com:443/services/oauth2/success?code=1", True),
        ("https://login.salesforce.com/services/oauth2/success", True),
        ("http://login.salesforce.com/services/oauth2/success#a=b", False),
        ("https://login.salesforce.com:8443/services/oauth2/success", False),
        ("https://login.salesforce.com/services/oauth2/successX", False),
        ("https://login.salesforce.com.evil.example/services/oauth2/success", False),
        ("https://evil.example/services/oauth2/success", False),
        ("https://user@login.salesforce.com/services/oauth2/success", False),
        ("https://login.salesforce.com/services/oauth2/authorize", False),
        ("https://[bad/services/oauth2/success", False),
        ("", False),
    ],
)
def test_is_callback(url: str, expected: bool) -> None:
    request = AuthorizeRequest.new("https://login.salesforce.com", "cid")
    assert is_callback(url, request) is expected
