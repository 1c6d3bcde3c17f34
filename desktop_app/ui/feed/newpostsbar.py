"""The "↑ N new posts" button that floats over the top of the feed while new posts wait above."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPushButton, QWidget


class NewPostsBar(QPushButton):
    """Counts posts that went in above the viewport; clicking it scrolls to them (signal: clicked())."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("newPostsBar")
        self.setAccessibleName("Show new posts")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.count = 0
        self._restyle()
        self.hide()

    def set_count(self, count: int) -> None:
        """Show how many new posts wait above (hidden at 0), centred over the parent."""
        self.count = count
        self.setText(f"↑ {count} new post" + ("" if count == 1 else "s"))
        self.setVisible(count > 0)
        self.place()

    def place(self) -> None:
        """Centre the bar near the top of its parent (after a resize)."""
        self.adjustSize()
        parent = self.parentWidget()
        width = parent.width() if parent is not None else self.width()
        self.move(max(0, (width - self.width()) // 2), 8)
        self.raise_()

    def _restyle(self) -> None:
        # The parent's palette, read now: it changes before the bar's own does.
        parent = self.parentWidget()
        palette = parent.palette() if parent is not None else self.palette()
        background = palette.color(QPalette.ColorRole.Highlight).name()
        colour = palette.color(QPalette.ColorRole.HighlightedText).name()
        self.setStyleSheet(
            f"#newPostsBar {{ background: {background}; color: {colour}; border: none; border-radius: 10px;"
            " padding: 4px 16px; font-weight: bold; }"
        )

    def parent_palette_changed(self) -> None:
        """Recolour for the parent's new palette (the bar's own style sheet changes its palette, so the
        parent, not the bar, watches for palette changes)."""
        self._restyle()
