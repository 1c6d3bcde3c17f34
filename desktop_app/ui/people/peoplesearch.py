"""Find people by name: a search box and the matches (photo, name, title); opening one asks to show them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop_app.api.models import UserSummary
from desktop_app.api.operations import SearchUsers
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.people.avatarlist import AvatarList, Row
from desktop_app.ui.people.statusline import StatusLine
from desktop_app.ui.shared.photos import PhotoLoader

CHANNEL = "people:search"
SEARCH_DELAY_MS = 300
MIN_QUERY = 2
RESULTS = 50


def person_row(user: UserSummary) -> Row:
    """A list row for a person: their title (and company) under the name."""
    detail = " · ".join(part for part in (user.title, user.company_name) if part)
    return Row(user.id, user.display_name, detail, user.photo.best_small if user.photo else None)


class PeopleSearch(QWidget):
    """Searches people as a name is typed (signals: open_person(id, name), error(object))."""

    open_person = Signal(str, str)
    error = Signal(object)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("People")
        self._api = api
        self._key: str | None = None
        self._searched = ""
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search people by name")
        self.search_box.setAccessibleName("Search people")
        self.search_box.setClearButtonEnabled(True)
        self.list = AvatarList(photos, "People found", self)
        self.status = StatusLine("people", self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search_box)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.search_box.installEventFilter(self)
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = self.find_shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        self.search_box.setToolTip(f"Search people by name ({keys})")
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search_box.textChanged.connect(self._on_text_changed)
        self.search_box.returnPressed.connect(self._on_return)
        self.list.chosen.connect(self.open_person)
        self._timer.timeout.connect(self.search)
        self.status.retry_requested.connect(self.search)
        self.find_shortcut.activated.connect(self.focus_search)

    @Slot()
    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected to type over."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def set_account(self, account_key: str | None) -> None:
        """Search among this account's people; what was found for another account goes."""
        self._key = account_key
        self._api.bump(CHANNEL)
        self.list.clear_rows()
        self._searched = ""
        self.status.clear()
        if self.search_box.text().strip():
            self.search()

    @property
    def searched(self) -> str:
        """The query whose results are shown."""
        return self._searched

    @Slot()
    def search(self) -> None:
        """Search now for what is in the box."""
        self._timer.stop()
        query = self.search_box.text().strip()
        self._api.bump(CHANNEL)
        if self._key is None or len(query) < MIN_QUERY:
            self.list.clear_rows()
            self._searched = ""
            if query:
                self.status.show_message("Type at least two letters of a name.")
            else:
                self.status.clear()
            return
        self.status.show_busy(f"Searching for \u201c{query}\u201d\u2026")
        self._api.call(self._key, SearchUsers(query, RESULTS), channel=CHANNEL, on_done=self._on_found)

    def _on_found(self, outcome: ApiOutcome[list[UserSummary]]) -> None:
        if outcome.call.account_key != self._key:
            return
        operation = outcome.call.operation
        assert isinstance(operation, SearchUsers)
        if outcome.value is None:
            self.status.show_error(describe(outcome.error, "The search did not work."))
            self.error.emit(outcome.error)
            return
        self._searched = operation.q
        self.list.set_rows(self._key or "", (person_row(u) for u in outcome.value))
        if outcome.value:
            self.status.clear()
        else:
            self.status.show_message(f"Nobody is called \u201c{operation.q}\u201d.")

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self._timer.start()

    @Slot()
    def _on_return(self) -> None:
        query = self.search_box.text().strip()
        if query and query == self._searched and self.list.open_current():
            return
        self.search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the results, so the keyboard alone picks someone."""
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.list.filtered.rowCount():
                self.list.setFocus()
                return True
        return super().eventFilter(watched, event)
