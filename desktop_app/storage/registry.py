"""The list of signed-in accounts (no secrets), kept in accounts.json."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any

from ..auth.account import Account
from .jsonfile import quarantine, read_json_object, write_json_atomic

log = logging.getLogger("connect.storage")

SCHEMA = 1
FILE_NAME = "accounts.json"
_WHAT = "saved accounts list"
_SECRET_NAME = re.compile(r"token|secret|password", re.IGNORECASE)
# A Salesforce session id: org id, "!", then the opaque part.
_SESSION_ID = re.compile(r"00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}")


def _check_no_secrets(record: dict[str, Any]) -> None:
    for name, value in record.items():
        if _SECRET_NAME.search(name):
            raise ValueError(f"Refusing to store a secret-named field ({name}) in the accounts file")
        if isinstance(value, str) and _SESSION_ID.search(value):
            raise ValueError(f"Refusing to store a token-shaped value (field {name}) in the accounts file")


def _parse(data: dict[str, Any]) -> list[Account]:
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ValueError("it has no schema version")
    if schema > SCHEMA:
        raise ValueError(f"it was written by a newer version of Connect Desktop (schema {schema})")
    if schema < 1:
        raise ValueError(f"it has an unknown schema version ({schema})")
    records = data.get("accounts")
    if not isinstance(records, list):
        raise ValueError("its account list is missing")
    accounts: dict[str, Account] = {}
    for record in records:
        if not isinstance(record, dict):
            raise ValueError("an account record is not an object")
        account = Account.from_json(record)
        accounts[account.key] = account
    return list(accounts.values())


class AccountRegistry:
    """Accounts by key, in sign-in order, persisted atomically; thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.recovered_warning: str | None = None
        self._accounts: dict[str, Account] | None = None
        self._lock = threading.RLock()

    def load(self) -> list[Account]:
        """Read the file (again); a damaged one is moved aside, noted in recovered_warning, and ignored."""
        with self._lock:
            data, warning = read_json_object(self.path, _WHAT)
            accounts: list[Account] = []
            if data is not None:
                try:
                    accounts = _parse(data)
                except ValueError as exc:
                    warning = quarantine(self.path, _WHAT, str(exc))
            if warning:
                self.recovered_warning = warning
            self._accounts = {a.key: a for a in accounts}
            log.info("Loaded %d account(s) from %s", len(accounts), self.path)
            return list(accounts)

    def _loaded(self) -> dict[str, Account]:
        if self._accounts is None:
            self.load()
        assert self._accounts is not None
        return self._accounts

    @property
    def accounts(self) -> list[Account]:
        """Every account, in the order they were first added."""
        with self._lock:
            return list(self._loaded().values())

    def get(self, key: str) -> Account | None:
        """The account with this key, if any."""
        with self._lock:
            return self._loaded().get(key)

    def upsert(self, account: Account) -> None:
        """Add the account, or replace the one with the same key (keeping its place in the list)."""
        with self._lock:
            accounts = dict(self._loaded())
            accounts[account.key] = account
            self._save(accounts)

    def remove(self, key: str) -> bool:
        """Forget the account; False when there was none with this key."""
        with self._lock:
            accounts = dict(self._loaded())
            if accounts.pop(key, None) is None:
                return False
            self._save(accounts)
            return True

    def _save(self, accounts: dict[str, Account]) -> None:
        records = [a.to_json() for a in accounts.values()]
        for record in records:
            _check_no_secrets(record)
        write_json_atomic(self.path, {"schema": SCHEMA, "accounts": records})
        self._accounts = accounts
