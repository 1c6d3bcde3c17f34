"""fetch_identity and fetch_org_name against the demo org."""

from __future__ import annotations

import pytest
import requests

from desktop_app.auth.errors import AuthError, MalformedCallback, NetworkError
from desktop_app.auth.identity import Identity, fetch_identity, fetch_org_name
from desktop_app.demo_org import DemoOrg

from .servers import closed_port_url, html_server


def test_identity(demo: DemoOrg, http: requests.Session) -> None:
    user = demo.users[0]
    grant = demo.grant(user.username)
    identity = fetch_identity(grant["id"], grant["access_token"], login_host=demo.login_url, session=http)
    assert isinstance(identity, Identity)
    assert (identity.org_id, identity.user_id) == (user.org_id, user.user_id)
    assert identity.username == user.username
    assert identity.display_name == user.display_name
    assert "@" in identity.email
    assert identity.photo_url is not None
    assert identity.photo_url.startswith(demo.orgs[0].instance_url)
    assert identity.picture_url is not None
    assert identity.urls
    assert all(isinstance(v, str) for v in identity.urls.values())


def test_identity_without_a_session(demo: DemoOrg) -> None:
    grant = demo.grant(demo.users[1].username)
    assert (
        fetch_identity(grant["id"], grant["access_token"], login_host=demo.login_url).username
        == demo.users[1].username
    )


def test_identity_with_a_bad_token(demo: DemoOrg, http: requests.Session) -> None:
    grant = demo.grant(demo.users[0].username)
    with pytest.raises(AuthError) as info:
        fetch_identity(grant["id"], "00Dnotatoken!x", login_host=demo.login_url, session=http)
    assert (info.value.code, info.value.status) == ("bad_token", 403)
    demo.expire_access_tokens()
    with pytest.raises(AuthError, match="no longer accepts"):
        fetch_identity(grant["id"], grant["access_token"], login_host=demo.login_url, session=http)


def test_identity_of_another_user(demo: DemoOrg, http: requests.Session) -> None:
    mine, theirs = demo.grant(demo.users[0].username), demo.grant(demo.users[1].username)
    with pytest.raises(AuthError) as info:
        fetch_identity(theirs["id"], mine["access_token"], login_host=demo.login_url, session=http)
    assert info.value.code == "bad_token"


def test_identity_url_is_checked_before_sending_the_token(http: requests.Session) -> None:
    with pytest.raises(MalformedCallback):
        fetch_identity(
            "http://example.com/id/00D5g0000000001EAA/0055g0000000001AAA",
            "tok",
            login_host="https://login.salesforce.com",
            session=http,
        )


def test_identity_unreachable() -> None:
    url = closed_port_url()
    with pytest.raises(NetworkError):
        fetch_identity(f"{url}/id/00D5g0000000001EAA/0055g0000000001AAA", "tok", login_host=url)


def test_identity_html_answer() -> None:
    with html_server(200) as url, pytest.raises(NetworkError) as info:
        fetch_identity(f"{url}/id/00D5g0000000001EAA/0055g0000000001AAA", "tok", login_host=url)
    assert info.value.code == "bad_response"


def test_org_names(demo: DemoOrg, http: requests.Session) -> None:
    for org in demo.orgs[:2]:
        user = next(u for u in demo.users if u.org_id == org.org_id)
        grant = demo.grant(user.username)
        assert (
            fetch_org_name(
                grant["instance_url"], grant["access_token"], login_host=demo.login_url, session=http
            )
            == org.name
        )


def test_org_name_refused(demo: DemoOrg, http: requests.Session) -> None:
    grant = demo.grant(demo.users[0].username)
    with pytest.raises(AuthError) as info:
        fetch_org_name(
            grant["instance_url"],
            grant["access_token"],
            login_host=demo.login_url,
            api_version="1.0",
            session=http,
        )
    assert (info.value.code, info.value.status) == ("org_name_failed", 404)
    assert not isinstance(info.value, NetworkError)
    with pytest.raises(AuthError) as info:
        fetch_org_name(grant["instance_url"], "00Dbad!token", login_host=demo.login_url, session=http)
    assert (info.value.code, info.value.status) == ("bad_token", 401)


def test_org_name_unreachable() -> None:
    url = closed_port_url()
    with pytest.raises(NetworkError):
        fetch_org_name(url, "tok", login_host=url)
