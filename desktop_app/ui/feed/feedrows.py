"""A list view for thousands of rows of different heights: estimated far away, measured near the viewport.

New rows get a cheap estimate; LazyRows decides which rows to measure exactly and which offset keeps the row
being read in place, and this view applies that to its scroll bar. Painting and hit tests look only at the
rows on screen.

It derives from QListView only so that Qt's accessibility gives each row an accessible item (Qt builds that
for QListView, not for other item views). QListView's own layout, which sizes every row, never runs: each
geometry question is answered here, and where QListView's method would lay rows out, QAbstractItemView's
is called instead.
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QRegion, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyleOptionViewItem, QWidget

from desktop_app.feed.heights import RowHeights
from desktop_app.feed.measure import Anchor, LazyRows
from desktop_app.ui.shared.nextturn import NextTurn

ModelIndex = QModelIndex | QPersistentModelIndex

MIN_ROW_WIDTH = 240
IDLE_BUDGET_S = 0.002
# While rows keep arriving (a feed streaming in), rows above the viewport wait until none came for this long:
# they are only read by scrolling back up, which measures them anyway, and each new page would compete with
# them for the same milliseconds.
QUIET_S = 0.3
REMEASURE_AT_ONCE = 32
_Base = QAbstractItemView
_Hint = QAbstractItemView.ScrollHint
_Move = QAbstractItemView.CursorAction
_WHERE = {_Hint.PositionAtTop: "top", _Hint.PositionAtBottom: "bottom", _Hint.PositionAtCenter: "center"}
_MOVES = {
    _Move.MoveHome: "home",
    _Move.MoveEnd: "end",
    _Move.MoveUp: "up",
    _Move.MovePrevious: "up",
    _Move.MoveDown: "down",
    _Move.MoveNext: "down",
    _Move.MovePageUp: "page up",
    _Move.MovePageDown: "page down",
}


def _viewport(view: QAbstractItemView) -> QWidget:
    """A viewport set up as the one Qt makes, but made here, so Python already knows its type.

    Qt's own is a C++ QWidget Python has not seen: the first viewport() call would have PySide look up its
    most derived type among every widget class, creating all of those Python classes and their enums on
    the way (some 8 ms, paid during the first paint).
    """
    viewport = QWidget(view)
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    return viewport


class MeasuredRowsView(QListView):
    """One column of rows whose heights the view measures lazily, keeping the row being read in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewport(_viewport(self))
        self._lazy = LazyRows()
        self._rows = self._lazy.heights
        self._width = 0
        self._quiet = 0
        self._editors_stale = False
        self._removal_anchor: Anchor | None = None
        self._watched: QAbstractItemModel | None = None
        self._idle = NextTurn(self)
        self._idle.timeout.connect(self._measure_nearby)
        self._inserted_at = -QUIET_S
        self._stream_ended = QTimer(self)
        self._stream_ended.setSingleShot(True)
        self._stream_ended.timeout.connect(self._idle.start)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    @property
    def row_heights(self) -> RowHeights:
        """Every row's height as the view knows it, exact or estimated."""
        return self._rows

    def estimate_heights(self, first: int, last: int, option: QStyleOptionViewItem) -> list[int]:
        """Heights for new rows; here the delegate's size hints, cheaper guesses in views that have them."""
        delegate = self.itemDelegate()
        return [delegate.sizeHint(option, self._index(row)).height() for row in range(first, last + 1)]

    # Rows, offsets and measuring

    def _row_count(self) -> int:
        model = self.model()
        return model.rowCount(self.rootIndex()) if model is not None else 0

    def _index(self, row: int) -> QModelIndex:
        return self.model().index(row, 0, self.rootIndex())

    def _row_width(self) -> int:
        return max(MIN_ROW_WIDTH, self.viewport().width())

    def _page(self) -> int:
        return self.viewport().height()

    def _option(self) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(0, 0, self._row_width(), 0)
        return option

    def _measure_row(self, row: int) -> int:
        return self.itemDelegate().sizeHint(self._option(), self._index(row)).height()

    def _rebuild(self) -> None:
        self._rows.clear()
        count = self._row_count()
        self._lazy.insert(0, self.estimate_heights(0, count - 1, self._option()) if count else [], 0, 0)
        self._set_offset(0)
        self.viewport().update()
        self._idle.start()

    def _update_range(self) -> None:
        bar = self.verticalScrollBar()
        bar.setPageStep(self._page())
        bar.setRange(0, max(0, self._rows.total - self._page()))
        self.horizontalScrollBar().setRange(0, 0)

    def _set_offset(self, value: int) -> None:
        """Scroll to ``value`` as a correction: what is on screen stays, so nothing is moved or repainted."""
        bar = self.verticalScrollBar()
        self._quiet += 1
        try:
            self._update_range()
            bar.setValue(value)
        finally:
            self._quiet -= 1
        if bar.value() != value:
            self.viewport().update()
            self.updateEditorGeometries()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Move what was painted, then measure rows that came into view."""
        if self._quiet:
            return
        self.scrollDirtyRegion(dx, dy)
        self.viewport().scroll(dx, dy)
        self._settle()

    def _settle(self, *, painting: bool = False) -> None:
        """Measure the rows on screen before they are painted."""
        before = self.verticalOffset()
        offset, changed = (
            self._lazy.settle(before, self._page(), self._measure_row) if len(self._rows) else (before, False)
        )
        if changed:
            self._set_offset(offset)
        if changed and painting:
            # Rows below the ones measured moved: editors follow on the next turn, and everything is painted
            # again if the offset had to change to keep the anchor.
            self._editors_stale = True
            if offset != before:
                self.viewport().update()
        elif changed:
            self.viewport().update()
            self.updateEditorGeometries()
        if not self._idle.is_active():
            # Not pushed back when already due: a paint every turn (a smooth scroll) must not starve it.
            self._idle.start()

    @Slot()
    def _measure_nearby(self) -> None:
        """Measure rows within a few screens, a few milliseconds a turn, after whatever was already due."""
        if self._editors_stale:
            self._editors_stale = False
            self.updateEditorGeometries()
        if len(self._rows) and self.isVisible():
            now = time.perf_counter()
            streaming = now - self._inserted_at < QUIET_S
            offset, more = self._lazy.measure_nearby(
                self.verticalOffset(),
                self._page(),
                self._measure_row,
                now + IDLE_BUDGET_S,
                above=not streaming,
            )
            self._set_offset(offset)
            if more:
                self._idle.start()
            elif streaming:
                self._stream_ended.start(max(1, round((self._inserted_at + QUIET_S - now) * 1000)))

    # Model and delegate changes

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Show another model (its removals are followed once they have happened)."""
        if self._watched is not None:
            with suppress(RuntimeError):  # the old model may be gone already
                self._watched.rowsRemoved.disconnect(self._on_rows_removed)
        super().setModel(model)
        self._watched = model
        if model is not None:
            model.rowsRemoved.connect(self._on_rows_removed)

    def setItemDelegate(self, delegate: Any) -> None:
        """Paint with another delegate: every height is estimated again by it."""
        super().setItemDelegate(delegate)
        self._rebuild()

    def reset(self) -> None:
        """The model changed entirely: estimate every row, start at the top."""
        _Base.reset(self)
        self._rebuild()

    def doItemsLayout(self) -> None:
        """Bring the scroll range up to date and measure what is on screen (never every row)."""
        if len(self._rows) != self._row_count():
            self._rebuild()
        _Base.doItemsLayout(self)
        self._settle()

    def rowsInserted(self, parent: ModelIndex, start: int, end: int) -> None:
        """Estimate the new rows; rows going in above the top of the viewport leave what is read in place."""
        if parent.isValid():
            _Base.rowsInserted(self, parent, start, end)
            return
        self._inserted_at = time.perf_counter()
        estimates = self.estimate_heights(start, end, self._option())
        self._set_offset(self._lazy.insert(start, estimates, self.verticalOffset(), self._page()))
        _Base.rowsInserted(self, parent, start, end)
        offset = self.verticalOffset()
        if self._rows.top(start) < offset + self._page() and self._rows.top(end + 1) > offset:
            # Measured when painted, not now: a scroll that follows (to the end, say) would waste the work.
            self.viewport().update()
        self._idle.start()

    def rowsAboutToBeRemoved(self, parent: ModelIndex, start: int, end: int) -> None:
        """Remember what the user reads; heights go once the model has removed the rows."""
        _Base.rowsAboutToBeRemoved(self, parent, start, end)
        if not parent.isValid():
            self._removal_anchor = self._lazy.anchor(self.verticalOffset())

    @Slot(QModelIndex, int, int)
    def _on_rows_removed(self, parent: QModelIndex, start: int, end: int) -> None:
        if parent.isValid() or end >= len(self._rows):
            self.scheduleDelayedItemsLayout()
            return
        anchor, self._removal_anchor = self._removal_anchor, None
        self._set_offset(self._lazy.remove(start, end, anchor, self.verticalOffset(), self._page()))
        self.viewport().update()
        self.updateEditorGeometries()
        self._settle()

    def dataChanged(self, top_left: ModelIndex, bottom_right: ModelIndex, roles: Any = ()) -> None:
        """Measure changed rows again (many at once become estimates, measured when seen)."""
        _Base.dataChanged(self, top_left, bottom_right, list(roles))
        first, last = top_left.row(), min(bottom_right.row(), len(self._rows) - 1)
        if top_left.isValid() and not top_left.parent().isValid() and first <= last:
            measure = self._measure_row if last - first < REMEASURE_AT_ONCE else None
            offset, changed = self._lazy.change(first, last, self.verticalOffset(), self._page(), measure)
            if changed:
                self._set_offset(offset)
                self.viewport().update()
                self.updateEditorGeometries()
            self._settle()

    def changeEvent(self, event: QEvent) -> None:
        """Every height is measured again, lazily, with a new font, palette or style."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._rows.stale_all()
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width makes every height stale; rows are measured again as they come near the viewport."""
        width = self._row_width()
        if width != self._width:
            self._width = width
            self._rows.stale_all()
        _Base.resizeEvent(self, event)
        self._settle()

    def updateGeometries(self) -> None:
        """The scroll range follows the heights known now."""
        self._update_range()
        _Base.updateGeometries(self)

    # Geometry

    def visualRect(self, index: ModelIndex) -> QRect:
        """Where a row is in viewport coordinates."""
        row = index.row()
        if not index.isValid() or index.parent().isValid() or row >= len(self._rows):
            return QRect()
        top = self._rows.top(row) - self.verticalOffset()
        return QRect(0, top, self._row_width(), self._rows.height(row))

    def indexAt(self, point: QPoint) -> QModelIndex:
        """The row under a point of the viewport."""
        y = point.y() + self.verticalOffset()
        if not len(self._rows) or y < 0 or y >= self._rows.total or not 0 <= point.x() < self._row_width():
            return QModelIndex()
        return self._index(self._rows.row_at(y))

    def horizontalOffset(self) -> int:
        """Rows always fit the width."""
        return 0

    def verticalOffset(self) -> int:
        """How far down the list the viewport starts, in pixels."""
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: ModelIndex) -> bool:
        """Every row shows."""
        return False

    def viewportSizeHint(self) -> QSize:
        """As wide as a row, as tall as all of them."""
        return QSize(self._row_width(), self._rows.total)

    def scrollTo(self, index: ModelIndex, hint: _Hint = _Hint.EnsureVisible) -> None:
        """Scroll a row into view, first measuring it and the rows sharing its screen, to land as asked."""
        row = index.row()
        if not index.isValid() or index.parent().isValid() or row >= len(self._rows):
            return
        page = self._page()
        where = _WHERE.get(hint, "visible")
        self._set_offset(
            self._lazy.measure_around(row, self.verticalOffset(), page, self._measure_row, where)
        )
        target = self._rows.scroll_target(row, self.verticalOffset(), page, where)
        if target is not None:
            self._update_range()
            self.verticalScrollBar().setValue(target)

    @Slot()
    def scrollToTop(self) -> None:
        """Show the first row at the top."""
        if len(self._rows):
            self.scrollTo(self._index(0), _Hint.PositionAtTop)

    @Slot()
    def scrollToBottom(self) -> None:
        """Show the end of the last row at the bottom."""
        if len(self._rows):
            self.scrollTo(self._index(len(self._rows) - 1), _Hint.PositionAtBottom)

    def moveCursor(self, action: _Move, modifiers: Any) -> QModelIndex:
        """Up and Down step a row, Page Up and Page Down a screen, Home and End to either end."""
        current = self.currentIndex()
        if not len(self._rows) or action not in _MOVES:
            return current if len(self._rows) else QModelIndex()
        row = current.row() if current.isValid() else -1
        return self._index(self._rows.step(row, _MOVES[action], self.viewport().height()))

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        """Select the rows a rectangle of the viewport touches."""
        offset = self.verticalOffset()
        rows = [row for row, _top in self._rows.rows_between(offset + rect.top(), offset + rect.bottom() + 1)]
        if rows and self.selectionModel() is not None:
            selection = QItemSelection(self._index(rows[0]), self._index(rows[-1]))
            self.selectionModel().select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        """The selected rows on screen."""
        offset = self.verticalOffset()
        shown = [row for row, _top in self._rows.rows_between(offset, offset + self.viewport().height())]
        region = QRegion()
        for number in range(selection.count() if shown else 0):
            part = selection.at(number)
            for row in range(max(part.top(), shown[0]), min(part.bottom(), shown[-1]) + 1):
                region = region.united(self.visualRect(self._index(row)))
        return region

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the rows the dirty area touches, measured first if they were estimates."""
        self._settle(painting=True)
        if not len(self._rows):
            return
        delegate = self.itemDelegate()
        option = self._option()
        width, state, offset = option.rect.width(), option.state, self.verticalOffset()
        current, focused, selection = self.currentIndex(), self.hasFocus(), self.selectionModel()
        area = event.rect()
        painter = QPainter(self.viewport())
        for row, top in self._rows.rows_between(offset + area.top(), offset + area.bottom() + 1):
            index = self._index(row)
            option.rect = QRect(0, top - offset, width, self._rows.height(row))
            option.state = state
            if selection is not None and selection.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            if focused and index == current:
                option.state |= QStyle.StateFlag.State_HasFocus
            delegate.paint(painter, option, index)
        painter.end()
