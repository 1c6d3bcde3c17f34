"""The sessions table's model: one row per saved account, with when it signed in and its state."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from desktop_app.auth.account import Account
from desktop_app.feed.richtext import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Org", "User", "Login host", "Instance", "Signed in", "Last refresh", "State")
KEY_ROLE = Qt.ItemDataRole.UserRole


def host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def format_time(value: str, empty: str = "never") -> str:
    """An ISO timestamp as local "YYYY-MM-DD HH:MM"; anything else as it is."""
    if not value:
        return empty
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def account_state(account: Account, states: Mapping[str, str]) -> str:
    """The state to show: what the app knows about the live session, else what the record says."""
    state = states.get(account.key, "")
    if state:
        return state[:1].upper() + state[1:]
    return "Needs sign-in" if account.needs_sign_in else "Signed in"


class SessionsModel(QAbstractTableModel):
    """Saved accounts as table rows (one column per COLUMNS entry; the account key under KEY_ROLE)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts: list[Account] = []
        self._states: Mapping[str, str] = {}

    def set_accounts(self, accounts: list[Account], states: Mapping[str, str]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._accounts = list(accounts)
        self._states = dict(states)
        self.endResetModel()

    def account(self, row: int) -> Account | None:
        """The account on a row, if the row exists."""
        return self._accounts[row] if 0 <= row < len(self._accounts) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of accounts (no children)."""
        return 0 if parent.isValid() else len(self._accounts)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltips with the full value, and the account key under KEY_ROLE."""
        account = self.account(index.row()) if index.isValid() else None
        if account is None:
            return None
        if role == KEY_ROLE:
            return account.key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(account, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(account, index.column()))
        return None

    def _cell(self, account: Account, column: int) -> str:
        cells = (
            account.org_name or account.org_id,
            account.display_name or account.username,
            host_of(account.login_host),
            host_of(account.instance_url),
            format_time(account.signed_in_at, "unknown"),
            format_time(account.last_refresh),
            account_state(account, self._states),
        )
        return cells[column] if 0 <= column < len(cells) else ""

    def _tooltip(self, account: Account, column: int) -> str:
        full = {
            0: f"{account.org_name}\nOrg id: {account.org_id}",
            1: f"{account.display_name}\n{account.username}",
            2: account.login_host,
            3: account.instance_url,
        }
        return full.get(column, self._cell(account, column))
