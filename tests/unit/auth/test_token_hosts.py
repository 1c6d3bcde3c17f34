"""Which hosts may receive a token: Salesforce's domains, the login host's own, loopback for loopback."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.auth.hosts import (
    PRODUCTION,
    SALESFORCE_DOMAINS,
    UntrustedHost,
    check_token_host,
    may_receive_token,
)

LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True).filter(lambda s: "--" not in s)
DOMAIN = st.sampled_from(SALESFORCE_DOMAINS)
# Top-level domains none of Salesforce's domains ends in, so every host built on them is foreign.
FOREIGN_TLD = st.sampled_from(["example", "net", "org", "io", "dev", "co.uk", "com.au", "de"])
LOOPBACK = st.sampled_from(["127.0.0.1", "127.45.6.7", "localhost", "[::1]"])
PORT = st.integers(min_value=1, max_value=65535)
CUSTOM_LOGIN = "https://login.acme-corp.example"
LOGIN_HOSTS = st.sampled_from([PRODUCTION, "https://test.salesforce.com", "https://acme.my.salesforce.com"])


@given(st.lists(LABEL, min_size=1, max_size=3), DOMAIN, LOGIN_HOSTS | st.just(CUSTOM_LOGIN))
def test_hosts_on_salesforce_domains_may_receive_the_token(
    labels: list[str], domain: str, login: str
) -> None:
    url = f"https://{'.'.join(labels)}.{domain}/services/data/"
    assert may_receive_token(url, login)
    assert check_token_host(url, login, "instance URL") == url


@given(st.lists(LABEL, min_size=1, max_size=3), FOREIGN_TLD, LOGIN_HOSTS)
def test_foreign_hosts_are_refused_naming_the_host(labels: list[str], tld: str, login: str) -> None:
    host = f"{'.'.join(labels)}.{tld}"
    assert not may_receive_token(f"https://{host}/id/x", login)
    with pytest.raises(UntrustedHost) as caught:
        check_token_host(f"https://{host}/id/x", login, "identity URL")
    assert caught.value.host == host
    assert host in str(caught.value)


@given(LABEL, DOMAIN, LOGIN_HOSTS)
def test_look_alike_domains_are_refused(label: str, domain: str, login: str) -> None:
    for host in (
        f"{label}{domain}",  # no dot: "evilsalesforce.com"
        f"{label}-{domain}",
        f"{label}.{domain}.evil.example",
        f"{domain}.{label}.example",
    ):
        assert not may_receive_token(f"https://{host}/", login), host


@given(LABEL, DOMAIN)
def test_a_shared_domain_itself_is_no_org(label: str, domain: str) -> None:
    assert not may_receive_token(f"https://{domain}/", PRODUCTION)
    assert not may_receive_token("https://site.com/", PRODUCTION)
    assert not may_receive_token(f"https://{label}.site.com/", PRODUCTION)  # only my.site.com is org-specific
    assert may_receive_token(f"https://{label}.my.site.com/", PRODUCTION)


@given(LOOPBACK, PORT, PORT, st.sampled_from(["http", "https"]))
def test_loopback_only_when_the_login_host_is_loopback(
    host: str, port: int, login_port: int, scheme: str
) -> None:
    url = f"{scheme}://{host}:{port}/services/data/"
    assert may_receive_token(url, f"http://127.0.0.1:{login_port}")
    assert may_receive_token(url, f"http://localhost:{login_port}")
    assert not may_receive_token(url, PRODUCTION)
    assert not may_receive_token(url, CUSTOM_LOGIN)


@given(st.lists(LABEL, min_size=1, max_size=3), DOMAIN)
def test_plain_http_is_refused_off_this_machine(labels: list[str], domain: str) -> None:
    assert not may_receive_token(f"http://{'.'.join(labels)}.{domain}/", PRODUCTION)
    assert not may_receive_token(f"http://{'.'.join(labels)}.{domain}/", "http://127.0.0.1:5000")


@given(st.lists(LABEL, max_size=2), LABEL)
def test_a_custom_login_host_vouches_for_itself_and_hosts_under_it(below: list[str], sibling: str) -> None:
    under = ".".join([*below, "login.acme-corp.example"])
    assert may_receive_token(f"https://{under}/x", CUSTOM_LOGIN)
    # A sibling or the parent domain may belong to anyone (a hosting provider's other customers).
    assert not may_receive_token(f"https://{sibling}.acme-corp.example/x", CUSTOM_LOGIN)
    assert not may_receive_token("https://acme-corp.example/x", CUSTOM_LOGIN)


@pytest.mark.parametrize(
    "url",
    [
        "https://user:pw@acme.my.salesforce.com/",
        "https://acme.my.salesforce.com:notaport/",
        "https:///path",
        "javascript:alert(1)",
        "https://ácme.my.salesforce.com/",
        "https://acme.my.salesforce.com./",
        "",
    ],
)
def test_malformed_urls_are_refused(url: str) -> None:
    assert not may_receive_token(url, PRODUCTION)


def test_salesforce_domain_list_has_every_cloud() -> None:
    for domain in ("salesforce.com", "force.com", "salesforce.mil", "cloudforce.com", "sfcrmproducts.cn"):
        assert domain in SALESFORCE_DOMAINS
    assert "salesforce-setup.com" in SALESFORCE_DOMAINS
    assert "my.site.com" in SALESFORCE_DOMAINS
