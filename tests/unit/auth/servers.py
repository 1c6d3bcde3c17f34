"""Real loopback endpoints that misbehave: closed, silent, HTML-only, scripted, trickling or flooding."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def closed_port_url() -> str:
    """An http://127.0.0.1 URL on a port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextmanager
def silent_server() -> Iterator[str]:
    """A listener that accepts connections (via the backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


class _HtmlHandler(BaseHTTPRequestHandler):
    status = 502

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b"<html><body><h1>Bad Gateway</h1></body></html>"
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@contextmanager
def html_server(status: int) -> Iterator[str]:
    """A server answering every request with an HTML page and the given status."""
    handler = type("Handler", (_HtmlHandler,), {"status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Replies:
    """What a scripted server answers (status, content type, body) and how many requests it received."""

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        self.status = status
        self.content_type = content_type
        self.body = body
        self.count = 0
        self._lock = threading.Lock()

    def seen(self) -> None:
        """Count one request."""
        with self._lock:
            self.count += 1


@contextmanager
def scripted_server(status: int, content_type: str, body: bytes) -> Iterator[tuple[str, Replies]]:
    """A server answering every GET and POST with the same reply; yields its URL and the Replies it counts."""
    replies = Replies(status, content_type, body)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            replies.seen()
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(replies.status)
            self.send_header("Content-Type", replies.content_type)
            self.send_header("Content-Length", str(len(replies.body)))
            self.end_headers()
            self.wfile.write(replies.body)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", replies
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


Script = Callable[[socket.socket, threading.Event], None]


@contextmanager
def raw_server(script: Script) -> Iterator[str]:
    """A loopback server that runs script(connection, stop) for each connection, one at a time.

    The script owns the pacing (stop.wait(seconds)), so a test never sleeps; stop is set when the block ends.
    """
    stop = threading.Event()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.05)

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                try:
                    read_request(connection)
                    script(connection, stop)
                except OSError:
                    pass  # the client hung up: what the deadline tests expect

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()


def read_request(connection: socket.socket) -> None:
    """Read one HTTP request (head and body) from the connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(rest) < length:
        chunk = connection.recv(4096)
        if not chunk:
            return
        rest += chunk


def trickle_body(length: int, pace: float) -> Script:
    """Send a JSON 200 head at once, then `length` body bytes one at a time, one every `pace` seconds."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
        )
        for _ in range(length):
            if stop.wait(pace):
                return
            connection.sendall(b" ")

    return script


def trickle_head(padding: int, pace: float) -> Script:
    """Send the status line and headers (with `padding` filler bytes) one byte every `pace` seconds."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Filler: "
            + b"x" * padding
            + b"\r\nContent-Length: 2\r\n\r\n{}"
        )
        for byte in head:
            if stop.wait(pace):
                return
            connection.sendall(bytes([byte]))

    return script


def stream_body(size: int, content_type: str = "application/json", status: int = 200) -> Script:
    """Answer with `size` bytes of body, fast, without a Content-Length (the connection's close ends it)."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(
            f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n".encode()
        )
        block = b" " * 65536
        sent = 0
        while sent < size and not stop.is_set():
            piece = block[: min(len(block), size - sent)]
            connection.sendall(piece)
            sent += len(piece)

    return script
