"""The network choices kept in the settings file: proxy mode, host, port, user and the extra CA file.

The proxy password is not among them: it lives in the keyring (storage.proxysecrets) and is added to the
loaded choices by whoever reads it there.
"""

from __future__ import annotations

from desktop_app.auth.network import DEFAULT_PROXY_PORT, NetworkConfig, ProxyConfig, ProxyMode

from . import settings as keys
from .settings import Settings

MAX_PORT = 65_535


def load_network(settings: Settings) -> NetworkConfig:
    """The saved choices (no password); anything unreadable falls back to its default."""
    try:
        mode = ProxyMode(settings.get_str(keys.PROXY_MODE))
    except ValueError:
        mode = ProxyMode.SYSTEM
    port = settings.get(keys.PROXY_PORT)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port <= MAX_PORT:
        port = DEFAULT_PROXY_PORT
    proxy = ProxyConfig(
        mode=mode,
        host=settings.get_str(keys.PROXY_HOST).strip(),
        port=port,
        user=settings.get_str(keys.PROXY_USER),
    )
    return NetworkConfig(proxy=proxy, extra_ca_file=settings.get_str(keys.EXTRA_CA_FILE))


def save_network(settings: Settings, config: NetworkConfig) -> None:
    """Keep the choices, all but the password."""
    proxy = config.proxy
    settings.set(keys.PROXY_MODE, proxy.mode.value)
    settings.set(keys.PROXY_HOST, proxy.host)
    settings.set(keys.PROXY_PORT, proxy.port)
    settings.set(keys.PROXY_USER, proxy.user)
    settings.set(keys.EXTRA_CA_FILE, config.extra_ca_file)
