"""Plain helpers of the sign-in browser: addresses to show or log, where a sign-in strayed, failed loads."""

from __future__ import annotations

import html
from urllib.parse import urlsplit, urlunsplit

import msgspec
from PySide6.QtCore import QUrl

from desktop_app.auth.hosts import is_loopback

_HIERARCHICAL = frozenset({"http", "https", "file", "ftp", "ws", "wss"})
# Paths a sign-in passes through on Salesforce hosts: login, approval, identity verification, SSO hand-offs.
_SIGN_IN_PATHS = (
    "/services/oauth2/",
    "/setup/secur/",
    "/secur/",
    "/_ui/identity/",
    "/_ui/system/security/",
    "/login",
    "/saml/",
    "/idp/",
    "/identity/",
)
_SALESFORCE_SUFFIXES = (
    ".salesforce.com",
    ".force.com",
    ".site.com",
    ".salesforce-setup.com",
    ".cloudforce.com",
    ".database.com",
)


def safe_url_text(url: QUrl | str) -> str:
    """The URL fit for logs and labels: no user info, query or fragment; only the scheme for opaque URLs."""
    text = url if isinstance(url, str) else url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    try:
        parts = urlsplit(text)
        host = parts.netloc.rpartition("@")[2]
    except ValueError:
        return "(unreadable address)"
    scheme = parts.scheme.lower()
    if scheme in _HIERARCHICAL:
        return urlunsplit((scheme, host, parts.path, "", ""))
    # data:, javascript:, blob: and custom schemes carry their content (or a secret) where a path would be.
    return f"{scheme or '(no scheme)'}:…"


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, nothing else."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def host_mark(url: str) -> str:
    """The security mark and host for the address bar, e.g. "🔒 login.salesforce.com"."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    if parts.scheme == "https":
        return f"🔒 {host}"
    if is_loopback(url):
        return f"⚠ {host} (local, not encrypted)"
    return f"⚠ {host} (not encrypted)"


def lands_outside_sign_in(url: str, login_host: str) -> bool:
    """True when a Salesforce page that is not part of signing in was loaded (a home page, Classic, setup).

    Pages on other hosts count as part of the sign-in: single sign-on sends people to their identity provider.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host != urlsplit(login_host).hostname and not host.endswith(_SALESFORCE_SUFFIXES):
        return False
    path = parts.path or "/"
    return path != "/" and not path.startswith(_SIGN_IN_PATHS)


def error_page_html(title: str, detail: str) -> str:
    """Our own page for a load that failed, every value escaped."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;margin:40px 32px;color:#181818;background:#fafafa}"
        "h1{font-size:20px}p{font-size:14px;line-height:1.5}"
        "</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(detail)}</p>"
        "<p>Use Retry above to try again.</p></body></html>"
    )


class LoadFailure(msgspec.Struct, frozen=True):
    """Why a page did not load: Chromium's error domain and code, and the URL without query or fragment."""

    url: str
    domain: str
    code: int
    description: str

    @property
    def is_http_status(self) -> bool:
        """True when the server answered, with an HTTP error status (its own page is still worth showing)."""
        return self.domain == "HttpStatusCodeDomain"

    @property
    def is_certificate(self) -> bool:
        """True when the TLS certificate was refused."""
        return self.domain == "CertificateErrorDomain"
