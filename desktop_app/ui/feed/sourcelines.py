"""The status lines over the merged timeline: one per account whose feed stopped, with what to do about it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.feed.merge import SourceStatus, Stop
from desktop_app.feed.richtext import plain_tooltip
from desktop_app.ui.feed.orgbadge import account_colour


class SourceLines(QWidget):
    """A line per stopped account (signals: sign_in_requested(account key), retry_requested())."""

    sign_in_requested = Signal(str)
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineStatus")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 6, 12, 6)
        self._layout.setSpacing(4)
        self._shown: list[SourceStatus] = []
        self.hide()

    @property
    def texts(self) -> list[str]:
        """The lines shown, as people read them."""
        return [status.text for status in self._shown]

    def show_statuses(self, statuses: Sequence[SourceStatus]) -> None:
        """Show these lines (none: the strip hides); unchanged lines are left as they are."""
        if list(statuses) == self._shown:
            return
        self._shown = list(statuses)
        while self._layout.count():
            taken = self._layout.takeAt(0)
            child = taken.widget() if taken is not None else None
            if child is not None:
                child.deleteLater()
        for status in statuses:
            self._layout.addWidget(self._line(status))
        self.setVisible(bool(statuses))

    def _line(self, status: SourceStatus) -> QWidget:
        line = QWidget(self)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        dot = QLabel("●", line)
        dot.setStyleSheet(f"color: {account_colour(status.account_key).name()};")
        label = QLabel(status.text, line)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(plain_tooltip(status.detail))
        label.setAccessibleName(status.text)
        signed_out = status.stop is Stop.SIGNED_OUT
        button = QPushButton("Sign in again" if signed_out else "Try again", line)
        if signed_out:
            button.clicked.connect(partial(self._ask_sign_in, status.account_key))
        else:
            button.clicked.connect(self.retry_requested)
        row.addWidget(dot)
        row.addWidget(label, 1)
        row.addWidget(button)
        return line

    def _ask_sign_in(self, key: str, _checked: bool = False) -> None:
        self.sign_in_requested.emit(key)
