"""Desktop notifications through the freedesktop notification service (``org.freedesktop.Notifications``).

``Notify`` takes ``(s app_name, u replaces_id, s app_icon, s summary, s body, as actions, a{sv} hints,
i expire_timeout)`` and servers check the types strictly. PySide6 marshals a Python int as ``i`` or ``q``,
never as ``u``, and its typed way round (an introspected ``QDBusInterface``) blocks on an introspection
that can deadlock with the interpreter lock. So the call is marshalled with ``jeepney`` (pure Python, the
D-Bus library the keyring already uses on Linux) with its exact signature, on a thread of its own, never on
the GUI thread. Clicks and closes come back as the service's ``ActionInvoked`` and ``NotificationClosed``
signals, received with QtDBus on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import SLOT, QObject, QThread, Signal, Slot
from PySide6.QtDBus import QDBusConnection

from desktop_app import APP_NAME, log

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
DEFAULT_ACTION = "default"
CALL_TIMEOUT_MS = 3000
"""A notification server that does not answer in this time is taken as absent (the tray says it instead)."""
DESKTOP_ENTRY = "connect-desktop"


def plain_body(text: str) -> str:
    """Body text safe from servers that read markup: ``<``, ``>``, ``&`` escaped, control characters gone."""
    cleaned = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


NOTIFY_SIGNATURE = "susssasa{sv}i"


class _Sender(QObject):
    """Makes the blocking ``Notify`` calls on the notification thread (signals: sent(int serial, int id))."""

    sent = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self._connection: Any = None

    @Slot(int, str, str)
    def notify(self, serial: int, summary: str, body: str) -> None:
        """Send one notification; ``sent`` carries the server's id, or 0 when it could not be shown."""
        self.sent.emit(serial, self._notify(summary, body))

    def _notify(self, summary: str, body: str) -> int:
        # jeepney loads on this thread, with the first notification: no part of start-up.
        from jeepney import DBusAddress, DBusErrorResponse, MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        address = DBusAddress(PATH, bus_name=SERVICE, interface=INTERFACE)
        arguments = (
            APP_NAME,
            0,
            "",
            summary,
            plain_body(body),
            [DEFAULT_ACTION, "Open"],
            {"desktop-entry": ("s", DESKTOP_ENTRY)},
            -1,
        )
        try:
            if self._connection is None:
                self._connection = open_dbus_connection(bus="SESSION")
            message = new_method_call(address, "Notify", NOTIFY_SIGNATURE, arguments)
            reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_MS / 1000)
        except (OSError, KeyError, ValueError, TimeoutError, DBusErrorResponse) as exc:
            # No session bus, no notification service on it, or a service that did not answer in time.
            log.ui.info("a notification could not be shown: %s", type(exc).__name__)
            self.close()
            return 0
        if reply.header.message_type is not MessageType.method_return or not reply.body:
            log.ui.info("the notification service refused Notify")
            return 0
        value = reply.body[0]
        return int(value) if isinstance(value, int) else 0

    @Slot()
    def close(self) -> None:
        """Close the bus connection (on the notification thread)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()


class DBusNotifications(QObject):
    """The GUI thread's handle on the notification service.

    Signals: shown(int serial, int id) — 0 when it could not be shown; invoked(int id, str action);
    closed(int id).
    """

    shown = Signal(int, int)
    invoked = Signal(int, str)
    closed = Signal(int)

    _send = Signal(int, str, str)
    _close = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("notifications")
        self._sender = _Sender()
        self._sender.moveToThread(self._thread)
        self._thread.finished.connect(self._sender.deleteLater)
        self._send.connect(self._sender.notify)
        self._close.connect(self._sender.close)
        self._sender.sent.connect(self.shown)
        bus = QDBusConnection.sessionBus()
        # The stubs ask for bytes, but PySide6 6.11 accepts only the str that SLOT() gives.
        self.listening = bus.isConnected() and all(
            bus.connect(SERVICE, PATH, INTERFACE, name, self, slot)  # type: ignore[call-overload]
            for name, slot in (
                ("ActionInvoked", SLOT("_on_action_invoked(uint,QString)")),
                ("NotificationClosed", SLOT("_on_closed(uint,uint)")),
            )
        )

    def notify(self, serial: int, summary: str, body: str) -> None:
        """Ask for a notification; ``shown(serial, id)`` tells how it went."""
        if not self._thread.isRunning():
            self._thread.start()  # with the first notification: most runs of the app never need it
        self._send.emit(serial, summary, body)

    @Slot("uint", str)
    def _on_action_invoked(self, notification_id: int, action: str) -> None:
        self.invoked.emit(int(notification_id), action)

    @Slot("uint", "uint")
    def _on_closed(self, notification_id: int, _reason: int) -> None:
        self.closed.emit(int(notification_id))

    def stop(self) -> None:
        """End the notification thread (waits for a call under way, at most its timeout)."""
        if not self._thread.isRunning():
            return
        self._close.emit()
        self._thread.quit()
        self._thread.wait(CALL_TIMEOUT_MS + 1000)
