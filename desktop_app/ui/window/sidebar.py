"""The accounts sidebar: photo, name, org and state of every saved account."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop_app.accounts.status import AccountState
from desktop_app.auth.account import Account
from desktop_app.feed.richtext import plain_tooltip
from desktop_app.ui.shared.photos import PhotoLoader, placeholder
from desktop_app.ui.window.unreadbadge import UNREAD_ROLE, UnreadBadgeDelegate

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
PHOTO_SIZE = 36


class AccountSidebar(QWidget):
    """Lists accounts; picking one switches to it (signals: account_selected(str), add_requested(),
    all_accounts_selected() for the "All accounts" entry above them)."""

    account_selected = Signal(str)
    add_requested = Signal()
    all_accounts_selected = Signal()

    def __init__(self, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._photos = photos
        self._accounts: dict[str, Account] = {}
        self._states: dict[str, AccountState] = {}
        self.list = QListWidget(self)
        self.list.setAccessibleName("Accounts")
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setIconSize(QSize(PHOTO_SIZE, PHOTO_SIZE))
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(2)
        # Long names and org names are elided (the full text is in the tooltip) instead of scrolling sideways.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(False)
        self.list.setItemDelegate(UnreadBadgeDelegate(self.list))
        self._unread: dict[str, int] = {}
        self.add_button = QPushButton("+ Add account", self)
        self.add_button.setAccessibleName("Add account")
        self.add_button.setToolTip("Sign in to another org or as another user (Ctrl+N)")
        self.all_list = self._all_accounts_entry()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.all_list)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add_button)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.add_button.clicked.connect(self.add_requested)
        self._photos.photo_ready.connect(self._on_photo_ready)
        # A click on the entry already selected still opens it (the account list may have taken over).
        self.all_list.itemClicked.connect(self._on_all_accounts)
        self.all_list.itemActivated.connect(self._on_all_accounts)
        self.all_list.currentItemChanged.connect(self._on_all_accounts)

    def _all_accounts_entry(self) -> QListWidget:
        """The fixed "All accounts" entry: a one-row list styled like the accounts below it."""
        entry = QListWidget(self)
        entry.setObjectName("allAccounts")
        entry.setAccessibleName("All accounts")
        entry.setFrameShape(QFrame.Shape.NoFrame)
        entry.setIconSize(QSize(PHOTO_SIZE, PHOTO_SIZE))
        entry.setSpacing(2)
        entry.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        entry.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        entry.setTextElideMode(Qt.TextElideMode.ElideRight)
        entry.setItemDelegate(UnreadBadgeDelegate(entry))
        item = QListWidgetItem(
            QIcon(placeholder("All accounts", PHOTO_SIZE)), "All accounts\nEvery feed, newest first"
        )
        item.setToolTip("Every account's news feed in one list (Ctrl+0)")
        entry.addItem(item)
        entry.setFixedHeight(entry.sizeHintForRow(0) + 2 * entry.frameWidth() + 2 * entry.spacing())
        return entry

    def select_all_accounts(self) -> None:
        """Show "All accounts" as selected (no account is), without emitting anything."""
        for widget in (self.list, self.all_list):
            widget.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.all_list.setCurrentRow(0)
        for widget in (self.list, self.all_list):
            widget.blockSignals(False)

    @property
    def all_accounts_selected_now(self) -> bool:
        """True while the "All accounts" entry is the one selected."""
        return self.all_list.currentRow() == 0 and self.list.currentItem() is None

    @Slot()
    def _on_all_accounts(self, *_items: object) -> None:
        if self.all_list.currentItem() is not None:
            self.all_accounts_selected.emit()

    def set_accounts(self, accounts: Sequence[Account], current: str | None = None) -> None:
        """Show these accounts; keep (or set) the current one without emitting a switch for it."""
        keep = current or self.current_key()
        self.list.blockSignals(True)
        self.list.clear()
        self._accounts = {a.key: a for a in accounts}
        for account in accounts:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, account.key)
            self.list.addItem(item)
            self._render(item)
            if account.key == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def current_key(self) -> str | None:
        """The key of the selected account."""
        item = self.list.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else None

    def select(self, key: str) -> None:
        """Select an account (emits account_selected when it changes)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(KEY_ROLE) == key:
                self.list.setCurrentItem(item)
                return

    def select_index(self, index: int) -> None:
        """Select the account at a 0-based position (Alt+1..9)."""
        if 0 <= index < self.list.count():
            self.list.setCurrentRow(index)

    def set_state(self, key: str, state: AccountState) -> None:
        """Show an account's session state."""
        self._states[key] = state
        item = self._item(key)
        if item is not None:
            self._render(item)

    def state(self, key: str) -> AccountState:
        """The state shown for an account."""
        return self._states.get(key, AccountState.UNKNOWN)

    def update_account(self, account: Account) -> None:
        """Redraw one account after its record changed."""
        self._accounts[account.key] = account
        item = self._item(account.key)
        if item is not None:
            self._render(item)

    def set_unread(self, key: str, count: int) -> None:
        """Show how many posts of an account arrived since the person last looked (0: no badge)."""
        self._unread[key] = max(0, count)
        item = self._item(key)
        if item is not None:
            self._render(item)

    def set_unread_total(self, count: int) -> None:
        """Show on the "All accounts" entry how many posts arrived in all accounts since last looked."""
        item = self.all_list.item(0)
        item.setData(UNREAD_ROLE, max(0, count))
        news = f", {count} unread" if count > 0 else ""
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"All accounts{news}")

    @property
    def unread_total(self) -> int:
        """The unread total shown on the "All accounts" entry."""
        return int(self.all_list.item(0).data(UNREAD_ROLE) or 0)

    def unread(self, key: str) -> int:
        """The unread count shown for an account."""
        return self._unread.get(key, 0)

    def _item(self, key: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(KEY_ROLE) == key:
                return item
        return None

    def _render(self, item: QListWidgetItem) -> None:
        account = self._accounts[str(item.data(KEY_ROLE))]
        state = self._states.get(account.key, AccountState.UNKNOWN)
        name = account.display_name or account.username
        org = account.org_name or account.org_id
        second = f"{org} · {state.value}" if state.value else org
        item.setText(f"{name}\n{second}")
        item.setToolTip(plain_tooltip(f"{name}\n{account.username}\n{org}\n{account.instance_url}"))
        unread = self._unread.get(account.key, 0)
        item.setData(UNREAD_ROLE, unread)
        news = f", {unread} unread" if unread else ""
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole, f"{name}, {org}, {state.value or 'not checked yet'}{news}"
        )
        pixmap = self._photos.pixmap(account.key, account.photo_url, PHOTO_SIZE)
        item.setIcon(QIcon(pixmap if pixmap is not None else placeholder(name, PHOTO_SIZE)))
        font = item.font()
        font.setItalic(state in (AccountState.NEEDS_SIGN_IN, AccountState.OFFLINE))
        item.setFont(font)

    @Slot(str)
    def _on_photo_ready(self, url: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            account = self._accounts.get(str(item.data(KEY_ROLE)))
            if account is not None and account.photo_url == url:
                self._render(item)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.all_list.blockSignals(True)
            self.all_list.setCurrentRow(-1)
            self.all_list.clearSelection()
            self.all_list.blockSignals(False)
            self.account_selected.emit(str(current.data(KEY_ROLE)))
