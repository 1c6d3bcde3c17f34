"""The authorize endpoint: login and approval pages, both flows, PKCE, errors, the blocked user-agent flow."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import (
    authorize_params,
    callback_values,
    click,
    log_in,
    open_authorize,
    parse,
    pkce_pair,
    sign_in,
    submit,
)

ZOE = "zoe@acme.demo"


def _token(demo: DemoOrg, **form: str) -> requests.Response:
    with requests.Session() as session:
        return session.post(f"{demo.login_url}/services/oauth2/token", data=form, timeout=10)


def test_login_page_has_the_form_the_app_drives(demo: DemoOrg) -> None:
    params = authorize_params(demo, login_hint="jose@acme.demo", state='<"st">')
    with requests.Session() as session:
        page = open_authorize(session, demo, params)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    parsed = parse(page.text)
    assert {"username", "password", "Login"} <= parsed.ids
    form = parsed.forms[0]
    assert form.fields["username"] == "jose@acme.demo"
    assert form.fields["state"] == '<"st">'
    assert form.fields["client_id"] == demo.client_id
    assert '<"st">' not in page.text
    assert DemoOrg.PASSWORD in page.text
    for user in demo.users:
        assert user.username in page.text
        assert user.display_name in page.text


def test_wrong_password_shows_the_form_again_with_an_error(demo: DemoOrg) -> None:
    with requests.Session() as session:
        response = log_in(session, demo, authorize_params(demo), ZOE, password="nope")
    assert response.status_code == 200
    parsed = parse(response.text)
    assert "error" in parsed.ids
    assert "check your username and password" in response.text
    assert parsed.forms[0].fields["username"] == ZOE


def test_unknown_user_is_refused_like_a_wrong_password(demo: DemoOrg) -> None:
    with requests.Session() as session:
        response = log_in(session, demo, authorize_params(demo), "nobody@acme.demo")
    assert response.status_code == 200
    assert "error" in parse(response.text).ids


def test_first_approval_then_user_agent_callback_with_every_field(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    params = authorize_params(demo)
    with requests.Session() as session:
        approval = log_in(session, demo, params, ZOE)
        assert approval.status_code == 200
        assert {"oaapprove", "oadeny"} <= parse(approval.text).ids
        assert "Allow access?" in approval.text
        redirect = click(session, demo, approval, "oaapprove")
    location = redirect.headers["Location"]
    assert location.startswith(demo.callback_url + "#")
    values = callback_values(redirect)
    zoe = next(user for user in demo.users if user.username == ZOE)
    assert values["state"] == params["state"]
    assert values["access_token"].startswith(zoe.org_id[:15] + "!AQ")
    assert values["refresh_token"]
    assert values["instance_url"] == demo.orgs[0].instance_url
    assert values["id"] == f"{demo.login_url}/id/{zoe.org_id}/{zoe.user_id}"
    assert values["token_type"] == "Bearer"
    assert values["scope"] == "api refresh_token"
    assert values["issued_at"].isdigit()
    assert len(values["issued_at"]) == 13
    digest = hmac.new(
        demo.consumer_secret.encode(), (values["id"] + values["issued_at"]).encode(), hashlib.sha256
    )
    assert values["signature"] == base64.b64encode(digest.digest()).decode()


def test_no_refresh_token_without_the_scope(demo: DemoOrg) -> None:
    with requests.Session() as session:
        values = sign_in(session, demo, "dana@acme.demo", scope="api")
    assert "refresh_token" not in values
    assert values["scope"] == "api"


def test_session_cookie_skips_the_form_and_approval_is_remembered(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    with requests.Session() as session:
        first = sign_in(session, demo, ZOE)
        again = open_authorize(session, demo, authorize_params(demo))
        second = callback_values(again)
        assert second["access_token"] != first["access_token"]
        forced = open_authorize(session, demo, authorize_params(demo, prompt="login"))
        assert forced.status_code == 200
        assert "username" in parse(forced.text).ids
        consent = open_authorize(session, demo, authorize_params(demo, prompt="consent"))
        assert "oaapprove" in parse(consent.text).ids
    with requests.Session() as other_browser:
        page = open_authorize(other_browser, demo, authorize_params(demo))
        assert "username" in parse(page.text).ids
        answer = log_in(other_browser, demo, authorize_params(demo), ZOE)
        assert answer.status_code == 302, "approval is remembered per user"


def test_deny_sends_access_denied_in_the_fragment(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    params = authorize_params(demo)
    with requests.Session() as session:
        denied = click(session, demo, log_in(session, demo, params, ZOE), "oadeny")
    assert urlsplit(denied.headers["Location"]).query == ""
    values = callback_values(denied)
    assert values == {
        "error": "access_denied",
        "error_description": "end-user denied authorization",
        "state": params["state"],
    }


def test_deny_in_the_code_flow_goes_in_the_query(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    params = authorize_params(demo, "code")
    with requests.Session() as session:
        denied = click(session, demo, log_in(session, demo, params, ZOE), "oadeny")
    parts = urlsplit(denied.headers["Location"])
    assert parts.fragment == ""
    assert "error=access_denied" in parts.query
    assert f"state={params['state']}" in parts.query


def test_approval_ticket_is_single_use(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    with requests.Session() as session:
        approval = log_in(session, demo, authorize_params(demo), ZOE)
        assert click(session, demo, approval, "oaapprove").status_code == 302
        replay = click(session, demo, approval, "oaapprove")
    assert replay.status_code == 400
    assert "expired" in replay.text


def test_code_flow_with_pkce(demo: DemoOrg) -> None:
    verifier, challenge = pkce_pair()
    with requests.Session() as session:
        values = sign_in(session, demo, ZOE, "code", code_challenge=challenge, code_challenge_method="S256")
    assert set(values) == {"code", "state"}
    before = demo.counters["token_code"]
    answer = _token(
        demo,
        grant_type="authorization_code",
        code=values["code"],
        client_id=demo.client_id,
        redirect_uri=demo.callback_url,
        code_verifier=verifier,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert {
        "access_token",
        "refresh_token",
        "signature",
        "scope",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
    } <= set(body)
    assert demo.counters["token_code"] == before + 1
    reused = _token(
        demo,
        grant_type="authorization_code",
        code=values["code"],
        client_id=demo.client_id,
        redirect_uri=demo.callback_url,
        code_verifier=verifier,
    )
    assert reused.status_code == 400
    assert reused.json() == {"error": "invalid_grant", "error_description": "expired authorization code"}


def test_pkce_wrong_verifier_is_invalid_request_and_missing_is_invalid_grant(demo: DemoOrg) -> None:
    _, challenge = pkce_pair()
    with requests.Session() as session:
        first = sign_in(session, demo, ZOE, "code", code_challenge=challenge, code_challenge_method="S256")
        second = sign_in(session, demo, ZOE, "code", code_challenge=challenge)
    wrong = _token(
        demo,
        grant_type="authorization_code",
        code=first["code"],
        client_id=demo.client_id,
        redirect_uri=demo.callback_url,
        code_verifier="not-the-verifier-" + "x" * 40,
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_request"
    missing = _token(
        demo,
        grant_type="authorization_code",
        code=second["code"],
        client_id=demo.client_id,
        redirect_uri=demo.callback_url,
    )
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_grant"


def test_code_without_challenge_and_wrong_redirect_uri_at_exchange(demo: DemoOrg) -> None:
    with requests.Session() as session:
        plain = sign_in(session, demo, ZOE, "code")
        other = sign_in(session, demo, ZOE, "code")
    ok = _token(
        demo,
        grant_type="authorization_code",
        code=plain["code"],
        client_id=demo.client_id,
        redirect_uri=demo.callback_url,
    )
    assert ok.status_code == 200
    mismatch = _token(
        demo,
        grant_type="authorization_code",
        code=other["code"],
        client_id=demo.client_id,
        redirect_uri="http://127.0.0.1:1/elsewhere",
    )
    assert mismatch.status_code == 400
    assert mismatch.json()["error"] == "invalid_grant"


def test_expired_code(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    demo.state.code_ttl = 0
    with requests.Session() as session:
        values = sign_in(session, demo, ZOE, "code")
    answer = _token(
        demo,
        grant_type="authorization_code",
        code=values["code"],
        client_id=demo.client_id,
        redirect_uri=demo.callback_url,
    )
    assert answer.json() == {"error": "invalid_grant", "error_description": "expired authorization code"}


def test_unknown_client_and_wrong_callback_show_an_error_page_without_redirect(demo: DemoOrg) -> None:
    with requests.Session() as session:
        unknown = open_authorize(session, demo, authorize_params(demo, client_id="3MVGnope"))
        wrong = open_authorize(session, demo, authorize_params(demo, redirect_uri="https://evil.example/cb"))
        posted = submit(
            session,
            demo,
            parse(open_authorize(session, demo, authorize_params(demo)).text).forms[0],
            {"username": ZOE, "password": DemoOrg.PASSWORD, "redirect_uri": "https://evil.example/cb"},
        )
    assert unknown.status_code == 400
    assert "Location" not in unknown.headers
    assert "invalid_client_id" in unknown.text
    assert wrong.status_code == 400
    assert "Location" not in wrong.headers
    assert "redirect_uri_mismatch" in wrong.text
    assert posted.status_code == 400
    assert "Location" not in posted.headers


def test_unsupported_response_type_and_bad_scope_redirect_with_errors(demo: DemoOrg) -> None:
    with requests.Session() as session:
        odd = callback_values(open_authorize(session, demo, authorize_params(demo, "id_token")))
        scope = callback_values(open_authorize(session, demo, authorize_params(demo, scope="api nonsense")))
        method = callback_values(
            open_authorize(
                session,
                demo,
                authorize_params(demo, "code", code_challenge="abc", code_challenge_method="plain"),
            )
        )
    assert odd["error"] == "unsupported_response_type"
    assert scope["error"] == "invalid_scope"
    assert method["error"] == "invalid_request"


def test_blocked_user_agent_flow_answers_at_once(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo(block_user_agent_flow=True)
    params = authorize_params(demo)
    with requests.Session() as session:
        response = open_authorize(session, demo, params)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(demo.callback_url + "#")
        values = callback_values(response)
        assert values["error"] == "unsupported_response_type"
        assert "user-agent flow is blocked" in values["error_description"]
        assert "PKCE" in values["error_description"]
        assert values["state"] == params["state"]
        code = sign_in(session, demo, ZOE, "code")
    assert "code" in code


def test_success_page(demo: DemoOrg) -> None:
    with requests.Session() as session:
        page = session.get(demo.callback_url, timeout=10)
    assert page.status_code == 200
    assert "Remote Access Application Authorization" in page.text
