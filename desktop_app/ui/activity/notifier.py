"""Desktop notifications for what needs the person, and the click that opens the post they are about.

On Linux they go to the freedesktop notification service (``dbusnotify``); elsewhere, or when no service
is on the session bus, the tray icon's balloon says them instead. Either way a click emits
``open_post(account_key, element_id)``.
"""

from __future__ import annotations

import itertools
import sys

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QSystemTrayIcon

from desktop_app import log
from desktop_app.activity.grouping import Notice
from desktop_app.ui.activity.dbusnotify import DEFAULT_ACTION, DBusNotifications

TRAY_MESSAGE_MS = 8000


class DesktopNotifier(QObject):
    """Shows notices (signals: open_post(str key, str element_id), delivered(Notice, str how))."""

    open_post = Signal(str, str)
    delivered = Signal(object, str)
    """A notice was shown: how is "dbus" or "tray"; "none" when neither could show it."""

    def __init__(
        self,
        tray: QSystemTrayIcon | None = None,
        *,
        use_dbus: bool = sys.platform.startswith("linux"),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tray = tray
        self._serials = itertools.count(1)
        self._waiting: dict[int, Notice] = {}
        self._shown: dict[int, Notice] = {}
        self._last_in_tray: Notice | None = None
        self._dbus = DBusNotifications(self) if use_dbus else None
        self._connect_signals()

    def _connect_signals(self) -> None:
        if self._dbus is not None:
            self._dbus.shown.connect(self._on_shown)
            self._dbus.invoked.connect(self._on_invoked)
            self._dbus.closed.connect(self._on_closed)
        if self._tray is not None:
            self._tray.messageClicked.connect(self._on_tray_clicked)

    def set_tray(self, tray: QSystemTrayIcon | None) -> None:
        """The tray icon whose balloon stands in when the notification service is missing."""
        if self._tray is not None:
            self._tray.messageClicked.disconnect(self._on_tray_clicked)
        self._tray = tray
        if tray is not None:
            tray.messageClicked.connect(self._on_tray_clicked)

    def show(self, notice: Notice) -> None:
        """Show one notice."""
        if self._dbus is None:
            self._show_in_tray(notice)
            return
        serial = next(self._serials)
        self._waiting[serial] = notice
        self._dbus.notify(serial, notice.summary, notice.body)

    @Slot(int, int)
    def _on_shown(self, serial: int, notification_id: int) -> None:
        notice = self._waiting.pop(serial, None)
        if notice is None:
            return
        if notification_id:
            self._shown[notification_id] = notice
            self.delivered.emit(notice, "dbus")
        else:
            self._show_in_tray(notice)

    def _show_in_tray(self, notice: Notice) -> None:
        if self._tray is None or not self._tray.isVisible():
            log.ui.info("a notification could not be shown: no notification service and no tray")
            self.delivered.emit(notice, "none")
            return
        self._last_in_tray = notice
        # The balloon shows plain text on every platform.
        self._tray.showMessage(
            notice.summary, notice.body, QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS
        )
        self.delivered.emit(notice, "tray")

    @Slot(int, str)
    def _on_invoked(self, notification_id: int, action: str) -> None:
        notice = self._shown.pop(notification_id, None)
        if notice is not None and action in (DEFAULT_ACTION, "open"):
            self.open_post.emit(notice.account_key, notice.element_id)

    @Slot(int)
    def _on_closed(self, notification_id: int) -> None:
        self._shown.pop(notification_id, None)

    @Slot()
    def _on_tray_clicked(self) -> None:
        notice, self._last_in_tray = self._last_in_tray, None
        if notice is not None:
            self.open_post.emit(notice.account_key, notice.element_id)

    def stop(self) -> None:
        """Stop the notification thread."""
        if self._dbus is not None:
            self._dbus.stop()
