"""A notification service for tests: ``org.freedesktop.Notifications`` on the test's private session bus.

It records every ``Notify`` call and can emit ``ActionInvoked`` / ``NotificationClosed`` as a desktop's
notification server does when the person clicks or dismisses one. It registers on a connection of its own,
so the app's calls really cross the bus.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import ClassInfo, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


@dataclass(frozen=True)
class Notified:
    """One recorded Notify call."""

    id: int
    app_name: str
    replaces_id: int
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, object]
    timeout: int


def session_bus_available() -> bool:
    """True inside a D-Bus session (``sh .ci/with-keyring`` starts a private one).

    Only the environment is looked at: a bus connection made before the QApplication exists misbehaves.
    """
    return bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS"))


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class RecordingNotifications(QObject):
    """Records notifications; ``click(id)`` and ``dismiss(id)`` answer like a notification server."""

    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Notified] = []
        self._bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, "test-notifications")
        options = (
            QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
        )
        if not self._bus.registerObject(PATH, self, options):
            raise RuntimeError(f"could not register {PATH}: {self._bus.lastError().message()}")
        if not self._bus.registerService(SERVICE):
            raise RuntimeError(f"could not own {SERVICE}: {self._bus.lastError().message()}")

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(  # noqa: PLR0917 - the specification's eight arguments, in its order
        self,
        app_name: str,
        replaces_id: int,
        icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, object],
        timeout: int,
    ) -> int:
        """Record the notification and return its id."""
        notified = Notified(
            len(self.calls) + 1, app_name, replaces_id, summary, body, list(actions), dict(hints), timeout
        )
        self.calls.append(notified)
        return notified.id

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        """Actions and body text, no markup."""
        return ["actions", "body"]

    def click(self, notification_id: int, action: str = "default") -> None:
        """The person clicked the notification."""
        self.ActionInvoked.emit(notification_id, action)

    def dismiss(self, notification_id: int) -> None:
        """The person dismissed it (reason 2)."""
        self.NotificationClosed.emit(notification_id, 2)

    def close(self) -> None:
        """Leave the bus."""
        self._bus.unregisterService(SERVICE)
        self._bus.unregisterObject(PATH)
        QDBusConnection.disconnectFromBus("test-notifications")
