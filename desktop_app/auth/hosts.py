"""Salesforce login hosts: the well-known ones and checks on user-typed or server-sent URLs."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

PRODUCTION = "https://login.salesforce.com"
SANDBOX = "https://test.salesforce.com"

_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def _is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback(url: str) -> bool:
    """True when the URL points at this machine (127.0.0.0/8, ::1 or localhost)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is not None and _is_loopback_host(host)


def is_secure_or_loopback(url: str) -> bool:
    """True for https URLs with a host, and for http URLs that stay on this machine."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    if not host:
        return False
    scheme = parts.scheme.lower()
    return scheme == "https" or (scheme == "http" and _is_loopback_host(host))


def _valid_hostname(host: str) -> bool:
    if _is_loopback_host(host):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return True
    if len(host) > 253 or "." not in host:
        return False
    return all(_HOST_LABEL.fullmatch(label) for label in host.split("."))


def normalize_host(text: str) -> str:
    """Turn "acme.my.salesforce.com" or "https://Acme.my.salesforce.com/path/" into "https://acme.my.salesforce.com".

    Raises ValueError for anything that is not an https host (or an http loopback host, as the demo org uses).
    """
    raw = text.strip()
    if not raw or any(ch.isspace() for ch in raw):
        raise ValueError(f"Not a host name: {text!r}")
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"Not a valid address: {text!r}") from exc
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        raise ValueError(f"Not a valid address: {text!r}")
    if not host.isascii() or not _valid_hostname(host):
        raise ValueError(f"Not a valid host name: {host!r}")
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and _is_loopback_host(host)):
        raise ValueError(f"Login hosts must use https: {text!r}")
    shown_host = f"[{host}]" if ":" in host else host
    default_port = 443 if scheme == "https" else 80
    netloc = shown_host if port is None or port == default_port else f"{shown_host}:{port}"
    return f"{scheme}://{netloc}"
