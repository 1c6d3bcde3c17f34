"""The unread count drawn as a small pill at the right of an account in the sidebar."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

UNREAD_ROLE = Qt.ItemDataRole.UserRole + 2
BADGE_HEIGHT = 18
MAX_SHOWN = 99


def badge_text(count: int) -> str:
    """What the pill says: the count, or "99+"."""
    return f"{MAX_SHOWN}+" if count > MAX_SHOWN else str(count)


class UnreadBadgeDelegate(QStyledItemDelegate):
    """Paints the row as usual, then its unread count (``UNREAD_ROLE``) in a pill on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The row, with room kept on the right for the pill."""
        count = index.data(UNREAD_ROLE)
        if not isinstance(count, int) or count <= 0:
            super().paint(painter, option, index)
            return
        text = badge_text(count)
        metrics = option.fontMetrics
        width = max(BADGE_HEIGHT, metrics.horizontalAdvance(text) + 10)
        row = QStyleOptionViewItem(option)
        row.rect = option.rect.adjusted(0, 0, -(width + 8), 0)
        super().paint(painter, row, index)
        pill = QRect(
            option.rect.right() - width - 4,
            option.rect.center().y() - BADGE_HEIGHT // 2,
            width,
            BADGE_HEIGHT,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(option.palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(pill, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
        painter.setPen(QColor(option.palette.color(QPalette.ColorRole.HighlightedText)))
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
