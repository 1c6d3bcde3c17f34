"""Server-sent URLs on hosts the token may not go to are refused before anything is sent there."""

from __future__ import annotations

import json

import pytest
import requests

from desktop_app.auth.callback import parse_callback
from desktop_app.auth.errors import MalformedCallback
from desktop_app.auth.identity import fetch_identity, fetch_org_name
from desktop_app.auth.request import AuthorizeRequest
from desktop_app.auth.tokens import TokenEndpoint

from .conftest import ORG_ID, USER_ID, fragment_url, valid_fields
from .servers import scripted_server

PRODUCTION = "https://login.salesforce.com"
IDENTITY = {"user_id": USER_ID, "organization_id": ORG_ID, "username": "zoe@acme.example"}


@pytest.mark.parametrize(
    ("field", "value", "host"),
    [
        (
            "instance_url",
            "https://acme.my.salesforce.com.attacker.example",
            "acme.my.salesforce.com.attacker.example",
        ),
        ("instance_url", "https://evilsalesforce.com", "evilsalesforce.com"),
        ("id", f"https://attacker.example/id/{ORG_ID}/{USER_ID}", "attacker.example"),
        ("instance_url", "http://127.0.0.1:5123", "127.0.0.1"),
    ],
)
def test_callback_naming_a_foreign_host_is_refused(
    ua_request: AuthorizeRequest, field: str, value: str, host: str
) -> None:
    result = parse_callback(fragment_url(ua_request, valid_fields(ua_request, **{field: value})), ua_request)
    assert isinstance(result, MalformedCallback)
    assert result.code == "untrusted_host"
    assert host in result.user_message


def test_callback_on_salesforce_domains_is_accepted(ua_request: AuthorizeRequest) -> None:
    for instance in (
        "https://acme.my.salesforce.com",
        "https://acme.my.site.com",
        "https://acme.my.sfcrmproducts.cn",
    ):
        result = parse_callback(
            fragment_url(ua_request, valid_fields(ua_request, instance_url=instance)), ua_request
        )
        assert not isinstance(result, MalformedCallback), instance


def test_identity_on_a_foreign_host_is_refused_before_any_request(http: requests.Session) -> None:
    body = json.dumps(IDENTITY).encode()
    with scripted_server(200, "application/json", body) as (url, replies):
        with pytest.raises(MalformedCallback) as caught:
            fetch_identity(f"{url}/id/{ORG_ID}/{USER_ID}", "00D!token", login_host=PRODUCTION, session=http)
        assert caught.value.code == "untrusted_host"
        assert "127.0.0.1" in caught.value.user_message
        with pytest.raises(MalformedCallback):
            fetch_org_name(url, "00D!token", login_host=PRODUCTION, session=http)
        assert replies.count == 0
        # The same server is fine for a sign-in that started on this machine.
        assert fetch_identity(f"{url}/id/{ORG_ID}/{USER_ID}", "00D!token", login_host=url).user_id == USER_ID
        assert replies.count == 1


@pytest.mark.parametrize("instance", ["https://attacker.example", "https://acme.force.com.evil.example"])
def test_refresh_naming_a_foreign_instance_is_refused(instance: str) -> None:
    reply = {
        "access_token": "00Dxx0000001gEX!AQ4AQNewToken",
        "instance_url": instance,
        "id": f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}",
        "token_type": "Bearer",
        "issued_at": "1767229200456",
    }
    with (
        scripted_server(200, "application/json", json.dumps(reply).encode()) as (url, _),
        TokenEndpoint(url, "cid") as endpoint,
        pytest.raises(MalformedCallback) as caught,
    ):
        endpoint.refresh("5Aep861Refresh")
    assert caught.value.code == "untrusted_host"
    assert instance.removeprefix("https://") in caught.value.user_message
