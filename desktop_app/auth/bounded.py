"""HTTP exchanges with a wall-clock deadline and a cap on the body, for the API client and the sign-in calls.

requests' timeout bounds each socket operation, not the exchange: a server that sends one byte just inside the
read timeout holds a thread for as long as it likes, and a body is read whole however large it is. Here every
exchange has a deadline, from sending the request to the body's last byte: one watchdog thread shuts down the
socket of an exchange that outlives its deadline, which ends a blocked read at once, whether it waits for the
status line, a header or the body. Bodies are streamed and counted, so a huge or endless answer stops at the
cap for its kind instead of filling memory (decoded bytes are counted, so a compressed bomb stops too).

Cost: one thread for the whole process, one heap entry per exchange, no thread per request.

The adapter also applies the process's network policy (auth.network) to every request: its proxy choice
replaces whatever requests found, and its TLS context (the OS trust store plus an extra CA) verifies servers,
through a proxy tunnel too. Connections made under an older policy are dropped before the next request.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from . import network

# Error bodies are read for a code and a message; a maintenance page is rarely over 100 KB.
MAX_ERROR_BYTES = 1024 * 1024
_CHUNK = 64 * 1024


class DeadlinePassed(Exception):
    """The exchange outlived its deadline; its socket was shut down."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds


class BodyTooLarge(Exception):
    """The body is larger than the cap for its kind; reading stopped there."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


class Deadline:
    """One exchange's deadline: the connection it uses is shut down when the deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._connection: HTTPConnection | None = None
        self._finished = False
        self.passed = False

    @property
    def finished(self) -> bool:
        """True once the exchange ended (its connection may then serve another exchange)."""
        return self._finished

    def attach(self, connection: HTTPConnection) -> None:
        """The exchange now uses this connection."""
        with self._lock:
            self._connection = connection

    def finish(self) -> None:
        """The exchange is over: the watchdog leaves its connection alone from now on."""
        with self._lock:
            self._finished = True
            self._connection = None

    def expire(self) -> None:
        """Called by the watchdog: shut down the exchange's socket so a blocked read returns at once."""
        with self._lock:
            if self._finished:
                return
            self.passed = True
            connection = self._connection
        sock = getattr(connection, "sock", None) if connection is not None else None
        # TLS inside a TLS proxy tunnel wraps the socket in an object of urllib3's own.
        raw = sock if isinstance(sock, socket.socket) else getattr(sock, "socket", None)
        # The connection may have moved on to another exchange; only ours is cut.
        if isinstance(raw, socket.socket) and getattr(connection, "watched_by", None) is self:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, also for TLS sockets: ssl.SSLSocket.shutdown would clear the
                # TLS state under the thread that is reading.
                socket.socket.shutdown(raw, socket.SHUT_RDWR)

    def check(self) -> None:
        """DeadlinePassed when the deadline has passed (the watchdog may not have fired yet)."""
        if self.passed or time.monotonic() >= self.expires:
            self.passed = True
            raise DeadlinePassed(self.seconds)


