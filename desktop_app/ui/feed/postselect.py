"""Selecting one post of the feed by id, now or as soon as its row arrives (a clicked notification)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel

GIVE_UP_MS = 10_000
"""A post that has not arrived by then is not waited for: selecting it later would jump the list away."""


class PostSelector(QObject):
    """Selects and scrolls to a post; one asked for before its row is there is selected when it comes, if it
    comes soon (signal: missed(str element_id) when it did not)."""

    missed = Signal(str)

    def __init__(self, model: FeedModel, view: FeedListView, show_list: Callable[[], None]) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._show_list = show_list
        self._wanted: str | None = None
        # A turn after rows go in: the first page sets its own current row first, then this one wins.
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(0)
        self._check.timeout.connect(self._select)
        model.rowsInserted.connect(self._check.start)
        self._give_up = QTimer(self)
        self._give_up.setSingleShot(True)
        self._give_up.setInterval(GIVE_UP_MS)
        self._give_up.timeout.connect(self._on_give_up)

    def select(self, element_id: str) -> bool:
        """Select the post; True when it is in the list now, else it is selected on arrival."""
        self._wanted = element_id
        found = self._select()
        if not found:
            self._give_up.start()
        return found

    @property
    def current_id(self) -> str | None:
        """The id of the selected post."""
        item = self._model.item_at(self._view.currentIndex().row())
        return item.id if item is not None else None

    @Slot()
    def _select(self) -> bool:
        row = self._model.row_of(self._wanted) if self._wanted else -1
        if row < 0:
            return False
        self._wanted = None
        self._give_up.stop()
        index = self._model.index(row)
        self._show_list()
        self._view.setCurrentIndex(index)
        self._view.executeDelayedItemsLayout()
        self._view.scrollTo(index)
        return True

    @Slot()
    def _on_give_up(self) -> None:
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.missed.emit(wanted)
