"""The demo org over https: its own CA, kept in the data directory; a server certificate for its names."""

from __future__ import annotations

import ssl
import stat
from pathlib import Path

import pytest
import requests
from cryptography import x509

from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.tls import CA_NAME, ensure_certificates


def test_https_hosts_verify_against_the_orgs_own_ca_only() -> None:
    with DemoOrg(tls=True) as demo:
        assert demo.login_url.startswith("https://127.0.0.1:")
        assert all(org.instance_url.startswith("https://127.0.0.1:") for org in demo.orgs)
        assert demo.ca_file is not None
        response = requests.get(
            f"{demo.orgs[0].instance_url}/services/data/", verify=str(demo.ca_file), timeout=10
        )
        assert response.status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{demo.login_url}/services/oauth2/authorize", timeout=10)
        folder = demo.ca_file.parent
    assert not folder.exists()  # a temporary folder goes with the org


def test_the_ca_is_kept_in_the_data_directory_and_the_server_certificate_follows_the_names(
    tmp_path: Path,
) -> None:
    first = ensure_certificates(tmp_path, ["demo-org.test"])
    ca_pem = first.ca_file.read_bytes()
    server_pem = first.cert_file.read_bytes()
    server = x509.load_pem_x509_certificate(first.cert_file.read_bytes())
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(n.value) for n in names} == {"demo-org.test", "127.0.0.1", "localhost"}
    assert server.issuer.rfc4514_string() == f"CN={CA_NAME}"
    assert stat.S_IMODE(first.key_file.stat().st_mode) == 0o600
    again = ensure_certificates(tmp_path, ["demo-org.test"])
    assert again.cert_file.read_bytes() == server_pem
    other = ensure_certificates(tmp_path, ["other.test"])
    assert other.ca_file.read_bytes() == ca_pem
    assert other.cert_file.read_bytes() != server_pem
    context = ssl.create_default_context(cafile=str(other.ca_file))
    assert context.cert_store_stats()["x509_ca"] == 1


def test_a_data_directory_keeps_its_ca_across_starts(tmp_path: Path) -> None:
    with DemoOrg(tls=True, data_dir=tmp_path) as demo:
        assert demo.ca_file == tmp_path / "demo-ca.pem"
        ca = demo.ca_file.read_bytes()
    with DemoOrg(tls=True, data_dir=tmp_path) as demo:
        assert demo.ca_file is not None
        assert demo.ca_file.read_bytes() == ca
        response = requests.get(
            f"{demo.login_url}/services/oauth2/authorize", verify=str(demo.ca_file), timeout=10
        )
        assert response.status_code == 400  # no parameters: the org's own error page, over https
