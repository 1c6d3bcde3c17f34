"""Instance hosts: sessions, limits, the org query, photos, single access and which host answers what."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg

ZOE = "zoe@acme.demo"
ME = "/services/data/v66.0/chatter/users/me"
INVALID_SESSION = [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}]


def _call(method: str, url: str, token: str | None = None, **kwargs: Any) -> requests.Response:
    with requests.Session() as session:
        if token:
            session.headers["Authorization"] = f"Bearer {token}"
        return session.request(method, url, timeout=10, **kwargs)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    header = data[16 : 16 + length]
    assert (
        zlib.crc32(data[12 : 16 + length]) & 0xFFFFFFFF
        == struct.unpack(">I", data[16 + length : 20 + length])[0]
    )
    width, height = struct.unpack(">II", header[:8])
    return width, height


def test_sessions_missing_unknown_revoked_and_from_another_org(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    sandbox = demo.grant("zoe@acme.demo.uat")
    url = grant["instance_url"] + ME
    assert _call("GET", url, grant["access_token"]).status_code == 200
    for token in (None, "00Dnope!AQnothing", sandbox["access_token"]):
        answer = _call("GET", url, token)
        assert answer.status_code == 401
        assert answer.json() == INVALID_SESSION
    assert (
        _call("GET", sandbox["instance_url"] + ME, sandbox["access_token"]).json()["username"]
        == "zoe@acme.demo.uat"
    )
    assert sandbox["instance_url"] != grant["instance_url"]
    revoked = demo.grant(ZOE)
    with requests.Session() as session:
        session.post(
            f"{demo.login_url}/services/oauth2/revoke", data={"token": revoked["access_token"]}, timeout=10
        )
    assert _call("GET", url, revoked["access_token"]).json() == INVALID_SESSION


def test_orgs_and_users(demo: DemoOrg) -> None:
    production, sandbox = demo.orgs[:2]
    assert production.name == "Acme Demo"
    assert not production.is_sandbox
    assert sandbox.name == "Acme Demo Sandbox"
    assert sandbox.is_sandbox
    for org in demo.orgs:
        assert org.org_id.startswith("00D")
        assert len(org.org_id) == 18
        assert org.instance_url.startswith("http://127.0.0.1:")
        members = [user for user in demo.users if user.org_id == org.org_id]
        assert 3 <= len(members) <= 4
    assert all(user.password == DemoOrg.PASSWORD for user in demo.users)
    names = [user.display_name for user in demo.users]
    assert names.count("Zoë Ångström") == 2, "the same person name in both orgs"
    assert demo.login_url.startswith("http://127.0.0.1:")
    assert not demo.login_url.endswith("/")
    assert demo.callback_url == f"{demo.login_url}/services/oauth2/success"


def test_limit_info_header_counts_calls(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    first = _call("GET", grant["instance_url"] + ME, grant["access_token"]).headers["Sforce-Limit-Info"]
    second = _call("GET", grant["instance_url"] + ME, grant["access_token"]).headers["Sforce-Limit-Info"]
    used = [int(value.removeprefix("api-usage=").split("/")[0]) for value in (first, second)]
    assert used[1] == used[0] + 1
    assert first.endswith("/15000")
    assert "Sforce-Limit-Info" in _call("GET", grant["instance_url"] + ME).headers


def test_chatter_limit_answers_503(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo(chatter_limit=3)
    grant = demo.grant(ZOE)
    other = demo.grant("dana@acme.demo")
    statuses = [_call("GET", grant["instance_url"] + ME, grant["access_token"]).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 503]
    limited = _call("GET", grant["instance_url"] + ME, grant["access_token"])
    assert limited.json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    assert _call("GET", grant["instance_url"] + ME, other["access_token"]).status_code == 200, (
        "limit is per user"
    )
    query = _call(
        "GET",
        grant["instance_url"] + "/services/data/v66.0/query",
        grant["access_token"],
        params={"q": "SELECT Id, Name FROM Organization"},
    )
    assert query.status_code == 200, "the limit covers Chatter resources only"
    assert _call("GET", grant["instance_url"] + ME).status_code == 401
    assert demo.counters["chatter"] == 6, "requests with a valid session count, limited ones too"


def test_org_name_query(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    org = demo.orgs[0]
    url = grant["instance_url"] + "/services/data/v66.0/query"
    answer = _call("GET", url, grant["access_token"], params={"q": "SELECT Id, Name FROM Organization"})
    assert answer.json() == {
        "totalSize": 1,
        "done": True,
        "records": [
            {
                "attributes": {
                    "type": "Organization",
                    "url": f"/services/data/v66.0/sobjects/Organization/{org.org_id}",
                },
                "Id": org.org_id,
                "Name": "Acme Demo",
            }
        ],
    }
    spaced = _call("GET", url, grant["access_token"], params={"q": "select  id,name  from  Organization"})
    assert spaced.json()["records"][0]["Name"] == "Acme Demo"
    for bad in ("SELECT Id FROM Account", "SELECT Password FROM Organization", ""):
        refused = _call("GET", url, grant["access_token"], params={"q": bad})
        assert refused.status_code == 400
        assert refused.json()[0]["errorCode"] == "MALFORMED_QUERY"
    assert _call("GET", url, params={"q": "SELECT Id, Name FROM Organization"}).status_code == 401


def test_photos_need_a_bearer_token(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    me = _call(
        "GET",
        grant["instance_url"] + ME,
        grant["access_token"],
        headers={"X-Chatter-Entity-Encoding": "false"},
    ).json()
    small, large = me["photo"]["smallPhotoUrl"], me["photo"]["largePhotoUrl"]
    assert _call("GET", small).status_code == 401
    assert _call("GET", small, "00Dbad!AQx").status_code == 401
    assert demo.counters["photo"] == 0
    thumb = _call("GET", small, grant["access_token"])
    assert thumb.status_code == 200
    assert thumb.headers["Content-Type"] == "image/png"
    assert _png_size(thumb.content) == (64, 64)
    assert _png_size(_call("GET", large, grant["access_token"]).content) == (200, 200)
    assert demo.counters["photo"] == 2
    cached = _call("GET", small, grant["access_token"], headers={"If-None-Match": thumb.headers["ETag"]})
    assert cached.status_code == 304
    assert _call("GET", small.replace("/T", "/Q"), grant["access_token"]).status_code == 404
    jose = demo.grant("jose@acme.demo")
    jose_me = _call("GET", jose["instance_url"] + ME, jose["access_token"]).json()
    assert _call("GET", jose_me["photo"]["smallPhotoUrl"], jose["access_token"]).content != thumb.content
    sandbox = demo.grant("zoe@acme.demo.uat")
    assert _call("GET", small, sandbox["access_token"]).status_code == 401, (
        "a photo belongs to its org's host"
    )
    info = _call("GET", grant["instance_url"] + me["photo"]["url"], grant["access_token"]).json()
    assert info["smallPhotoUrl"] == small


def test_single_access_and_frontdoor(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    url = grant["instance_url"] + "/services/oauth2/singleaccess"
    answer = _call("POST", url, grant["access_token"], data={"redirect_uri": "/lightning/page/home"})
    assert answer.status_code == 200
    frontdoor = answer.json()["frontdoor_uri"]
    assert frontdoor.startswith(grant["instance_url"] + "/secur/frontdoor.jsp?otp=")
    assert grant["access_token"] not in frontdoor
    page = _call("GET", frontdoor)
    assert page.status_code == 200
    assert "Signed in as" in page.text
    assert "Zoë Ångström" in page.text
    assert "/lightning/page/home" in page.text
    again = _call("GET", frontdoor)
    assert again.status_code == 400
    assert "Signed in as" not in again.text
    sandbox_host = demo.orgs[1].instance_url
    other = _call("POST", url, grant["access_token"], data={"redirect_uri": "/"}).json()["frontdoor_uri"]
    assert _call("GET", other.replace(grant["instance_url"], sandbox_host)).status_code == 400
    absolute = _call("POST", url, grant["access_token"], data={"redirect_uri": "https://evil.example/"})
    assert absolute.status_code == 400
    assert absolute.json()["error"] == "invalid_request"
    demo.expire_access_tokens()
    expired = _call("POST", url, grant["access_token"], data={"redirect_uri": "/"})
    assert expired.status_code == 403
    assert expired.text == "Bad_OAuth_Token"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/services/oauth2/authorize"),
        ("POST", "/services/oauth2/token"),
        ("POST", "/services/oauth2/revoke"),
        ("GET", "/services/oauth2/userinfo"),
        ("GET", "/services/oauth2/success"),
    ],
)
def test_oauth_endpoints_only_on_the_login_host(demo: DemoOrg, method: str, path: str) -> None:
    assert _call(method, demo.orgs[0].instance_url + path).status_code == 404
    assert _call(method, demo.login_url + path).status_code != 404


def test_identity_only_on_the_login_host(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    path = grant["id"].removeprefix(demo.login_url)
    assert _call("GET", demo.orgs[0].instance_url + path, grant["access_token"]).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/services/data/",
        "/services/data/v66.0/chatter/users/me",
        "/services/data/v66.0/query",
        "/services/oauth2/singleaccess",
        "/secur/frontdoor.jsp",
        "/profilephoto/729/T",
    ],
)
def test_data_endpoints_only_on_instance_hosts(demo: DemoOrg, path: str) -> None:
    token = demo.grant(ZOE)["access_token"]
    assert _call("GET", demo.login_url + path, token).status_code == 404


def test_unknown_data_path_is_an_error_array(demo: DemoOrg) -> None:
    grant = demo.grant(ZOE)
    answer = _call(
        "GET", grant["instance_url"] + "/services/data/v66.0/chatter/nothing-here", grant["access_token"]
    )
    assert answer.status_code == 404
    assert answer.json()[0]["errorCode"] == "NOT_FOUND"
    page = _call("GET", grant["instance_url"] + "/nothing")
    assert page.status_code == 404
    assert page.headers["Content-Type"].startswith("text/html")
