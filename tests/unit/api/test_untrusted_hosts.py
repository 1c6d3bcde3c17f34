"""The client sends a token only to hosts its login host vouches for, and to its org's own content hosts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.client import ConnectClient, is_content_host_of
from desktop_app.api.errors import ApiError, BadResponse

from .conftest import Offline, ScriptedServer, json_reply

PRODUCTION = "https://login.salesforce.com"
SINGLE_ACCESS = "/services/oauth2/singleaccess"


def test_client_refuses_an_untrusted_instance_before_any_request(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    # A production sign-in whose saved instance points at this machine: nothing there may get its token.
    offline = offline_account(scripted.url, login_host=PRODUCTION)
    with pytest.raises(ApiError) as caught:
        ConnectClient(offline.account, offline.credentials)
    assert caught.value.error_code == "untrusted_host"
    assert "127.0.0.1" in caught.value.user_message
    assert scripted.seen == []


@pytest.mark.parametrize(
    ("frontdoor", "host"),
    [
        ("https://attacker.example/secur/frontdoor.jsp?otp=x", "attacker.example"),
        ("https://acme.my.salesforce.com.attacker.example/secur/frontdoor.jsp?otp=x", "attacker.example"),
    ],
)
def test_a_frontdoor_uri_on_a_foreign_host_is_refused(
    scripted: ScriptedServer, offline_account: Callable[..., Offline], frontdoor: str, host: str
) -> None:
    scripted.answer(SINGLE_ACCESS, json_reply({"frontdoor_uri": frontdoor}))
    offline = offline_account(scripted.url)
    with ConnectClient(offline.account, offline.credentials) as client, pytest.raises(BadResponse) as caught:
        client.frontdoor_url("/lightning/page/home")
    assert caught.value.error_code == "untrusted_host"
    assert host in caught.value.user_message


def test_a_frontdoor_uri_on_salesforce_is_returned(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    uri = "https://acme.my.salesforce.com/secur/frontdoor.jsp?otp=x"
    scripted.answer(SINGLE_ACCESS, json_reply({"frontdoor_uri": uri}))
    offline = offline_account(scripted.url)
    with ConnectClient(offline.account, offline.credentials) as client:
        assert client.frontdoor_url("/") == uri


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.force.com/profilephoto/729/T",  # a Salesforce Site anyone may have named acme
        "https://acme.secure.force.com/profilephoto/729/T",
        "https://acme--c.force.com/x",
        "https://acme.lightning.force.com/x",
        "https://acme--x.file.force.com/x",
        "https://acme.sandbox.file.force.com/x",  # production acme has no sandbox partition
        "https://acme--c.evil.content.force.com/x",
    ],
)
def test_other_orgs_sites_never_get_the_token(url: str) -> None:
    assert not is_content_host_of(url, "https://acme.my.salesforce.com")


MY_DOMAIN = st.from_regex(r"[a-z][a-z0-9]{0,14}", fullmatch=True)
PARTITION = st.sampled_from([None, "sandbox", "develop", "scratch"])


def _content_hosts(name: str, partition: str | None) -> list[str]:
    within = f"{partition}." if partition else ""
    return [
        f"{name}.{within}file.force.com",
        f"{name}--c.{within}file.force.com",
        f"{name}--c.vf.file.force.com",
        f"{name}--c.documentforce.com",
        f"{name}--c.na123.content.force.com",
    ]


@given(MY_DOMAIN, MY_DOMAIN, PARTITION)
def test_content_hosts_belong_to_one_org(name: str, other: str, partition: str | None) -> None:
    instance = f"https://{name}.{partition + '.' if partition else ''}my.salesforce.com"
    for host in _content_hosts(name, partition):
        assert is_content_host_of(f"https://{host}/profilephoto/729/T", instance), host
        assert not is_content_host_of(f"http://{host}/profilephoto/729/T", instance), host
    if other != name:
        for host in _content_hosts(other, partition):
            assert not is_content_host_of(f"https://{host}/profilephoto/729/T", instance), host


@given(MY_DOMAIN)
def test_an_instance_without_a_my_domain_has_no_content_hosts(name: str) -> None:
    for host in _content_hosts(name, None):
        assert not is_content_host_of(f"https://{host}/x", "https://na123.salesforce.com")
        assert not is_content_host_of(f"https://{host}/x", "http://127.0.0.1:5000")
