"""The top of a person's page: photo, name, title, company, about, how to reach them, counts, Follow."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.api.models import UserDetail
from desktop_app.api.peopleops import Follow, PersonDetail, PersonProfile, Subscription, Unfollow
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.people.labels import caption_label, count_text, scale_font, set_optional, value_label
from desktop_app.ui.people.statusline import StatusLine
from desktop_app.ui.shared import accents
from desktop_app.ui.shared.photos import PhotoLoader, placeholder

PHOTO_SIZE = 96
CHANNEL = "people:header"
WRITE_CHANNEL = "people:follow"


def phone_text(detail: UserDetail) -> str:
    """The person's phone numbers, each with its kind ("+1 555 0101 (Work)")."""
    return "\n".join(
        f"{phone.number} ({phone.label or phone.type})" if (phone.label or phone.type) else phone.number
        for phone in detail.phone_numbers
    )


class _Count(QWidget):
    """A number over its caption."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.value = value_label(self, caption, wrap=False)
        scale_font(self.value, 1.4, bold=True)
        self.value.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title = caption_label(caption, self)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(title)


class PersonHeader(QWidget):
    """One person's header with Follow / Unfollow (signals: following_changed(user_id, following))."""

    following_changed = Signal(str, bool)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Person")
        self._api = api
        self._photos = photos
        self._key: str | None = None
        self._me: str | None = None
        self._user_id: str | None = None
        self._name = ""
        self._person: PersonDetail | None = None
        self._writing = False
        self._build()
        self._connect_signals()
        self._fill()

    def _build(self) -> None:
        self.photo = QLabel(self)
        self.photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo.setAccessibleName("Photo")
        self.name = value_label(self, "Name")
        scale_font(self.name, 1.5, bold=True)
        self.title = value_label(self, "Title")
        self.company = value_label(self, "Company")
        self.about = value_label(self, "About")
        self.email = value_label(self, "Email")
        self.phone = value_label(self, "Phone")
        self.followers = _Count("Followers", self)
        self.following = _Count("Following", self)
        self.groups = _Count("Groups", self)
        self.follow_button = QPushButton(self)
        accents.primary(self.follow_button)
        self.status = StatusLine("the profile", self)
        text = QVBoxLayout()
        text.setSpacing(2)
        for label in (self.name, self.title, self.company):
            text.addWidget(label)
        counts = QHBoxLayout()
        for count in (self.followers, self.following, self.groups):
            counts.addWidget(count)
        counts.addStretch(1)
        text.addLayout(counts)
        text.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        top.addWidget(self.follow_button, 0, Qt.AlignmentFlag.AlignTop)
        self.contact = QFormLayout()
        self.contact.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.contact.addRow(caption_label("Email:", self), self.email)
        self.contact.addRow(caption_label("Phone:", self), self.phone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.about)
        layout.addLayout(self.contact)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.follow_button.clicked.connect(self._on_follow_clicked)
        self.status.retry_requested.connect(self.reload)
        self._photos.photo_ready.connect(self._on_photo_ready)

    @property
    def person(self) -> PersonDetail | None:
        """The person as last loaded."""
        return self._person

    @property
    def writing(self) -> bool:
        """Whether a follow or unfollow is under way."""
        return self._writing

    def set_person(
        self, account_key: str | None, my_user_id: str | None, user_id: str | None, name: str = ""
    ) -> None:
        """Show and load a person (``my_user_id``: who is signed in, who cannot follow themselves)."""
        self._key, self._me, self._user_id, self._name = account_key, my_user_id, user_id, name
        self._person = None
        self._fill()
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Load the person again."""
        self._api.bump(CHANNEL)
        if self._key is None or self._user_id is None:
            self.status.clear()
            return
        self.status.show_busy("Loading the profile\u2026")
        self._api.call(self._key, PersonProfile(self._user_id), channel=CHANNEL, on_done=self._on_loaded)

    def _is_current(self, outcome: ApiOutcome[Any], user_id: str | None) -> bool:
        return outcome.call.account_key == self._key and user_id == self._user_id

    def _on_loaded(self, outcome: ApiOutcome[PersonDetail]) -> None:
        operation = outcome.call.operation
        assert isinstance(operation, PersonProfile)
        if not self._is_current(outcome, operation.user_id):
            return
        if outcome.value is None:
            self.status.show_error(describe(outcome.error, "The profile could not be loaded."))
            self._update_button()
            return
        self._person = outcome.value
        self.status.clear()
        self._fill()

    def _fill(self) -> None:
        person = self._person
        detail = person.detail if person else None
        self.name.setText(detail.display_name if detail else self._name)
        set_optional(self.title, detail.title if detail else None)
        set_optional(self.company, detail.company_name if detail else None)
        set_optional(self.about, detail.about_me if detail else None)
        email, phone = (detail.email, phone_text(detail)) if detail else (None, None)
        self.email.setText(email or "")
        self.phone.setText(phone or "")
        self.contact.setRowVisible(0, bool(email))
        self.contact.setRowVisible(1, bool(phone))
        self.followers.value.setText(count_text(detail.followers_count if detail else None))
        self.following.value.setText(count_text(detail.following_total if detail else None))
        self.groups.value.setText(count_text(detail.group_count if detail else None))
        for count in (self.followers, self.following, self.groups):
            count.setVisible(detail is not None)
        self._update_photo()
        self._update_button()

    def _update_button(self) -> None:
        person = self._person
        is_me = person is not None and self._me is not None and person.detail.id[:15] == self._me[:15]
        self.follow_button.setVisible(person is not None and not is_me)
        if person is None:
            return
        if person.followed:
            self.follow_button.setText("&Unfollow")
            self.follow_button.setToolTip("Stop seeing their posts in your news feed")
        else:
            self.follow_button.setText("&Follow")
            self.follow_button.setToolTip("See their posts in your news feed")
        self.follow_button.setAccessibleName(self.follow_button.text().replace("&", ""))
        self.follow_button.setEnabled(not self._writing)

    @Slot()
    def _on_follow_clicked(self) -> None:
        person = self._person
        if person is None or self._key is None or self._writing:
            return
        if person.subscription_id is not None:
            operation: Follow | Unfollow = Unfollow(person.subscription_id)
            words = f"Unfollowing {person.detail.display_name}\u2026"
        else:
            operation = Follow(person.detail.id)
            words = f"Following {person.detail.display_name}\u2026"
        self._writing = True
        self.follow_button.setEnabled(False)
        self.status.show_busy(words)
        user_id = person.detail.id
        self._api.call(
            self._key,
            operation,
            channel=WRITE_CHANNEL,
            lane=Lane.WRITE,
            on_done=lambda outcome: self._on_written(outcome, user_id),
        )

    def _on_written(self, outcome: ApiOutcome[Subscription | None], user_id: str) -> None:
        self._writing = False
        if not self._is_current(outcome, user_id):
            self._update_button()
            return
        if not outcome.ok:
            self.status.show_error(describe(outcome.error, "That did not work."), can_retry=False)
            self._update_button()
            return
        self.following_changed.emit(user_id, isinstance(outcome.value, Subscription))
        # The counts moved on the server: the profile as it stands now shows them.
        self.reload()

    def _photo_url(self) -> str | None:
        photo = self._person.detail.photo if self._person else None
        return (photo.large_url or photo.medium_url or photo.small_url) if photo else None

    def _update_photo(self) -> None:
        url = self._photo_url()
        pixmap = self._photos.pixmap(self._key, url, PHOTO_SIZE) if url and self._key else None
        self.photo.setPixmap(pixmap if pixmap is not None else placeholder(self._name or "?", PHOTO_SIZE))

    @Slot(str)
    def _on_photo_ready(self, url: str) -> None:
        if url and url == self._photo_url():
            self._update_photo()
