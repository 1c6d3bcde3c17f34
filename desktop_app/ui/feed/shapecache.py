"""Antialiased shapes every feed row has, from cached pixmaps: the same pixels at a fraction of the cost.

The raster engine antialiases a rounded rectangle's whole outline each time, about a tenth of a millisecond
for a card, and a feed paints several per row. Its straight edges fall on whole pixels, so only the corners
need antialiasing: they are drawn once per colour and scale, and the rest is filled with plain rectangles.
A row's separator line (a translucent, antialiased stroke) is drawn once per length and colour, then copied,
and so is an org badge's dot.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap, QTransform

RADIUS = 6
_CORNERS_KEPT = 64
_LINES_KEPT = 16
_MOVED_ONLY = (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate)
_corners: dict[tuple[int, int, float], QPixmap] = {}
_lines: dict[tuple[int, int, float], QPixmap] = {}
_dots: dict[tuple[int, int, float, float], QPixmap] = {}


def _corner_pixmap(colour: QColor, radius: int, ratio: float) -> QPixmap:
    key = (colour.rgba(), radius, ratio)
    pixmap = _corners.get(key)
    if pixmap is None:
        if len(_corners) >= _CORNERS_KEPT:
            _corners.clear()
        side = 2 * radius
        pixmap, painter = _canvas(side, side, ratio)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(0, 0, side, side), radius, radius)
        painter.end()
        _corners[key] = pixmap
    return pixmap


def _whole_pixel_ratio(painter: QPainter) -> float | None:
    """The device pixel ratio when the painter maps whole logical pixels onto whole device pixels (moved,
    never scaled); None otherwise."""
    transform = painter.worldTransform()
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    if (
        transform.type() in _MOVED_ONLY
        and float(transform.dx()).is_integer()
        and float(transform.dy()).is_integer()
        and float(ratio).is_integer()
    ):
        return ratio
    return None


def _canvas(width: float, height: float, ratio: float) -> tuple[QPixmap, QPainter]:
    """A transparent pixmap of ``width`` x ``height`` logical pixels at the ratio, and an antialiased painter
    on it (end it once drawn)."""
    pixmap = QPixmap(round(width * ratio), round(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def fill_rounded(painter: QPainter, rect: QRect, colour: QColor, radius: int = RADIUS) -> None:
    """Fill the rectangle with rounded corners, antialiased and without an outline."""
    x, y, width, height = rect.x(), rect.y(), rect.width(), rect.height()
    antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
    small = width < 2 * radius or height < 2 * radius
    ratio = _whole_pixel_ratio(painter) if antialiased and not small else None
    if ratio is None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(rect), radius, radius)
        return
    corners = _corner_pixmap(colour, radius, ratio)
    side = round(radius * ratio)  # a corner, in the pixmap's own pixels
    right, bottom = x + width - radius, y + height - radius
    painter.drawPixmap(x, y, corners, 0, 0, side, side)
    painter.drawPixmap(right, y, corners, side, 0, side, side)
    painter.drawPixmap(x, bottom, corners, 0, side, side, side)
    painter.drawPixmap(right, bottom, corners, side, side, side, side)
    painter.fillRect(x + radius, y, width - 2 * radius, radius, colour)
    painter.fillRect(x, y + radius, width, height - 2 * radius, colour)
    painter.fillRect(x + radius, bottom, width - 2 * radius, radius, colour)


def _line_pixmap(length: int, colour: QColor, ratio: float) -> QPixmap:
    key = (length, colour.rgba(), ratio)
    pixmap = _lines.get(key)
    if pixmap is None:
        if len(_lines) >= _LINES_KEPT:
            _lines.clear()
        # A line along y = 1 from x = 1: its antialiased pen (square caps) reaches half a pixel either side.
        pixmap, painter = _canvas(length + 2, 2, ratio)
        painter.setPen(colour)
        painter.drawLine(1, 1, 1 + length, 1)
        painter.end()
        _lines[key] = pixmap
    return pixmap


def draw_hline(painter: QPainter, left: int, right: int, y: int, colour: QColor) -> None:
    """``drawLine`` from (left, y) to (right, y) with a one-pixel pen of the colour, antialiased."""
    antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
    ratio = _whole_pixel_ratio(painter) if antialiased and right >= left else None
    if ratio is None:
        painter.setPen(colour)
        painter.drawLine(left, y, right, y)
        return
    painter.drawPixmap(left - 1, y - 1, _line_pixmap(right - left, colour, ratio))


def _dot_pixmap(size: int, colour: QColor, fraction: float, ratio: float) -> QPixmap:
    key = (size, colour.rgba(), fraction, ratio)
    pixmap = _dots.get(key)
    if pixmap is None:
        if len(_dots) >= _CORNERS_KEPT:
            _dots.clear()
        pixmap, painter = _canvas(size, size + 1, ratio)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(0, fraction, size, size))
        painter.end()
        _dots[key] = pixmap
    return pixmap


def draw_dot(painter: QPainter, left: int, top: float, size: int, colour: QColor) -> None:
    """``drawEllipse(QRectF(left, top, size, size))`` in the colour, antialiased, without an outline."""
    whole = math.floor(top)
    antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
    ratio = _whole_pixel_ratio(painter) if antialiased else None
    if ratio is None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(left, top, size, size))
        return
    painter.drawPixmap(left, whole, _dot_pixmap(size, colour, top - whole, ratio))
