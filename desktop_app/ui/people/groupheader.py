"""The top of a group's page: photo, name, description, members, visibility; Join, Leave or Ask to join."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.api.groupmodels import Group, GroupMember, MembershipRequest
from desktop_app.api.groupops import AskToJoin, GroupDetail, JoinGroup, LeaveGroup
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.people.labels import caption_label, group_facts, scale_font, set_optional, value_label
from desktop_app.ui.people.membersdialog import MembersDialog
from desktop_app.ui.people.statusline import StatusLine
from desktop_app.ui.shared import accents
from desktop_app.ui.shared.photos import PhotoLoader, placeholder

PHOTO_SIZE = 64
CHANNEL = "groups:header"
WRITE_CHANNEL = "groups:membership"


def facts_line(group: Group) -> str:
    """Visibility, member count and the owner, in one line."""
    parts = group_facts(group)
    if group.owner is not None and group.owner.display_name:
        parts.append(f"owned by {group.owner.display_name}")
    if group.is_archived:
        parts.append("archived")
    return " · ".join(parts)


class GroupHeader(QWidget):
    """One group's header and membership actions (signals: open_person(id, name), membership_changed(id))."""

    open_person = Signal(str, str)
    membership_changed = Signal(str)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Group")
        self._api = api
        self._photos = photos
        self._key: str | None = None
        self._group_id: str | None = None
        self._name = ""
        self._group: Group | None = None
        self._writing = False
        self.members_dialog: MembersDialog | None = None
        self._build()
        self._connect_signals()
        self._fill(None)

    def _build(self) -> None:
        self.photo = QLabel(self)
        self.photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo.setAccessibleName("Group photo")
        self.name = value_label(self, "Group name")
        scale_font(self.name, 1.5, bold=True)
        self.facts = value_label(self, "About the group")
        accents.quiet(self.facts)
        self.description = value_label(self, "Description")
        self.information_title = value_label(self, "Information title")
        scale_font(self.information_title, 1.0, bold=True)
        self.information = value_label(self, "Information")
        self.membership_note = caption_label("", self)
        self.membership_note.setWordWrap(True)
        self.action_button = QPushButton(self)
        accents.primary(self.action_button)
        self.members_button = QPushButton("&Members\u2026", self)
        self.members_button.setAccessibleName("Show the group's members")
        self.status = StatusLine("the group", self)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name)
        text.addWidget(self.facts)
        text.addWidget(self.description)
        text.addStretch(1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.members_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        top.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.information_title)
        layout.addWidget(self.information)
        layout.addWidget(self.membership_note)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.action_button.clicked.connect(self._on_action)
        self.members_button.clicked.connect(self.show_members)
        self.status.retry_requested.connect(self.reload)
        self._photos.photo_ready.connect(self._on_photo_ready)

    @property
    def group(self) -> Group | None:
        """The group as last loaded."""
        return self._group

    @property
    def writing(self) -> bool:
        """Whether a join, leave or request is under way."""
        return self._writing

    def set_group(self, account_key: str | None, group_id: str | None, name: str = "") -> None:
        """Show and load a group (its name shows while it loads); None: nothing."""
        self._key, self._group_id, self._name = account_key, group_id, name
        self._group = None
        self._fill(None)
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Load the group again."""
        self._api.bump(CHANNEL)
        if self._key is None or self._group_id is None:
            self.status.clear()
            return
        self.status.show_busy("Loading the group\u2026")
        self._api.call(self._key, GroupDetail(self._group_id), channel=CHANNEL, on_done=self._on_loaded)

    def _on_loaded(self, outcome: ApiOutcome[Group]) -> None:
        if not self._is_current(outcome):
            return
        if outcome.value is None:
            self.status.show_error(describe(outcome.error, "The group could not be loaded."))
            self._update_buttons()
            return
        self._group = outcome.value
        self._name = outcome.value.name
        self.status.clear()
        self._fill(outcome.value)

    def _is_current(self, outcome: ApiOutcome[Any]) -> bool:
        operation = outcome.call.operation
        group_id = getattr(operation, "group_id", None)
        return outcome.call.account_key == self._key and group_id == self._group_id

    def _fill(self, group: Group | None) -> None:
        self.name.setText(group.name if group else self._name)
        set_optional(self.facts, facts_line(group) if group else "")
        set_optional(self.description, group.description if group else "")
        set_optional(self.information_title, group.information_title if group else "")
        set_optional(self.information, group.information_text if group else "")
        self._update_photo()
        self._update_buttons()

    def _update_buttons(self) -> None:
        group = self._group
        self.members_button.setEnabled(group is not None)
        note = ""
        if group is None:
            self.action_button.setVisible(False)
        elif group.is_member:
            self._set_action("&Leave group", "Leave this group")
        elif group.has_requested:
            self._set_action("Request sent", "Your request to join waits for the group's owner or a manager")
            self.action_button.setEnabled(False)
            note = "You asked to join. The group's owner or a manager decides."
        elif group.is_private:
            self._set_action("&Ask to join", "Ask the group's owner or managers to let you in")
            note = "This group is private: only members see its posts."
        else:
            self._set_action("&Join group", "Join this group")
        set_optional(self.membership_note, note)

    def _set_action(self, text: str, accessible: str) -> None:
        self.action_button.setText(text)
        self.action_button.setAccessibleName(accessible)
        self.action_button.setToolTip(accessible)
        self.action_button.setVisible(True)
        self.action_button.setEnabled(not self._writing)

    @Slot()
    def _on_action(self) -> None:
        group = self._group
        if group is None or self._key is None or self._writing:
            return
        if group.is_member:
            operation: JoinGroup | LeaveGroup | AskToJoin = LeaveGroup(group.id, group.membership_id)
            words = "Leaving the group\u2026"
        elif group.is_private:
            operation, words = AskToJoin(group.id), "Asking to join\u2026"
        else:
            operation, words = JoinGroup(group.id), "Joining the group\u2026"
        self._writing = True
        self.action_button.setEnabled(False)
        self.status.show_busy(words)
        self._api.call(self._key, operation, channel=WRITE_CHANNEL, lane=Lane.WRITE, on_done=self._on_written)

    def _on_written(self, outcome: ApiOutcome[GroupMember | MembershipRequest | None]) -> None:
        self._writing = False
        if not self._is_current(outcome):
            self._update_buttons()
            return
        if not outcome.ok:
            self.status.show_error(describe(outcome.error, "That did not work."), can_retry=False)
            self._update_buttons()
            return
        group_id = self._group_id
        assert group_id is not None
        self.membership_changed.emit(group_id)
        # The answer says little (a membership, a request): the group as it stands now says it all.
        self.reload()

    @Slot()
    def show_members(self) -> None:
        """Open the members dialog."""
        if self._key is None or self._group_id is None:
            return
        dialog = MembersDialog(self._api, self._photos, self._key, self._group_id, self._name, parent=self)
        dialog.open_person.connect(self.open_person)
        dialog.finished.connect(dialog.deleteLater)
        self.members_dialog = dialog
        dialog.open()

    def _update_photo(self) -> None:
        group = self._group
        url = group.photo.medium_url or group.photo.best_small if group and group.photo else None
        pixmap = self._photos.pixmap(self._key, url, PHOTO_SIZE) if url and self._key else None
        self.photo.setPixmap(pixmap if pixmap is not None else placeholder(self._name or "?", PHOTO_SIZE))

    @Slot(str)
    def _on_photo_ready(self, url: str) -> None:
        group = self._group
        if (
            group is not None
            and group.photo is not None
            and url in (group.photo.medium_url, group.photo.small_url)
        ):
            self._update_photo()
