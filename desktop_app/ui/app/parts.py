"""The parts one run of the app is built from: profile, settings, account book, tasks, workers, demo org.

Only the composition root and tests hold an ``AppParts``; widgets are given the one or two parts they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from PySide6.QtCore import QObject, Signal

from desktop_app import log
from desktop_app.accounts.book import AccountBook, DemoLogin
from desktop_app.accounts.status import AccountStates
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.api.refreshevents import RefreshEvent
from desktop_app.paths import Paths
from desktop_app.storage.lazysecrets import LazySecretStore
from desktop_app.storage.proxysecrets import ProxySecrets
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.settings import Settings, network_is_default
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.app.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop_app.accounts.pagereader import PageReader
    from desktop_app.demo_org import DemoOrg
    from desktop_app.storage.secrets import SecretStore
    from desktop_app.ui.app.network import NetworkControl

DEMO_PORT = 47_610


class RefreshBridge(QObject):
    """Carries refresh events from worker threads to the GUI thread (signals: happened(key, RefreshEvent))."""

    happened = Signal(str, object)

    def listener(self, key: str, event: RefreshEvent) -> None:  # called from worker threads
        """Called on any thread; the signal is queued to the GUI thread."""
        self.happened.emit(key, event)


def _demo_login(demo: DemoOrg | None) -> DemoLogin | None:
    """What the account book needs to know of a running demo org."""
    return DemoLogin(demo.login_url, demo.client_id) if demo is not None else None


class AppParts(msgspec.Struct):
    """Everything one run shares, created once and closed at quit."""

    paths: Paths
    settings: Settings
    registry: AccountRegistry
    secrets: SecretStore
    photo_cache: PhotoCache
    feed_cache: FeedCache
    tasks: TaskRunner
    refresh_bridge: RefreshBridge
    client_id_override: str | None = None
    secrets_warning: str | None = None
    demo: DemoOrg | None = None
    states: AccountStates = msgspec.field(default_factory=AccountStates)
    proxy_secrets: ProxySecrets | None = None
    reader: PageReader | None = None  # the process the workers hand feed-page reads to, once started
    _book: AccountBook | None = None
    _api: ApiService | None = None
    _network: NetworkControl | None = None

    @classmethod
    def open(cls, paths: Paths, *, client_id: str | None = None, parent: QObject | None = None) -> AppParts:
        """Open the profile's settings and registry; the secret store opens on first use."""
        paths.ensure()
        return cls(
            paths=paths,
            settings=Settings(paths.settings_file),
            registry=AccountRegistry(paths.accounts_file),
            secrets=LazySecretStore(paths.keyring_service),
            photo_cache=PhotoCache(paths.photo_dir),
            feed_cache=FeedCache(paths.feed_cache_dir),
            tasks=TaskRunner(parent),
            refresh_bridge=RefreshBridge(parent),
            client_id_override=client_id,
        )

    @property
    def book(self) -> AccountBook:
        """The account book over this run's registry, secrets and caches."""
        if self._book is None:
            self._book = AccountBook(
                registry=self.registry,
                secrets=self.secrets,
                settings=self.settings,
                photo_cache=self.photo_cache,
                feed_cache=self.feed_cache,
                client_id_override=self.client_id_override,
            )
            self._book.add_refresh_listener(self.refresh_bridge.listener)
            self._book.demo = _demo_login(self.demo)
        return self._book

    @property
    def api(self) -> ApiService:
        """The worker threads; started on first use."""
        if self._api is None:
            self._api = ApiService(self.book.client, reader=self.reader)
        return self._api

    @property
    def network_is_default(self) -> bool:
        """True while the saved choices are the system's proxy and trust (what every part uses untold)."""
        return network_is_default(self.settings)

    @property
    def network_started(self) -> bool:
        """True once the network choices were made (or asked for) this run."""
        return self._network is not None

    @property
    def network(self) -> NetworkControl:
        """The proxy and trust choices of this run (applied by ``NetworkControl.start``)."""
        if self._network is None:
            # QtNetwork and the TLS stack load only when someone asks for the network choices: with the
            # system's proxy and trust (the default) nothing needs telling at start-up.
            from desktop_app.ui.app.network import NetworkControl

            if self.proxy_secrets is None:
                self.proxy_secrets = ProxySecrets(self.paths.keyring_service)
            self._network = NetworkControl(self.settings, self.proxy_secrets, self.tasks)
        return self._network

    def start_reader(self) -> None:
        """Start the page reader the workers hand feed-page reads to (accounts/pagereader.py), once."""
        if self.reader is None:
            # Loaded once the window is up, with the process it starts.
            from desktop_app.accounts import pagereader

            self.reader = pagereader.spawn()
            self.api.use_reader(self.reader)

    def release_held_work(self) -> None:
        """Start the calls and tasks held back while the window was first painted."""
        self.api.release()
        self.tasks.release()

    def check_secrets(self) -> str | None:
        """Open the keyring if that has not happened yet; the warning for people if tokens stay in memory."""
        if isinstance(self.secrets, LazySecretStore):
            self.secrets.resolve()
            return self.secrets.warning
        return self.secrets_warning

    def start_demo(self, **options: Any) -> DemoOrg:
        """Start the built-in demo org in this process (once), keeping its state in the profile.

        Its users, tokens and posts live in the profile's data directory, so a restarted ``--demo`` finds its
        accounts still signed in, at the same URLs (the ports chosen on the first start are kept there).
        Raises ``PortInUseError`` when those ports are taken (another copy may be running).
        """
        if self.demo is None:
            # The demo org (Flask) loads only when it is asked for.
            from desktop_app.demo_org import DemoOrg, PortInUseError

            options.setdefault("port", DEMO_PORT)
            options.setdefault("data_dir", self.paths.demo_org_dir)
            try:
                self.demo = DemoOrg(**options).start()
            except PortInUseError:
                raise  # its saved URLs are taken: moving would strand the accounts that point at them
            except OSError:
                log.app.info("demo org ports %d-%d are busy; using free ones", DEMO_PORT, DEMO_PORT + 2)
                self.demo = DemoOrg(**{**options, "port": 0}).start()
            log.app.info("demo org running at %s", self.demo.login_url)
        self.use_demo(self.demo)
        return self.demo

    def use_demo(self, demo: DemoOrg | None) -> None:
        """Offer a running demo org as a login host (None: stop offering it; it is not stopped here)."""
        self.demo = demo
        self.book.demo = _demo_login(demo)

    def close(self) -> None:
        """Join the workers, close sockets, stop the demo org."""
        if self._api is not None:
            self._api.shutdown()
        if self.reader is not None:
            self.reader.close()
            self.reader = None
        self.tasks.wait()
        if self._book is not None:
            self._book.close()
        if self.demo is not None:
            self.demo.stop()
            self.demo = None
