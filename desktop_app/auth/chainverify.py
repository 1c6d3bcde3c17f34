"""Verify a certificate chain a server presented against an extra CA file, for a given host name.

The web view hands over a chain it refused (the system does not trust its root); the sign-in page accepts it
only when it verifies here against the CA file people chose in Settings. Python's ssl module verifies only
during a handshake of its own, so the chain is checked with cryptography's X.509 path validation: signatures
up to a certificate of the file, validity dates, CA constraints and the server name.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError


class ChainRefused(Exception):
    """The chain does not verify against the CA file; the message says why."""


def _server_name(host: str) -> x509.DNSName | x509.IPAddress:
    try:
        return x509.IPAddress(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return x509.DNSName(host)


def verify_chain(chain_pem: Sequence[bytes], host: str, ca_file: str, *, now: datetime | None = None) -> None:
    """Return when the chain (leaf first, PEM) is valid for host under a CA of ca_file; else ChainRefused."""
    if not ca_file:
        raise ChainRefused("no extra CA file is set")
    if not chain_pem:
        raise ChainRefused("the server presented no certificate")
    try:
        roots = x509.load_pem_x509_certificates(Path(ca_file).read_bytes())
    except (OSError, ValueError) as exc:
        raise ChainRefused(f"the CA file {ca_file} could not be read") from exc
    try:
        certs = [x509.load_pem_x509_certificate(pem) for pem in chain_pem]
    except ValueError as exc:
        raise ChainRefused("the server's certificate could not be read") from exc
    policy = PolicyBuilder().store(Store(roots)).time(now or datetime.now(UTC))
    verifier = policy.build_server_verifier(_server_name(host))
    try:
        verifier.verify(certs[0], certs[1:])
    except VerificationError as exc:
        # cryptography appends the certificate it was processing; the reason alone is what people need.
        reason = str(exc).split(" (encountered processing", 1)[0]
        raise ChainRefused(f"it does not verify against {Path(ca_file).name}: {reason}") from exc
