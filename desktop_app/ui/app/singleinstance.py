"""One running app per profile: a second launch hands its request to the first one and exits."""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_app import log

CONNECT_TIMEOUT_MS = 500


class SingleInstance(QObject):
    """Listens on a per-profile local socket (signals: activated(dict) with the later launch's request)."""

    activated = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None

    def hand_over(self, request: dict[str, object]) -> bool:
        """If another instance runs for this profile, send it the request and return True."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(json.dumps(request).encode() + b"\n")
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        log.app.info("another instance is running for this profile; handed over to it")
        return True

    def listen(self) -> bool:
        """Become the instance others hand over to."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A socket file left behind by a crashed run: nobody answered hand_over, so it is stale.
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
        socket = self._server.nextPendingConnection()
        socket.readyRead.connect(lambda: self._read(socket))
        socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        try:
            request = json.loads(bytes(socket.readLine().data()).decode())
        except (UnicodeDecodeError, json.JSONDecodeError):
            request = {}
        socket.write(b"ok\n")
        socket.flush()
        self.activated.emit(request if isinstance(request, dict) else {})

    def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()
            self._server = None
