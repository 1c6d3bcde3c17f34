"""The news feed as a list model: frozen FeedItems in order, per-post view state, and a trailing status row.

Rows are found by id through a sequence-number index (``row = seq - base``), so appending a page costs only
the new rows and prepending only moves ``base``, however long the feed already is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import IntEnum, StrEnum
from typing import Any

import msgspec
from msgspec.structs import replace
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop_app.api.models import FeedItem, UserSummary
from desktop_app.feed.elementtext import element_text

ModelIndex = QModelIndex | QPersistentModelIndex


class FeedRole(IntEnum):
    """Data roles beyond Qt's: the item, its view state, its revision and the row kind."""

    ITEM = Qt.ItemDataRole.UserRole + 1
    STATE = Qt.ItemDataRole.UserRole + 2
    REVISION = Qt.ItemDataRole.UserRole + 3
    KIND = Qt.ItemDataRole.UserRole + 4
    FOOTER = Qt.ItemDataRole.UserRole + 5
    ITEM_ID = Qt.ItemDataRole.UserRole + 6
    ACCOUNT = Qt.ItemDataRole.UserRole + 7


class RowKind(StrEnum):
    """What a row shows."""

    POST = "post"
    FOOTER = "footer"


class Footer(StrEnum):
    """The trailing row: absent, a next page loading, the end of the feed, or a failed page with retry."""

    NONE = "none"
    LOADING = "loading"
    END = "end"
    ERROR = "error"


class PostState(msgspec.Struct, frozen=True):
    """How one post is shown: comments, long text or a bundle opened, an action or vote under way, a note."""

    comments_open: bool = False
    comments_loading: bool = False
    show_all: bool = False
    bundle_open: bool = False
    busy: bool = False
    voting: bool = False
    sending_comment: bool = False
    comment_draft: str = ""
    note: str = ""
    revision: int = 0


_DEFAULT_STATE = PostState()


