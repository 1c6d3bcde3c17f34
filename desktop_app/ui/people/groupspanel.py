"""The person's groups (or every group they can see), with a filter box; opening one asks to show it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app.api.groupmodels import Group, GroupPage
from desktop_app.api.groupops import MIN_QUERY, FindGroups, MyGroups
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.people.avatarlist import AvatarList, Row
from desktop_app.ui.people.labels import group_facts
from desktop_app.ui.people.statusline import StatusLine
from desktop_app.ui.shared.photos import PhotoLoader

CHANNEL = "groups:list"
# Pages followed for "my groups": 250 groups a page, more than anyone belongs to.
MAX_PAGES = 8
SEARCH_DELAY_MS = 300
MY_GROUPS, ALL_GROUPS = 0, 1


def group_detail_line(group: Group) -> str:
    """What a row says under a group's name: visibility, members, and whether the person belongs to it."""
    parts = group_facts(group)
    if group.is_member:
        parts.append("you are a member")
    elif group.has_requested:
        parts.append("request to join pending")
    return " · ".join(parts)


def group_row(group: Group) -> Row:
    """A list row for a group."""
    photo = group.photo.best_small if group.photo else None
    return Row(group.id, group.name, group_detail_line(group), photo, group.description or "")


class GroupsPanel(QWidget):
    """My groups, or all groups, filtered as typed.

    Signals: open_group(id, name); error(object) when loading failed; scope_changed(int) when the person
    picks MY_GROUPS or ALL_GROUPS (to remember across restarts, then give back with ``set_scope``).
    """

    open_group = Signal(str, str)
    error = Signal(object)
    scope_changed = Signal(int)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Groups")
        self._api = api
        self._key: str | None = None
        self._pages = 0
        self.scope = QComboBox(self)
        self.scope.addItems(["My groups", "All groups"])
        self.scope.setAccessibleName("Which groups")
        self.scope.setToolTip("Your groups, or every group you can see and join")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter groups by name")
        self.filter.setAccessibleName("Filter groups")
        self.filter.setClearButtonEnabled(True)
        self.list = AvatarList(photos, "Groups", self)
        self.status = StatusLine("groups", self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.filter.installEventFilter(self)
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = self.find_shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        self.filter.setToolTip(f"Filter groups by name ({keys})")
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.list.chosen.connect(self.open_group)
        self.filter.textChanged.connect(self._on_filter_changed)
        self.filter.returnPressed.connect(self.list.open_current)
        self.scope.currentIndexChanged.connect(self._on_scope_changed)
        self.status.retry_requested.connect(self.reload)
        self._search_timer.timeout.connect(self.reload)
        self.find_shortcut.activated.connect(self.focus_filter)

    @Slot()
    def focus_filter(self) -> None:
        """Put the cursor in the filter box, its text selected to type over."""
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    @property
    def account_key(self) -> str | None:
        """The account whose groups are listed."""
        return self._key

    def set_account(self, account_key: str | None) -> None:
        """List this account's groups (None: nothing); answers for an earlier account are dropped."""
        self._key = account_key
        self.list.clear_rows()
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Ask for the groups again (the first page; the others follow)."""
        self._api.bump(CHANNEL)
        self._pages = 0
        if self._key is None:
            self.status.clear()
            return
        self.status.show_busy("Loading groups\u2026")
        self._load(None)

    def _operation(self, page_url: str | None) -> MyGroups | FindGroups:
        if self.scope.currentIndex() == ALL_GROUPS:
            # Every group of a large org is too many to list: the server searches them by the filter.
            return FindGroups(self.filter.text(), page_url)
        return MyGroups(page_url=page_url, page_size=250)

    def _load(self, page_url: str | None) -> None:
        assert self._key is not None
        self._api.call(self._key, self._operation(page_url), channel=CHANNEL, on_done=self._on_page)

    def _on_page(self, outcome: ApiOutcome[GroupPage]) -> None:
        key = self._key
        if key is None or outcome.call.account_key != key:
            return
        page = outcome.value
        if page is None:
            self.status.show_error(describe(outcome.error, "The groups could not be loaded."))
            self.error.emit(outcome.error)
            return
        first = self._pages == 0
        self._pages += 1
        self.list.set_rows(key, (group_row(g) for g in page.groups), append=not first)
        self._apply_filter()
        if page.next_page_url and self._pages < MAX_PAGES:
            self._load(page.next_page_url)
            return
        self._say_what_is_shown()

    def _say_what_is_shown(self) -> None:
        if self.list.rows.rowCount() == 0:
            mine = self.scope.currentIndex() == MY_GROUPS
            self.status.show_message("You are not in any group yet." if mine else "No groups found.")
        elif self.list.filtered.rowCount() == 0:
            self.status.show_message("No group matches the filter.")
        else:
            self.status.clear()

    def _apply_filter(self) -> None:
        self.list.set_filter(self.filter.text())

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self._apply_filter()
        if self.scope.currentIndex() == ALL_GROUPS and (len(text.strip()) >= MIN_QUERY or not text.strip()):
            self._search_timer.start()
        elif self._pages:
            self._say_what_is_shown()

    def set_scope(self, scope: int) -> None:
        """Show MY_GROUPS or ALL_GROUPS (as remembered), without announcing it as a change."""
        if scope in (MY_GROUPS, ALL_GROUPS) and scope != self.scope.currentIndex():
            self.scope.blockSignals(True)
            self.scope.setCurrentIndex(scope)
            self.scope.blockSignals(False)
            self.list.clear_rows()
            self.reload()

    @Slot(int)
    def _on_scope_changed(self, index: int) -> None:
        self.list.clear_rows()
        self.reload()
        self.scope_changed.emit(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the filter box moves into the list, so the keyboard alone picks a group."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.list.filtered.rowCount():
                self.list.setFocus()
                return True
        return super().eventFilter(watched, event)
