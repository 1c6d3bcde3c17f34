"""A non-modal bar across the window for errors and notices, in words for people."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_app.ui.shared import accents


class MessageBar(QWidget):
    """Shows one message at a time with an optional action (signals: dismissed())."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accents.message_box(self)
        self.setAccessibleName("Messages")
        self._text = QLabel(self)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action = QPushButton(self)
        self._close = QToolButton(self)
        self._close.setText("✕")
        self._close.setToolTip("Dismiss (Esc)")
        self._close.setAccessibleName("Dismiss message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._action)
        layout.addWidget(self._close)
        self._callback: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._connect_signals()
        self.hide()

    def _connect_signals(self) -> None:
        self._action.clicked.connect(self._on_action)
        self._close.clicked.connect(self.dismiss)
        self._timer.timeout.connect(self.dismiss)

    @property
    def text(self) -> str:
        """The message shown now ("" when hidden)."""
        return self._text.text() if self.isVisible() else ""

    def show_error(
        self, text: str, action_label: str | None = None, action: Callable[[], None] | None = None
    ) -> None:
        """Show an error until dismissed, with an optional action button."""
        self._show(text, "error", action_label, action, timeout_ms=0)

    def show_info(self, text: str, timeout_ms: int = 6000) -> None:
        """Show a notice that goes away by itself."""
        self._show(text, "info", None, None, timeout_ms)

    def _show(
        self,
        text: str,
        kind: str,
        action_label: str | None,
        action: Callable[[], None] | None,
        timeout_ms: int,
    ) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self._text.setText(text)
        self._callback = action
        self._action.setVisible(bool(action_label and action))
        self._action.setText(action_label or "")
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)
        self.show()

    @Slot()
    def dismiss(self) -> None:
        """Hide the bar."""
        self._timer.stop()
        self.hide()
        self.dismissed.emit()

    @Slot()
    def _on_action(self) -> None:
        callback = self._callback
        self.dismiss()
        if callback is not None:
            callback()
