"""Painting a laid-out feed post or the status row with the palette's colours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)

from desktop_app.api.models import FeedItem
from desktop_app.feed.richtext import relative_time
from desktop_app.ui.feed.feedlayout import MARGIN, PHOTO, SMALL_PHOTO, PostLayout, Target, error_colour, soft
from desktop_app.ui.feed.feedmodel import Footer, PostState

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

PhotoSource = Callable[[str | None, str, int], QPixmap]
"""(photo url, person's name, size) -> the photo or a placeholder with initials."""


class Brush:
    """Fonts and colours of one paint call."""

    def __init__(self, painter: QPainter, font: QFont, palette: QPalette) -> None:
        self.painter = painter
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.palette = palette
        self.text = palette.color(QPalette.ColorRole.Text)
        self.secondary = soft(self.text, 150)
        self.link = palette.color(QPalette.ColorRole.Link)

    def write(self, rect: QRect, text: str, colour: QColor, *, bold: bool = False, align: Any = LEFT) -> None:
        """One line of text, elided to the rectangle."""
        font = self.bold if bold else self.font
        self.painter.setFont(font)
        self.painter.setPen(colour)
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        self.painter.drawText(rect, align, shown)

    def document(self, doc: QTextDocument, rect: QRectF) -> None:
        """A laid-out text document, clipped to the rectangle."""
        self.painter.save()
        self.painter.translate(rect.topLeft())
        clip = QRectF(0, 0, rect.width(), rect.height())
        self.painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = QPalette(self.palette)
        context.clip = clip
        doc.documentLayout().draw(self.painter, context)
        self.painter.restore()


def _parent_text(item: FeedItem) -> str:
    if item.parent_name and item.parent_id and item.parent_id != item.actor.id:
        return f"to {item.parent_name}"
    return ""


def _paint_names(brush: Brush, rect: QRect, name: str, extra: str) -> None:
    brush.write(rect, name, brush.text, bold=True)
    used = min(rect.width(), QFontMetrics(brush.bold).horizontalAdvance(name))
    if extra and used + 40 < rect.width():
        brush.write(rect.adjusted(used, 0, 0, 0), f" {extra}", brush.secondary)


def _paint_entry(brush: Brush, rect: QRect, state: PostState, hovered: bool) -> None:
    brush.painter.setPen(soft(brush.text, 110 if hovered else 60))
    brush.painter.setBrush(brush.palette.color(QPalette.ColorRole.Base))
    brush.painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
    label = "Sending comment…" if state.sending_comment else state.comment_draft or "Write a comment…"
    brush.write(rect.adjusted(10, 0, -10, 0), label, soft(brush.text, 200 if state.comment_draft else 130))


def _paint_fade(brush: Brush, body: QRectF) -> None:
    fade = QRectF(body.left(), body.bottom() - 24, body.width(), 24)
    gradient = QLinearGradient(fade.topLeft(), fade.bottomLeft())
    base = brush.palette.color(QPalette.ColorRole.Base)
    gradient.setColorAt(0, soft(base, 0))
    gradient.setColorAt(1, base)
    brush.painter.fillRect(fade, gradient)


def paint_post(
    brush: Brush,
    layout: PostLayout,
    *,
    item: FeedItem,
    state: PostState,
    photo: PhotoSource,
    hovered: Callable[[Target], bool],
) -> None:
    """Draw a post whose row starts at the painter's origin."""
    painter = brush.painter
    actor = item.actor
    url = actor.photo.best_small if actor.photo else item.photo_url
    painter.drawPixmap(layout.photo, photo(url, actor.display_name, PHOTO))
    _paint_names(brush, layout.name, actor.display_name, _parent_text(item))
    brush.write(layout.time, relative_time(item.created), brush.secondary, align=RIGHT)
    brush.document(layout.doc, layout.body)
    if layout.folded:
        _paint_fade(brush, layout.body)
    if layout.more is not None:
        brush.font.setUnderline(hovered(Target.MORE))
        brush.write(layout.more, "Show more" if layout.folded else "Show less", brush.link)
        brush.font.setUnderline(False)
    for target, rect, label in layout.buttons:
        active = target is Target.LIKE and item.liked_by_me
        if hovered(target) and not state.busy:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(soft(brush.text, 22))
            painter.drawRoundedRect(QRectF(rect), 6, 6)
        colour = brush.link if active else soft(brush.text, 190)
        shown = soft(colour, 90) if state.busy else colour
        brush.write(rect, label, shown, bold=active, align=Qt.AlignmentFlag.AlignCenter)
    if layout.note is not None:
        painter.setFont(brush.font)
        painter.setPen(error_colour(brush.palette))
        painter.drawText(layout.note, Qt.TextFlag.TextWordWrap, state.note)
    for entry in layout.comments:
        user = entry.comment.user
        url = user.photo.best_small if user.photo else None
        painter.drawPixmap(entry.photo, photo(url, user.display_name, SMALL_PHOTO))
        brush.write(entry.name, user.display_name, brush.text, bold=True)
        brush.write(entry.time, relative_time(entry.comment.created), brush.secondary, align=RIGHT)
        brush.document(entry.doc, entry.body)
    if layout.loading is not None:
        brush.write(layout.loading, "Loading comments…", brush.secondary)
    if layout.entry is not None:
        _paint_entry(brush, layout.entry, state, hovered(Target.COMMENT))


def paint_footer(brush: Brush, footer: Footer, label: str, rect: QRect, retry_hovered: bool) -> None:
    """Draw the status row: its words, and "Try again" after a failure."""
    if footer is not Footer.ERROR:
        brush.write(rect, label, brush.secondary, align=Qt.AlignmentFlag.AlignCenter)
        return
    metrics = QFontMetrics(brush.font)
    retry = "Try again"
    total = metrics.horizontalAdvance(f"{label}   {retry}")
    x = max(MARGIN, (rect.width() - total) // 2)
    brush.write(QRect(x, 0, rect.width() - x, rect.height()), label, error_colour(brush.palette))
    x += metrics.horizontalAdvance(f"{label}   ")
    brush.font.setUnderline(retry_hovered)
    brush.write(QRect(x, 0, rect.width() - x, rect.height()), retry, brush.link)
    brush.font.setUnderline(False)
