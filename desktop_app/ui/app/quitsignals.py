"""Quit cleanly on SIGTERM (the session ending, a service manager) and SIGINT (Ctrl+C in a terminal).

The window then saves its size and place and the workers stop, as when the person quits from the menu.
Python runs signal handlers only between its own instructions, never while Qt's event loop waits, so the
handler does nothing itself: the signal's wake-up byte on a socket pair wakes the loop, which quits.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from desktop_app import log

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _noted(_signum: int, _frame: FrameType | None) -> None:
    """Python's part of the signal: nothing, the wake-up byte carries it to the event loop."""


class QuitOnSignals(QObject):
    """Calls ``quit_app`` on the event loop when SIGINT or SIGTERM arrives; ``close`` puts things back.

    A signal that comes before the event loop runs is acted on once it does, with the ``quit_app`` of then.
    """

    def __init__(self, quit_app: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.quit_app = quit_app
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Any] = {number: signal.signal(number, _noted) for number in SIGNALS}
        self._notifier: QSocketNotifier | None = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._on_wakeup)

    def _on_wakeup(self, *_args: Any) -> None:
        try:
            received = self._reader.recv(64)
        except OSError:
            return
        names = sorted({signal.Signals(number).name for number in received if number in SIGNALS})
        if names:
            log.app.info("%s received: quitting", " and ".join(names))
            self.quit_app()

    def close(self) -> None:
        """Stop listening; the handlers that were there before come back."""
        if self._notifier is None:
            return
        self._notifier.setEnabled(False)
        self._notifier = None
        with contextlib.suppress(ValueError):  # only the main thread may set these
            signal.set_wakeup_fd(self._previous_fd)
            for number, handler in self._previous.items():
                signal.signal(number, handler)
        self._reader.close()
        self._writer.close()
