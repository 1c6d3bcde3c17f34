"""The app's network choices for every HTTP call it makes: which proxy to go through, which CAs to trust.

One policy holds for the whole process, as the proxy of a desktop app does (Qt's application proxy is process
wide too): the sign-in calls and the API client read it on every request, so a change applies to the next
request without a restart. Proxy modes:

- ``system``: what the operating system says, as requests reads it (``HTTPS_PROXY``/``HTTP_PROXY``/
  ``NO_PROXY`` everywhere, plus the registry on Windows and the network settings on macOS). PAC scripts are
  not evaluated here; the web view's engine evaluates them where Qt reads them.
- ``manual``: one HTTP proxy for http and https (CONNECT), with an optional user name and password.
- ``none``: always direct, whatever the environment says.

Certificates are verified against the operating system's trust store (``truststore``: the platform verifier
on Windows and macOS, OpenSSL's default paths on Linux, which honour ``SSL_CERT_FILE``/``SSL_CERT_DIR``), plus
an optional extra CA file, never against a bundle of our own. Building a context costs a few milliseconds, so
one is made per change of policy and shared by every connection.
"""

from __future__ import annotations

import enum
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import msgspec

DEFAULT_PROXY_PORT = 8080


class ProxyMode(enum.StrEnum):
    """Where requests go: as the system says, through one proxy, or straight to the server."""

    SYSTEM = "system"
    MANUAL = "manual"
    NONE = "none"


class CaFileError(ValueError):
    """The extra CA file cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class ProxyConfig:
    """The proxy choice; the password is never shown in a repr."""

    mode: ProxyMode = ProxyMode.SYSTEM
    host: str = ""
    port: int = DEFAULT_PROXY_PORT
    user: str = ""
    password: str = field(default="", repr=False)

    @property
    def address(self) -> str:
        """host:port of a manual proxy ("" in the other modes or without a host)."""
        if self.mode is not ProxyMode.MANUAL or not self.host:
            return ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def url(self) -> str:
        """The proxy's URL as requests takes it, credentials included ("" when not manual)."""
        if not self.address:
            return ""
        if not self.user:
            return f"http://{self.address}"
        return f"http://{quote(self.user, safe='')}:{quote(self.password, safe='')}@{self.address}"

    def describe(self) -> str:
        """Words for reports: "system settings", "none (direct)" or "manual: proxy.example:3128 (as ann)"."""
        if self.mode is ProxyMode.SYSTEM:
            return "system settings"
        if self.mode is ProxyMode.NONE:
            return "none (direct)"
        who = f" (as {self.user})" if self.user else ""
        return f"manual: {self.address or 'no host set'}{who}"


class NetworkConfig(msgspec.Struct, frozen=True):
    """The proxy and the extra CA file (PEM, "" for none)."""

    proxy: ProxyConfig = ProxyConfig()
    extra_ca_file: str = ""


def check_ca_file(path: str) -> str:
    """path when it holds at least one usable PEM certificate; CaFileError naming the problem otherwise."""
    if not path:
        return path
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaFileError(f"The CA file {path} could not be read ({type(exc).__name__}).") from exc
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_verify_locations(cadata=text)
    except (ssl.SSLError, ValueError) as exc:
        raise CaFileError(f"The CA file {path} holds no certificate in PEM form.") from exc
    return path


def _verifying_context(extra_ca_file: str) -> ssl.SSLContext:
    # truststore loads with the first context, on the thread that makes the first request.
    import truststore

    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if extra_ca_file:
        context.load_verify_locations(cafile=extra_ca_file)
    return context


class NetworkPolicy:
    """The process's proxy and trust choices, with a generation number that changes with them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config = NetworkConfig()
        self._generation = 0
        self._context: ssl.SSLContext | None = None

    @property
    def config(self) -> NetworkConfig:
        """The choices in force."""
        return self._config

    @property
    def generation(self) -> int:
        """Changes each time the choices do; connections made under an older one are not reused."""
        return self._generation

    def configure(self, config: NetworkConfig) -> None:
        """Use these choices from the next request on; CaFileError (nothing changed) for a bad CA file."""
        check_ca_file(config.extra_ca_file)
        with self._lock:
            if config == self._config:
                return
            self._config = config
            self._context = None
            self._generation += 1

    def ssl_context(self) -> ssl.SSLContext:
        """The shared context that verifies servers: the OS trust store plus the extra CA file."""
        with self._lock:
            if self._context is None:
                self._context = _verifying_context(self._config.extra_ca_file)
            return self._context

    def proxies_for(self, computed: Mapping[str, str] | None) -> dict[str, str]:
        """The proxies for a request, given what requests worked out from the environment (``system``)."""
        proxy = self._config.proxy
        if proxy.mode is ProxyMode.NONE:
            return {}
        if proxy.mode is ProxyMode.MANUAL:
            url = proxy.url()
            return {"http": url, "https": url} if url else {}
        return dict(computed or {})


policy = NetworkPolicy()
"""The policy every session of this process follows (set by the app at start-up and from Settings)."""


def configure(config: NetworkConfig) -> None:
    """Use these proxy and trust choices for every request from now on (CaFileError for a bad CA file)."""
    policy.configure(config)


def current() -> NetworkConfig:
    """The proxy and trust choices in force."""
    return policy.config
