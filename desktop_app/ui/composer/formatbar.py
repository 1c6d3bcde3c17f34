"""The composer's formatting buttons and keys: bold, italic, underline, lists, a link, and attach a file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from desktop_app.feed.richcompose import BlockKind
from desktop_app.ui.composer.linkdialog import LinkDialog
from desktop_app.ui.composer.postedit import PostEdit

# Ctrl+Shift+8 arrives as Ctrl+* on many layouts (Shift+8 types "*"): both are bound.
_KEYS = {
    "bold": ("Ctrl+B",),
    "italic": ("Ctrl+I",),
    "underline": ("Ctrl+U",),
    "bullets": ("Ctrl+Shift+8", "Ctrl+*"),
    "numbers": ("Ctrl+Shift+7", "Ctrl+&"),
    "link": ("Ctrl+L",),
    "attach": ("Ctrl+Shift+A",),
}


class FormatBar(QToolBar):
    """Buttons that format the editor's text (signals: attach_requested())."""

    attach_requested = Signal()

    def __init__(self, edit: PostEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Formatting")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._edit = edit
        self.link_dialog: LinkDialog | None = None
        self.bold = self._action("bold", "B", "Bold", edit.toggle_bold, checkable=True)
        self.italic = self._action("italic", "I", "Italic", edit.toggle_italic, checkable=True)
        self.underline = self._action("underline", "U", "Underline", edit.toggle_underline, checkable=True)
        self.bullets = self._action(
            "bullets", "•", "Bulleted list", lambda: edit.toggle_list(BlockKind.BULLET)
        )
        self.numbers = self._action(
            "numbers", "1.", "Numbered list", lambda: edit.toggle_list(BlockKind.NUMBER)
        )
        self.link = self._action("link", "Link", "Insert a link", self.ask_link)
        self.addSeparator()
        self.attach = self._action("attach", "Attach…", "Attach files", self.attach_requested.emit)
        for action, style in ((self.bold, "bold"), (self.italic, "italic"), (self.underline, "underline")):
            font = QFont(self.font())
            font.setBold(style == "bold")
            font.setItalic(style == "italic")
            font.setUnderline(style == "underline")
            action.setFont(font)
        edit.currentCharFormatChanged.connect(self._follow)

    def _action(
        self, name: str, text: str, tip: str, slot: Callable[[], object], *, checkable: bool = False
    ) -> QAction:
        action = QAction(text, self)
        keys = [QKeySequence(key) for key in _KEYS[name]]
        action.setShortcuts(keys)
        # The keys work while the composer (the editor or this bar) has focus, not all over the window.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self._edit.addAction(action)
        return action

    @Slot()
    def ask_link(self) -> None:
        """Ask for a link's address and words, and put it in the text."""
        dialog = LinkDialog(self._edit.selected_words(), self)
        self.link_dialog = dialog

        def done(result: int) -> None:
            self.link_dialog = None
            url = dialog.link
            if result == LinkDialog.DialogCode.Accepted and url is not None:
                self._edit.insert_link(url, dialog.words.text().strip())
            self._edit.setFocus()

        dialog.finished.connect(done)
        dialog.open()

    @Slot()
    def _follow(self) -> None:
        self.bold.setChecked(self._edit.fontWeight() >= QFont.Weight.DemiBold)
        self.italic.setChecked(self._edit.fontItalic())
        self.underline.setChecked(self._edit.fontUnderline())
