"""Salesforce login hosts, and which hosts may receive an account's token: checks on typed or sent URLs.

The token policy: a bearer token goes to Salesforce's own domains, to the login host and the hosts under it (a
custom login domain), and to this machine only when the login host is on this machine (the demo org). Every
URL a server sends (instance_url, the identity URL, frontdoor_uri) is checked against it before it is used.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

PRODUCTION = "https://login.salesforce.com"
SANDBOX = "https://test.salesforce.com"

_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")

# The domains Salesforce serves orgs from, as Salesforce's "allow the required domains" list has them: the
# commercial cloud, Government Cloud (.mil) and the Alibaba-operated cloud in China (.cn), plus the setup
# domain and the enhanced Experience Cloud site domain (my.site.com only: the rest of site.com is no org's).
SALESFORCE_DOMAINS = (
    "salesforce.com",
    "force.com",
    "cloudforce.com",
    "salesforce-setup.com",
    "salesforce.mil",
    "force.mil",
    "cloudforce.mil",
    "sfcrmproducts.cn",
    "sfcrmapps.cn",
    "my.site.com",
)
# My Domain partitions (enhanced domains): MyDomain.<partition>.my.salesforce.com.
_PARTITIONS = frozenset({"sandbox", "develop", "scratch", "demo", "free", "patch", "trailblaze"})
_MY_DOMAIN_SUFFIXES = ("my.salesforce.com", "my.salesforce.mil", "my.sfcrmproducts.cn")
# Legacy instance names in content hosts, e.g. na123 in acme--c.na123.content.force.com.
_INSTANCE_LABEL = re.compile(r"[a-z]{2,4}[0-9]{1,4}[a-z]?")


class UntrustedHost(ValueError):
    """A URL whose host may not receive this account's token; the message names the host."""

    def __init__(self, what: str, host: str, login_host: str) -> None:
        self.what = what
        self.host = host
        self.login_host = login_host
        super().__init__(
            f"The {what} points at {host or 'no host'}, which is neither a Salesforce server nor part of the "
            f"login host {login_host}, so Connect Desktop will not send it the sign-in."
        )


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


def _host_of(url: str) -> tuple[str, str]:
    """(scheme, lower-case host) of a URL; empty strings when it has none or is malformed."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "", ""
    if parts.username is not None or parts.password is not None:
        return "", ""
    return parts.scheme.lower(), (parts.hostname or "").lower()


def is_salesforce_host(host: str) -> bool:
    """True for a host under one of SALESFORCE_DOMAINS (a label before the domain, never the bare suffix)."""
    return _valid_hostname(host) and any(host.endswith("." + domain) for domain in SALESFORCE_DOMAINS)


def may_receive_token(url: str, login_host: str) -> bool:
    """Whether a request to url may carry the token of an account that signed in at login_host.

    https on a Salesforce domain, or on the login host or a host under it; http or https on this machine only
    when the login host is on this machine too.
    """
    scheme, host = _host_of(url)
    _, login = _host_of(login_host)
    if not host or not login or not host.isascii():
        return False
    if _is_loopback_host(host):
        return scheme in ("http", "https") and _is_loopback_host(login)
    if scheme != "https" or not _valid_hostname(host):
        return False
    if is_salesforce_host(host):
        return True
    return not _is_loopback_host(login) and (host == login or host.endswith("." + login))


def check_token_host(url: str, login_host: str, what: str) -> str:
    """url unchanged when may_receive_token allows it; UntrustedHost (naming the host) otherwise."""
    if not may_receive_token(url, login_host):
        raise UntrustedHost(what, _host_of(url)[1], _host_of(login_host)[1] or login_host)
    return url


def _my_domain(instance_host: str) -> tuple[str, str | None] | None:
    """(My Domain name, partition or None) of MyDomain[.partition].my.salesforce.com, else None."""
    for suffix in _MY_DOMAIN_SUFFIXES:
        if instance_host.endswith("." + suffix):
            labels = instance_host[: -len(suffix) - 1].split(".")
            if len(labels) == 1 and labels[0]:
                return labels[0], None
            if len(labels) == 2 and labels[0] and labels[1] in _PARTITIONS:
                return labels[0], labels[1]
    return None


def is_content_host_of(url: str, instance_url: str) -> bool:
    """True for an https URL on the instance itself or on one of its org's own content hosts.

    Files and profile photos come from hosts named after the org's My Domain ``acme``: ``acme.file.force.com``
    (enhanced domains; ``acme--uat.sandbox.file.force.com`` for a sandbox), ``acme--c.documentforce.com`` and
    ``acme--c.na123.content.force.com`` (before enhanced domains), ``acme--c.vf.file.force.com``. Any other
    name under force.com may be another org's: a Salesforce Site (``acme.force.com``,
    ``acme.secure.force.com``) is named by whichever org registered it, so only these exact shapes are
    accepted. Salesforce keeps "--" out of My Domain names to join a sandbox name or a content suffix to them,
    so ``acme--c`` can only be acme's.
    """
    scheme, host = _host_of(url)
    instance_scheme, instance = _host_of(instance_url)
    if scheme != "https" or not host or not instance:
        return False
    if host == instance:
        return instance_scheme == "https"
    parsed = _my_domain(instance)
    if parsed is None:
        return False
    name, partition = parsed
    label, _, rest = host.partition(".")
    in_partition = f"{partition}." if partition else ""
    if label == name:
        return rest == f"{in_partition}file.force.com"
    if label != f"{name}--c":
        return False
    if rest in (f"{in_partition}file.force.com", "vf.file.force.com", "documentforce.com"):
        return True
    instance_label, _, content = rest.partition(".")
    return content == "content.force.com" and _INSTANCE_LABEL.fullmatch(instance_label) is not None
