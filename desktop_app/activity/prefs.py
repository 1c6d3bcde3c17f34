"""The person's notification choices, kept in the settings file: per account on/off, Do not disturb, tray.

Do not disturb is kept as a wall-clock time (seconds since the epoch) so it survives a restart; "until
tomorrow" ends at the next local midnight.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

NOTIFY_OFF = "activity_notify_off"
"""Account keys whose notifications are off."""
QUIET_UNTIL = "activity_quiet_until"
"""Do not disturb until this time (epoch seconds); 0 when off."""
KEEP_IN_TRAY = "activity_keep_in_tray"
"""Keep running in the tray when the window is closed (off by default)."""
SEEN = "activity_seen"
"""Per account: what the watcher knows (see ``activity.seen``); never a token."""


class SettingsStore(Protocol):
    """What the preferences need of ``storage.settings.Settings``."""

    def get(self, key: str, default: Any = ...) -> Any:
        """The stored value or ``default``."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Store a value."""
        ...


def next_midnight(now: float) -> float:
    """The next local midnight after ``now`` (epoch seconds)."""
    today = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (today + timedelta(days=1)).timestamp()


class NotificationPrefs:
    """Reads and writes the notification choices (one settings key each)."""

    def __init__(self, settings: SettingsStore, clock: Callable[[], float] = time.time) -> None:
        self._settings = settings
        self._clock = clock

    def enabled_for(self, key: str) -> bool:
        """True unless notifications of this account were turned off."""
        off = self._settings.get(NOTIFY_OFF, [])
        return not (isinstance(off, list) and key in off)

    def set_enabled_for(self, key: str, enabled: bool) -> None:
        """Turn an account's notifications on or off."""
        off = self._settings.get(NOTIFY_OFF, [])
        keys = [k for k in off if isinstance(k, str) and k != key] if isinstance(off, list) else []
        if not enabled:
            keys.append(key)
        self._settings.set(NOTIFY_OFF, keys)

    @property
    def quiet_until(self) -> float:
        """When Do not disturb ends (epoch seconds), 0 when it is off or over."""
        value = self._settings.get(QUIET_UNTIL, 0)
        until = float(value) if isinstance(value, int | float) else 0.0
        return until if until > self._clock() else 0.0

    @property
    def quiet(self) -> bool:
        """True while Do not disturb is on."""
        return self.quiet_until > 0

    def quiet_for(self, seconds: float) -> None:
        """Do not disturb for ``seconds`` from now."""
        self._settings.set(QUIET_UNTIL, self._clock() + seconds)

    def quiet_until_tomorrow(self) -> None:
        """Do not disturb until the next local midnight."""
        self._settings.set(QUIET_UNTIL, next_midnight(self._clock()))

    def end_quiet(self) -> None:
        """Do not disturb off."""
        self._settings.set(QUIET_UNTIL, 0)

    def should_notify(self, key: str) -> bool:
        """True when a notification for this account may be shown now."""
        return self.enabled_for(key) and not self.quiet

    @property
    def keep_in_tray(self) -> bool:
        """Keep running in the tray when the window is closed."""
        return self._settings.get(KEEP_IN_TRAY, False) is True

    @keep_in_tray.setter
    def keep_in_tray(self, value: bool) -> None:
        self._settings.set(KEEP_IN_TRAY, bool(value))
