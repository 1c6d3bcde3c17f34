"""The list of feed posts: keys for actions on the current post, hover feedback, cheap row estimates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QStyleOptionViewItem, QWidget

from desktop_app.api.models import FeedItem
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedmodel import FeedModel, post_at
from desktop_app.ui.feed.feedrows import MeasuredRowsView
from desktop_app.ui.feed.targets import Hit, Target

SINGLE_STEP = 24
_KEYS = {
    Qt.Key.Key_L: Target.LIKE,
    Qt.Key.Key_C: Target.COMMENT,
    Qt.Key.Key_Delete: Target.DELETE,
    Qt.Key.Key_Return: Target.COMMENTS,
    Qt.Key.Key_Enter: Target.COMMENTS,
    Qt.Key.Key_M: Target.MORE,
    Qt.Key.Key_O: Target.SALESFORCE,
    Qt.Key.Key_B: Target.BOOKMARK,
    Qt.Key.Key_E: Target.EDIT,
    Qt.Key.Key_Menu: Target.MENU,
}


class FeedListView(MeasuredRowsView):
    """The list of posts, with keyboard actions and hover feedback.

    Signals: key_triggered(id, target), context_requested(id, global QPoint or None for the keyboard).
    """

    key_triggered = Signal(str, object)
    context_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.verticalScrollBar().setSingleStep(SINGLE_STEP)
        self.setAccessibleName("News feed")

    @property
    def feed_delegate(self) -> FeedDelegate:
        """The delegate painting the rows."""
        return cast(FeedDelegate, self.itemDelegate())

    def estimate_heights(self, first: int, last: int, option: QStyleOptionViewItem) -> list[int]:
        """Post heights from text lengths: no text is laid out for rows far from the viewport."""
        delegate, model = self.itemDelegate(), self.model()
        if isinstance(delegate, FeedDelegate) and isinstance(model, FeedModel):
            return delegate.estimate_heights(model, first, last, option)
        return super().estimate_heights(first, last, option)

    def shows_end(self) -> bool:
        """Whether the end of the list is on screen (whoever reads on scrolls to rows added there next)."""
        bar = self.verticalScrollBar()
        return self.isVisible() and bar.value() >= bar.maximum()

    def prepare_end(self, posts: Sequence[tuple[FeedItem, str]]) -> None:
        """Lay out posts (each with its account) about to be appended, from the last, a screen's worth."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, FeedDelegate):
            return
        option, page, covered = self._option(), self.viewport().height(), 0
        for item, account in reversed(posts):
            covered += delegate.prepare(item, account, option)
            if covered >= page:
                break

    def changeEvent(self, event: QEvent) -> None:
        """Lay posts out again with the new colours or font."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, FeedDelegate):
                delegate.invalidate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """L likes, C comments, Delete deletes, Enter opens comments (or a bundle), M shows more, O opens the
        post in Salesforce, B bookmarks, E edits, the Menu key opens the post's menu; others move around."""
        target = _KEYS.get(Qt.Key(event.key()))
        index = self.currentIndex()
        if target is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier or not index.isValid():
            super().keyPressEvent(event)
            return
        post = post_at(index)
        if post is not None:
            self.key_triggered.emit(post[0].id, target)
        elif target is Target.COMMENTS:
            self.key_triggered.emit("", Target.RETRY)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right click opens the menu of the post there; a keyboard request, that of the current post."""
        mouse = event.reason() == QContextMenuEvent.Reason.Mouse
        index = self.indexAt(event.pos()) if mouse else self.currentIndex()
        post = post_at(index)
        if post is None:
            super().contextMenuEvent(event)
            return
        self.setCurrentIndex(index)
        self.context_requested.emit(post[0].id, event.globalPos() if mouse else None)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Point at links and buttons with a hand and highlight them."""
        super().mouseMoveEvent(event)
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        hit = self.feed_delegate.hit_test(index, self.visualRect(index), pos, self.font(), self.palette())
        self._set_hover((index.row(), hit) if index.isValid() and hit is not None else None)

    def leaveEvent(self, event: QEvent) -> None:
        """Nothing is hovered once the pointer leaves."""
        super().leaveEvent(event)
        self._set_hover(None)

    def _set_hover(self, hover: tuple[int, Hit] | None) -> None:
        delegate = self.feed_delegate
        if hover == delegate.hover:
            return
        rows = {entry[0] for entry in (hover, delegate.hover) if entry is not None}
        delegate.hover = hover
        hand = Qt.CursorShape.PointingHandCursor
        self.viewport().setCursor(hand if hover is not None else Qt.CursorShape.ArrowCursor)
        for row in rows:
            self.update(self.model().index(row, 0))

    def anchor(self) -> tuple[str, int] | None:
        """The post at the top of the viewport and where its top is."""
        index = self.indexAt(QPoint(4, 1))
        post = post_at(index)
        return None if post is None else (post[0].id, self.visualRect(index).top())
