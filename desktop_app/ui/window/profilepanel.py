"""The signed-in user's own profile in one account: photo, who they are, Chatter counts, where the org is."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.accounts.status import AccountState
from desktop_app.api.models import UserDetail
from desktop_app.api.operations import Me
from desktop_app.auth.account import Account
from desktop_app.errors import describe
from desktop_app.feed.richtext import plain_tooltip
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.shared import accents
from desktop_app.ui.shared.photos import PhotoLoader, placeholder

PHOTO_SIZE = 96
CHANNEL = "profile"
NOT_SHOWN = "\u2014"

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def _value_label(parent: QWidget, accessible_name: str) -> QLabel:
    """A plain-text, selectable label: server text is never interpreted as markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(_SELECTABLE)
    label.setAccessibleName(accessible_name)
    return label


def _scaled_font(label: QLabel, factor: float, *, bold: bool = False) -> None:
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)


def _count(value: int | None) -> str:
    return NOT_SHOWN if value is None else f"{value:,}"


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


class _Stat(QWidget):
    """A number over its caption (followers, following, groups)."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.value = _value_label(self, caption)
        _scaled_font(self.value, 1.5, bold=True)
        self.value.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title = QLabel(caption, self)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        accents.quiet(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(title)


class ProfilePanel(QWidget):
    """Shows one account's own profile, with loading and error states (signals: error(ApiError))."""

    error = Signal(object)
    sign_in_again_requested = Signal(str)
    """Loading the profile failed; carries the error (normally an ApiError) for the window's message bar."""

    EMPTY, LOADING, FAILED, READY = range(4)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Profile")
        self._api = api
        self._photos = photos
        self._account: Account | None = None
        self._detail: UserDetail | None = None
        self._api_version: str | None = None
        self._photo_url: str | None = None
        self._signed_out: dict[str, bool] = {}

        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("↻")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.setAccessibleName("Refresh profile")
        self.refresh_button.setToolTip("Load the profile again (F5 refreshes everything)")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_loading())
        self.stack.addWidget(self._build_error())
        self.stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._connect_signals()
        self._show(self.EMPTY)

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.retry_button.clicked.connect(self.refresh)
        self.sign_in_button.clicked.connect(self._on_sign_in_again)
        self._photos.photo_ready.connect(self._on_photo_ready)

    def _build_empty(self) -> QWidget:
        page = QLabel("No account selected.", self)
        page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return page

    def _build_loading(self) -> QWidget:
        page = QWidget(self)
        self.loading_label = QLabel(page)
        self.loading_label.setTextFormat(Qt.TextFormat.PlainText)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Long names and org names wrap inside the panel instead of running off its edges.
        self.loading_label.setWordWrap(True)
        busy = QProgressBar(page)
        busy.setRange(0, 0)
        busy.setMaximumWidth(240)
        busy.setAccessibleName("Loading profile")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.loading_label)
        layout.addWidget(busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _build_error(self) -> QWidget:
        page = QWidget(self)
        self.error_label = _value_label(page, "Profile error")
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry_button = QPushButton("Re&try", page)
        self.retry_button.setAccessibleName("Retry loading the profile")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        # Retry cannot help an account whose session has ended: signing in again can.
        self.sign_in_button = QPushButton("&Sign in again", page)
        self.sign_in_button.setAccessibleName("Sign in again to this account")
        self.sign_in_button.setVisible(False)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _build_heading(self, body: QWidget) -> QHBoxLayout:
        self.photo = QLabel(body)
        self.photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo.setAccessibleName("Profile photo")
        self.name = _value_label(body, "Name")
        _scaled_font(self.name, 1.6, bold=True)
        self.title = _value_label(body, "Title")
        _scaled_font(self.title, 1.15)
        self.company = _value_label(body, "Company")
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addStretch(1)
        for label in (self.name, self.title, self.company):
            label.setWordWrap(True)
            heading.addWidget(label)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        return top

    def _build_stats(self, body: QWidget) -> QHBoxLayout:
        self.followers = _Stat("Followers", body)
        self.following = _Stat("Following", body)
        self.groups = _Stat("Groups", body)
        stats = QHBoxLayout()
        for stat in (self.followers, self.following, self.groups):
            stats.addWidget(stat)
        stats.addStretch(1)
        stats.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        return stats

    def _build_details(self, body: QWidget) -> QFormLayout:
        self.email = _value_label(body, "Email")
        self.username = _value_label(body, "Username")
        self.org_name = _value_label(body, "Org")
        self.instance = _value_label(body, "Instance")
        self.api_version = _value_label(body, "API version")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        for caption, label in (
            ("Email", self.email),
            ("Username", self.username),
            ("Org", self.org_name),
            ("Instance", self.instance),
            ("API version", self.api_version),
        ):
            title = QLabel(f"{caption}:", body)
            accents.quiet(title)
            title.setBuddy(label)
            label.setWordWrap(True)
            form.addRow(title, label)
        return form

    def _build_content(self) -> QWidget:
        body = QWidget(self)
        about_heading = QLabel("About me", body)
        _scaled_font(about_heading, 1.0, bold=True)
        self.about = _value_label(body, "About me")
        self.about.setWordWrap(True)
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        rule = QFrame(body)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        grid = QGridLayout(body)
        grid.setContentsMargins(20, 20, 20, 20)
        grid.setVerticalSpacing(12)
        grid.addLayout(self._build_heading(body), 0, 0)
        grid.addLayout(self._build_stats(body), 1, 0)
        grid.addWidget(rule, 2, 0)
        grid.addLayout(self._build_details(body), 3, 0)
        grid.addWidget(about_heading, 4, 0)
        grid.addWidget(self.about, 5, 0)
        grid.setRowStretch(6, 1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # Long values wrap instead: a profile that scrolls sideways hides its buttons.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    @property
    def account(self) -> Account | None:
        """The account whose profile is shown."""
        return self._account

    @property
    def detail(self) -> UserDetail | None:
        """The profile shown now, None while loading or after an error."""
        return self._detail

    @property
    def state(self) -> int:
        """EMPTY, LOADING, FAILED or READY."""
        return self.stack.currentIndex()

    def set_account(self, account: Account | None) -> None:
        """Show and load this account's profile (None: nothing); late answers for earlier ones are dropped."""
        self._account = account
        self._detail = None
        self._api_version = account.api_version if account is not None else None
        self._api.bump(CHANNEL)
        self._update_sign_in_button()
        if account is None:
            self._show(self.EMPTY)
            return
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Load the profile again."""
        account = self._account
        if account is None:
            return
        self._api.bump(CHANNEL)
        self.loading_label.setText(f"Loading the profile of {account.title}\u2026")
        self._show(self.LOADING)
        self._api.call(account.key, Me(), channel=CHANNEL, on_done=self._on_loaded)

    def _on_loaded(self, outcome: ApiOutcome[UserDetail]) -> None:
        account = self._account
        if account is None or outcome.call.account_key != account.key:
            return
        if outcome.value is None:
            error = outcome.error
            words = describe(error, "The profile could not be loaded.")
            self.error_label.setText(words)
            self._show(self.FAILED)
            self.error.emit(error)
            return
        if outcome.api_version:
            self._api_version = outcome.api_version
        self._detail = outcome.value
        self._fill(account, outcome.value)
        self._show(self.READY)

    def set_session_state(self, key: str, state: AccountState) -> None:
        """Offer "Sign in again" next to Retry while the shown account's session has ended."""
        self._signed_out[key] = state is AccountState.NEEDS_SIGN_IN
        self._update_sign_in_button()

    def _update_sign_in_button(self) -> None:
        account = self._account
        self.sign_in_button.setVisible(account is not None and self._signed_out.get(account.key, False))

    @Slot()
    def _on_sign_in_again(self) -> None:
        if self._account is not None:
            self.sign_in_again_requested.emit(self._account.key)

    def _fill(self, account: Account, detail: UserDetail) -> None:
        self.name.setText(detail.display_name or detail.name)
        self.title.setText(detail.title or "")
        self.title.setVisible(bool(detail.title))
        self.company.setText(detail.company_name or "")
        self.company.setVisible(bool(detail.company_name))
        self.email.setText(detail.email or NOT_SHOWN)
        self.username.setText(detail.username or account.username)
        self.followers.value.setText(_count(detail.followers_count))
        self.following.value.setText(_count(detail.following_total))
        self.groups.value.setText(_count(detail.group_count))
        self.org_name.setText(account.org_name or account.org_id)
        self.instance.setText(_host(account.instance_url))
        self.instance.setToolTip(plain_tooltip(account.instance_url))
        self.api_version.setText(self._api_version or NOT_SHOWN)
        self.about.setText(detail.about_me or "Nothing written yet.")
        photo = detail.photo
        self._photo_url = (photo.large_url or photo.medium_url or photo.small_url) if photo else None
        self._photo_url = self._photo_url or account.photo_url
        self._update_photo()

    def _update_photo(self) -> None:
        account = self._account
        if account is None:
            return
        name = self.name.text() or account.display_name
        pixmap = self._photos.pixmap(account.key, self._photo_url, PHOTO_SIZE)
        self.photo.setPixmap(pixmap if pixmap is not None else placeholder(name, PHOTO_SIZE))

    @Slot(str)
    def _on_photo_ready(self, url: str) -> None:
        if url and url == self._photo_url and self.state == self.READY:
            self._update_photo()

    def _show(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.refresh_button.setEnabled(self._account is not None and page != self.LOADING)
