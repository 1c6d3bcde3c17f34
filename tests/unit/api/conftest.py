"""Accounts signed in at the demo org, and a small scripted HTTP server for answers the org never gives."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import AccountCredentials
from desktop_app.auth.account import Account, account_key
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore, Tokens

ZOE = "zoe@acme.demo"
JOSE = "jose@acme.demo"


@dataclass
class Signed:
    """One account signed in at the demo org, with its shared credentials and the clients made for it."""

    demo: DemoOrg
    account: Account
    store: MemorySecretStore
    credentials: AccountCredentials
    grant: dict[str, str] = field(repr=False)
    clients: list[ConnectClient] = field(default_factory=list, repr=False)

    @property
    def tokens(self) -> Tokens:
        """What the secret store holds now."""
        tokens = self.store.get(self.account.key)
        assert tokens is not None
        return tokens

    def client(self, **options: Any) -> ConnectClient:
        """A new client sharing the credentials (closed at teardown)."""
        made = ConnectClient(self.account, self.credentials, **options)
        self.clients.append(made)
        return made

    def close(self) -> None:
        """Close every client and the credentials' connection."""
        for made in self.clients:
            made.close()
        self.credentials.close()


def account_from_grant(demo: DemoOrg, grant: dict[str, str], username: str, **changes: Any) -> Account:
    """The Account the app would save for a grant from the demo org."""
    org_id, user_id = grant["id"].rstrip("/").split("/")[-2:]
    info = next(org for org in demo.orgs if org.org_id == org_id)
    user = next(user for user in demo.users if user.username == username)
    values: dict[str, Any] = {
        "key": account_key(org_id, user_id),
        "org_id": org_id,
        "user_id": user_id,
        "username": username,
        "display_name": user.display_name,
        "org_name": info.name,
        "login_host": demo.login_url,
        "instance_url": grant["instance_url"],
        "id_url": grant["id"],
        "flow": "user_agent",
    }
    values.update(changes)
    return Account(**values)


@pytest.fixture
def make_demo() -> Iterator[Callable[..., DemoOrg]]:
    """Start demo orgs with any options; all are stopped at teardown."""
    started: list[DemoOrg] = []

    def make(**options: Any) -> DemoOrg:
        demo = DemoOrg(**options).start()
        started.append(demo)
        return demo

    yield make
    for demo in started:
        demo.stop()


@pytest.fixture
def demo(make_demo: Callable[..., DemoOrg]) -> DemoOrg:
    """A demo org with default settings."""
    return make_demo()


@pytest.fixture
def sign_in() -> Iterator[Callable[..., Signed]]:
    """Sign users in at a demo org (tokens in a MemorySecretStore); everything is closed at teardown."""
    made: list[Signed] = []

    def sign(
        demo: DemoOrg, username: str = ZOE, store: MemorySecretStore | None = None, **account_changes: Any
    ) -> Signed:
        grant = demo.grant(username)
        account = account_from_grant(demo, grant, username, **account_changes)
        store = store if store is not None else MemorySecretStore()
        store.set(account.key, Tokens(grant["access_token"], grant["refresh_token"]))
        credentials = AccountCredentials(account, store, demo.client_id)
        signed = Signed(demo, account, store, credentials, grant)
        made.append(signed)
        return signed

    yield sign
    for signed in made:
        signed.close()


@pytest.fixture
def zoe(demo: DemoOrg, sign_in: Callable[..., Signed]) -> Signed:
    """Zoe, signed in at the default demo org."""
    return sign_in(demo)


Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    """A request the scripted server received."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    """An HTTP server on 127.0.0.1 answering each path with scripted replies (the last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()
        self.hold: set[str] = set()
        self._lock = threading.Lock()
        self._server = self._make_server()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()

    def answer(self, path: str, *replies: Reply) -> None:
        """Script the replies for a path."""
        self.routes[path] = list(replies)

    def requests_to(self, path: str) -> list[Seen]:
        """Requests received for a path."""
        with self._lock:
            return [seen for seen in self.seen if seen.path == path]

    def _reply_for(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            replies = self.routes.get(seen.path)
            if not replies:
                return (
                    404,
                    {"Content-Type": "application/json"},
                    b'[{"errorCode":"NOT_FOUND","message":"none"}]',
                )
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _make_server(self) -> ThreadingHTTPServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                path, _, query = self.path.partition("?")
                seen = Seen(self.command, path, query, dict(self.headers), self.rfile.read(length))
                status, headers, body = outer._reply_for(seen)
                if seen.path in outer.hold:
                    outer.release.wait(30)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                """A client that gave up (a timeout test) is expected; anything else is reported."""
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        return Server(("127.0.0.1", 0), Handler)

    def close(self) -> None:
        """Release held requests and stop."""
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)


def json_reply(body: Any, status: int = 200, **headers: str) -> Reply:
    """A JSON reply."""
    return status, {"Content-Type": "application/json;charset=UTF-8", **headers}, json.dumps(body).encode()


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    """A scripted HTTP server, stopped at teardown."""
    server = ScriptedServer()
    yield server
    server.close()


@dataclass
class Offline:
    """An account whose instance is some local server, with made-up tokens (no refresh expected)."""

    account: Account
    store: MemorySecretStore
    credentials: AccountCredentials


@pytest.fixture
def offline_account() -> Iterator[Callable[..., Offline]]:
    """Accounts pointing at an arbitrary local instance URL; credentials are closed at teardown."""
    made: list[Offline] = []

    def make(instance_url: str, login_host: str = "http://127.0.0.1:9", **changes: Any) -> Offline:
        values: dict[str, Any] = {
            "key": account_key("00D000000000001", "005000000000001"),
            "org_id": "00D000000000001",
            "user_id": "005000000000001",
            "username": "someone@example.com",
            "display_name": "Someone",
            "org_name": "Local",
            "login_host": login_host,
            "instance_url": instance_url,
            "id_url": f"{login_host}/id/00D000000000001/005000000000001",
            "flow": "user_agent",
            "api_version": "66.0",
        }
        values.update(changes)
        account = Account(**values)
        store = MemorySecretStore()
        store.set(account.key, Tokens("00D!AQaccess", "5Aep861refresh"))
        offline = Offline(account, store, AccountCredentials(account, store, "client"))
        made.append(offline)
        return offline

    yield make
    for offline in made:
        offline.credentials.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port
