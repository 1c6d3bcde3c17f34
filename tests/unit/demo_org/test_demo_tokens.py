"""Token endpoint refresh grants, revocation, userinfo, identity URLs and access-token lifetime."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
JOSE = "jose@acme.demo"


def _post(demo: DemoOrg, path: str, **form: str) -> requests.Response:
    with requests.Session() as session:
        return session.post(demo.login_url + path, data=form, timeout=10)


def _refresh(demo: DemoOrg, token: str, client_id: str | None = None) -> requests.Response:
    return _post(
        demo,
        "/services/oauth2/token",
        grant_type="refresh_token",
        refresh_token=token,
        client_id=client_id or demo.client_id,
    )


def _feed_status(demo: DemoOrg, grant: dict[str, str]) -> int:
    with api_session(grant["access_token"]) as session:
        url = f"{grant['instance_url']}/services/data/v66.0/chatter/users/me"
        return session.get(url, timeout=10).status_code


def test_grant_matches_the_token_endpoint_shape(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    assert set(grant) == {
        "access_token",
        "refresh_token",
        "signature",
        "scope",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
    }
    assert demo.is_refresh_token_valid(grant["refresh_token"])
    with pytest.raises(KeyError):
        demo.grant("ghost@acme.demo")


def test_refresh_without_rotation_keeps_the_refresh_token(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    answer = _refresh(demo, grant["refresh_token"])
    assert answer.status_code == 200
    body = answer.json()
    assert "refresh_token" not in body
    assert set(body) == {
        "access_token",
        "signature",
        "scope",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
    }
    assert body["access_token"] != grant["access_token"]
    assert body["id"] == grant["id"]
    assert body["instance_url"] == grant["instance_url"]
    assert _refresh(demo, grant["refresh_token"]).status_code == 200
    assert demo.counters["refresh"] == 2
    assert _feed_status(demo, body) == 200


def test_rotation_returns_a_new_refresh_token_and_kills_the_old(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    grant = demo.grant(ZOE)
    first = _refresh(demo, grant["refresh_token"]).json()
    assert first["refresh_token"] != grant["refresh_token"]
    assert not demo.is_refresh_token_valid(grant["refresh_token"])
    assert demo.is_refresh_token_valid(first["refresh_token"])
    stale = _refresh(demo, grant["refresh_token"])
    assert stale.status_code == 400
    assert stale.json() == {"error": "invalid_grant", "error_description": "expired access/refresh token"}
    assert _refresh(demo, first["refresh_token"]).status_code == 200
    assert demo.counters["refresh"] == 3


def test_token_endpoint_errors(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    bad = _refresh(demo, "5Aep861notatoken")
    assert bad.status_code == 400
    assert bad.json() == {"error": "invalid_grant", "error_description": "expired access/refresh token"}
    client = _refresh(demo, grant["refresh_token"], client_id="3MVGother")
    assert client.status_code == 400
    assert client.json() == {"error": "invalid_client_id", "error_description": "client identifier invalid"}
    grant_type = _post(demo, "/services/oauth2/token", grant_type="password", client_id=demo.client_id)
    assert grant_type.status_code == 400
    assert grant_type.json()["error"] == "unsupported_grant_type"
    secret = _post(
        demo,
        "/services/oauth2/token",
        grant_type="refresh_token",
        client_id=demo.client_id,
        refresh_token=grant["refresh_token"],
        client_secret="wrong",
    )
    assert secret.json()["error"] == "invalid_client"


def test_revoking_a_refresh_token_kills_its_access_tokens(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    refreshed = _refresh(demo, grant["refresh_token"]).json()
    other = demo.grant(ZOE)
    answer = _post(demo, "/services/oauth2/revoke", token=grant["refresh_token"])
    assert answer.status_code == 200
    assert answer.text == ""
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert not demo.is_refresh_token_valid(grant["refresh_token"])
    assert _feed_status(demo, grant) == 401
    assert _feed_status(demo, refreshed) == 401
    assert _feed_status(demo, other) == 200, "another grant of the same user is untouched"
    assert demo.is_refresh_token_valid(other["refresh_token"])
    assert demo.counters["revoke"] == 1


def test_revoking_after_rotation_kills_the_whole_chain(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    grant = demo.grant(ZOE)
    rotated = _refresh(demo, grant["refresh_token"]).json()
    assert _post(demo, "/services/oauth2/revoke", token=rotated["refresh_token"]).status_code == 200
    assert _feed_status(demo, grant) == 401
    assert _feed_status(demo, rotated) == 401


def test_revoking_an_access_token_kills_only_that_one(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    refreshed = _refresh(demo, grant["refresh_token"]).json()
    with requests.Session() as session:
        answer = session.get(
            f"{demo.login_url}/services/oauth2/revoke", params={"token": grant["access_token"]}, timeout=10
        )
    assert answer.status_code == 200
    assert _feed_status(demo, grant) == 401
    assert _feed_status(demo, refreshed) == 200
    assert demo.is_refresh_token_valid(grant["refresh_token"])


def test_revoke_errors(demo: DemoOrg) -> None:
    unknown = _post(demo, "/services/oauth2/revoke", token="nope")
    assert unknown.status_code == 400
    assert unknown.json() == {"error": "invalid_token", "error_description": "invalid token"}
    missing = _post(demo, "/services/oauth2/revoke")
    assert missing.status_code == 400
    assert missing.json()["error"] == "unsupported_token_type"
    grant = demo.grant(JOSE)
    assert _post(demo, "/services/oauth2/revoke", token=grant["refresh_token"]).status_code == 200
    assert _post(demo, "/services/oauth2/revoke", token=grant["refresh_token"]).status_code == 400


def test_userinfo(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    zoe = next(user for user in demo.users if user.username == ZOE)
    with api_session(grant["access_token"]) as session:
        answer = session.get(f"{demo.login_url}/services/oauth2/userinfo", timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert body["user_id"] == zoe.user_id
    assert body["organization_id"] == zoe.org_id
    assert body["preferred_username"] == ZOE
    assert body["name"] == "Zoë Ångström"
    assert body["given_name"] == "Zoë"
    assert body["family_name"] == "Ångström"
    assert body["sub"] == grant["id"]
    assert body["photos"]["thumbnail"].startswith(grant["instance_url"] + "/profilephoto/")
    assert "{version}" in body["urls"]["rest"]
    with requests.Session() as session:
        query = session.get(
            f"{demo.login_url}/services/oauth2/userinfo",
            params={"oauth_token": grant["access_token"]},
            timeout=10,
        )
        bad = session.get(
            f"{demo.login_url}/services/oauth2/userinfo", headers={"Authorization": "Bearer nope"}, timeout=10
        )
    assert query.status_code == 200
    assert bad.status_code == 403
    assert bad.text == "Bad_OAuth_Token"


def test_identity_url(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    zoe = next(user for user in demo.users if user.username == ZOE)
    with api_session(grant["access_token"]) as session:
        answer = session.get(grant["id"], timeout=10)
        versioned = session.get(grant["id"], params={"version": "66.0"}, timeout=10)
        latest = session.get(grant["id"], params={"version": "latest"}, timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert body["id"] == grant["id"]
    assert body["user_id"] == zoe.user_id
    assert body["organization_id"] == zoe.org_id
    assert body["username"] == ZOE
    assert body["display_name"] == "Zoë Ångström"
    assert body["email"]
    assert (
        body["photos"]["picture"]
        == f"{grant['instance_url']}/profilephoto/{body['photos']['picture'].split('/')[-2]}/F"
    )
    assert body["photos"]["thumbnail"].endswith("/T")
    assert body["urls"]["rest"] == f"{grant['instance_url']}/services/data/v{{version}}/"
    assert body["urls"]["custom_domain"] == grant["instance_url"]
    assert (
        versioned.json()["urls"]["feed_elements"]
        == f"{grant['instance_url']}/services/data/v66.0/chatter/feed-elements"
    )
    assert "{version}" not in latest.json()["urls"]["rest"]
    assert body["last_modified_date"]
    assert body["active"] is True


def test_identity_refuses_bad_tokens_and_other_users(demo: DemoOrg) -> None:
    zoe_grant = demo.grant(ZOE)
    jose_grant = demo.grant(JOSE)
    with requests.Session() as session:
        by_query = session.get(zoe_grant["id"], params={"oauth_token": zoe_grant["access_token"]}, timeout=10)
        other = session.get(
            zoe_grant["id"], headers={"Authorization": f"Bearer {jose_grant['access_token']}"}, timeout=10
        )
        bad = session.get(zoe_grant["id"], headers={"Authorization": "Bearer 00Dnope!AQbad"}, timeout=10)
        missing = session.get(zoe_grant["id"], timeout=10)
    assert by_query.status_code == 200
    for refused in (other, bad, missing):
        assert refused.status_code == 403
        assert refused.text == "Bad_OAuth_Token"
        assert refused.headers["Content-Type"].startswith("text/plain")


def test_token_ttl_expires_access_tokens(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo(token_ttl=0)
    grant = demo.grant(ZOE)
    assert _feed_status(demo, grant) == 401
    with api_session(grant["access_token"]) as session:
        identity = session.get(grant["id"], timeout=10)
    assert identity.status_code == 403
    assert identity.text == "Bad_OAuth_Token"
    assert _refresh(demo, grant["refresh_token"]).status_code == 200, "refresh tokens outlive access tokens"


def test_long_token_ttl_keeps_tokens_alive(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo(token_ttl=3600)
    assert _feed_status(demo, demo.grant(ZOE)) == 200


def test_expire_access_tokens(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    assert _feed_status(demo, grant) == 200
    demo.expire_access_tokens()
    assert _feed_status(demo, grant) == 401
    refreshed = _refresh(demo, grant["refresh_token"]).json()
    assert _feed_status(demo, refreshed) == 200
