"""The tray icon: the unread total on the app's icon, and a menu to show the window, be quiet, or quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from desktop_app import APP_NAME
from desktop_app.ui.window.unreadbadge import badge_text

ICON_SIZE = 64


def icon_with_count(base: QIcon, count: int, size: int = ICON_SIZE) -> QIcon:
    """The app's icon with the unread count in a red disc at its top right (the plain icon for 0)."""
    pixmap = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
    if base.isNull():
        pixmap.fill(QColor("#1b6fd6"))
    if count <= 0:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QRectF(size * 0.42, 0, size * 0.58, size * 0.58)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d93025"))
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * (0.34 if count < 10 else 0.26)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, badge_text(count))
    painter.end()
    return QIcon(pixmap)


class ActivityTray(QObject):
    """The tray icon and its menu (signals: show_requested(), quit_requested(), quiet_requested(str))."""

    show_requested = Signal()
    quit_requested = Signal()
    quiet_requested = Signal(str)
    """"hour", "tomorrow" or "off"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base = QApplication.windowIcon()
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.show_action = QAction("&Show Connect Desktop", self)
        self.quiet_hour_action = QAction("Do not disturb for 1 &hour", self)
        self.quiet_tomorrow_action = QAction("Do not disturb until &tomorrow", self)
        self.quiet_off_action = QAction("Notifications &on", self)
        self.quit_action = QAction("&Quit", self)
        self.menu.addAction(self.show_action)
        self.menu.addSeparator()
        self.menu.addActions([self.quiet_hour_action, self.quiet_tomorrow_action, self.quiet_off_action])
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.set_unread(0)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.show_action.triggered.connect(self.show_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.quiet_hour_action.triggered.connect(lambda: self.quiet_requested.emit("hour"))
        self.quiet_tomorrow_action.triggered.connect(lambda: self.quiet_requested.emit("tomorrow"))
        self.quiet_off_action.triggered.connect(lambda: self.quiet_requested.emit("off"))
        self.icon.activated.connect(self._on_activated)

    @Slot(int)
    def set_unread(self, total: int) -> None:
        """Show the unread total on the icon and in its tooltip."""
        self.icon.setIcon(icon_with_count(self._base, total))
        self.icon.setToolTip(f"{APP_NAME} — {total} unread" if total else APP_NAME)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()

    def show(self) -> None:
        """Put the icon in the tray."""
        self.icon.show()

    def hide(self) -> None:
        """Take the icon out of the tray."""
        self.icon.hide()
