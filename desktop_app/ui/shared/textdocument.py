"""Rich text laid out by Qt: a message as a QTextDocument, and where to fold a long one."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextDocument

from desktop_app.api.models import MessageSegment
from desktop_app.feed.richtext import segments_to_html, text_to_html


def make_document(
    segments: Iterable[MessageSegment], text: str, width: float, font: QFont, link: QColor
) -> QTextDocument:
    """A laid-out document showing a message safely: its segments, or ``text`` literally without any."""
    segments = tuple(segments)
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setUndoRedoEnabled(False)
    doc.setDefaultStyleSheet(
        f"a {{ color: {link.name()}; text-decoration: none; }} p {{ margin-top: 0px; margin-bottom: 6px; }}"
        " ul, ol { margin-top: 0px; margin-bottom: 6px; -qt-list-indent: 1; }"
    )
    doc.setHtml(segments_to_html(segments) if segments else text_to_html(text))
    doc.setTextWidth(width)
    return doc


def fold_height(doc: QTextDocument, lines: int, unless_within: int) -> float | None:
    """Where to cut a document after ``lines`` lines, or None when it has at most ``unless_within`` lines."""
    line_spacing = QFontMetricsF(doc.defaultFont()).lineSpacing()
    if doc.size().height() <= unless_within * line_spacing:
        return None
    count = 0
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        top = layout.position().y()
        for number in range(layout.lineCount()):
            count += 1
            if count == lines:
                line = layout.lineAt(number)
                return top + line.y() + line.height()
        block = block.next()
    return None
