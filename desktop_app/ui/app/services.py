"""Everything the windows share for one run: settings, accounts, secrets, credentials, workers."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop_app import log
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth import hosts
from desktop_app.paths import Paths
from desktop_app.storage import settings as keys
from desktop_app.storage.lazysecrets import LazySecretStore
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.app.tasks import TaskRunner

if TYPE_CHECKING:
    # The API client, credentials and vault import requests and keyring: the worker threads load them when
    # the first call runs, so the GUI thread doesn't pay for them while the window comes up.
    from desktop_app.accounts.client import AccountClient
    from desktop_app.accounts.vault import AccountVault
    from desktop_app.api.credentials import CredentialsPool, RefreshEvent
    from desktop_app.demo_org import DemoOrg
    from desktop_app.storage.secrets import SecretStore


DEMO_PORT = 47_610


@dataclass(frozen=True)
class LoginHost:
    """A login host the sign-in dialog offers."""

    label: str
    url: str
    custom: bool = False


class RefreshBridge(QObject):
    """Carries refresh events from worker threads to the GUI thread (signals: happened(key, event))."""

    happened = Signal(str, str)

    def listener(self, key: str, event: RefreshEvent) -> None:  # called from worker threads
        """Called on any thread; the signal is queued to the GUI thread."""
        self.happened.emit(key, event.value)


@dataclass
class Services:
    """The collaborators of the main window, created once per run and closed at quit."""

    paths: Paths
    settings: Settings
    registry: AccountRegistry
    secrets: SecretStore
    secrets_warning: str | None
    photo_cache: PhotoCache
    feed_cache: FeedCache
    tasks: TaskRunner
    refresh_bridge: RefreshBridge
    client_id_override: str | None = None
    demo: DemoOrg | None = None
    _pool: CredentialsPool | None = None
    _api: ApiService | None = None
    _removers: dict[str, Callable[[], None]] = field(default_factory=dict)
    # Worker threads create clients concurrently; the pool and listeners are set up under this lock.
    _pool_lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def open(cls, paths: Paths, *, client_id: str | None = None, parent: QObject | None = None) -> Services:
        """Open the profile's settings and registry; the secret store opens on first use."""
        paths.ensure()
        return cls(
            paths=paths,
            settings=Settings(paths.settings_file),
            registry=AccountRegistry(paths.accounts_file),
            secrets=LazySecretStore(paths.keyring_service),
            secrets_warning=None,
            photo_cache=PhotoCache(paths.photo_dir),
            feed_cache=FeedCache(paths.feed_cache_dir),
            tasks=TaskRunner(parent),
            refresh_bridge=RefreshBridge(parent),
            client_id_override=client_id,
        )

    @property
    def client_id(self) -> str:
        """The consumer key used for new sign-ins: --client-id, then the demo org's, then the saved one."""
        if self.client_id_override:
            return self.client_id_override
        if self.demo is not None:
            return self.demo.client_id
        return self.settings.get_str(keys.CLIENT_ID)

    def client_id_for(self, login_host: str) -> str:
        """The consumer key registered at a login host (the demo org has its own)."""
        if self.demo is not None and login_host == self.demo.login_url:
            return self.demo.client_id
        return self.client_id_override or self.settings.get_str(keys.CLIENT_ID)

    def check_secrets(self) -> str | None:
        """Open the keyring if that has not happened yet; the warning for people if tokens stay in memory."""
        if isinstance(self.secrets, LazySecretStore):
            self.secrets.resolve()
            return self.secrets.warning
        return self.secrets_warning

    @property
    def vault(self) -> AccountVault:
        """Registry and secret store together, for saving and removing accounts."""
        from desktop_app.accounts.vault import AccountVault

        return AccountVault(self.registry, self.secrets)

    @property
    def pool(self) -> CredentialsPool:
        """Shared per-account credentials (one refresh at a time per account)."""
        with self._pool_lock:
            if self._pool is None:
                from desktop_app.api.credentials import CredentialsPool

                self._pool = CredentialsPool(self.secrets, self.client_id)
            return self._pool

    @property
    def api(self) -> ApiService:
        """The worker threads; started on first use."""
        if self._api is None:
            self._api = ApiService(self._make_client)
        return self._api

    def _make_client(self, key: str) -> AccountClient:
        """Runs on a worker thread: a client for the account, sharing its credentials with the others."""
        account = self.registry.get(key)
        if account is None:
            raise LookupError(f"no saved account {key}")
        if not account.client_id:
            # Saved before accounts remembered their consumer key: the one registered at its login host.
            account = dataclasses.replace(account, client_id=self.client_id_for(account.login_host))
        credentials = self.pool.get(account)
        with self._pool_lock:
            if key not in self._removers:
                self._removers[key] = credentials.add_listener(self.refresh_bridge.listener)
        from desktop_app.accounts.client import AccountClient

        return AccountClient(account, credentials, self.photo_cache, self.feed_cache)

    def wipe_caches(self, key: str) -> None:
        """Forget an account's photos and kept feed page (after a revoke)."""
        self.photo_cache.wipe(key)
        self.feed_cache.wipe(key)

    def login_hosts(self) -> list[LoginHost]:
        """Production, Sandbox, the user's My Domain hosts, and the demo org when it runs."""
        choices = [LoginHost("Production (login.salesforce.com)", hosts.PRODUCTION)]
        choices.append(LoginHost("Sandbox (test.salesforce.com)", hosts.SANDBOX))
        custom = self.settings.get_str_list(keys.LOGIN_HOSTS)
        choices += [LoginHost(url.removeprefix("https://"), url, custom=True) for url in custom]
        if self.demo is not None:
            choices.insert(0, LoginHost("Demo org (on this computer)", self.demo.login_url))
        return choices

    def start_demo(self, **options: Any) -> DemoOrg:
        """Start the built-in demo org in this process (once), on its usual ports when they are free.

        The usual ports keep saved demo accounts pointing at a live org across restarts; their tokens die
        with the process, so they come back as "needs sign-in" rather than as an unreachable org.
        """
        if self.demo is None:
            from desktop_app.demo_org import DemoOrg

            options.setdefault("port", DEMO_PORT)
            try:
                self.demo = DemoOrg(**options).start()
            except OSError:
                log.app.info("demo org ports %d-%d are busy; using free ones", DEMO_PORT, DEMO_PORT + 2)
                self.demo = DemoOrg(**{**options, "port": 0}).start()
            log.app.info("demo org running at %s", self.demo.login_url)
        return self.demo

    def forget_account(self, key: str) -> None:
        """Drop an account's clients and credentials (revoked, removed or signed in again)."""
        remover = self._removers.pop(key, None)
        if remover is not None:
            remover()
        if self._api is not None:
            self._api.forget_account(key)
        if self._pool is not None:
            self._pool.remove(key)

    def close(self) -> None:
        """Join the workers, close sockets, stop the demo org."""
        if self._api is not None:
            self._api.shutdown()
        self.tasks.wait()
        if self._pool is not None:
            self._pool.close()
        if self.demo is not None:
            self.demo.stop()
            self.demo = None
