"""A zero timer for work done a slice at a time, that lets everything already due go first.

A zero-interval QTimer fires in the event loop's next pass over timers, ahead of any timer that fell due
after it was started and, within that pass, right after the work that started it: slices of work (laying
out rows, appending a chunk of them) chained that way keep other timers waiting until the chain ends. A
NextTurn only starts again the first time it fires: Qt never fires a timer twice in one pass, so the
slice runs in the pass after, once timers already due, posted events (paints) and input had their turn.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot


class NextTurn(QObject):
    """Emits ``timeout`` once, after the event loop has had a full turn (signals: timeout)."""

    timeout = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fired)
        self._waited = False

    def start(self) -> None:
        """Fire after the next full turn (started again when pending: the turn counts from now)."""
        self._waited = False
        self._timer.start()

    def stop(self) -> None:
        """Do not fire."""
        self._timer.stop()

    def is_active(self) -> bool:
        """Whether it is going to fire."""
        return self._timer.isActive()

    @Slot()
    def _fired(self) -> None:
        if not self._waited:
            self._waited = True
            self._timer.start()
            return
        self._waited = False
        self.timeout.emit()
