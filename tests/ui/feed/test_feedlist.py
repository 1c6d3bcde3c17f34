"""FeedListView geometry: rows tile the list, hit tests agree, the row being read stays put, keys move."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop_app.api.models import FeedItem, UserSummary
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel

WAIT = 5_000


def post(number: int) -> FeedItem:
    """Posts of many lengths: one line up to long enough to fold."""
    actor = UserSummary(id=f"005{number % 7}", display_name=f"Person {number % 7}", type="User")
    words = " ".join(f"word{n}" for n in range((number * 37) % 150 + 2))
    return FeedItem(
        id=f"0D5{number:09d}", type="TextPost", actor=actor, body_text=words, created="2026-01-05T11:06:07Z"
    )


def posts(start: int, count: int) -> list[FeedItem]:
    return [post(number) for number in range(start, start + count)]


class CountingDelegate(FeedDelegate):
    """Remembers which rows were measured exactly, whoever asked (this view or Qt)."""

    def __init__(self, view: FeedListView) -> None:
        super().__init__(None, view)
        self.measured: list[int] = []

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> Any:
        self.measured.append(index.row())
        return super().sizeHint(option, index)


@pytest.fixture
def view(qtbot: QtBot) -> FeedListView:
    widget = FeedListView()
    qtbot.addWidget(widget)
    widget.setModel(FeedModel(widget))
    widget.setItemDelegate(CountingDelegate(widget))
    widget.resize(640, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def model_of(view: FeedListView) -> FeedModel:
    model = view.model()
    assert isinstance(model, FeedModel)
    return model


def shown_rows(view: FeedListView) -> list[int]:
    offset = view.verticalScrollBar().value()
    return [row for row, _top in view.row_heights.rows_between(offset, offset + view.viewport().height())]


def settle(view: FeedListView) -> None:
    """Paint now: rows on screen are measured before they are drawn."""
    view.viewport().repaint()


def idle_done(view: FeedListView) -> bool:
    offset, page = view.verticalScrollBar().value(), view.viewport().height()
    near = view.row_heights.rows_between(offset - page, offset + 3 * page)
    return all(view.row_heights.is_exact(row) for row, _top in near)


def check_geometry(view: FeedListView) -> None:
    """Rows on screen are measured, touch without gaps, and every point maps back to its row."""
    model = model_of(view)
    heights = view.row_heights
    assert len(heights) == model.rowCount()
    rows = shown_rows(view)
    assert rows
    width = view.viewport().width()
    for row in rows:
        index = model.index(row)
        rect = view.visualRect(index)
        assert heights.is_exact(row)
        layout = view.feed_delegate.layout_for(index, width, view.font(), view.palette())
        assert layout is not None
        assert rect.height() == layout.height
        assert rect.width() == width
        for y in (rect.top(), rect.center().y(), rect.bottom()):
            if 0 <= y < view.viewport().height():
                assert view.indexAt(QPoint(5, y)).row() == row
        if row + 1 < model.rowCount():
            assert view.visualRect(model.index(row + 1)).top() == rect.bottom() + 1


def test_appended_rows_tile_the_list_wherever_it_is_scrolled(view: FeedListView) -> None:
    model = model_of(view)
    for page in range(3):
        model.append_page(posts(page * 100, 100))
    settle(view)
    check_geometry(view)
    assert view.visualRect(model.index(0)).top() == 0
    assert not view.indexAt(QPoint(5, -1)).isValid()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    check_geometry(view)
    view.scrollToBottom()
    check_geometry(view)
    assert bar.value() == bar.maximum()
    assert view.visualRect(model.index(299)).bottom() == view.viewport().height() - 1
    assert not view.indexAt(QPoint(5, view.viewport().height())).isValid()


def test_a_long_feed_is_measured_only_near_the_viewport(qtbot: QtBot, view: FeedListView) -> None:
    model = model_of(view)
    delegate = view.feed_delegate
    assert isinstance(delegate, CountingDelegate)
    for page in range(100):
        model.append_page(posts(page * 100, 100))
    settle(view)
    qtbot.wait_until(lambda: idle_done(view), timeout=WAIT)
    page_height = view.viewport().height()
    assert len(view.row_heights) == 10_000
    assert delegate.measured
    assert max(view.row_heights.top(row) for row in delegate.measured) < 3 * page_height
    assert len(set(delegate.measured)) == len(delegate.measured)
    # Estimates are close enough for the scroll bar: within a few percent of the real total.
    exact = sum(view.row_heights.height(row) for row in set(delegate.measured))
    guessed = sum(delegate.estimate_heights(model, 0, max(delegate.measured), view_option(view)))
    assert abs(guessed - exact) < 0.05 * exact


def view_option(view: FeedListView) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.rect.setWidth(view.viewport().width())
    option.font = view.font()
    return option


def test_posts_going_in_above_leave_the_post_being_read_in_place(view: FeedListView) -> None:
    model = model_of(view)
    model.append_page(posts(0, 200))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    reading = view.indexAt(QPoint(5, 40))
    item = model.item_at(reading.row())
    assert item is not None
    top, offset = view.visualRect(reading).top(), bar.value()
    assert model.prepend(posts(1_000, 7)) == 7
    moved = model.index(model.row_of(item.id))
    assert view.visualRect(moved).top() == top
    assert bar.value() == offset + view.row_heights.top(7)
    settle(view)
    assert view.visualRect(moved).top() == top
    check_geometry(view)


def test_exact_heights_replace_estimates_without_moving_what_is_on_screen(
    qtbot: QtBot, view: FeedListView, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Estimates far off the real heights, so that measuring the rows above changes them a lot.
    monkeypatch.setattr(view, "estimate_heights", lambda first, last, _option: [40] * (last - first + 1))
    model = model_of(view)
    model.append_page(posts(0, 300))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    reading = QPersistentModelIndex(view.indexAt(QPoint(5, 10)))
    top, offset = view.visualRect(reading).top(), bar.value()
    above = [row for row, _top in view.row_heights.rows_between(offset - view.viewport().height(), offset)]
    assert not all(view.row_heights.is_exact(row) for row in above)
    qtbot.wait_until(lambda: idle_done(view), timeout=WAIT)
    assert bar.value() > offset
    assert view.visualRect(reading).top() == top
    check_geometry(view)


def test_removed_posts_take_their_rows_along(view: FeedListView) -> None:
    model = model_of(view)
    model.append_page(posts(0, 200))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    reading = view.indexAt(QPoint(5, 10))
    item = model.item_at(reading.row())
    above = model.item_at(reading.row() - 5)
    after = model.item_at(reading.row() + 1)
    assert item is not None
    assert above is not None
    assert after is not None
    top = view.visualRect(reading).top()
    assert model.remove(above.id)
    assert view.visualRect(model.index(model.row_of(item.id))).top() == top
    check_geometry(view)
    assert model.remove(item.id)
    settle(view)
    assert view.visualRect(model.index(model.row_of(after.id))).top() == top
    check_geometry(view)
    assert len(view.row_heights) == 198


def test_a_changed_post_is_measured_again(view: FeedListView) -> None:
    model = model_of(view)
    model.append_page(posts(0, 20))
    settle(view)
    item = model.item_at(2)
    assert item is not None
    before = view.visualRect(model.index(2)).height()
    model.update_state(item.id, comments_open=True)
    assert view.visualRect(model.index(2)).height() > before
    check_geometry(view)


def test_keys_move_the_current_post_and_keep_it_in_view(qtbot: QtBot, view: FeedListView) -> None:
    model = model_of(view)
    model.append_page(posts(0, 100))
    view.setFocus()
    view.setCurrentIndex(model.index(0))

    def current_after(key: Qt.Key) -> int:
        qtbot.keyClick(view, key)
        rect = view.visualRect(view.currentIndex())
        assert rect.top() >= 0
        assert rect.bottom() < view.viewport().height() or rect.top() == 0
        check_geometry(view)
        return view.currentIndex().row()

    assert current_after(Qt.Key.Key_Down) == 1
    assert current_after(Qt.Key.Key_Down) == 2
    assert current_after(Qt.Key.Key_Up) == 1
    paged = current_after(Qt.Key.Key_PageDown)
    assert paged > 2
    assert current_after(Qt.Key.Key_PageUp) < paged
    assert current_after(Qt.Key.Key_End) == 99
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
    assert current_after(Qt.Key.Key_Home) == 0
    assert view.verticalScrollBar().value() == 0


def test_a_new_width_measures_again_only_the_rows_in_view(qtbot: QtBot, view: FeedListView) -> None:
    model = model_of(view)
    delegate = view.feed_delegate
    assert isinstance(delegate, CountingDelegate)
    model.append_page(posts(0, 2_000))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait_until(lambda: idle_done(view), timeout=WAIT)
    delegate.measured.clear()
    view.resize(480, 600)
    assert set(delegate.measured) <= set(shown_rows(view))
    check_geometry(view)
    qtbot.wait_until(lambda: idle_done(view), timeout=WAIT)
    assert len(delegate.measured) < 200


def test_every_post_is_an_accessible_item(view: FeedListView) -> None:
    model = model_of(view)
    model.append_page(posts(0, 5))
    face = QAccessible.queryAccessibleInterface(view)
    assert face.role() == QAccessible.Role.List
    assert face.text(QAccessible.Text.Name) == "News feed"
    assert face.childCount() == 5
    item = model.item_at(3)
    assert item is not None
    assert face.child(3).text(QAccessible.Text.Name) == f"{item.actor.display_name}: {item.body_text}"


def test_timers_already_due_go_before_rows_are_measured_nearby(qtbot: QtBot, view: FeedListView) -> None:
    model = model_of(view)
    delegate = view.feed_delegate
    assert isinstance(delegate, CountingDelegate)
    model.append_page(posts(0, 300))
    settle(view)
    measured_when_due: list[int] = []
    due = QTimer(view)
    due.setSingleShot(True)
    due.setInterval(0)
    due.timeout.connect(lambda: measured_when_due.append(len(delegate.measured)))
    before = len(delegate.measured)
    due.start()  # after the view asked for its idle measuring: still first
    qtbot.wait_until(lambda: bool(measured_when_due), timeout=WAIT)
    assert measured_when_due == [before]
    qtbot.wait_until(lambda: idle_done(view), timeout=WAIT)
    assert len(delegate.measured) > before


def test_rows_above_are_measured_once_rows_stop_arriving(qtbot: QtBot, view: FeedListView) -> None:
    model = model_of(view)
    for page in range(3):
        model.append_page(posts(page * 100, 100))
        view.scrollToBottom()
        settle(view)
    first_shown = shown_rows(view)[0]
    # Turns of the event loop right after a page: the rows below are all there is to measure, and the rows
    # above the one being read wait (unless the machine stalled for the whole quiet time in between).
    for _turn in range(5):
        QApplication.processEvents()
    assert not view.row_heights.is_exact(first_shown - 1)
    top_before = view.visualRect(model.index(first_shown)).top()
    qtbot.wait_until(lambda: idle_done(view), timeout=WAIT)
    assert view.row_heights.is_exact(first_shown - 1)
    assert view.visualRect(model.index(first_shown)).top() == top_before
