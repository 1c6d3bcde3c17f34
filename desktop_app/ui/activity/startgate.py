"""Runs something once the first feed rows are painted (or after a while, when no feed ever paints).

Background work that is not needed for the first screen waits for it: start-up time is budgeted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

FALLBACK_MS = 5000
"""With no account, or a feed that fails, the work starts this long after the gate was set."""


class AfterFirstPaint(QObject):
    """Calls ``then`` once: after the list's first paint with rows, or after ``fallback_ms``."""

    def __init__(
        self, view: QAbstractItemView, then: Callable[[], object], fallback_ms: int = FALLBACK_MS
    ) -> None:
        super().__init__(view)
        self._view = view
        self._then: Callable[[], object] | None = then
        view.viewport().installEventFilter(self)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._fire)
        self._fallback.start(fallback_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fire on the turn after the first paint that shows rows."""
        model = self._view.model()
        if event.type() == QEvent.Type.Paint and model is not None and model.rowCount() > 0:
            # After the paint, not inside it: whatever starts must not delay the pixels.
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._fallback.stop()
        self._view.viewport().removeEventFilter(self)
        then()
