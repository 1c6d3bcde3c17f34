"""A group's members in a dialog: photo, name, title and role; opening one asks to show that person."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.api.groupmodels import GroupMember, MemberPage, role_words
from desktop_app.api.groupops import GroupMembers
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.people.avatarlist import AvatarList, Row
from desktop_app.ui.people.statusline import StatusLine
from desktop_app.ui.shared.photos import PhotoLoader

CHANNEL = "groups:members"


def member_row(member: GroupMember) -> Row:
    """A list row for a member: their title and, for owners and managers, their role."""
    user = member.user
    role = role_words(member.role) if member.role in ("GroupOwner", "GroupManager") else ""
    detail = " · ".join(part for part in (user.title or "", role) if part)
    return Row(user.id, user.display_name, detail, user.photo.best_small if user.photo else None)


class MembersDialog(QDialog):
    """Lists a group's members a page at a time (signals: open_person(id, name))."""

    open_person = Signal(str, str)

    def __init__(
        self,
        api: ApiService,
        photos: PhotoLoader,
        account_key: str,
        group_id: str,
        group_name: str,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._title = f"Members of {group_name}"
        self.setWindowTitle(self._title)
        self.setAccessibleName("Group members")
        self.resize(420, 520)
        self._api = api
        self._key = account_key
        self._group_id = group_id
        self._next_page: str | None = None
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter members by name")
        self.filter.setAccessibleName("Filter members")
        self.filter.setClearButtonEnabled(True)
        self.list = AvatarList(photos, "Members", self)
        self.status = StatusLine("members", self)
        self.more_button = QPushButton("Show &more members", self)
        self.more_button.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.more_button)
        layout.addWidget(buttons)
        self.list.chosen.connect(self._on_chosen)
        self.filter.textChanged.connect(self.list.set_filter)
        self.filter.returnPressed.connect(self.list.open_current)
        self.more_button.clicked.connect(self._load_more)
        self.status.retry_requested.connect(self.reload)
        buttons.rejected.connect(self.reject)
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Load the first page of members again."""
        self._api.bump(CHANNEL)
        self.list.clear_rows()
        self._load(None)

    @Slot()
    def _load_more(self) -> None:
        if self._next_page:
            self._load(self._next_page)

    def _load(self, page_url: str | None) -> None:
        self.status.show_busy("Loading members\u2026")
        self.more_button.setEnabled(False)
        operation = GroupMembers(self._group_id, page_url)
        self._api.call(self._key, operation, channel=CHANNEL, on_done=self._on_page)

    def _on_page(self, outcome: ApiOutcome[MemberPage]) -> None:
        page = outcome.value
        self.more_button.setEnabled(True)
        if page is None:
            self.status.show_error(describe(outcome.error, "The members could not be loaded."))
            return
        self.list.set_rows(self._key, (member_row(m) for m in page.members), append=True)
        self._next_page = page.next_page_url
        self.more_button.setVisible(bool(page.next_page_url))
        if page.total is not None:
            self.setWindowTitle(f"{self._title} ({page.total:,})")
        if self.list.rows.rowCount():
            self.status.clear()
        else:
            self.status.show_message("This group has no members.")

    @Slot(str, str)
    def _on_chosen(self, user_id: str, name: str) -> None:
        self.open_person.emit(user_id, name)
        self.accept()
