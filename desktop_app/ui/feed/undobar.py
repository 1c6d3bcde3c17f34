"""A bar over the bottom of the feed offering to undo what just happened (a mute), for a few seconds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

UNDO_MS = 10_000


class UndoBar(QFrame):
    """Words and an Undo button (Ctrl+Z) floating at the bottom of its parent; hides itself after a while."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # Tool tip colours: a dark bar on a light feed and the other way round, as a floating note reads best.
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.button = QPushButton("Undo", self)
        self.button.setToolTip("Undo (Ctrl+Z)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._undo: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UNDO_MS)
        self._shortcut = QShortcut(QKeySequence.StandardKey.Undo, parent)
        self._shortcut.setEnabled(False)
        self._timer.timeout.connect(self.dismiss)
        self.button.clicked.connect(self.undo)
        self._shortcut.activated.connect(self.undo)
        self.hide()

    def offer(self, words: str, undo: Callable[[], None]) -> None:
        """Show the words with Undo, which calls ``undo`` once."""
        self.label.setText(words)
        self._undo = undo
        self._shortcut.setEnabled(True)
        self.adjustSize()
        self.place()
        self.show()
        self.raise_()
        self._timer.start()

    @Slot()
    def undo(self) -> None:
        """Undo what the bar offered, if it still does."""
        undo, self._undo = self._undo, None
        self.dismiss()
        if undo is not None:
            undo()

    @Slot()
    def dismiss(self) -> None:
        """Hide the bar; Undo is no longer offered."""
        self._undo = None
        self._shortcut.setEnabled(False)
        self._timer.stop()
        self.hide()

    def place(self) -> None:
        """Centre the bar near the bottom of its parent."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(parent.width() - 24, max(self.sizeHint().width(), 420))
        self.resize(width, self.sizeHint().height())
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 12)
