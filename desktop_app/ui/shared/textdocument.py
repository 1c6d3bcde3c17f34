"""Rich text laid out by Qt: a message as a QTextDocument, and where to fold a long one.

The HTML comes from `richhtml.to_html`, the app's one way from segments to markup, so every piece of server
text is escaped; inline images are resources this module adds, found by names it makes up, never by URL.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QTextCursor, QTextDocument

from desktop_app.feed.richdoc import BlockKind, Image, RichText
from desktop_app.feed.richhtml import to_html

MAX_IMAGE_HEIGHT = 360
_TEMPLATES_KEPT = 16
_templates: dict[tuple[str, str], QTextDocument] = {}

ImageLookup = Callable[[str], QImage | None]
"""An inline image's pixels by URL once loaded (None while it loads or when it failed: the alt text shows)."""


def image_url(image: Image) -> str | None:
    """Which URL of an inline image the feed shows: the image itself, else its thumbnail."""
    return image.url or image.thumbnail_url


def fit_image(image: QImage, width: float, max_height: int = MAX_IMAGE_HEIGHT) -> QImage:
    """The image scaled down (never up) to fit the column's width and a height people can scroll past."""
    if image.width() <= width and image.height() <= max_height:
        return image
    return image.scaled(
        max(1, int(width)),
        max_height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def make_document(
    rich: RichText, width: float, font: QFont, link: QColor, *, images: ImageLookup | None = None
) -> QTextDocument:
    """A laid-out document showing a message safely, inline images scaled to ``width`` once loaded."""
    kinds = {block.kind for block in rich.blocks}
    doc = _blank(font, _style_sheet(link.name(), BlockKind.LIST_ITEM in kinds, BlockKind.CODE in kinds))
    resources: dict[str, QImage] = {}

    def source(image: Image) -> str | None:
        url = image_url(image)
        picture = images(url) if images is not None and url else None
        if picture is None or picture.isNull():
            return None
        name = f"inline-image-{len(resources)}"
        resources[name] = fit_image(picture, width)
        return name

    markup = to_html(rich, image_source=source)
    for name, picture in resources.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), picture)
    doc.setHtml(markup)
    _no_trailing_margin(doc)
    doc.setTextWidth(width)
    return doc


def _blank(font: QFont, sheet: str) -> QTextDocument:
    """An empty document with the font, no margin and the style sheet, that keeps no undo history.

    Cloned from one kept per font and style sheet: a clone takes the style sheet already parsed, where
    setting it on a new document parses it again, a good part of what a short message costs.
    """
    key = (font.key(), sheet)
    template = _templates.get(key)
    if template is None:
        if len(_templates) >= _TEMPLATES_KEPT:
            _templates.clear()
        template = QTextDocument()
        template.setDocumentMargin(0)
        template.setDefaultFont(font)
        template.setUndoRedoEnabled(False)
        template.setDefaultStyleSheet(sheet)
        _templates[key] = template
    doc = template.clone()
    # PySide leaves a clone to the template (it would die with it, and live as long as it): this hands it
    # to Python, so a row's document lives as long as the row keeps it.
    doc.setParent(None)
    # Neither goes with a clone: the margin is the document's own (setHtml starts its root frame anew).
    doc.setDocumentMargin(0)
    doc.setUndoRedoEnabled(False)
    return doc


@cache
def _style_sheet(link: str, lists: bool, code: bool) -> str:
    """The rules a document needs: Qt parses the style sheet of every document, so unused rules cost."""
    rules = [f"a {{ color: {link}; text-decoration: none; }} p {{ margin-top: 0px; margin-bottom: 6px; }}"]
    if lists:
        rules.append("ul, ol { margin-top: 0px; margin-bottom: 6px; -qt-list-indent: 1; }")
    if code:
        rules.append(
            "pre { font-family: monospace; margin-top: 0px; margin-bottom: 6px;"
            " background-color: rgba(128, 128, 128, 40); }"
        )
    return " ".join(rules)


def _no_trailing_margin(doc: QTextDocument) -> None:
    """The gap after paragraphs separates them; after the last one it would only pad the row."""
    cursor = QTextCursor(doc.lastBlock())
    block = cursor.blockFormat()
    if block.bottomMargin():
        block.setBottomMargin(0)
        cursor.setBlockFormat(block)


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
