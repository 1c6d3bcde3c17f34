"""The settings tab for notifications: which accounts notify, Do not disturb, keeping the app in the tray."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.activity.prefs import NotificationPrefs
from desktop_app.auth.account import Account

HOUR_S = 3600.0
OFF, HOUR, TOMORROW = range(3)


class NotificationsTab(QWidget):
    """Per-account notifications, Do not disturb and the tray choice (signals: changed())."""

    changed = Signal()

    def __init__(
        self,
        prefs: NotificationPrefs,
        accounts: Sequence[Account],
        *,
        tray_available: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._prefs = prefs
        self.account_boxes: dict[str, QCheckBox] = {}
        accounts_group = QGroupBox("Notify me about mentions, comments on my posts and posts to me in", self)
        accounts_layout = QVBoxLayout(accounts_group)
        for account in accounts:
            name = account.display_name or account.username
            box = QCheckBox(f"{account.org_name or account.org_id} — {name}", accounts_group)
            box.setToolTip(account.username)
            box.setChecked(prefs.enabled_for(account.key))
            box.toggled.connect(lambda on, key=account.key: self._set_account(key, on))
            accounts_layout.addWidget(box)
            self.account_boxes[account.key] = box
        if not accounts:
            accounts_layout.addWidget(QLabel("No accounts yet.", accounts_group))
        quiet_group = QGroupBox("Do not disturb", self)
        quiet_layout = QVBoxLayout(quiet_group)
        self.quiet_off = QRadioButton("O&ff", quiet_group)
        self.quiet_hour = QRadioButton("For 1 &hour", quiet_group)
        self.quiet_tomorrow = QRadioButton("Until &tomorrow", quiet_group)
        self.quiet_buttons = QButtonGroup(self)
        for index, button in (
            (OFF, self.quiet_off),
            (HOUR, self.quiet_hour),
            (TOMORROW, self.quiet_tomorrow),
        ):
            self.quiet_buttons.addButton(button, index)
            quiet_layout.addWidget(button)
        self.quiet_status = QLabel(quiet_group)
        quiet_layout.addWidget(self.quiet_status)
        self.keep_in_tray = QCheckBox("&Keep running in the tray when the window is closed", self)
        self.keep_in_tray.setChecked(prefs.keep_in_tray)
        self.keep_in_tray.setEnabled(tray_available)
        if not tray_available:
            self.keep_in_tray.setToolTip("This desktop has no system tray.")
        note = QLabel(
            "Unread counts and notifications come from a check of each account every few minutes "
            "(less often when the window is hidden, or when your org is near its daily API limit).",
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(accounts_group)
        layout.addWidget(quiet_group)
        layout.addWidget(self.keep_in_tray)
        layout.addWidget(note)
        layout.addStretch(1)
        self._show_quiet()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.quiet_buttons.idClicked.connect(self._on_quiet)
        self.keep_in_tray.toggled.connect(self._on_keep_in_tray)

    def _set_account(self, key: str, on: bool) -> None:
        self._prefs.set_enabled_for(key, on)
        self.changed.emit()

    @Slot(int)
    def _on_quiet(self, choice: int) -> None:
        if choice == HOUR:
            self._prefs.quiet_for(HOUR_S)
        elif choice == TOMORROW:
            self._prefs.quiet_until_tomorrow()
        else:
            self._prefs.end_quiet()
        self._show_quiet()
        self.changed.emit()

    @Slot(bool)
    def _on_keep_in_tray(self, on: bool) -> None:
        self._prefs.keep_in_tray = on
        self.changed.emit()

    def _show_quiet(self) -> None:
        until = self._prefs.quiet_until
        if until <= 0:
            self.quiet_off.setChecked(True)
            self.quiet_status.setText("Notifications are on.")
            return
        if not (self.quiet_hour.isChecked() or self.quiet_tomorrow.isChecked()):
            self.quiet_hour.setChecked(True)
        moment = datetime.fromtimestamp(until).strftime("%H:%M on %a %d %b")
        self.quiet_status.setText(f"No notifications until {moment}.")
