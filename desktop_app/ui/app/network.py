"""The network choices of this run, applied to both halves of the app at once: the web engine (Qt's proxy
settings, read by QtWebEngine for every new request) and every HTTP call of the core (auth.network).

Qt's side, as measured with Qt 6.11: QtWebEngine follows the system (environment) proxy only while
``QNetworkProxyFactory.usesSystemConfiguration()`` is true; once an application proxy was set, going back
to ``DefaultProxy`` goes direct. So ``system`` turns the system configuration on, and ``manual`` and
``none`` turn it off and set an application proxy (an HTTP proxy, or NoProxy). Chromium never sends
loopback hosts (127.0.0.0/8, localhost) or plain one-label names through an application proxy.

The proxy password lives in the keyring (storage.proxysecrets), read and written on background tasks; a
proxy that asks the web view for credentials (407) is asked about once per run, and the answer is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial

import msgspec.structs
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QNetworkProxy, QNetworkProxyFactory

from desktop_app import log
from desktop_app.auth import network
from desktop_app.auth.network import CaFileError, NetworkConfig, ProxyConfig, ProxyMode
from desktop_app.errors import describe
from desktop_app.storage.networksettings import load_network, save_network
from desktop_app.storage.proxysecrets import ProxySecrets
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.tasks import TaskResult, TaskRunner

Credentials = tuple[str, str]
CredentialsPrompt = Callable[[str, str], Credentials | None]
"""Asks a person for a proxy's user name and password: (proxy address, user to suggest) -> answer or None."""


def apply_to_qt(proxy: ProxyConfig) -> None:
    """Make QtWebEngine (and any Qt networking) use this proxy choice for new requests."""
    if proxy.mode is ProxyMode.SYSTEM:
        QNetworkProxyFactory.setUseSystemConfiguration(True)
        return
    QNetworkProxyFactory.setUseSystemConfiguration(False)
    if proxy.mode is ProxyMode.MANUAL and proxy.host:
        QNetworkProxy.setApplicationProxy(
            QNetworkProxy(
                QNetworkProxy.ProxyType.HttpProxy, proxy.host, proxy.port, proxy.user, proxy.password
            )
        )
    else:
        QNetworkProxy.setApplicationProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy))


class NetworkControl(QObject):
    """Loads, applies and saves proxy and trust choices (signals: changed(NetworkConfig), problem(str))."""

    changed = Signal(object)
    """The choices in force changed (carries the NetworkConfig, password included: never log it)."""
    problem = Signal(str)
    """Something about the choices people should know (an unusable CA file, a keyring that failed)."""

    def __init__(
        self, settings: Settings, secrets: ProxySecrets, tasks: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._secrets = secrets
        self._tasks = tasks
        self._config = NetworkConfig()
        self._answers: dict[str, Credentials] = {}
        self.prompt: CredentialsPrompt | None = None

    @property
    def config(self) -> NetworkConfig:
        """The choices in force (the password only in memory)."""
        return self._config

    def describe(self) -> str:
        """The proxy mode in words, for reports (never the password)."""
        extra = f"; extra CA file {self._config.extra_ca_file}" if self._config.extra_ca_file else ""
        return f"proxy {self._config.proxy.describe()}{extra}"

    def start(self) -> None:
        """Apply the saved choices now; a manual proxy's password follows once the keyring gave it."""
        saved = load_network(self._settings)
        self.apply(saved)
        proxy = saved.proxy
        if proxy.mode is ProxyMode.MANUAL and proxy.host and proxy.user:
            read = partial(self._secrets.get, proxy.host, proxy.port, proxy.user)
            self._tasks.run(read, partial(self._on_password_read, saved))

    def _on_password_read(self, saved: NetworkConfig, result: TaskResult) -> None:
        if result.error is not None:
            self.problem.emit(f"The proxy password could not be read: {describe(result.error)}")
            return
        if isinstance(result.value, str) and self._config == saved:
            self.apply(
                msgspec.structs.replace(saved, proxy=dataclasses.replace(saved.proxy, password=result.value))
            )

    def apply(self, config: NetworkConfig) -> bool:
        """Use these choices for new requests of both halves; False (and problem) for an unusable CA file.

        An unusable CA file is left out rather than blocking every connection: servers it would have vouched
        for are then refused, with their own explanation.
        """
        ok = True
        try:
            network.configure(config)
        except CaFileError as exc:
            ok = False
            log.app.warning("extra CA file not used: %s", exc)
            self.problem.emit(
                f"{exc} Connect Desktop trusts only the system's certificates until it is fixed."
            )
            config = msgspec.structs.replace(config, extra_ca_file="")
            network.configure(config)
        apply_to_qt(config.proxy)
        self._config = config
        log.app.info("network: %s", self.describe())
        self.changed.emit(config)
        return ok

    def save(self, config: NetworkConfig, on_saved: Callable[[TaskResult], None] | None = None) -> bool:
        """Apply and keep the choices: settings now, the password in the keyring on a background task."""
        if not self.apply(config):
            return False
        save_network(self._settings, config)
        proxy = config.proxy
        if proxy.mode is ProxyMode.MANUAL and proxy.host:
            if proxy.user and proxy.password:
                work = partial(self._secrets.set, proxy.host, proxy.port, proxy.user, proxy.password)
            else:
                work = partial(self._secrets.delete, proxy.host, proxy.port)
            self._tasks.run(work, on_saved or self._on_keyring_written)
        return True

    def _on_keyring_written(self, result: TaskResult) -> None:
        if result.error is not None:
            self.problem.emit(
                f"The proxy password could not be kept in the keyring: {describe(result.error)}"
            )

    def credentials_for(self, proxy_host: str, refused: bool = False) -> Credentials | None:
        """What to answer a proxy's 407 in the web view: the credentials known for it, else ask the person.

        ``refused`` says the last answer did not satisfy the proxy: then the person is asked again. An answer
        for the manual proxy is kept like one typed in Settings (user name in settings, password in the
        keyring); for a system proxy it is kept for this run.
        """
        proxy = self._config.proxy
        ours = proxy.mode is ProxyMode.MANUAL and proxy_host.lower() == proxy.host.lower()
        if not refused:
            if ours and proxy.user and proxy.password:
                return proxy.user, proxy.password
            if proxy_host in self._answers:
                return self._answers[proxy_host]
        if self.prompt is None:
            return None
        answer = self.prompt(proxy.address if ours else proxy_host, proxy.user if ours else "")
        if answer is None:
            return None
        self._answers[proxy_host] = answer
        if ours:
            user, password = answer
            self.save(
                msgspec.structs.replace(
                    self._config, proxy=dataclasses.replace(proxy, user=user, password=password)
                )
            )
        return answer
