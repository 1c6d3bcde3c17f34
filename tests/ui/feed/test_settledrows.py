"""SettledRows: settled timeline entries go into the model a chunk a turn, never two chunks in one turn."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from desktop_app.api.models import FeedItem, UserSummary
from desktop_app.feed.merge import Entry
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