class _Watchdog:
    """One daemon thread that expires deadlines in order."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.expires, next(self._order), deadline))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="http-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _next_due(self) -> Deadline:
        with self._cond:
            while True:
                while self._heap and self._heap[0][2].finished:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait <= 0:
                    return heapq.heappop(self._heap)[2]
                self._cond.wait(wait)

    def _run(self) -> None:
        while True:
            self._next_due().expire()

    def expire_all(self) -> None:
        """Cut every exchange under way now (the app is quitting)."""
        with self._cond:
            pending = [entry[2] for entry in self._heap]
        for deadline in pending:
            deadline.expire()


_watchdog = _Watchdog()
_local = threading.local()


def cut_every_exchange() -> None:
    """Shut the socket of every exchange under way, so the threads waiting on them return at once."""
    _watchdog.expire_all()


def _attach(connection: HTTPConnection) -> None:
    deadline: Deadline | None = getattr(_local, "deadline", None)
    connection.watched_by = deadline  # type: ignore[attr-defined]
    if deadline is not None:
        deadline.attach(connection)


class _WatchedHTTPConnection(HTTPConnection):
    """An HTTP connection that tells the current exchange's deadline it is in use."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    """An HTTPS connection that tells the current exchange's deadline it is in use."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS: dict[str, type[HTTPConnectionPool]] = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' adapter with connections a Deadline can cut (SOCKS proxies keep their own connections),
    following the network policy (proxy, trusted CAs) in force when each request is sent."""

    _generation = -1
    _sizes: tuple[int, int, bool]

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **kwargs: Any) -> None:
        """The usual pool manager, making watched connections that verify with the policy's TLS context."""
        self._generation = network.policy.generation
        self._sizes = (connections, maxsize, block)
        kwargs.setdefault("ssl_context", network.policy.ssl_context())
        super().init_poolmanager(connections, maxsize, block, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_WATCHED_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """The usual proxy manager, making watched connections for HTTP(S) proxies."""
        fresh = proxy not in self.proxy_manager
        # requests' own test for a SOCKS proxy, whose pools make connections of their own.
        socks = proxy.lower().startswith("socks")
        if fresh and not socks:
            # requests gives a proxy manager none of the pool manager's settings: the server behind the
            # tunnel is verified with the same context as a direct one.
            proxy_kwargs.setdefault("ssl_context", network.policy.ssl_context())
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not socks:
            manager.pool_classes_by_scheme = dict(_WATCHED_POOLS)
        return manager

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """Verification on: trust comes from the policy's context, not from a bundle requests would add."""
        if verify is True and url.lower().startswith("https"):
            conn.cert_reqs = "CERT_REQUIRED"
            conn.ca_certs = None
            conn.ca_cert_dir = None
            return
        super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        """Send with the policy's proxies, on connections made under the policy in force now."""
        if self._generation != network.policy.generation:
            # Pooled connections went through the old proxy or trusted the old CAs.
            self.close()
            self.proxy_manager.clear()
            connections, maxsize, block = self._sizes
            self.init_poolmanager(connections, maxsize, block)
        kwargs["proxies"] = network.policy.proxies_for(kwargs.get("proxies"))
        return super().send(request, *args, **kwargs)


def watch_session(session: requests.Session) -> requests.Session:
    """Mount WatchedAdapters on the session in place of requests' own, keeping their retry policy; returns it.

    An adapter of another kind (mounted on purpose) is left alone; its exchanges are then only checked
    against the deadline between reads.
    """
    for prefix in ("https://", "http://"):
        current = session.adapters.get(prefix)
        if type(current) is HTTPAdapter:
            session.mount(prefix, WatchedAdapter(max_retries=current.max_retries))
    return session


@contextlib.contextmanager
def deadline_for(seconds: float) -> Iterator[Deadline]:
    """A Deadline for the exchanges this thread makes inside the block."""
    deadline = Deadline(seconds)
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    _watchdog.watch(deadline)
    try:
        yield deadline
    finally:
        deadline.finish()
        _local.deadline = previous


def read_body(response: requests.Response, limit: int, deadline: Deadline) -> bytes:
    """The whole body, at most limit bytes after decoding; BodyTooLarge or DeadlinePassed otherwise.

    The body is also kept as response.content, so .text and .json() work afterwards without a second read.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        deadline.check()
    body = b"".join(chunks)
    # What Response.content itself does once it has read the stream.
    response._content = body
    response._content_consumed = True  # type: ignore[attr-defined]
    return body


Sink = Callable[[bytes, "int | None"], bool]
"""Takes a 2xx body piece by piece, with the declared total size if any; returns False to stop reading."""


def stream_body(response: requests.Response, limit: int, deadline: Deadline, sink: Sink) -> None:
    """Hand the body to ``sink`` as it arrives (a file being saved), within limit and deadline."""
    declared = response.headers.get("Content-Length", "")
    total = int(declared) if declared.isdigit() else None
    if total is not None and total > limit:
        raise BodyTooLarge(limit)
    size = 0
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        deadline.check()
        if not sink(chunk, total):
            break
    response._content = b""
    response._content_consumed = True  # type: ignore[attr-defined]


def fetch(
    session: requests.Session,
    method: str,
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    max_error_bytes: int = MAX_ERROR_BYTES,
    sink: Sink | None = None,
    **kwargs: Any,
) -> requests.Response:
    """Send the request and read the body (max_bytes for a 2xx answer, max_error_bytes for others).

    With a ``sink``, a 2xx body goes to it as it arrives instead of into memory.

    Raises DeadlinePassed (with the transport error as its cause, if any), BodyTooLarge, or requests'
    own exceptions for failures that have nothing to do with the deadline.
    """
    watch_session(session)
    with deadline_for(deadline) as watch:
        try:
            response = session.request(method, url, stream=True, **kwargs)
        except requests.RequestException as exc:
            if watch.passed:
                raise DeadlinePassed(deadline) from exc
            raise
        try:
            if sink is not None and 200 <= response.status_code < 300:
                stream_body(response, max_bytes, watch, sink)
            else:
                limit = max_bytes if 200 <= response.status_code < 300 else max_error_bytes
                read_body(response, limit, watch)
        except requests.RequestException as exc:
            response.close()
            if watch.passed:
                raise DeadlinePassed(deadline) from exc
            raise
        except BaseException:
            response.close()
            raise
    return response
