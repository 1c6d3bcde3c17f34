"""Background watching wired to the window: the watcher, the notifier, the tray and the sidebar's badges.

Made by the composition root after the first feed paint. It follows the window (shown, hidden, active) so
the schedule slows down when nobody looks, and offers ``open_post`` for a clicked notification and
``unread_total_changed`` for whatever shows the total ("All accounts", the tray).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop_app.activity.grouping import Notice
from desktop_app.activity.prefs import NotificationPrefs, SettingsStore
from desktop_app.activity.schedule import WatchSchedule
from desktop_app.auth.account import Account
from desktop_app.ui.activity.notifier import DesktopNotifier
from desktop_app.ui.activity.tray import ActivityTray
from desktop_app.ui.activity.watcher import ActivityWatcher
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.window.mainwindow import MainWindow

_WINDOW_EVENTS = {
    QEvent.Type.Show,
    QEvent.Type.Hide,
    QEvent.Type.WindowStateChange,
    QEvent.Type.WindowActivate,
    QEvent.Type.WindowDeactivate,
}


class ActivityController(QObject):
    """Watcher, notifications and tray for one window.

    Signals: open_post(str key, str element_id), unread_total_changed(int), quit_requested().
    """

    open_post = Signal(str, str)
    unread_total_changed = Signal(int)
    quit_requested = Signal()

    def __init__(
        self,
        window: MainWindow,
        api: ApiService,
        settings: SettingsStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        schedule: WatchSchedule | None = None,
        use_dbus: bool = sys.platform.startswith("linux"),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self.watcher = ActivityWatcher(api, settings, clock=clock, schedule=schedule, parent=self)
        self.prefs: NotificationPrefs = self.watcher.prefs
        # No tray where the platform has none (the offscreen platform of tests, some Wayland desktops).
        self.tray = ActivityTray(self) if QSystemTrayIcon.isSystemTrayAvailable() else None
        self.notifier = DesktopNotifier(
            self.tray.icon if self.tray is not None else None, use_dbus=use_dbus, parent=self
        )
        if self.tray is not None:
            self.tray.show()
            window.keep_in_tray = lambda: self.prefs.keep_in_tray
        window.installEventFilter(self)
        self._connect_signals()
        self._follow_window()

    def _connect_signals(self) -> None:
        self.watcher.unread_changed.connect(self._window.sidebar.set_unread)
        self.watcher.unread_total_changed.connect(self.unread_total_changed)
        self.watcher.notices_ready.connect(self._on_notices)
        self.notifier.open_post.connect(self.open_post)
        if self.tray is not None:
            self.watcher.unread_total_changed.connect(self.tray.set_unread)
            self.tray.show_requested.connect(self._window.bring_to_front)
            self.tray.quit_requested.connect(self._quit)
            self.tray.quiet_requested.connect(self._on_quiet)

    def set_accounts(self, accounts: Iterable[Account], on_screen: str | None) -> None:
        """Watch these accounts; ``on_screen`` is the one whose feed is shown."""
        self.watcher.set_accounts(accounts)
        self.watcher.set_on_screen(on_screen)

    @property
    def unread_total(self) -> int:
        """Unread posts across every account."""
        return self.watcher.unread_total

    @Slot(object)
    def _on_notices(self, notices: list[Notice]) -> None:
        for notice in notices:
            self.notifier.show(notice)

    @Slot(str)
    def _on_quiet(self, choice: str) -> None:
        if choice == "hour":
            self.prefs.quiet_for(3600)
        elif choice == "tomorrow":
            self.prefs.quiet_until_tomorrow()
        else:
            self.prefs.end_quiet()

    @Slot()
    def _quit(self) -> None:
        self._window.quit()
        self.quit_requested.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the window: shown or hidden, minimized, active."""
        if watched is self._window and event.type() in _WINDOW_EVENTS:
            self._follow_window()
        return False

    def _follow_window(self) -> None:
        window = self._window
        hidden = not window.isVisible() or window.isMinimized()
        self.watcher.set_window(hidden=hidden, active=window.isActiveWindow())

    def stop(self) -> None:
        """Stop checking, notifying and showing the tray icon."""
        self._window.removeEventFilter(self)
        self._window.keep_in_tray = None
        self.watcher.stop()
        self.notifier.stop()
        if self.tray is not None:
            self.tray.hide()
