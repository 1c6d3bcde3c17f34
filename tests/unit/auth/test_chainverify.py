"""A chain the web view refused is accepted only when it verifies against the extra CA for that host."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.auth.chainverify import ChainRefused, verify_chain
from desktop_app.demo_org.tls import ensure_certificates


def test_a_chain_from_the_ca_verifies_for_its_names_only(tmp_path: Path) -> None:
    tls = ensure_certificates(tmp_path / "a", ["demo-org.test"])
    leaf = tls.cert_file.read_bytes()
    for host in ("demo-org.test", "127.0.0.1", "localhost"):
        verify_chain([leaf], host, str(tls.ca_file))
    with pytest.raises(ChainRefused, match="no matching subjectAltName"):
        verify_chain([leaf], "other.test", str(tls.ca_file))


def test_another_ca_an_expired_chain_or_no_ca_is_refused(tmp_path: Path) -> None:
    tls = ensure_certificates(tmp_path / "a", ["demo-org.test"])
    other = ensure_certificates(tmp_path / "b", ["demo-org.test"])
    leaf = tls.cert_file.read_bytes()
    with pytest.raises(ChainRefused, match=r"does not verify against demo-ca\.pem"):
        verify_chain([leaf], "demo-org.test", str(other.ca_file))
    later = datetime.now(UTC) + timedelta(days=3000)
    with pytest.raises(ChainRefused):
        verify_chain([leaf], "demo-org.test", str(tls.ca_file), now=later)
    with pytest.raises(ChainRefused, match="no extra CA file"):
        verify_chain([leaf], "demo-org.test", "")
    with pytest.raises(ChainRefused, match="no certificate"):
        verify_chain([], "demo-org.test", str(tls.ca_file))
    with pytest.raises(ChainRefused, match="could not be read"):
        verify_chain([leaf], "demo-org.test", str(tmp_path / "missing.pem"))
    with pytest.raises(ChainRefused, match="could not be read"):
        verify_chain([b"junk"], "demo-org.test", str(tls.ca_file))
