"""A small dialog to edit the words of a post or comment: open while saving, the words kept on failure."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.feed.composerstatus import MAX_CHARS
from desktop_app.feed.richcompose import Block
from desktop_app.ui.composer.formatbar import FormatBar
from desktop_app.ui.composer.postedit import PostEdit
from desktop_app.ui.composer.richedit import insert_blocks
from desktop_app.ui.feed.feedlayout import error_colour


class EditDialog(QDialog):
    """Edits rich text (signals: save_requested(str)); the owner reads ``editor.blocks()``, then calls saved()
    or failed(words) once it knows."""

    save_requested = Signal(str)

    def __init__(self, title: str, blocks: list[Block], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.editor = PostEdit(self)
        insert_blocks(self.editor.textCursor(), blocks)
        self.editor.document().setModified(False)
        self.editor.setAccessibleName(title)
        self.format_bar = FormatBar(self.editor, self)
        self.format_bar.attach.setVisible(False)  # an edit changes words; files stay as they are
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Edit status")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save (Ctrl+Enter)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.format_bar)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(480, 240)
        # One dialog per edit: it goes when closed (it never closes while its words are being saved).
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._saving = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._refresh)
        self.editor.submit_requested.connect(self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

    @property
    def text(self) -> str:
        """The words as they stand in the box."""
        return self.editor.toPlainText()

    @Slot()
    def save(self) -> None:
        """Ask for the words to be saved (once at a time; empty or too long words are not sent)."""
        words = self.text.strip()
        if self._saving or not words or len(words) > MAX_CHARS:
            return
        self._saving = True
        self._show("Saving…", error=False)
        self._refresh()
        self.save_requested.emit(words)

    @property
    def saving(self) -> bool:
        """True while the words are on their way to the org."""
        return self._saving

    def reject(self) -> None:
        """Cancel, Esc or closing: not while saving, or a refusal would have nowhere to keep the words."""
        if self._saving:
            self._show("Still saving… the dialog closes when the org has the words.", error=False)
            return
        super().reject()

    def saved(self) -> None:
        """The org stored the words: the dialog closes."""
        self._saving = False
        self.accept()

    def failed(self, words: str) -> None:
        """The org did not store them: say why and keep the text for another try."""
        self._saving = False
        self._show(words, error=True)
        self._refresh()

    def _show(self, words: str, *, error: bool) -> None:
        self.message.setText(words)
        palette = self.message.palette()
        colour = error_colour(self.palette()) if error else self.palette().color(palette.ColorRole.WindowText)
        palette.setColor(palette.ColorRole.WindowText, colour)
        self.message.setPalette(palette)

    @Slot()
    def _refresh(self) -> None:
        words = self.text.strip()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not self._saving and bool(words) and len(words) <= MAX_CHARS)
        self.editor.setReadOnly(self._saving)
