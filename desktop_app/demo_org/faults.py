"""Faults on purpose: Chatter writes that fail the way a flaky org or network fails them, for tests and demos.

Kinds (KINDS):

- ``500``: answered 500 UNKNOWN_EXCEPTION before the write runs; nothing is stored.
- ``503``: answered with the hourly Chatter limit (503 REQUEST_LIMIT_EXCEEDED) before the write; nothing is
  stored.
- ``truncated``: the write is stored; its 2xx status and headers go out, then half the body, trickled, and
  then the connection closes. An answer without a body (a 204) is dropped instead, as there is nothing to cut.
- ``unreadable``: the write is stored; the 2xx answer's body is not JSON (the first half of it). An answer
  without a body is left alone.
- ``drop-after-write``: the write is stored (its transaction committed), then the connection closes without
  a byte of answer.

A write is a POST, PUT, PATCH or DELETE on a Chatter or Connect resource; every other request, reads above
all, stays healthy, so a client can find out what happened. Each write meets a fault with probability
``rate``; with several kinds on, each fault is one of them at random (``seed`` makes the draws repeatable).
"""

from __future__ import annotations

import collections
import contextlib
import json
import random
import re
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .host import LIMIT_MESSAGE

KINDS = ("500", "503", "truncated", "unreadable", "drop-after-write")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UNKNOWN_EXCEPTION = (
    "An unexpected error occurred. Please include this ErrorId if you contact support: "
    "1454409937-8679 (-1017148497)"
)
_CHATTER_PATH = re.compile(r"^/services/data/v[^/]+/(chatter|connect)(/|$)")
# A trickled half body: a slow answer that then breaks, as a failing proxy or network delivers it.
_TRICKLE_PIECES = 4
_TRICKLE_PAUSE = 0.05

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def parse_kinds(text: str) -> tuple[str, ...]:
    """Fault kinds from ``KIND[,KIND]``; ValueError naming an unknown one."""
    kinds = tuple(part.strip() for part in text.split(",") if part.strip())
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; the kinds are {', '.join(KINDS)}")
    return kinds


def is_chatter_write(method: str, path: str) -> bool:
    """Whether a request may change Chatter data (and so may meet a fault)."""
    return method.upper() in WRITE_METHODS and _CHATTER_PATH.match(path) is not None


class Faults:
    """Which faults are on and how often they strike; ``wrap`` puts them in front of an instance host."""

    def __init__(
        self,
        kinds: Iterable[str] = (),
        rate: float = 1.0,
        seed: int | None = None,
        counters: collections.Counter[str] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._kinds: tuple[str, ...] = ()
        self._rate = 1.0
        self._random = random.Random(seed)
        # "fault KIND": how many requests met each fault.
        self.counters: collections.Counter[str] = counters if counters is not None else collections.Counter()
        self.set(kinds, rate, seed)

    def set(self, kinds: Iterable[str] = (), rate: float = 1.0, seed: int | None = None) -> None:
        """Turn these faults on (none: all off) at this rate, from now on; ValueError for bad values."""
        chosen = tuple(kinds)
        parse_kinds(",".join(chosen))
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"the fault rate must be between 0 and 1, not {rate}")
        with self._lock:
            self._kinds, self._rate = chosen, rate
            if seed is not None:
                self._random = random.Random(seed)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds on now."""
        return self._kinds

    def pick(self, method: str, path: str) -> str | None:
        """The fault this request meets, or None."""
        if not is_chatter_write(method, path):
            return None
        with self._lock:
            if not self._kinds or self._random.random() >= self._rate:
                return None
            kind = self._random.choice(self._kinds)
        self.counters[f"fault {kind}"] += 1
        return kind

    def wrap(self, app: WsgiApp) -> WsgiApp:
        """The app with these faults in front of it."""

        def faulty(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            kind = self.pick(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
            if kind is None:
                return app(environ, start_response)
            if kind == "500":
                return _error(
                    start_response, "500 Internal Server Error", "UNKNOWN_EXCEPTION", UNKNOWN_EXCEPTION
                )
            if kind == "503":
                return _error(
                    start_response, "503 Service Unavailable", "REQUEST_LIMIT_EXCEEDED", LIMIT_MESSAGE
                )
            return _after_write(kind, app, environ, start_response)

        return faulty


def _error(start_response: StartResponse, status: str, code: str, message: str) -> list[bytes]:
    body = json.dumps([{"errorCode": code, "message": message}]).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _run(app: WsgiApp, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run the app to the end (its transaction commits) and keep its answer instead of sending it."""
    answer: dict[str, Any] = {}
    chunks: list[bytes] = []

    def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        answer["status"], answer["headers"] = status, headers
        return chunks.append

    result = app(environ, capture)
    try:
        chunks.extend(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return answer["status"], answer["headers"], b"".join(chunks)


def _with_length(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in headers if name.lower() != "content-length"]
    return [*kept, ("Content-Length", str(length))]


def _hang_up(environ: dict[str, Any]) -> None:
    """Close the client's connection now (werkzeug then finds it gone and drops the answer quietly)."""
    connection = environ.get("werkzeug.socket")
    if isinstance(connection, socket.socket):
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)


def _after_write(
    kind: str, app: WsgiApp, environ: dict[str, Any], start_response: StartResponse
) -> Iterable[bytes]:
    status, headers, body = _run(app, environ)
    if not status.startswith("2") or (kind == "unreadable" and not body):
        start_response(status, headers)
        return [body]
    if kind == "unreadable":
        half = body[: len(body) // 2]
        start_response(status, _with_length(headers, len(half)))
        return [half]
    if kind == "truncated" and body:
        start_response(status, _with_length(headers, len(body)))
        return _cut_short(body[: len(body) // 2], environ)
    _hang_up(environ)
    start_response(status, _with_length(headers, 0))
    return []


def _cut_short(part: bytes, environ: dict[str, Any]) -> Iterator[bytes]:
    pause = threading.Event()
    step = max(1, -(-len(part) // _TRICKLE_PIECES))
    for start in range(0, len(part), step):
        if start:
            pause.wait(_TRICKLE_PAUSE)
        yield part[start : start + step]
    _hang_up(environ)
