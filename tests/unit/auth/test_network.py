"""The network policy: every request goes through the chosen proxy (or none), and trusts the OS store plus
an extra CA; a change applies to the next request of a session already open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.errors import NetworkError as ApiNetworkError
from desktop_app.api.transport import send as api_send
from desktop_app.auth import bounded, network
from desktop_app.auth.errors import NetworkError as AuthNetworkError
from desktop_app.auth.identity import fetch_identity
from desktop_app.auth.network import CaFileError, NetworkConfig, ProxyConfig, ProxyMode
from desktop_app.auth.transport import send as auth_send
from desktop_app.demo_org import DemoOrg
from tests.proxying import PROXIED_NAME, Proxy, manual, tinyproxy

TIMEOUT = (5.0, 10.0)


@pytest.fixture(autouse=True)
def _policy_restored() -> Iterator[None]:
    """Each test starts from the default policy and leaves it so."""
    network.configure(NetworkConfig())
    yield
    network.configure(NetworkConfig())


@pytest.fixture(scope="module")
def tls_demo() -> Iterator[DemoOrg]:
    """A demo org over https, named by a host only the proxy can resolve."""
    with DemoOrg(tls=True, host_name=PROXIED_NAME) as org:
        yield org


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Proxy]:
    with tinyproxy(tmp_path / "proxy") as running:
        yield running


def session() -> requests.Session:
    return bounded.watch_session(requests.Session())


def versions_url(demo: DemoOrg) -> str:
    return f"{demo.orgs[0].instance_url}/services/data/"


def test_a_manual_proxy_carries_the_request_and_none_goes_direct(tls_demo: DemoOrg, proxy: Proxy) -> None:
    assert tls_demo.ca_file is not None
    http = session()
    network.configure(manual(proxy, ca=tls_demo.ca_file))
    response = api_send(http, "GET", versions_url(tls_demo), timeout=TIMEOUT)
    assert response.status_code == 200
    port = versions_url(tls_demo).split(":")[2].split("/")[0]
    assert proxy.tunnels_to(PROXIED_NAME) == [f"CONNECT {PROXIED_NAME}:{port} HTTP/1.0"]

    # Same session, next request: no proxy now, and the name is known only to the proxy.
    network.configure(NetworkConfig(ProxyConfig(ProxyMode.NONE), str(tls_demo.ca_file)))
    with pytest.raises(ApiNetworkError) as raised:
        api_send(http, "GET", versions_url(tls_demo), timeout=TIMEOUT)
    assert raised.value.error_code == "name_not_resolved"
    assert f"Can't find the server {PROXIED_NAME}:{port}" in raised.value.user_message
    assert "Proxy is set to none" in raised.value.user_message
    assert len(proxy.tunnels_to(PROXIED_NAME)) == 1


def test_system_mode_follows_the_environment_and_none_ignores_it(
    tls_demo: DemoOrg, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tls_demo.ca_file is not None
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    network.configure(NetworkConfig(ProxyConfig(ProxyMode.SYSTEM), str(tls_demo.ca_file)))
    assert api_send(session(), "GET", versions_url(tls_demo), timeout=TIMEOUT).status_code == 200
    assert len(proxy.tunnels_to(PROXIED_NAME)) == 1

    monkeypatch.setenv("NO_PROXY", PROXIED_NAME)
    with pytest.raises(ApiNetworkError):
        api_send(session(), "GET", versions_url(tls_demo), timeout=TIMEOUT)
    monkeypatch.delenv("NO_PROXY")
    network.configure(NetworkConfig(ProxyConfig(ProxyMode.NONE), str(tls_demo.ca_file)))
    with pytest.raises(ApiNetworkError):
        api_send(session(), "GET", versions_url(tls_demo), timeout=TIMEOUT)
    assert len(proxy.tunnels_to(PROXIED_NAME)) == 1


def test_a_proxy_that_wants_a_password_is_named_and_then_passed(tmp_path: Path, tls_demo: DemoOrg) -> None:
    assert tls_demo.ca_file is not None
    with tinyproxy(tmp_path / "auth-proxy", user="ann", password="s3cret") as proxy:
        network.configure(manual(proxy, ca=tls_demo.ca_file))
        with pytest.raises(ApiNetworkError) as raised:
            api_send(session(), "GET", versions_url(tls_demo), timeout=TIMEOUT)
        assert raised.value.error_code == "proxy_auth"
        assert f"The proxy 127.0.0.1:{proxy.port} asks for a user name and password" in (
            raised.value.user_message
        )
        with pytest.raises(AuthNetworkError) as auth_raised:
            auth_send(session(), "GET", versions_url(tls_demo), "the org", TIMEOUT)
        assert auth_raised.value.code == "proxy_auth"

        network.configure(manual(proxy, user="ann", password="s3cret", ca=tls_demo.ca_file))
        assert api_send(session(), "GET", versions_url(tls_demo), timeout=TIMEOUT).status_code == 200
        assert any(line.startswith(f"CONNECT {PROXIED_NAME}") for line in proxy.requests())


def test_an_untrusted_certificate_is_refused_and_explained_then_trusted_with_the_ca(
    proxy: Proxy, tls_demo: DemoOrg
) -> None:
    assert tls_demo.ca_file is not None
    network.configure(manual(proxy))
    http = session()
    with pytest.raises(ApiNetworkError) as raised:
        api_send(http, "GET", versions_url(tls_demo), timeout=TIMEOUT)
    words = raised.value.user_message
    assert raised.value.error_code == "certificate"
    assert f"The certificate of {PROXIED_NAME}:" in words
    assert "issued by \u201cConnect Desktop Demo CA\u201d" in words
    assert "Settings \u2192 Network" in words
    user = tls_demo.users[0]
    grant = tls_demo.grant(user.username)
    with pytest.raises(AuthNetworkError) as auth_raised:
        fetch_identity(grant["id"], grant["access_token"], login_host=tls_demo.login_url, session=http)
    assert auth_raised.value.code == "certificate"
    assert "Connect Desktop Demo CA" in auth_raised.value.user_message

    network.configure(manual(proxy, ca=tls_demo.ca_file))
    identity = fetch_identity(grant["id"], grant["access_token"], login_host=tls_demo.login_url, session=http)
    assert identity.username == user.username


def test_the_os_trust_store_is_used(proxy: Proxy, tls_demo: DemoOrg, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CA installed on the machine (here: OpenSSL's SSL_CERT_FILE, as a system bundle would) is trusted."""
    assert tls_demo.ca_file is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_demo.ca_file))
    network.configure(manual(proxy))
    assert api_send(session(), "GET", versions_url(tls_demo), timeout=TIMEOUT).status_code == 200


