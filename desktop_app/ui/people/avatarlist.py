"""A list of people or groups: a round photo, a name and a line under it; Enter or double-click opens one."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec
from PySide6.QtCore import QModelIndex, QSize, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListView, QWidget

from desktop_app.feed.richtext import plain_tooltip
from desktop_app.ui.shared.photos import PhotoLoader, placeholder

PHOTO_SIZE = 36
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
PHOTO_ROLE = Qt.ItemDataRole.UserRole + 3


class Row(msgspec.Struct, frozen=True):
    """One entry: the id it opens, its name, a line of detail, its photo's URL."""

    id: str
    name: str
    detail: str = ""
    photo_url: str | None = None
    tooltip: str = ""


class AvatarList(QListView):
    """Rows with photos, filtered by name on request (signals: chosen(id, name))."""

    chosen = Signal(str, str)

    def __init__(self, photos: PhotoLoader, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._photos = photos
        self._account_key: str | None = None
        self.rows = QStandardItemModel(self)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.rows)
        self.filtered.setFilterRole(NAME_ROLE)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(self.filtered)
        self.setAccessibleName(accessible_name)
        self.setIconSize(QSize(PHOTO_SIZE, PHOTO_SIZE))
        self.setSpacing(2)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.activated.connect(self._on_activated)
        self._photos.photo_ready.connect(self._on_photo_ready)

    def set_rows(self, account_key: str, rows: Iterable[Row], *, append: bool = False) -> None:
        """Show these rows (after the ones there with ``append``); photos load for ``account_key``."""
        self._account_key = account_key
        if not append:
            self.rows.clear()
        for row in rows:
            item = QStandardItem(f"{row.name}\n{row.detail}" if row.detail else row.name)
            item.setData(row.id, ID_ROLE)
            item.setData(row.name, NAME_ROLE)
            item.setData(row.photo_url, PHOTO_ROLE)
            item.setEditable(False)
            item.setAccessibleText(f"{row.name}, {row.detail}" if row.detail else row.name)
            if row.tooltip:
                item.setToolTip(plain_tooltip(row.tooltip))
            self._set_icon(item)
            self.rows.appendRow(item)
        if self.currentIndex().row() < 0 and self.filtered.rowCount():
            self.setCurrentIndex(self.filtered.index(0, 0))

    def clear_rows(self) -> None:
        """Show nothing."""
        self.rows.clear()

    def set_filter(self, text: str) -> None:
        """Show only rows whose name contains the text."""
        self.filtered.setFilterFixedString(text.strip())
        if self.filtered.rowCount() and not self.currentIndex().isValid():
            self.setCurrentIndex(self.filtered.index(0, 0))

    def shown_names(self) -> list[str]:
        """The names of the rows shown, top to bottom."""
        return [str(self.filtered.index(r, 0).data(NAME_ROLE)) for r in range(self.filtered.rowCount())]

    def open_current(self) -> bool:
        """Open the current row (the first when none is current); False when nothing is shown."""
        index = self.currentIndex()
        if not index.isValid() and self.filtered.rowCount():
            index = self.filtered.index(0, 0)
        if not index.isValid():
            return False
        self._on_activated(index)
        return True

    def _set_icon(self, item: QStandardItem) -> None:
        name = str(item.data(NAME_ROLE))
        url = item.data(PHOTO_ROLE)
        pixmap = (
            self._photos.pixmap(self._account_key, url, PHOTO_SIZE) if url and self._account_key else None
        )
        item.setIcon(QIcon(pixmap if pixmap is not None else placeholder(name, PHOTO_SIZE)))

    @Slot(str)
    def _on_photo_ready(self, url: str) -> None:
        for row in range(self.rows.rowCount()):
            item = self.rows.item(row)
            if item is not None and item.data(PHOTO_ROLE) == url:
                self._set_icon(item)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        ident = index.data(ID_ROLE)
        if ident:
            self.chosen.emit(str(ident), str(index.data(NAME_ROLE)))
