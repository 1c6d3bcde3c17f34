"""One running app per profile: a second launch hands its request to the first one and exits.

On POSIX systems the instance listens on a Unix-domain socket at a full path (what QLocalServer uses there
too), served with Python's socket module and a QSocketNotifier, so QtNetwork (with Kerberos and OpenSSL
behind it, some 3 MiB) is not loaded to start. Elsewhere (a named pipe on Windows) QLocalServer and
QLocalSocket do it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from desktop_app import log

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
MAX_REQUEST_BYTES = 64 * 1024
UNIX_SOCKETS = os.name == "posix" and hasattr(socket, "AF_UNIX")


def _decode(line: bytes) -> dict[str, object]:
    try:
        request = json.loads(line.decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return request if isinstance(request, dict) else {}


class _Peer:
    """One later launch connected to the Unix socket: reads its request line, answers "ok", closes."""

    def __init__(self, connection: socket.socket, owner: SingleInstance) -> None:
        self._connection = connection
        self._owner = owner
        self._buffer = b""
        connection.setblocking(False)
        self._notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, owner)
        self._notifier.activated.connect(self._read)

    def _read(self, *_args: Any) -> None:
        try:
            chunk = self._connection.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        self._buffer += chunk
        if b"\n" in self._buffer:
            with contextlib.suppress(OSError):
                self._connection.sendall(b"ok\n")
            self.finish()
            self._owner.activated.emit(_decode(self._buffer.split(b"\n", 1)[0]))
        elif not chunk or len(self._buffer) > MAX_REQUEST_BYTES:
            self.finish()

    def finish(self) -> None:
        """Stop watching the connection and close it."""
        self._notifier.setEnabled(False)
        self._notifier.deleteLater()
        self._connection.close()
        self._owner.peers.discard(self)


class SingleInstance(QObject):
    """Listens on a per-profile local socket (signals: activated(dict) with the later launch's request)."""

    activated = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._unix = UNIX_SOCKETS and os.path.isabs(name)
        self._listener: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._server: QLocalServer | None = None
        self.peers: set[_Peer] = set()

    def hand_over(self, request: dict[str, object]) -> bool:
        """If another instance runs for this profile, send it the request and return True."""
        line = json.dumps(request).encode() + b"\n"
        handed = self._hand_over_unix(line) if self._unix else self._hand_over_qt(line)
        if handed:
            log.app.info("another instance is running for this profile; handed over to it")
        return handed

    def _hand_over_unix(self, line: bytes) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
            peer.settimeout(CONNECT_TIMEOUT_MS / 1000)
            try:
                peer.connect(self.name)
            except OSError:
                return False  # nobody listens (no file, or a file left behind by a crashed run)
            with contextlib.suppress(OSError):
                peer.sendall(line)
                peer.recv(16)  # the "ok", or the end of the wait
        return True

    def _hand_over_qt(self, line: bytes) -> bool:
        # Only where Unix sockets are not available (a named pipe on Windows).
        from PySide6.QtNetwork import QLocalSocket

        peer = QLocalSocket()
        peer.connectToServer(self.name)
        if not peer.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        peer.write(line)
        peer.flush()
        peer.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        peer.waitForReadyRead(CONNECT_TIMEOUT_MS)
        peer.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the instance others hand over to."""
        return self._listen_unix() if self._unix else self._listen_qt()

    def _listen_unix(self) -> bool:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                listener.bind(self.name)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                # A socket file left behind by a crashed run: nobody answered hand_over, so it is stale.
                os.unlink(self.name)
                listener.bind(self.name)
            # Its directory is the user's own already; the socket itself is too, as QLocalServer's
            # UserAccessOption would make it.
            os.chmod(self.name, 0o600)
            listener.listen(4)
        except OSError as exc:
            listener.close()
            log.app.warning("single-instance socket unavailable: %s", exc.strerror or exc)
            return False
        listener.setblocking(False)
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def _accept(self, *_args: Any) -> None:
        if self._listener is None:
            return
        try:
            connection, _address = self._listener.accept()
        except OSError:
            return
        self.peers.add(_Peer(connection, self))

    def _listen_qt(self) -> bool:
        # Only where Unix sockets are not available (a named pipe on Windows).
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.app.warning("single-instance socket unavailable: %s", server.errorString())
                return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    @Slot()
    def _on_new_connection(self) -> None:
        assert self._server is not None
        peer = self._server.nextPendingConnection()
        peer.readyRead.connect(lambda: self._read_qt(peer))
        peer.disconnected.connect(peer.deleteLater)

    def _read_qt(self, peer: QLocalSocket) -> None:
        if not peer.canReadLine():
            return
        request = _decode(bytes(peer.readLine().data()))
        peer.write(b"ok\n")
        peer.flush()
        self.activated.emit(request)

    def close(self) -> None:
        """Stop listening (the socket file goes with it)."""
        for peer in list(self.peers):
            peer.finish()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            with contextlib.suppress(OSError):
                os.unlink(self.name)
        if self._server is not None:
            self._server.close()
            self._server = None
