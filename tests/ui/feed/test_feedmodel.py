"""FeedModel: ordered, deduplicated posts, per-post view state, a status row, and appends that stay cheap."""

from __future__ import annotations

from typing import Any

import pytest
from msgspec.structs import replace
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop_app.api.models import Comment, FeedItem, UserSummary
from desktop_app.ui.feed.feedmodel import FeedModel, FeedRole, Footer, PostState, RowKind, footer_at, post_at

ZOE = UserSummary(id="005A", display_name="Zoë Ångström", type="User")
DANA = UserSummary(id="005B", display_name="Dana Kowalski", type="User")


def item(number: int, actor: UserSummary = ZOE) -> FeedItem:
    return FeedItem(id=f"0D5{number:012d}", type="TextPost", actor=actor, body_text=f"post {number}")


class Recorder:
    """Every structural signal the model sends."""

    def __init__(self, model: FeedModel) -> None:
        self.events: list[tuple[str, Any]] = []
        model.rowsInserted.connect(lambda _p, first, last: self.events.append(("inserted", (first, last))))
        model.rowsRemoved.connect(lambda _p, first, last: self.events.append(("removed", (first, last))))
        model.modelReset.connect(lambda: self.events.append(("reset", None)))
        model.layoutChanged.connect(lambda *_: self.events.append(("layout", None)))
        model.dataChanged.connect(
            lambda top, bottom, *_: self.events.append(("changed", (top.row(), bottom.row())))
        )


@pytest.fixture
def model(qtbot: QtBot) -> FeedModel:
    return FeedModel()


def ids(model: FeedModel) -> list[str]:
    return [entry.id for entry in model]


def test_append_keeps_order_and_skips_duplicates(model: FeedModel) -> None:
    assert model.append_page([item(1), item(2), item(2)]) == 2
    assert model.append_page([item(2), item(3)]) == 1
    assert ids(model) == [item(n).id for n in (1, 2, 3)]
    assert model.rowCount() == 3
    assert model.row_of(item(3).id) == 2
    assert model.row_of("missing") == -1
    assert model.item(item(2).id) == item(2)
    assert model.append_page([]) == 0


def test_prepend_puts_new_posts_on_top_and_rows_stay_findable(model: FeedModel) -> None:
    model.append_page([item(3), item(4)])
    assert model.prepend([item(1), item(2), item(3)]) == 2
    assert ids(model) == [item(n).id for n in (1, 2, 3, 4)]
    assert [model.row_of(item(n).id) for n in (1, 2, 3, 4)] == [0, 1, 2, 3]
    model.append_page([item(5)])
    assert model.row_of(item(5).id) == 4


def test_replace_and_remove(model: FeedModel) -> None:
    model.append_page([item(1), item(2), item(3)])
    recorder = Recorder(model)
    liked = replace(item(2), liked_by_me=True, likes_total=1)
    assert model.replace_item(liked)
    assert model.item(liked.id) == liked
    assert not model.replace_item(item(9))
    assert model.remove(item(2).id)
    assert not model.remove(item(2).id)
    assert ids(model) == [item(1).id, item(3).id]
    assert model.row_of(item(3).id) == 1
    model.prepend([item(0)])
    assert [model.row_of(item(n).id) for n in (0, 1, 3)] == [0, 1, 2]
    assert recorder.events == [("changed", (1, 1)), ("removed", (1, 1)), ("inserted", (0, 0))]


def test_view_state_changes_repaint_the_row_and_bump_the_revision(model: FeedModel) -> None:
    model.append_page([item(1), item(2)])
    recorder = Recorder(model)
    before = model.state(item(2).id)
    state = model.update_state(item(2).id, comments_open=True)
    assert state.comments_open
    assert state.revision > before.revision
    assert recorder.events == [("changed", (1, 1))]
    assert model.update_state("missing", busy=True) == PostState()


def test_roles_and_status_row(model: FeedModel) -> None:
    model.append_page([item(1)])
    index = model.index(0)
    assert model.data(index, FeedRole.ITEM) == item(1)
    assert model.data(index, FeedRole.KIND) == RowKind.POST
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "Zoë Ångström: post 1"
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert post_at(index) == (item(1), PostState())
    recorder = Recorder(model)
    model.set_footer(Footer.LOADING)
    assert model.rowCount() == 2
    footer = model.index(1)
    assert model.data(footer, FeedRole.KIND) == RowKind.FOOTER
    assert model.data(footer, Qt.ItemDataRole.DisplayRole) == "Loading more posts…"
    assert post_at(footer) is None
    assert footer_at(footer) is Footer.LOADING
    assert footer_at(index) is None
    model.set_footer(Footer.ERROR, "Couldn't load more posts. Offline.")
    model.set_footer(Footer.NONE)
    model.set_footer(Footer.NONE)
    model.set_footer(Footer.END)
    assert model.footer_text == "You're all caught up."
    assert recorder.events == [
        ("inserted", (1, 1)),
        ("changed", (1, 1)),
        ("removed", (1, 1)),
        ("inserted", (1, 1)),
    ]
    model.append_page([item(2)])
    assert model.rowCount() == 3
    assert footer_at(model.index(2)) is Footer.END


def test_authors_are_people_seen_in_posts_and_comments(model: FeedModel) -> None:
    comment = Comment(id="0D7A", user=DANA, body_text="hi")
    record = UserSummary(id="001X", display_name="Initech", type="Account")
    model.append_page([item(1), replace(item(2), comments=(comment,)), item(3, record)])
    assert [person.display_name for person in model.authors()] == ["Zoë Ångström", "Dana Kowalski"]


def test_clear_resets_everything(model: FeedModel) -> None:
    model.append_page([item(1)])
    model.update_state(item(1).id, busy=True)
    model.set_footer(Footer.END)
    model.clear()
    assert model.rowCount() == 0
    assert model.footer is Footer.NONE
    assert model.state(item(1).id) == PostState()
    assert model.authors() == []


def test_appending_to_a_long_feed_touches_only_the_new_rows(model: FeedModel) -> None:
    model.append_page([item(n) for n in range(10_000)])
    model.set_footer(Footer.LOADING)
    recorder = Recorder(model)
    looked_at: list[int] = []
    original = model.data

    def counting_data(index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        looked_at.append(index.row())
        return original(index, role)

    model.data = counting_data  # type: ignore[method-assign]
    assert model.append_page([item(n) for n in range(10_000, 10_100)]) == 100
    assert recorder.events == [("inserted", (10_000, 10_099))]
    assert looked_at == []
    assert model.rowCount() == 10_101
    assert model.row_of(item(10_099).id) == 10_099
    assert footer_at(model.index(10_100)) is Footer.LOADING
    # A page that repeats the last rows adds nothing and sends nothing.
    assert model.append_page([item(n) for n in range(10_050, 10_100)]) == 0
    assert recorder.events == [("inserted", (10_000, 10_099))]


class CountingDict(dict[str, int]):
    """A dict that counts its writes."""

    writes = 0

    def __setitem__(self, key: str, value: int) -> None:
        self.writes += 1
        super().__setitem__(key, value)


def test_append_cost_does_not_depend_on_feed_length(model: FeedModel) -> None:
    """Index work per append is the page size: the id index grows by exactly the new rows."""
    small, large = FeedModel(), FeedModel()
    small.append_page([item(n) for n in range(100)])
    large.append_page([item(n) for n in range(10_000)])
    for target, start in ((small, 100), (large, 10_000)):
        counting = CountingDict(target._seq)
        target._seq = counting
        target.append_page([item(n) for n in range(start, start + 100)])
        assert counting.writes == 100
