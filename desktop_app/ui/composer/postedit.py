"""The composer's text box: rich text Chatter can post, Ctrl+Enter sends, files dropped on it are attached.

Formatting (bold, italic, underline, lists, links) is applied here and read back by ``richedit``; whatever
comes in from outside (a paste, a drop) passes through the same model, so only postable formatting enters.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCharFormat, QTextCursor, QTextListFormat
from PySide6.QtWidgets import QCompleter, QTextEdit, QWidget

from desktop_app.feed.richcompose import Block, BlockKind, Run
from desktop_app.ui.composer.richedit import LIST_STYLES, document_blocks, insert_blocks, sanitized_blocks


def _local_files(source: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in source.urls() if url.isLocalFile() and url.toLocalFile()]


class PostEdit(QTextEdit):
    """Multi-line rich entry (signals: submit_requested(), files_dropped(list of paths))."""

    submit_requested = Signal()
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.completer: QCompleter | None = None
        self.setTabChangesFocus(True)
        self.setAcceptRichText(True)
        self.setAcceptDrops(True)

    # Formatting

    def blocks(self) -> list[Block]:
        """What is typed, as the document model posts are made from."""
        return document_blocks(self.document())

    def _merge(self, fmt: QTextCharFormat) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        cursor.mergeCharFormat(fmt)
        self.mergeCurrentCharFormat(fmt)

    def toggle_bold(self) -> None:
        """Bold on or off for the selection (or the word at the cursor, and what is typed next)."""
        fmt = QTextCharFormat()
        bold = self.fontWeight() >= QFont.Weight.DemiBold
        fmt.setFontWeight(QFont.Weight.Normal if bold else QFont.Weight.Bold)
        self._merge(fmt)

    def toggle_italic(self) -> None:
        """Italic on or off."""
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.fontItalic())
        self._merge(fmt)

    def toggle_underline(self) -> None:
        """Underline on or off."""
        fmt = QTextCharFormat()
        fmt.setFontUnderline(not self.fontUnderline())
        self._merge(fmt)

    def toggle_list(self, kind: BlockKind) -> None:
        """Make the current lines a bulleted or numbered list, or plain lines again if they already are."""
        style = LIST_STYLES[kind]
        cursor = self.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            block = cursor.block()
            current.remove(block)
            fmt = block.blockFormat()
            fmt.setIndent(0)
            cursor.setBlockFormat(fmt)
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            cursor.createList(list_format)
        cursor.endEditBlock()

    def insert_link(self, url: str, text: str) -> None:
        """Put a link (words pointing at ``url``) where the selection or cursor is."""
        cursor = self.textCursor()
        words = text or cursor.selectedText() or url
        insert_blocks(cursor, [Block((Run(words, link=url),))])
        self.setTextCursor(cursor)

    def selected_words(self) -> str:
        """The selected text (what a new link's words default to)."""
        return self.textCursor().selectedText()

    # Pasting and dropping

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Files (attached) and text, with or without formatting."""
        return bool(_local_files(source)) or source.hasText() or source.hasHtml()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Files are attached; HTML keeps only postable formatting; anything else goes in as plain text."""
        files = _local_files(source)
        if files:
            self.files_dropped.emit(files)
            return
        if source.hasHtml():
            blocks = sanitized_blocks(source.html())
            if blocks:
                insert_blocks(self.textCursor(), blocks)
                return
        if source.hasText():
            self.textCursor().insertText(source.text())

    # Keys

    def _completing(self) -> bool:
        popup = self.completer.popup() if self.completer is not None else None
        return popup is not None and popup.isVisible()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab picks the highlighted person while suggestions show, and moves focus otherwise."""
        return False if self._completing() else super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter posts; Enter/Tab/Esc pick or dismiss a suggestion while the list is open."""
        key = event.key()
        if self._completing() and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()
            return
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submit_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
