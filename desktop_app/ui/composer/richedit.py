"""The composer's QTextDocument read as the Qt-free document model (feed.richcompose), and written back.

Only what Chatter takes is read: bold, italic, underline, http(s) links, bulleted and numbered lists.
Pasted HTML goes through the same model, so scripts, styles, images and any other formatting never enter
the box: people get their words with the formatting that can be posted, and nothing else.
"""

from __future__ import annotations

from msgspec.structs import replace
from PySide6.QtGui import (
    QFont,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
)

from desktop_app.feed.richcompose import Block, BlockKind, Run

_BULLETS = {
    QTextListFormat.Style.ListDisc,
    QTextListFormat.Style.ListCircle,
    QTextListFormat.Style.ListSquare,
}
LIST_STYLES = {
    BlockKind.BULLET: QTextListFormat.Style.ListDisc,
    BlockKind.NUMBER: QTextListFormat.Style.ListDecimal,
}


def web_link(href: str) -> str | None:
    """The link when it is an absolute http(s) address (the only kind Chatter's Hyperlink takes)."""
    href = href.strip()
    lower = href.lower()
    return href if lower.startswith(("http://", "https://")) and len(href) > len("https://") else None


def _run(text: str, fmt: QTextCharFormat) -> Run:
    link = web_link(fmt.anchorHref()) if fmt.isAnchor() else None
    return Run(
        text=text,
        bold=fmt.fontWeight() >= QFont.Weight.DemiBold,
        italic=fmt.fontItalic(),
        # A link drawn underlined is a link, not underlined words.
        underline=fmt.fontUnderline() and link is None,
        link=link,
    )


def _kind(block: QTextBlock) -> BlockKind:
    # PySide6 gives None outside a list, though its stubs say otherwise.
    text_list: QTextList | None = block.textList()
    if text_list is None:
        return BlockKind.PARAGRAPH
    return BlockKind.BULLET if text_list.format().style() in _BULLETS else BlockKind.NUMBER


def document_blocks(doc: QTextDocument) -> list[Block]:
    """The document as blocks of styled runs; empty lines at either end are left out."""
    blocks: list[Block] = []
    block = doc.begin()
    while block.isValid():
        runs: list[Run] = []
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid():
                # Object replacement characters (images) carry no words Chatter could take.
                text = fragment.text().replace("\ufffc", "").replace("\u2028", "\n")
                run = _run(text, fragment.charFormat())
                if text and runs and replace(runs[-1], text="") == replace(run, text=""):
                    # Formats Qt keeps apart (weight set to normal or not set at all) look the same here.
                    runs[-1] = replace(run, text=runs[-1].text + text)
                elif text:
                    runs.append(run)
            iterator += 1
        blocks.append(Block(tuple(runs), _kind(block)))
        block = block.next()
    while blocks and not blocks[-1].text.strip() and blocks[-1].kind is BlockKind.PARAGRAPH:
        blocks.pop()
    while blocks and not blocks[0].text.strip() and blocks[0].kind is BlockKind.PARAGRAPH:
        blocks.pop(0)
    return blocks


def char_format(run: Run) -> QTextCharFormat:
    """The character format that shows a run's style."""
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if run.bold else QFont.Weight.Normal)
    fmt.setFontItalic(run.italic)
    fmt.setFontUnderline(run.underline or bool(run.link))
    fmt.setAnchor(bool(run.link))
    fmt.setAnchorHref(run.link or "")
    return fmt


def insert_blocks(cursor: QTextCursor, blocks: list[Block]) -> None:
    """Insert the blocks at the cursor with only the formatting the model keeps."""
    cursor.beginEditBlock()
    for number, block in enumerate(blocks):
        if number:
            cursor.insertBlock()
        style = LIST_STYLES.get(block.kind)
        current = cursor.currentList()
        if style is not None and (current is None or current.format().style() != style):
            cursor.createList(style)
        elif style is None and current is not None:
            current.remove(cursor.block())
        for run in block.runs:
            cursor.insertText(run.text, char_format(run))
    cursor.setCharFormat(QTextCharFormat())
    cursor.endEditBlock()


def sanitized_blocks(html: str) -> list[Block]:
    """What of some HTML can be posted: read into a scratch document that loads nothing, then modelled."""
    scratch = _Scratch()
    scratch.setHtml(html)
    return document_blocks(scratch)


class _Scratch(QTextDocument):
    """A document that never loads a resource (images, style sheets) named by pasted HTML."""

    def loadResource(self, type: int, name: object) -> object:
        """Nothing: pasted HTML must not make the app read files or the network."""
        return None
