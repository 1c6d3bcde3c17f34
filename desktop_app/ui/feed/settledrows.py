"""Putting settled timeline entries into the list a few at a time, so no event loop turn does all of them.

One answer can settle a hundred posts or more at once (every account's waiting items, when the one that
held them back answers). Appending a batch costs the model and the list about 0.1 ms a row plus laying out
what comes into view; in chunks of ``CHUNK`` a turn, the GUI thread stays responsive while they go in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.feed.merge import Entry
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.shared.nextturn import NextTurn

CHUNK = 25


class SettledRows(QObject):
    """Entries waiting to go into the model, appended ``CHUNK`` a turn (signals: appended(int)).

    ``view`` (the parent) is the list they go into: when it shows the end, each chunk is laid out on the
    turn before it goes in, so the turn that adds it (and scrolls to it) has only the paint left.
    """

    appended = Signal(int)

    def __init__(self, model: FeedModel, view: QObject | None = None) -> None:
        super().__init__(view)
        self._model = model
        self._queue: deque[Entry] = deque()
        self._laid_out: list[Entry] = []  # the chunk going in on the next turn
        # Each chunk after the paint of the one before and any timer due: never two chunks in one turn.
        self._timer = NextTurn(self)
        self._timer.timeout.connect(self._drain)

    @property
    def pending(self) -> int:
        """Entries not in the model yet."""
        return len(self._queue) + len(self._laid_out)

    def add(self, entries: Iterable[Entry]) -> None:
        """Queue entries (in order) for the end of the list; the first chunk goes in on the next turn.

        Not at once: the answer that settled them may come right after a chunk went in, and the two
        chunks with their paints would make one long stall.
        """
        self._queue.extend(entries)
        if self.pending and not self._timer.is_active():
            self._timer.start()

    def clear(self) -> None:
        """Drop what waits (the model is being cleared)."""
        self._queue.clear()
        self._laid_out = []
        self._timer.stop()

    @Slot()
    def _drain(self) -> None:
        chunk, self._laid_out = self._laid_out, []
        if not chunk:
            chunk = [self._queue.popleft() for _ in range(min(CHUNK, len(self._queue)))]
            view = self.parent()
            if chunk and isinstance(view, FeedListView) and view.shows_end():
                view.prepare_end([(entry.item, entry.account_key) for entry in chunk])
                self._laid_out = chunk
                self._timer.start()
                return
        if self._queue:
            self._timer.start()
        else:
            self._timer.stop()
        if chunk:
            added = self._model.append_page(
                [entry.item for entry in chunk], {entry.item.id: entry.account_key for entry in chunk}
            )
            self.appended.emit(added)
