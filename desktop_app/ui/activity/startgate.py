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
        self._viewport = view.viewport()
        self._then: Callable[[], object] | None = then
        self._viewport.installEventFilter(self)
        view.destroyed.connect(self._disarm)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._fire)
        self._fallback.start(fallback_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fire on the turn after the first paint that shows rows."""
        if self._then is None or event.type() != QEvent.Type.Paint:
            return False
        model = self._view.model()
        if model is not None and model.rowCount() > 0:
            # After the paint, not inside it: whatever starts must not delay the pixels.
            QTimer.singleShot(0, self._fire)
        return False

    def _disarm(self) -> None:
        """The list went (the window closed first): nothing starts."""
        self._then = None

    def _fire(self) -> None:
        if self._then is None or not self._view.window().isVisible():
            return  # a window closed before its first paint starts nothing
        then, self._then = self._then, None
        self._fallback.stop()
        self._viewport.removeEventFilter(self)
        then()
