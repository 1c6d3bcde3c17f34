"""What every feed row laid out and painted with one font and palette shares: fonts, widths, colours.

Row after row measures, elides and draws the same words ("Comment", "♡ Like", names, ages): their widths,
elided forms and laid-out glyphs (QStaticText) are kept here instead of being worked out again for each row
and each paint.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QStaticText,
    QTransform,
)

_STYLES_KEPT = 8
_TEXTS_KEPT = 4096
_ALIGNMENTS = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
}


class Face(IntEnum):
    """Which of the row font's faces text is in."""

    PLAIN = 0
    BOLD = 1
    UNDERLINED = 2


class RowStyle:
    """One font's faces and metrics and one palette's colours, with the widths and elisions asked so far."""

    def __init__(self, font: QFont, palette: QPalette) -> None:
        bold, underlined = QFont(font), QFont(font)
        bold.setBold(True)
        underlined.setUnderline(True)
        self.fonts = (QFont(font), bold, underlined)
        self.metrics = tuple(QFontMetrics(face) for face in self.fonts)
        self._exact = tuple(QFontMetricsF(face) for face in self.fonts)
        self.palette = QPalette(palette)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.secondary = QColor(self.text)
        self.secondary.setAlpha(150)
        self.link = palette.color(QPalette.ColorRole.Link)
        self.context = QAbstractTextDocumentLayout.PaintContext()
        self.context.palette = self.palette
        self._widths: dict[tuple[str, Face], int] = {}
        self._elided: dict[tuple[str, Face, int], str] = {}
        self._static: dict[tuple[str, Face], tuple[QStaticText, float, float]] = {}
        self._faded: dict[int, QColor] = {}

    def faded(self, alpha: int) -> QColor:
        """The text colour with another alpha, for secondary text and lines."""
        colour = self._faded.get(alpha)
        if colour is None:
            colour = self._faded[alpha] = QColor(self.text)
            colour.setAlpha(alpha)
        return colour

    def width(self, text: str, face: Face = Face.PLAIN) -> int:
        """How wide one line of text is."""
        key = (text, face)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= _TEXTS_KEPT:
                self._widths.clear()
            width = self._widths[key] = self.metrics[face].horizontalAdvance(text)
        return width

    def elided(self, text: str, face: Face, width: int) -> str:
        """The text cut with an ellipsis to fit the width (itself when it fits)."""
        key = (text, face, width)
        shown = self._elided.get(key)
        if shown is None:
            if len(self._elided) >= _TEXTS_KEPT:
                self._elided.clear()
            shown = self.metrics[face].elidedText(text, Qt.TextElideMode.ElideRight, width)
            self._elided[key] = shown
        return shown

    def draw_line(self, painter: QPainter, rect: QRect, where: str, text: str, *, face: Face) -> None:
        """Draw one line of text that fits the rectangle, as ``drawText`` places it with the same alignment.

        ``where`` is "left", "right" or "center" (always centred vertically). The painter's pen and font
        (this face's) are set already. Plain or bold text that fits goes where drawText puts it, drawn from
        its kept glyphs.
        """
        if face is Face.UNDERLINED:
            # QStaticText underlines in its own way; hovered links are rare enough to lay out each time.
            painter.drawText(rect, _ALIGNMENTS[where], text)
            return
        key = (text, face)
        kept = self._static.get(key)
        if kept is None:
            if len(self._static) >= _TEXTS_KEPT:
                self._static.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self.fonts[face])
            # drawText aligns by the advance (its glyphs' own extent would shift some strings a fraction).
            advance = self._exact[face].horizontalAdvance(text)
            kept = self._static[key] = (static, advance, static.size().height())
        static, width, height = kept
        if height > rect.height() or width > rect.width():
            # Text that overflows its rectangle is placed (and underlined) by drawText's own rules.
            painter.drawText(rect, _ALIGNMENTS[where], text)
            return
        if where == "right":
            x = rect.left() + rect.width() - width
        elif where == "center":
            x = rect.left() + (rect.width() - width) / 2
        else:
            x = rect.left()
        painter.drawStaticText(QPointF(x, rect.top() + (rect.height() - height) / 2), static)


_styles: dict[tuple[str, int], RowStyle] = {}


def row_style(font: QFont, palette: QPalette) -> RowStyle:
    """The shared style for a font and palette (a palette or font changed in any way gets a new one)."""
    key = (font.key(), palette.cacheKey())
    style = _styles.get(key)
    if style is None:
        if len(_styles) >= _STYLES_KEPT:
            _styles.clear()
        style = _styles[key] = RowStyle(font, palette)
    return style
