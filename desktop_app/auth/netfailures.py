"""Why a request got no answer, in words: a certificate that was refused, a proxy that failed, a name unknown.

A refused certificate is explained with the host, the reason OpenSSL gave and the issuer the server presented.
The issuer is read by a second handshake that verifies nothing and sends nothing (no request, no token),
through the same proxy, and only after verification failed; the certificate it reads is only described.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
from base64 import b64encode
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import msgspec
import requests

from . import network
from .network import ProxyMode

if TYPE_CHECKING:
    from cryptography import x509

log = logging.getLogger("connect.auth")

PROBE_TIMEOUT = 5.0
NETWORK_SETTINGS = "Settings \u2192 Network"


class Failure(msgspec.Struct, frozen=True):
    """A classified transport failure: a short code, a technical detail for logs, words for people."""

    code: str
    detail: str
    message: str


class PresentedCertificate(msgspec.Struct, frozen=True):
    """What the server's own certificate says about itself (it was not trusted)."""

    subject: str
    issuer: str
    names: tuple[str, ...]
    self_signed: bool


def _causes(exc: BaseException) -> list[BaseException]:
    seen: set[int] = set()
    pending: list[object] = [exc]
    out: list[BaseException] = []
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        out.append(item)
        pending.extend(item.args)
        pending.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
    return out


def _common_name(name: x509.Name) -> str:
    # Loaded with the first certificate described (see describe_certificate).
    from cryptography.x509.oid import NameOID

    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        values = name.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return name.rfc4514_string() or "an unnamed issuer"


def describe_certificate(der: bytes) -> PresentedCertificate:
    """Subject, issuer and host names of a DER certificate."""
    # The certificate parser loads only when a TLS failure is explained, not with every client that might
    # fail: each worker's first call imports this module.
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    try:
        alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(str(n.value) for n in alt if isinstance(n, x509.DNSName | x509.IPAddress))
    except x509.ExtensionNotFound:
        names = ()
    return PresentedCertificate(
        subject=_common_name(cert.subject),
        issuer=_common_name(cert.issuer),
        names=names,
        self_signed=cert.issuer == cert.subject,
    )


def _tunnel_headers(proxy_url: str) -> dict[str, str]:
    parts = urlsplit(proxy_url)
    if parts.username is None:
        return {}
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return {"Proxy-Authorization": f"Basic {b64encode(pair).decode('ascii')}"}


def presented_certificate(url: str) -> PresentedCertificate | None:
    """The certificate a server presents, read without verifying it (None when that fails too)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # read only: nothing is sent over this connection
    proxy = network.policy.proxies_for(requests.utils.get_environ_proxies(url)).get("https", "")
    try:
        if proxy:
            proxy_parts = urlsplit(proxy)
            conn = http.client.HTTPSConnection(
                proxy_parts.hostname or "", proxy_parts.port or 8080, timeout=PROBE_TIMEOUT, context=context
            )
            conn.set_tunnel(host, port, headers=_tunnel_headers(proxy))
        else:
            conn = http.client.HTTPSConnection(host, port, timeout=PROBE_TIMEOUT, context=context)
        try:
            conn.connect()
            sock = conn.sock
            der = sock.getpeercert(binary_form=True) if isinstance(sock, ssl.SSLSocket) else None
        finally:
            conn.close()
        return describe_certificate(der) if der else None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        log.info("Could not read the certificate of %s: %s", host, type(exc).__name__)
        return None


def certificate_advice(host: str, reason: str, cert: PresentedCertificate | None) -> str:
    """The sentence people read when a server's certificate is refused."""
    if cert is None:
        issued = ""
    elif cert.self_signed:
        issued = f" It is self-signed by \u201c{cert.issuer}\u201d."
    else:
        issued = f" It was issued by \u201c{cert.issuer}\u201d."
    return (
        f"The certificate of {host} was not accepted ({reason}).{issued} Connect Desktop only connects "
        "when it can verify the server. If your organisation uses its own certificate authority, install "
        "its root certificate in this computer's trust store, or choose its file under "
        f"{NETWORK_SETTINGS} (Extra CA certificate); otherwise the connection may be intercepted: ask your "
        "IT department."
    )


def _verify_reason(causes: list[BaseException]) -> str | None:
    for item in causes:
        if isinstance(item, ssl.SSLCertVerificationError):
            return str(item.verify_message or "certificate verify failed")
    for item in causes:
        if "CERTIFICATE_VERIFY_FAILED" in str(item):
            return "certificate verify failed"
    return None


def _proxy_label() -> str:
    proxy = network.current().proxy
    return proxy.address or "the proxy"


def _proxy_failure(causes: list[BaseException], host: str) -> Failure:
    text = " ".join(str(item) for item in causes)
    where = _proxy_label()
    if "407" in text:
        return Failure(
            "proxy_auth",
            "proxy asked for authentication (407)",
            f"The proxy {where} asks for a user name and password before it lets Connect Desktop reach "
            f"{host}. Enter them under {NETWORK_SETTINGS}.",
        )
    return Failure(
        "proxy",
        "proxy failed",
        f"Connect Desktop could not reach {host} through the proxy {where}: the proxy refused or could not "
        f"be reached. Check the proxy under {NETWORK_SETTINGS}.",
    )


def _unreachable(causes: list[BaseException], host: str) -> Failure | None:
    mode = network.current().proxy.mode
    unknown = any(
        isinstance(item, socket.gaierror) or "NameResolution" in type(item).__name__ for item in causes
    )
    if not unknown:
        return None
    hint = {
        ProxyMode.NONE: f"Proxy is set to none: if your network reaches the internet through a proxy, set it "
        f"under {NETWORK_SETTINGS}.",
        ProxyMode.SYSTEM: f"If your network needs a proxy, check the system's proxy settings or set one "
        f"under {NETWORK_SETTINGS}.",
        ProxyMode.MANUAL: f"Check the address and the proxy under {NETWORK_SETTINGS}.",
    }[mode]
    return Failure("name_not_resolved", "host name not resolved", f"Can't find the server {host}. {hint}")


def explain(exc: requests.RequestException, url: str) -> Failure | None:
    """A Failure for certificate, proxy and name-resolution failures; None for anything else."""
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2] or "the server"
    except ValueError:
        host = "the server"
    causes = _causes(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        reason = _verify_reason(causes)
        if reason is not None:
            cert = presented_certificate(url)
            log.warning("Refused the certificate of %s: %s (issuer: %s)", host, reason, cert and cert.issuer)
            return Failure(
                "certificate", f"certificate refused: {reason}", certificate_advice(host, reason, cert)
            )
        return Failure(
            "tls",
            f"TLS failed: {type(exc).__name__}",
            f"A secure connection to {host} could not be set up. If your network inspects encrypted traffic, "
            "ask your IT department.",
        )
    if isinstance(exc, requests.exceptions.ProxyError):
        return _proxy_failure(causes, host)
    return _unreachable(causes, host)
