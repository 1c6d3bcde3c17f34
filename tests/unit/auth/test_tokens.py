"""TokenEndpoint against the demo org: code exchange, refresh (with and without rotation), revoke."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
import requests

from desktop_app.auth.callback import parse_callback
from desktop_app.auth.errors import InvalidGrant, NetworkError, TokenEndpointError
from desktop_app.auth.grant import AuthorizationCode, Grant
from desktop_app.auth.request import AuthorizeRequest, Flow
from desktop_app.auth.tokens import RefreshResult, TokenEndpoint
from desktop_app.demo_org import DemoOrg

from .conftest import browse_to_callback
from .servers import closed_port_url, html_server, silent_server


@pytest.fixture
def sent(http: requests.Session) -> list[requests.PreparedRequest]:
    """Every request the http session sends (read back from the responses)."""
    seen: list[requests.PreparedRequest] = []
    http.hooks["response"].append(lambda response, *args, **kwargs: seen.append(response.request))
    return seen


@pytest.fixture
def endpoint(demo: DemoOrg, http: requests.Session) -> Iterator[TokenEndpoint]:
    with TokenEndpoint(demo.login_url, demo.client_id, session=http) as token_endpoint:
        yield token_endpoint


def _code(demo: DemoOrg, http: requests.Session) -> tuple[AuthorizeRequest, AuthorizationCode]:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id, flow=Flow.PKCE)
    result = parse_callback(browse_to_callback(http, request, demo.users[0]), request)
    assert isinstance(result, AuthorizationCode), result
    return request, result


def test_exchange_code(
    demo: DemoOrg, http: requests.Session, endpoint: TokenEndpoint, sent: list[requests.PreparedRequest]
) -> None:
    request, code = _code(demo, http)
    grant = endpoint.exchange_code(code.code, request)
    assert isinstance(grant, Grant)
    user = demo.users[0]
    assert (grant.org_id, grant.user_id) == (user.org_id, user.user_id)
    assert grant.instance_url == demo.orgs[0].instance_url
    assert grant.refresh_token is not None
    assert demo.is_refresh_token_valid(grant.refresh_token)
    assert demo.counters["token_code"] == 1
    body = parse_qs(str(sent[-1].body))
    assert body == {
        "grant_type": ["authorization_code"],
        "code": [code.code],
        "client_id": [demo.client_id],
        "redirect_uri": [request.redirect_uri],
        "code_verifier": [request.code_verifier],
    }
    assert sent[-1].headers["Accept"] == "application/json"


def test_code_is_single_use(demo: DemoOrg, http: requests.Session, endpoint: TokenEndpoint) -> None:
    request, code = _code(demo, http)
    endpoint.exchange_code(code.code, request)
    with pytest.raises(InvalidGrant) as info:
        endpoint.exchange_code(code.code, request)
    assert info.value.code == "invalid_grant"
    assert info.value.status == 400
    assert "sign in again" in info.value.user_message


def test_wrong_verifier(demo: DemoOrg, http: requests.Session, endpoint: TokenEndpoint) -> None:
    request, code = _code(demo, http)
    impostor = dataclasses.replace(request, code_verifier="x" * 64)
    with pytest.raises(TokenEndpointError) as info:
        endpoint.exchange_code(code.code, impostor)
    assert info.value.code == "invalid_request"
    assert info.value.description == "invalid code verifier"


def test_exchange_needs_a_pkce_request(demo: DemoOrg, endpoint: TokenEndpoint) -> None:
    with pytest.raises(ValueError, match="PKCE"):
        endpoint.exchange_code("code", AuthorizeRequest.new(demo.login_url, demo.client_id))


def test_refresh_without_rotation(
    demo: DemoOrg, endpoint: TokenEndpoint, sent: list[requests.PreparedRequest]
) -> None:
    grant = demo.grant(demo.users[1].username)
    result = endpoint.refresh(grant["refresh_token"])
    assert isinstance(result, RefreshResult)
    assert result.access_token != grant["access_token"]
    assert result.refresh_token is None
    assert result.instance_url == grant["instance_url"]
    assert result.issued_at.tzinfo is not None
    assert [r.url for r in sent] == [f"{demo.login_url}/services/oauth2/token"]
    assert parse_qs(str(sent[0].body)) == {
        "grant_type": ["refresh_token"],
        "refresh_token": [grant["refresh_token"]],
        "client_id": [demo.client_id],
    }
    assert demo.counters["refresh"] == 1
    assert demo.is_refresh_token_valid(grant["refresh_token"])
    assert result.access_token not in repr(result)


def test_refresh_with_rotation(http: requests.Session) -> None:
    with (
        DemoOrg(rotate_refresh_tokens=True) as demo,
        TokenEndpoint(demo.login_url, demo.client_id, http) as endpoint,
    ):
        old = demo.grant(demo.users[0].username)["refresh_token"]
        result = endpoint.refresh(old)
        assert result.refresh_token is not None
        assert result.refresh_token != old
        assert not demo.is_refresh_token_valid(old)
        assert demo.is_refresh_token_valid(result.refresh_token)
        with pytest.raises(InvalidGrant):
            endpoint.refresh(old)
        assert endpoint.refresh(result.refresh_token).refresh_token is not None


def test_refresh_with_dead_token(endpoint: TokenEndpoint) -> None:
    with pytest.raises(InvalidGrant) as info:
        endpoint.refresh("5Aep861NotARealToken")
    assert info.value.description == "expired access/refresh token"


def test_unknown_client(demo: DemoOrg, http: requests.Session) -> None:
    grant = demo.grant(demo.users[0].username)
    with (
        TokenEndpoint(demo.login_url, "3MVG9SomeoneElse", session=http) as endpoint,
        pytest.raises(TokenEndpointError) as info,
    ):
        endpoint.refresh(grant["refresh_token"])
    assert info.value.code == "invalid_client_id"
    assert not isinstance(info.value, InvalidGrant)


def test_revoke_refresh_token(
    demo: DemoOrg, endpoint: TokenEndpoint, sent: list[requests.PreparedRequest]
) -> None:
    grant = demo.grant(demo.users[0].username)
    endpoint.revoke(grant["refresh_token"])
    assert parse_qs(str(sent[-1].body)) == {"token": [grant["refresh_token"]]}
    assert sent[-1].method == "POST"
    assert not demo.is_refresh_token_valid(grant["refresh_token"])
    with pytest.raises(InvalidGrant):
        endpoint.refresh(grant["refresh_token"])
    with pytest.raises(TokenEndpointError) as info:
        endpoint.revoke(grant["refresh_token"])
    assert (info.value.code, info.value.status) == ("invalid_token", 400)
    assert demo.counters["revoke"] == 2


def test_revoke_nothing(endpoint: TokenEndpoint) -> None:
    with pytest.raises(TokenEndpointError) as info:
        endpoint.revoke("")
    assert info.value.code == "unsupported_token_type"


@pytest.mark.parametrize("call", ["refresh", "revoke"])
def test_unreachable_host(demo: DemoOrg, call: str) -> None:
    with TokenEndpoint(closed_port_url(), demo.client_id) as endpoint, pytest.raises(NetworkError) as info:
        getattr(endpoint, call)("token")
    assert info.value.code == "network"
    assert "Could not reach" in info.value.user_message


def test_timeout() -> None:
    with (
        silent_server() as url,
        TokenEndpoint(url, "cid", timeout=(2, 0.2)) as endpoint,
        pytest.raises(NetworkError) as info,
    ):
        endpoint.refresh("token")
    assert "did not answer in time" in info.value.user_message


@pytest.mark.parametrize("status", [200, 400, 502])
def test_html_answers_are_network_errors(status: int) -> None:
    with (
        html_server(status) as url,
        TokenEndpoint(url, "cid") as endpoint,
        pytest.raises(NetworkError) as info,
    ):
        endpoint.refresh("token")
    assert info.value.status == status
    assert info.value.code == "bad_response"


def test_revoke_on_a_failing_server() -> None:
    with html_server(503) as url, TokenEndpoint(url, "cid") as endpoint, pytest.raises(NetworkError) as info:
        endpoint.revoke("token")
    assert info.value.status == 503


def test_login_host_is_checked() -> None:
    with pytest.raises(ValueError, match="https"):
        TokenEndpoint("http://login.salesforce.com", "cid")
