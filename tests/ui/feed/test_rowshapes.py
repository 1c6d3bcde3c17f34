"""The feed's cached drawing draws the pixels Qt's own calls do: text lines, rounded fills, separators."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.feed.rowstyle import Face, row_style
from desktop_app.ui.feed.shapecache import draw_dot, draw_hline, fill_rounded

ALIGNMENTS = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
}
WORDS = [
    "♡ Like",
    "Comment",
    "…",
    "DOCX",
    "XLSX",
    "Ann Lee",
    "14 Jul 2020",
    "Download",
    "Show more",
    "Ünïcödé ✓",
]


def canvas() -> QImage:
    image = QImage(320, 120, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    return image


def painted(draw: Callable[[QPainter], None]) -> QImage:
    image = canvas()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return image


@given(
    word=st.sampled_from(WORDS),
    face=st.sampled_from(list(Face)),
    where=st.sampled_from(sorted(ALIGNMENTS)),
    left=st.integers(0, 40),
    top=st.integers(0, 40),
    width=st.integers(8, 200),
    height=st.integers(12, 40),
)
@settings(max_examples=80, deadline=None)
def test_a_kept_line_of_text_lands_where_draw_text_puts_it(
    qapp: QApplication,
    *,
    word: str,
    face: Face,
    where: str,
    left: int,
    top: int,
    width: int,
    height: int,
) -> None:
    style = row_style(QFont(), QPalette())
    rect = QRect(left, top, width, height)
    shown = style.elided(word, face, width)
    colour = QColor(20, 30, 40, 190)

    def direct(painter: QPainter) -> None:
        painter.setFont(style.fonts[face])
        painter.setPen(colour)
        painter.drawText(rect, ALIGNMENTS[where], shown)

    def kept(painter: QPainter) -> None:
        painter.setFont(style.fonts[face])
        painter.setPen(colour)
        style.draw_line(painter, rect, where, shown, face=face)

    assert painted(kept) == painted(direct)


@pytest.mark.parametrize("size", [(12, 12), (13, 40), (64, 48), (87, 22), (300, 97)])
@pytest.mark.parametrize("colour", [QColor(0, 0, 0, 18), QColor(255, 255, 255, 26), QColor(0, 0, 238, 120)])
def test_rounded_fills_from_kept_corners_match_draw_rounded_rect(
    qtbot: QtBot, size: tuple[int, int], colour: QColor
) -> None:
    rect = QRect(7, 5, *size)

    def direct(painter: QPainter) -> None:
        painter.translate(3, 2)  # rows are painted moved to their place
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(rect), 6, 6)

    def kept(painter: QPainter) -> None:
        painter.translate(3, 2)
        fill_rounded(painter, rect, colour)

    assert painted(kept) == painted(direct)


@pytest.mark.parametrize(("left", "right", "y"), [(12, 300, 60), (0, 319, 0), (40, 41, 119)])
def test_a_kept_separator_matches_draw_line(qtbot: QtBot, left: int, right: int, y: int) -> None:
    colour = QColor(0, 0, 0, 40)

    def direct(painter: QPainter) -> None:
        painter.setPen(colour)
        painter.drawLine(left, y, right, y)

    assert painted(lambda painter: draw_hline(painter, left, right, y, colour)) == painted(direct)


@pytest.mark.parametrize("top", [10.0, 10.5, 17.25, 3.75])
def test_a_kept_dot_matches_draw_ellipse(qtbot: QtBot, top: float) -> None:
    colour = QColor.fromHsl(200, 170, 110)

    def direct(painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(40, top, 8, 8))

    assert painted(lambda painter: draw_dot(painter, 40, top, 8, colour)) == painted(direct)
