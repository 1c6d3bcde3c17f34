"""DemoOrg: the login host and one instance host per org, served by werkzeug on 127.0.0.1 in threads."""

from __future__ import annotations

import collections
import dataclasses
import logging
import socket
import threading
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .instance import create_instance_app
from .models import DemoOrgInfo, DemoUser
from .oauth import create_login_app
from .seed import PASSWORD, build_orgs
from .state import CLIENT_ID, Config, DemoState

HOST = "127.0.0.1"
log = logging.getLogger("connect.demo")


class _QuietHandler(WSGIRequestHandler):
    """Logs requests to connect.demo without query strings, which may carry tokens or one-time passes."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        log.debug("%s %s -> %s", self.command, path, code)

    def log(self, type: str, message: str, *args: Any) -> None:
        log.debug("werkzeug %s: %s", type, message % args if args else message)


class DemoOrg:
    """A Salesforce-compatible org on loopback: a login host plus an instance host per org."""

    PASSWORD = PASSWORD

    def __init__(
        self,
        *,
        port: int = 0,
        token_ttl: float | None = None,
        rotate_refresh_tokens: bool = False,
        block_user_agent_flow: bool = False,
        chatter_limit: int | None = None,
        seed: int = 7,
    ) -> None:
        config = Config(
            token_ttl=token_ttl,
            rotate_refresh_tokens=rotate_refresh_tokens,
            block_user_agent_flow=block_user_agent_flow,
            chatter_limit=chatter_limit,
        )
        self._port = port
        self._seed = seed
        self.state = DemoState(config=config, orgs=[])
        self.client_id = CLIENT_ID
        self.login_url = ""
        self._servers: list[BaseWSGIServer] = []
        self._threads: list[threading.Thread] = []
        self._ports: list[int] = []

    # Lifecycle.

    def start(self) -> DemoOrg:
        """Bind every host, seed the data and serve; returns once all hosts accept connections."""
        if self._servers:
            return self
        orgs = build_orgs(self._seed, datetime.now(UTC))
        ports = [self._port + index if self._port else 0 for index in range(len(orgs) + 1)]
        self._bind_all(ports, len(orgs))
        self.login_url = f"http://{HOST}:{self._ports[0]}"
        for org, port in zip(orgs, self._ports[1:], strict=True):
            org.info = dataclasses.replace(org.info, instance_url=f"http://{HOST}:{port}")
        with self.state.lock:
            self.state.orgs = orgs
            self.state.login_url = self.login_url
        self._run()
        log.info("demo org serving: login host %s, %d orgs", self.login_url, len(orgs))
        return self

    def _bind_all(self, ports: list[int], org_count: int) -> None:
        try:
            self._bind(ports[0], create_login_app(self.state))
            for index in range(org_count):
                self._bind(ports[index + 1], create_instance_app(self.state, index))
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
        self._servers.append(server)
        return server

    def stop(self) -> None:
        """Stop serving and wait for the server threads."""
        for server in self._servers:
            server.shutdown()
        for thread in self._threads:
            thread.join(timeout=10)
        self._close_servers()
        self._threads.clear()

    def set_down(self, down: bool) -> None:
        """Make every host unreachable (connections refused) or bring them back on the same ports."""
        if down:
            self.stop()
        elif not self._servers and self._ports:
            self._bind_all(self._ports, len(self._ports) - 1)
            self._run()

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
        """The orgs served: orgs[0] is production-like, orgs[1] a sandbox."""
        return [org.info for org in self.state.orgs]

    @property
    def users(self) -> list[DemoUser]:
        """Every user who can sign in, across orgs."""
        return [person.user for org in self.state.orgs for person in org.people.values()]

    @property
    def callback_url(self) -> str:
        """The connected app's registered callback."""
        return self.state.callback_url

    @property
    def counters(self) -> collections.Counter[str]:
        """Request counters: refresh, token_code, revoke, photo, chatter."""
        return self.state.counters

    @property
    def consumer_secret(self) -> str:
        """The connected app's consumer secret (it keys the grant signature)."""
        return self.state.consumer_secret

    def user(self, username: str) -> DemoUser:
        """The user with this username."""
        with self.state.lock:
            user = self.state.find_user(username)
        if user is None:
            raise KeyError(username)
        return user

    # In-process conveniences for tests and benchmarks.

    def grant(self, username: str, scope: str = "api refresh_token") -> dict[str, str]:
        """Sign a user in without the browser: the token endpoint's answer, refresh token included."""
        with self.state.lock:
            user = self.state.find_user(username)
            if user is None:
                raise KeyError(username)
            if not {"refresh_token", "offline_access"} & set(scope.split()):
                scope = f"{scope} refresh_token"
            return self.state.issue(user, scope)

    def expire_access_tokens(self) -> None:
        """Every live access token becomes invalid, as when sessions time out."""
        with self.state.lock:
            self.state.expire_access_tokens()

    def is_refresh_token_valid(self, token: str) -> bool:
        """True while the refresh token can still be used."""
        with self.state.lock:
            return self.state.is_refresh_token_valid(token)
