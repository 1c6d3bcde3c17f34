"""Run work once a window has painted for the first time: what start-up can leave for later waits for it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window that never paints (started minimised, on a screen that is off) still gets its work done.
FALLBACK_MS = 1_500


class AfterFirstPaint(QObject):
    """Calls ``callback`` once, on the turn of the event loop after ``widget`` first painted.

    With ``ready``, only a paint after which ``ready()`` holds counts (the feed's first paint with posts in
    it, say); the fallback runs the callback either way.
    """

    def __init__(
        self,
        widget: QWidget,
        callback: Callable[[], None],
        fallback_ms: int = FALLBACK_MS,
        ready: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._ready = ready
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    @property
    def pending(self) -> bool:
        """True until the callback has run."""
        return self._callback is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first paint, schedule the callback: the children paint in the same pass, before it runs."""
        if (
            event.type() == QEvent.Type.Paint
            and self._callback is not None
            and (self._ready is None or self._ready())
        ):
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            self._widget.removeEventFilter(self)
            callback()