class FeedModel(QAbstractListModel):
    """Feed items plus a status row (signals: footer_changed(Footer))."""

    footer_changed = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[FeedItem] = []
        self._seq: dict[str, int] = {}
        self._base = 0
        self._states: dict[str, PostState] = {}
        self._authors: dict[str, UserSummary] = {}
        self._footer = Footer.NONE
        self._footer_text = ""
        # The account each item came from, in a feed that mixes accounts (empty in a one-account feed).
        self._accounts: dict[str, str] = {}

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Posts, plus one when the status row shows."""
        if parent.isValid():
            return 0
        return len(self._items) + (0 if self._footer is Footer.NONE else 1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The item, its state, or text for the roles Qt asks for."""
        if not index.isValid() or index.row() < 0 or index.row() >= self.rowCount():
            return None
        row = index.row()
        if row >= len(self._items):
            return self._footer_data(role)
        item = self._items[row]
        if role == FeedRole.ITEM:
            return item
        if role == FeedRole.ITEM_ID:
            return item.id
        if role == FeedRole.STATE:
            return self._states.get(item.id, _DEFAULT_STATE)
        if role == FeedRole.REVISION:
            return self._states.get(item.id, _DEFAULT_STATE).revision
        if role == FeedRole.KIND:
            return RowKind.POST
        if role == FeedRole.ACCOUNT:
            return self._accounts.get(item.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            name = item.actor.display_name if item.actor.id or not item.parent_name else item.parent_name
            return f"{name}: {element_text(item)}"
        return None

    def _footer_data(self, role: int) -> Any:
        if role == FeedRole.KIND:
            return RowKind.FOOTER
        if role == FeedRole.FOOTER:
            return self._footer
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.footer_text
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Posts can be selected and edited (the comment entry); the status row only selected."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self._items):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # Items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[FeedItem]:
        return iter(self._items)

    @property
    def item_count(self) -> int:
        """Number of posts (without the status row)."""
        return len(self._items)

    def row_of(self, item_id: str) -> int:
        """The row showing the item, or -1."""
        seq = self._seq.get(item_id)
        return -1 if seq is None else seq - self._base

    def contains(self, item_id: str) -> bool:
        """Whether the item is in the feed."""
        return item_id in self._seq

    def item(self, item_id: str) -> FeedItem | None:
        """The item with this id, if present."""
        row = self.row_of(item_id)
        return self._items[row] if row >= 0 else None

    def item_at(self, row: int) -> FeedItem | None:
        """The item in a row, or None for the status row and out-of-range rows."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def height_key(self, row: int) -> tuple[str, int] | None:
        """(item id, revision) of a post row, what a cached row height depends on; None for the status row."""
        if not 0 <= row < len(self._items):
            return None
        item_id = self._items[row].id
        state = self._states.get(item_id)
        return item_id, state.revision if state is not None else 0

    def state(self, item_id: str) -> PostState:
        """The view state of an item."""
        return self._states.get(item_id, _DEFAULT_STATE)

    def account_of(self, item_id: str) -> str | None:
        """The account an item came from, when the feed mixes accounts (None in a one-account feed)."""
        return self._accounts.get(item_id)

    def authors(self) -> list[UserSummary]:
        """Everyone seen in the feed (posts and comments), first seen first."""
        return list(self._authors.values())

    def _fresh(self, items: Iterable[FeedItem]) -> list[FeedItem]:
        seen: set[str] = set()
        fresh = []
        for item in items:
            if item.id not in self._seq and item.id not in seen:
                seen.add(item.id)
                fresh.append(item)
        return fresh

    def _learn_authors(self, items: Iterable[FeedItem]) -> None:
        for item in items:
            for person in (item.actor, *(comment.user for comment in item.comments)):
                if person.id and (person.type in (None, "User")) and person.id not in self._authors:
                    self._authors[person.id] = person

    def append_page(self, items: Iterable[FeedItem], accounts: Mapping[str, str] | None = None) -> int:
        """Add items after the last post (ones already present are skipped); returns how many were added.

        ``accounts`` maps item ids to the account each came from, in a feed that mixes accounts.
        """
        fresh = self._fresh(items)
        if not fresh:
            return 0
        self._note_accounts(fresh, accounts)
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for offset, item in enumerate(fresh):
            self._seq[item.id] = self._base + first + offset
        self._items.extend(fresh)
        self.endInsertRows()
        self._learn_authors(fresh)
        return len(fresh)

    def prepend(self, items: Iterable[FeedItem], accounts: Mapping[str, str] | None = None) -> int:
        """Put items (newest first) above the first post; returns how many were added (``accounts``: as
        for ``append_page``)."""
        fresh = self._fresh(items)
        if not fresh:
            return 0
        self._note_accounts(fresh, accounts)
        self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
        self._base -= len(fresh)
        for offset, item in enumerate(fresh):
            self._seq[item.id] = self._base + offset
        self._items[0:0] = fresh
        self.endInsertRows()
        self._learn_authors(fresh)
        return len(fresh)

    def _note_accounts(self, fresh: list[FeedItem], accounts: Mapping[str, str] | None) -> None:
        if accounts:
            self._accounts.update((item.id, accounts[item.id]) for item in fresh if item.id in accounts)

    def replace_item(self, item: FeedItem) -> bool:
        """Swap in a new version of an item (liked, commented); False if it is not in the feed."""
        row = self.row_of(item.id)
        if row < 0:
            return False
        self._items[row] = item
        self._learn_authors((item,))
        self._bump(item.id)
        return True

    def insert_at(self, row: int, item: FeedItem) -> bool:
        """Put an item back at a row (an undone mute); False if it is already in the feed."""
        if item.id in self._seq:
            return False
        row = max(0, min(row, len(self._items)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        # Rows below moved down by one: renumbered as remove() does (undoing is rare).
        self._base = 0
        self._seq = {entry.id: position for position, entry in enumerate(self._items)}
        self.endInsertRows()
        self._learn_authors((item,))
        return True

    def remove(self, item_id: str) -> bool:
        """Take an item out of the feed; False if it was not there."""
        row = self.row_of(item_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self._states.pop(item_id, None)
        self._accounts.pop(item_id, None)
        # Rows below moved up by one; renumbering is O(n) but removals are rare (a user's own delete).
        self._base = 0
        self._seq = {item.id: position for position, item in enumerate(self._items)}
        self.endRemoveRows()
        return True

    def clear(self) -> None:
        """Empty the feed and hide the status row."""
        self.beginResetModel()
        self._items.clear()
        self._seq.clear()
        self._states.clear()
        self._authors.clear()
        self._accounts.clear()
        self._base = 0
        self._footer = Footer.NONE
        self._footer_text = ""
        self.endResetModel()
        self.footer_changed.emit(self._footer)

    # View state

    def update_state(self, item_id: str, **changes: Any) -> PostState:
        """Change how an item is shown (fields of PostState); repaints its row."""
        if item_id not in self._seq:
            return _DEFAULT_STATE
        state = replace(self.state(item_id), **changes)
        self._states[item_id] = state
        self._bump(item_id)
        return self._states[item_id]

    def touch(self, item_id: str) -> None:
        """Have the row laid out and measured again (a picture in it arrived); nothing else changes."""
        if item_id in self._seq:
            self._bump(item_id)

    def _bump(self, item_id: str) -> None:
        state = self.state(item_id)
        self._states[item_id] = replace(state, revision=state.revision + 1)
        index = self.index(self.row_of(item_id))
        self.dataChanged.emit(index, index)

    # Status row

    @property
    def footer(self) -> Footer:
        """What the trailing row shows."""
        return self._footer

    @property
    def footer_text(self) -> str:
        """Words for the trailing row."""
        if self._footer_text:
            return self._footer_text
        return {
            Footer.NONE: "",
            Footer.LOADING: "Loading more posts…",
            Footer.END: "You're all caught up.",
            Footer.ERROR: "Couldn't load more posts.",
        }[self._footer]

    def set_footer(self, footer: Footer, text: str = "") -> None:
        """Show, change or hide the trailing row."""
        if footer is self._footer and text == self._footer_text:
            return
        row = len(self._items)
        had_row = self._footer is not Footer.NONE
        if footer is Footer.NONE:
            if had_row:
                self.beginRemoveRows(QModelIndex(), row, row)
            self._footer, self._footer_text = footer, text
            if had_row:
                self.endRemoveRows()
        elif not had_row:
            self.beginInsertRows(QModelIndex(), row, row)
            self._footer, self._footer_text = footer, text
            self.endInsertRows()
        else:
            self._footer, self._footer_text = footer, text
            index = self.index(row)
            self.dataChanged.emit(index, index)
        self.footer_changed.emit(footer)


def post_at(index: ModelIndex) -> tuple[FeedItem, PostState] | None:
    """The post in a FeedModel row and its view state, or None for the status row.

    Views and delegates read rows through this rather than ``index.data()``: no QVariant round trip on every
    size hint and paint, and no invalid QVariants coming back to Python (PySide6 6.12.0 lost a reference to
    None on each of those under Python 3.11).
    """
    model = index.model()
    if not isinstance(model, FeedModel):
        return None
    item = model.item_at(index.row())
    return None if item is None else (item, model.state(item.id))


def footer_at(index: ModelIndex) -> Footer | None:
    """What the status row shows, or None when the index is a post."""
    model = index.model()
    if not isinstance(model, FeedModel) or index.row() != model.item_count:
        return None
    return model.footer
