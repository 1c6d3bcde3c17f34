"""DemoOrg: the login host and one instance host per org, served by werkzeug on 127.0.0.1 in threads."""

from __future__ import annotations

import collections
import errno
import json
import logging
import secrets
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from . import database, follows, orgstore, seedgroups
from .activity import DemoActivity
from .database import Database
from .faults import Faults
from .instance import create_instance_app
from .models import DemoOrgInfo, DemoUser
from .oauth import create_login_app
from .seed import PASSWORD, build_orgs
from .state import CLIENT_ID, Config, DemoState
from .tls import DemoTls, ensure_certificates

HOST = "127.0.0.1"
log = logging.getLogger("connect.demo")


class _QuietHandler(WSGIRequestHandler):
    """Logs requests to connect.demo without query strings, which may carry tokens or one-time passes."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        log.debug("%s %s -> %s", self.command, path, code)

    def log(self, type: str, message: str, *args: Any) -> None:
        log.debug("werkzeug %s: %s", type, message % args if args else message)


class PortInUseError(OSError):
    """A data directory's stored port is taken: the org cannot come back at the URLs saved accounts use."""


class DemoOrg:
    """A Salesforce-compatible org on loopback: a login host plus an instance host per org.

    Without `data_dir` everything lives in memory and is gone once the org stops. With it, the org keeps its
    data, grants and URLs in DIR/demo-org.sqlite3: the first start seeds the data (with `seed`) and picks the
    ports (from `port`); later starts reuse both, so saved accounts, tokens and posts carry over. A later
    start raises PortInUseError when a stored port is taken rather than move. `reset=True` wipes DIR's data
    first, as if DIR were new. The behaviour switches (token_ttl, rotation, limits) apply to each start.
    `faults` (kinds from faults.KINDS) make Chatter writes fail at `fault_rate`; set_faults changes them live.
    With `tls` every host serves https with a certificate from the org's own CA (kept in DIR, else in a
    temporary folder removed at stop); `host_name` is the name its URLs use (it must lead to 127.0.0.1).
    """

    PASSWORD = PASSWORD

    def __init__(
        self,
        *,
        port: int = 0,
        token_ttl: float | None = None,
        rotate_refresh_tokens: bool = False,
        block_user_agent_flow: bool = False,
        chatter_limit: int | None = None,
        refuse_org_query: bool = False,
        features_off: tuple[str, ...] = (),
        seed: int = 7,
        data_dir: Path | None = None,
        reset: bool = False,
        faults: Iterable[str] = (),
        fault_rate: float = 1.0,
        fault_seed: int | None = None,
        tls: bool = False,
        host_name: str = HOST,
    ) -> None:
        self.config = Config(
            token_ttl=token_ttl,
            rotate_refresh_tokens=rotate_refresh_tokens,
            block_user_agent_flow=block_user_agent_flow,
            chatter_limit=chatter_limit,
            refuse_org_query=refuse_org_query,
            features_off=features_off,
        )
        self._port = port
        self._seed = seed
        self.data_dir = data_dir
        self._reset = reset
        self._want_tls = tls
        self._host_name = host_name
        self._tls_temp: Path | None = None
        self.tls: DemoTls | None = None
        self.client_id = CLIENT_ID
        self.login_url = ""
        # Requests served since this object was made: refresh, token_code, revoke, photo, chatter.
        self.counters: collections.Counter[str] = collections.Counter()
        self.faults = Faults(faults, fault_rate, fault_seed, counters=self.counters)
        self._state: DemoState | None = None
        self._servers: list[BaseWSGIServer] = []
        self._threads: list[threading.Thread] = []
        self._ports: list[int] = []
        self.activity: DemoActivity | None = None

    # Lifecycle.

    def start(self) -> DemoOrg:
        """Open (or seed) the data, bind every host and serve; returns once all hosts accept connections."""
        if self._servers:
            return self
        if self.data_dir is not None and self._reset:
            database.remove(self.data_dir)
            self._reset = False  # a later start() of this object keeps what this one makes
        if self._want_tls:
            if self.data_dir is None and self._tls_temp is None:
                self._tls_temp = Path(tempfile.mkdtemp(prefix="demo-org-tls-"))
            self.tls = ensure_certificates(self.data_dir or self._tls_temp or Path(), [self._host_name])
        db = Database(self.data_dir)
        try:
            self._serve(db)
        except BaseException:
            self._close_servers()
            db.close()
            raise
        log.info(
            "demo org serving: login host %s, %d orgs, data %s",
            self.login_url,
            len(self.state.orgs),
            self.data_dir or "in memory",
        )
        return self

    def _serve(self, db: Database) -> None:
        with db.transaction() as conn:
            if orgstore.count(conn) == 0:
                orgstore.save(conn, build_orgs(self._seed, datetime.now(UTC)))
                db.set_meta("seed", str(self._seed))
            org_count = orgstore.count(conn)
            # Made on first use, so a data directory seeded before groups and follows existed gains them.
            seedgroups.prepare(conn, datetime.now(UTC))
            follows.prepare(conn, datetime.now(UTC))
        secret = db.meta("consumer_secret")
        if secret is None:
            secret = secrets.token_hex(32)
            db.set_meta("consumer_secret", secret)
        self._state = DemoState(config=self.config, db=db, consumer_secret=secret, counters=self.counters)
        stored = db.meta("ports")
        if stored is None:
            ports = [self._port + index if self._port else 0 for index in range(org_count + 1)]
            self._bind_all(ports, org_count)
            db.set_meta("ports", json.dumps(self._ports))
        else:
            ports = json.loads(stored)
            if self._port and self._port != ports[0]:
                log.warning(
                    "demo org data in %s serves on port %d, not %d", self.data_dir, ports[0], self._port
                )
            try:
                self._bind_all(ports, org_count)
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                raise PortInUseError(
                    errno.EADDRINUSE,
                    f"the demo org in {self.data_dir} serves at {self._origin(ports[0])}, "
                    f"but a port it needs ({ports[0]}-{ports[-1]}) is in use; stop whatever holds it "
                    "(another demo org on the same data directory?), or reset its data (--reset) "
                    "for new URLs",
                ) from error
        self.login_url = self._origin(self._ports[0])
        with db.transaction() as conn:
            orgs = orgstore.load(conn, [self._origin(port) for port in self._ports[1:]])
        self.state.serve(orgs, self.login_url)
        self._run()

    def _origin(self, port: int) -> str:
        return f"{'https' if self._want_tls else 'http'}://{self._host_name}:{port}"

    @property
    def ca_file(self) -> Path | None:
        """The CA certificate (PEM) that signed the https hosts' certificate; None without tls."""
        return self.tls.ca_file if self.tls is not None else None

    @property
    def state(self) -> DemoState:
        """The running org's state (after start())."""
        if self._state is None:
            raise RuntimeError("the demo org has not been started")
        return self._state

    def _bind_all(self, ports: list[int], org_count: int) -> None:
        try:
            self._bind(ports[0], create_login_app(self.state))
            for index in range(org_count):
                self._bind(ports[index + 1], self.faults.wrap(create_instance_app(self.state, index)))
        except BaseException:
            self._close_servers()
            raise
        self._ports = [server.port for server in self._servers]

    def _run(self) -> None:
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"demo-org-{server.port}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def _bind(self, port: int, app: Any) -> BaseWSGIServer:
        # Bind here rather than in werkzeug, which exits the process when a port is taken.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((HOST, port))
            listener.listen(128)
            server = make_server(
                HOST, port, app, threaded=True, request_handler=_QuietHandler, fd=listener.fileno()
            )
        finally:
            listener.close()
        if self.tls is not None:
            # The handshake waits for the request's own thread, so a client that never finishes one holds
            # up no other connection; werkzeug reads ssl_context to tell the app it is https.
            context = self.tls.server_context()
            server.socket = context.wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
            server.ssl_context = context
        self._servers.append(server)
        return server

    def stop(self) -> None:
        """Stop serving, wait for the server threads and close the data (on disk it stays for next time)."""
        self.stop_activity()
        self._halt()
        self._ports.clear()  # set_down(False) cannot bring back a stopped org; start() can
        if self._state is not None:
            self._state.db.close()
        if self._tls_temp is not None:
            shutil.rmtree(self._tls_temp, ignore_errors=True)
            self._tls_temp = None

    def _halt(self) -> None:
        for server in self._servers:
            server.shutdown()
        for thread in self._threads:
            thread.join(timeout=10)
        self._close_servers()
        self._threads.clear()

    def set_down(self, down: bool) -> None:
        """Make every host unreachable (connections refused) or bring them back on the same ports."""
        if down:
            self._halt()
        elif not self._servers and self._ports:
            self._bind_all(self._ports, len(self._ports) - 1)
            self._run()

    def set_faults(self, kinds: Iterable[str] = (), rate: float = 1.0, seed: int | None = None) -> None:
        """Make Chatter writes fail in these ways from now on (no kinds: every request healthy again)."""
        self.faults.set(kinds, rate, seed)

    def _close_servers(self) -> None:
        for server in self._servers:
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> DemoOrg:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # What callers need to know.

    @property
    def orgs(self) -> list[DemoOrgInfo]:
        """The orgs served: orgs[0] is production-like, orgs[1] a sandbox (none before start())."""
        return [org.info for org in self._state.orgs] if self._state else []

    @property
    def users(self) -> list[DemoUser]:
        """Every user who can sign in, across orgs (none before start())."""
        orgs = self._state.orgs if self._state else []
        return [person.user for org in orgs for person in org.people.values()]

    @property
    def callback_url(self) -> str:
        """The connected app's registered callback."""
        return f"{self.login_url}/services/oauth2/success"

    @property
    def consumer_secret(self) -> str:
        """The connected app's consumer secret (it keys the grant signature)."""
        return self.state.consumer_secret

    def user(self, username: str) -> DemoUser:
        """The user with this username."""
        user = self.state.find_user(username)
        if user is None:
            raise KeyError(username)
        return user

    def start_activity(self, seconds: float | None = None, seed: int = 11) -> DemoActivity:
        """Other users post, comment on and @-mention the signed-in users (every ``seconds``; None: only
        when ``activity.tick()`` is called). Stops with the org."""
        if self.activity is None:
            self.activity = DemoActivity(self.state, seed)
        if seconds is not None and seconds > 0:
            self.activity.start(seconds)
        return self.activity

    def stop_activity(self) -> None:
        """Stop the other users' activity."""
        if self.activity is not None:
            self.activity.stop()
            self.activity = None

    # In-process conveniences for tests and benchmarks.

    def grant(self, username: str, scope: str = "api refresh_token") -> dict[str, str]:
        """Sign a user in without the browser: the token endpoint's answer, refresh token included."""
        user = self.state.find_user(username)
        if user is None:
            raise KeyError(username)
        if not {"refresh_token", "offline_access"} & set(scope.split()):
            scope = f"{scope} refresh_token"
        return self.state.issue(user, scope)

    def expire_access_tokens(self) -> None:
        """Every live access token becomes invalid, as when sessions time out."""
        self.state.grants.expire_access_tokens()

    def is_refresh_token_valid(self, token: str) -> bool:
        """True while the refresh token can still be used."""
        return self.state.grants.is_refresh_token_valid(token)
