"""complete_sign_in end to end against the demo org, for both flows."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import requests

from desktop_app.auth.callback import parse_callback
from desktop_app.auth.errors import AccessDenied, AuthError, NetworkError, UserAgentFlowBlocked
from desktop_app.auth.grant import AuthorizationCode, Grant
from desktop_app.auth.request import AuthorizeRequest, Flow
from desktop_app.auth.signin import SignedIn, complete_sign_in
from desktop_app.auth.tokens import TokenEndpoint
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import Tokens

from .conftest import browse_to_callback
from .servers import closed_port_url


def _callback_from(grant: dict[str, str], request: AuthorizeRequest) -> Grant:
    """A grant the demo org issued, read through parse_callback as the sign-in page would deliver it."""
    parsed = parse_callback(f"{request.redirect_uri}#{urlencode(grant | {'state': request.state})}", request)
    assert isinstance(parsed, Grant), parsed
    return parsed


def _sign_in(
    demo: DemoOrg, http: requests.Session, flow: Flow, user_index: int = 0
) -> tuple[AuthorizeRequest, SignedIn]:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id, flow=flow)
    result = parse_callback(browse_to_callback(http, request, demo.users[user_index]), request)
    assert isinstance(result, Grant | AuthorizationCode), result
    return request, complete_sign_in(result, request, session=http)


@pytest.mark.parametrize("flow", [Flow.USER_AGENT, Flow.PKCE])
def test_sign_in(demo: DemoOrg, http: requests.Session, flow: Flow) -> None:
    _, signed_in = _sign_in(demo, http, flow)
    user, org = demo.users[0], demo.orgs[0]
    account = signed_in.account
    assert account.key == f"{user.org_id}/{user.user_id}"
    assert (account.org_id, account.user_id) == (user.org_id, user.user_id)
    assert account.username == user.username
    assert account.display_name == user.display_name
    assert account.org_name == org.name
    assert account.login_host == demo.login_url
    assert account.instance_url == org.instance_url
    assert account.id_url == f"{demo.login_url}/id/{user.org_id}/{user.user_id}"
    assert account.flow == flow.value
    assert account.photo_url is not None
    assert account.needs_sign_in is False
    signed_at = datetime.fromisoformat(account.signed_in_at)
    assert abs(datetime.now(UTC) - signed_at) < timedelta(minutes=1)
    assert isinstance(signed_in.tokens, Tokens)
    assert signed_in.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(signed_in.tokens.refresh_token)
    assert demo.counters["token_code"] == (1 if flow is Flow.PKCE else 0)
    serialized = str(account.to_json())
    assert signed_in.tokens.access_token not in serialized
    assert signed_in.tokens.refresh_token not in serialized


def test_sandbox_user(demo: DemoOrg, http: requests.Session) -> None:
    index = next(i for i, u in enumerate(demo.users) if u.org_id == demo.orgs[1].org_id)
    _, signed_in = _sign_in(demo, http, Flow.PKCE, index)
    assert signed_in.account.org_name == demo.orgs[1].name
    assert signed_in.account.instance_url == demo.orgs[1].instance_url


def test_blocked_user_agent_flow_then_pkce(http: requests.Session) -> None:
    with DemoOrg(block_user_agent_flow=True) as demo:
        request = AuthorizeRequest.new(demo.login_url, demo.client_id)
        result = parse_callback(browse_to_callback(http, request, demo.users[0]), request)
        assert isinstance(result, UserAgentFlowBlocked)
        assert result.offer_pkce
        _, signed_in = _sign_in(demo, http, Flow.PKCE)
        assert signed_in.account.flow == "pkce"


def test_declined(demo: DemoOrg, http: requests.Session) -> None:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id)
    result = parse_callback(browse_to_callback(http, request, demo.users[0], allow=False), request)
    assert isinstance(result, AccessDenied)


def test_prompt_login_asks_again(demo: DemoOrg, http: requests.Session) -> None:
    _sign_in(demo, http, Flow.USER_AGENT)
    again = AuthorizeRequest.new(demo.login_url, demo.client_id)
    assert http.get(again.url, allow_redirects=False, timeout=(5, 30)).status_code == 302
    another = AuthorizeRequest.new(
        demo.login_url, demo.client_id, prompt_login=True, login_hint=demo.users[1].username
    )
    page = http.get(another.url, allow_redirects=False, timeout=(5, 30))
    assert page.status_code == 200
    assert demo.users[1].username in page.text
    result = parse_callback(browse_to_callback(http, another, demo.users[1]), another)
    assert isinstance(result, Grant)
    assert result.user_id == demo.users[1].user_id


def test_org_name_falls_back_to_the_org_id(demo: DemoOrg, http: requests.Session) -> None:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id)
    parsed = _callback_from(demo.grant(demo.users[0].username), request)
    # The other org's instance refuses this token (401), as an org that forbids the Organization query would.
    refused = dataclasses.replace(parsed, instance_url=demo.orgs[1].instance_url)
    signed_in = complete_sign_in(refused, request, session=http)
    assert signed_in.account.org_name == demo.users[0].org_id


def test_a_refused_organization_query_names_the_org_from_connect(http: requests.Session) -> None:
    with DemoOrg(refuse_org_query=True) as demo:
        request = AuthorizeRequest.new(demo.login_url, demo.client_id)
        parsed = _callback_from(demo.grant(demo.users[0].username), request)
        query = http.get(
            f"{parsed.instance_url}/services/data/v66.0/query",
            params={"q": "SELECT Id, Name FROM Organization"},
            headers={"Authorization": f"Bearer {parsed.access_token}"},
            timeout=10,
        )
        assert query.status_code == 400
        signed_in = complete_sign_in(parsed, request, session=http)
    assert signed_in.account.org_name == demo.orgs[0].name
    assert signed_in.account.org_name != signed_in.account.org_id


def test_unreachable_instance_is_reported(demo: DemoOrg, http: requests.Session) -> None:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id)
    parsed = _callback_from(demo.grant(demo.users[0].username), request)
    with pytest.raises(NetworkError):
        complete_sign_in(dataclasses.replace(parsed, instance_url=closed_port_url()), request, session=http)


def test_expired_token_fails_identity(demo: DemoOrg, http: requests.Session) -> None:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id)
    parsed = parse_callback(browse_to_callback(http, request, demo.users[0]), request)
    assert isinstance(parsed, Grant)
    demo.expire_access_tokens()
    with pytest.raises(AuthError) as info:
        complete_sign_in(parsed, request)
    assert info.value.code == "bad_token"


def test_code_needs_a_pkce_request(demo: DemoOrg) -> None:
    request = AuthorizeRequest.new(demo.login_url, demo.client_id)
    with pytest.raises(AuthError) as info:
        complete_sign_in(AuthorizationCode("abc"), request)
    assert info.value.code == "unexpected_code"


def test_no_token_reaches_the_log(
    demo: DemoOrg, http: requests.Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    request = AuthorizeRequest.new(demo.login_url, demo.client_id, flow=Flow.PKCE)
    url = browse_to_callback(http, request, demo.users[0])
    code = parse_callback(url, request)
    assert isinstance(code, AuthorizationCode)
    signed_in = complete_sign_in(code, request, session=http)
    refresh_token = signed_in.tokens.refresh_token
    assert refresh_token is not None
    with TokenEndpoint(demo.login_url, demo.client_id, session=http) as endpoint:
        refreshed = endpoint.refresh(refresh_token)
        endpoint.revoke(refresh_token)
    bad = parse_callback(url.replace("state=", "state=x"), request)
    assert isinstance(bad, AuthError)
    assert "Signed in" in caplog.text
    for secret in (code.code, signed_in.tokens.access_token, refresh_token, refreshed.access_token):
        assert secret not in caplog.text