def test_a_file_without_certificates_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-ca.pem"
    bad.write_text("hello\n", encoding="ascii")
    before = network.policy.generation
    with pytest.raises(CaFileError, match="holds no certificate"):
        network.configure(NetworkConfig(extra_ca_file=str(bad)))
    with pytest.raises(CaFileError, match="could not be read"):
        network.configure(NetworkConfig(extra_ca_file=str(tmp_path / "missing.pem")))
    assert network.policy.generation == before
    assert network.current() == NetworkConfig()


def test_each_change_makes_a_new_generation_and_the_same_choice_does_not() -> None:
    before = network.policy.generation
    choice = NetworkConfig(ProxyConfig(ProxyMode.NONE))
    network.configure(choice)
    network.configure(choice)
    assert network.policy.generation == before + 1
    assert network.policy.proxies_for({"https": "http://env:1"}) == {}


@given(
    user=st.text(min_size=1, max_size=20),
    password=st.text(max_size=20),
    port=st.integers(1, 65_535),
)
def test_proxy_urls_carry_any_credentials_intact(user: str, password: str, port: int) -> None:
    config = ProxyConfig(ProxyMode.MANUAL, "proxy.example", port, user, password)
    parsed = requests.utils.urlparse(config.url())
    assert parsed.hostname == "proxy.example"
    assert parsed.port == port
    assert requests.utils.get_auth_from_url(config.url()) == (user, password)


def test_descriptions_name_the_mode_and_never_the_password() -> None:
    manual_choice = ProxyConfig(ProxyMode.MANUAL, "proxy.corp", 3128, "ann", "hunter2")
    assert manual_choice.describe() == "manual: proxy.corp:3128 (as ann)"
    assert "hunter2" not in repr(manual_choice)
    assert ProxyConfig(ProxyMode.SYSTEM, "ignored").url() == ""
    assert ProxyConfig(ProxyMode.NONE).describe() == "none (direct)"
    assert ProxyConfig(ProxyMode.MANUAL, "::1", 8080).address == "[::1]:8080"
