"""SettledRows: settled timeline entries go into the model a chunk a turn, never two chunks in one turn."""

from __future__ import annotations

from msgspec.structs import replace
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop_app.api.models import FeedItem, UserSummary
from desktop_app.feed.merge import Entry
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.settledrows import CHUNK, SettledRows

WAIT = 5_000


def entries(count: int) -> list[Entry]:
    actor = UserSummary(id="005A", display_name="Ann Lee", type="User")
    return [
        Entry(f"acct{n % 2}", FeedItem(id=f"0D5{n:09d}", type="TextPost", actor=actor, body_text=f"post {n}"))
        for n in range(count)
    ]


def test_chunks_go_in_one_a_turn_after_timers_already_due(qtbot: QtBot) -> None:
    model = FeedModel()
    rows = SettledRows(model)
    added: list[int] = []
    rows.appended.connect(added.append)
    # A timer already due when the entries settle, and one that falls due with each chunk: both get a
    # turn before the next chunk goes in.
    seen_by_timer: list[int] = []
    due = QTimer()
    due.setInterval(0)
    due.timeout.connect(lambda: seen_by_timer.append(model.item_count))
    due.start()
    rows.add(entries(2 * CHUNK + 10))
    assert model.item_count == 0
    assert rows.pending == 2 * CHUNK + 10
    qtbot.wait_until(lambda: not rows.pending, timeout=WAIT)
    due.stop()
    assert added == [CHUNK, CHUNK, 10]
    assert model.item_count == 2 * CHUNK + 10
    assert model.account_of("0D5000000001") == "acct1"
    # The timer saw the model before the first chunk and between every two.
    assert {0, CHUNK, 2 * CHUNK} <= set(seen_by_timer)


def test_clearing_drops_what_waits(qtbot: QtBot) -> None:
    model = FeedModel()
    rows = SettledRows(model)
    rows.add(entries(CHUNK + 5))
    rows.clear()
    assert rows.pending == 0
    rows.add(entries(1))
    qtbot.wait_until(lambda: model.item_count == 1, timeout=WAIT)
    assert rows.pending == 0


class RecordingDelegate(FeedDelegate):
    """Remembers which posts were laid out ahead, and how many posts the model held then."""

    def __init__(self, view: FeedListView, model: FeedModel) -> None:
        super().__init__(None, view)
        self.model = model
        self.prepared: list[tuple[str, str, int]] = []

    def prepare(self, item: FeedItem, account: str, option: QStyleOptionViewItem) -> int:
        self.prepared.append((item.id, account, self.model.item_count))
        return super().prepare(item, account, option)


def listed(qtbot: QtBot) -> tuple[FeedListView, FeedModel, RecordingDelegate]:
    view = FeedListView()
    qtbot.addWidget(view)
    model = FeedModel(view)
    view.setModel(model)
    delegate = RecordingDelegate(view, model)
    view.setItemDelegate(delegate)
    view.resize(600, 500)
    view.show()
    return view, model, delegate


def test_a_chunk_is_laid_out_the_turn_before_it_goes_in_when_the_end_is_on_screen(qtbot: QtBot) -> None:
    view, model, delegate = listed(qtbot)
    rows = SettledRows(model, view)
    rows.add(entries(10))
    qtbot.wait_until(lambda: not rows.pending, timeout=WAIT)
    view.scrollToBottom()
    assert view.shows_end()
    delegate.prepared.clear()
    more = [Entry(e.account_key, replace(e.item, id=f"{e.item.id}-b")) for e in entries(CHUNK)]
    rows.add(more)
    qtbot.wait_until(lambda: not rows.pending, timeout=WAIT)
    # The last posts of the chunk, a screen's worth, were laid out while the model did not hold them yet,
    # each for its own account; scrolling to them finds them measured as drawn.
    assert delegate.prepared
    assert {count for _id, _account, count in delegate.prepared} == {10}
    assert delegate.prepared[0][:2] == (more[-1].item.id, more[-1].account_key)
    view.scrollToBottom()
    view.viewport().repaint()
    last = model.index(model.item_count - 1)
    layout = delegate.layout_for(last, view.viewport().width(), view.font(), view.palette())
    assert layout is not None
    assert view.visualRect(last).height() == layout.height


def test_nothing_is_laid_out_ahead_for_a_reader_far_from_the_end(qtbot: QtBot) -> None:
    view, model, delegate = listed(qtbot)
    rows = SettledRows(model, view)
    rows.add(entries(3 * CHUNK))
    qtbot.wait_until(lambda: not rows.pending, timeout=WAIT)
    view.scrollToTop()
    delegate.prepared.clear()
    rows.add([Entry(e.account_key, replace(e.item, id=f"{e.item.id}-c")) for e in entries(CHUNK)])
    qtbot.wait_until(lambda: not rows.pending, timeout=WAIT)
    assert model.item_count == 4 * CHUNK
    assert delegate.prepared == []
