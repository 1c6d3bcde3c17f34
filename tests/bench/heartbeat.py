"""How the GUI-thread stall benchmarks see a stall: the gaps between heartbeats, and a clean slate per run."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QTimer

HEARTBEAT_MS = 5


class Heartbeat:
    """A timer beating every ``HEARTBEAT_MS`` on the GUI thread; ``gaps`` holds the ms between its beats."""

    def __init__(self, interval_ms: int = HEARTBEAT_MS) -> None:
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = self._clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        """Start beating; the first gap counts from now."""
        self._clock.start()
        self._last = self._clock.elapsed()
        self._timer.start()

    def stop(self) -> None:
        """Stop beating."""
        self._timer.stop()

    @property
    def longest(self) -> float:
        """The longest gap, in ms (0 without any)."""
        return max(self.gaps, default=0.0)


def drain_deletes() -> None:
    """Destroy the widgets of a finished run now, before the next run's heartbeat starts: left to the next
    run's event loop, tearing down thousands of rows would be counted as that run's stall."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
