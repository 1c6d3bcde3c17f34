"""Discovery resources: resources by version, the Chatter directory, limits and the Connect organization."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
INVALID_SESSION = [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}]
RESOURCES = ("", "/chatter", "/limits", "/connect/organization")


def _get(demo: DemoOrg, path: str, user: str = ZOE, *, encode: bool = False) -> requests.Response:
    grant = demo.grant(user)
    with api_session(grant["access_token"], encode=encode) as session:
        return session.get(grant["instance_url"] + path, timeout=10)


def _usage(answer: requests.Response) -> tuple[int, int]:
    used, _, most = answer.headers["Sforce-Limit-Info"].removeprefix("api-usage=").partition("/")
    return int(used), int(most)


def test_resources_by_version_lists_the_resources_and_the_callers_identity(demo: DemoOrg) -> None:
    answer = _get(demo, "/services/data/v66.0")
    assert answer.status_code == 200
    body = answer.json()
    assert {"chatter", "connect", "identity", "limits", "query", "sobjects"} <= set(body)
    for name in ("chatter", "connect", "limits", "query", "sobjects"):
        assert body[name] == f"/services/data/v66.0/{name}"
    zoe = demo.user(ZOE)
    assert body["identity"] == f"{demo.login_url}/id/{zoe.org_id}/{zoe.user_id}"
    assert body["identity"] == demo.grant(ZOE)["id"], "the same identity URL the token endpoint returns"
    assert _get(demo, "/services/data/v62.0/").json()["chatter"] == "/services/data/v62.0/chatter"
    sandbox = _get(demo, "/services/data/v66.0", "zoe@acme.demo.uat").json()
    assert sandbox["identity"] != body["identity"]


def test_chatter_directory(demo: DemoOrg) -> None:
    answer = _get(demo, "/services/data/v66.0/chatter")
    assert answer.status_code == 200
    assert answer.json() == {
        "feeds": "/services/data/v66.0/chatter/feeds",
        "groups": "/services/data/v66.0/chatter/groups",
        "users": "/services/data/v66.0/chatter/users",
    }
    assert _get(demo, "/services/data/v60.0/chatter/").json()["users"] == "/services/data/v60.0/chatter/users"


def test_limits_agree_with_the_limit_header(make_demo: Any) -> None:
    demo = make_demo()
    first = _get(demo, "/services/data/v66.0/limits")
    assert first.status_code == 200
    body = first.json()
    used, most = _usage(first)
    assert body["DailyApiRequests"] == {"Max": most, "Remaining": most - used}
    assert len(body) >= 5
    for name, value in body.items():
        assert set(value) == {"Max", "Remaining"}, name
        assert 0 <= value["Remaining"] <= value["Max"], name
    assert {"DataStorageMB", "FileStorageMB", "DailyAsyncApexExecutions"} <= set(body)
    _get(demo, "/services/data/v66.0/chatter/users/me")
    second = _get(demo, "/services/data/v66.0/limits/")
    assert _usage(second)[0] == used + 2
    assert second.json()["DailyApiRequests"]["Remaining"] == most - used - 2


def test_connect_organization(demo: DemoOrg) -> None:
    answer = _get(demo, "/services/data/v66.0/connect/organization")
    assert answer.status_code == 200
    body = answer.json()
    org = demo.orgs[0]
    assert (body["name"], body["orgId"]) == (org.name, org.org_id)
    assert len(body["orgId"]) == 18
    assert isinstance(body["accessTimeout"], int)
    assert body["features"]["chatter"] is True
    features = body["features"]
    assert (features["files"], features["filesOnComments"], features["maxFilesPerFeedItem"]) == (
        True,
        True,
        10,
    )
    assert all(
        isinstance(value, bool) or value is None
        for key, value in features.items()
        if key != "maxFilesPerFeedItem"
    )
    settings = body["userSettings"]
    zoe = demo.user(ZOE)
    assert settings["userId"] == zoe.user_id
    assert settings["hasChatter"] is True
    assert settings["userLocale"] == "sv_SE"
    assert settings["timeZone"]["name"] == "Europe/Stockholm"
    assert settings["timeZone"]["gmtOffset"] in (1.0, 2.0)
    assert body["maintenanceInfo"] == []
    sandbox = _get(demo, "/services/data/v66.0/connect/organization", "bjorn@acme.demo.uat").json()
    assert (sandbox["name"], sandbox["orgId"]) == (demo.orgs[1].name, demo.orgs[1].org_id)


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_needs_a_live_token_of_its_org(demo: DemoOrg, resource: str) -> None:
    url = demo.orgs[0].instance_url + "/services/data/v66.0" + resource
    sandbox = demo.grant("zoe@acme.demo.uat")["access_token"]
    for headers in (
        {},
        {"Authorization": "Bearer 00Dnope!AQnothing"},
        {"Authorization": f"Bearer {sandbox}"},
    ):
        with requests.Session() as session:
            answer = session.get(url, headers=headers, timeout=10)
        assert answer.status_code == 401
        assert answer.json() == INVALID_SESSION


@pytest.mark.parametrize("resource", RESOURCES)
def test_unknown_versions_are_not_found(demo: DemoOrg, resource: str) -> None:
    answer = _get(demo, "/services/data/v99.0" + resource)
    assert answer.status_code == 404
    assert answer.json()[0]["errorCode"] == "NOT_FOUND"


def test_chatter_directory_counts_against_the_chatter_limit(make_demo: Any) -> None:
    demo = make_demo(chatter_limit=1)
    grant = demo.grant(ZOE)
    with api_session(grant["access_token"]) as session:
        url = grant["instance_url"] + "/services/data/v66.0"
        assert session.get(url + "/chatter", timeout=10).status_code == 200
        assert session.get(url + "/chatter", timeout=10).status_code == 503
        assert session.get(url + "/connect/organization", timeout=10).status_code == 200
        assert session.get(url + "/limits", timeout=10).status_code == 200
