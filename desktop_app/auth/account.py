"""A signed-in Salesforce user in one org: everything about them that is not a secret."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import msgspec.structs


def account_key(org_id: str, user_id: str) -> str:
    """The one key naming an account everywhere (registry, keyring, caches)."""
    return f"{org_id}/{user_id}"


_REQUIRED = ("org_id", "user_id")
_OPTIONAL_STR = ("api_version", "photo_url")


class Account(msgspec.Struct, frozen=True):
    """The non-secret record of a signed-in user (tokens live in the keyring, keyed by `key`)."""

    key: str
    org_id: str
    user_id: str
    username: str
    display_name: str
    org_name: str
    login_host: str
    instance_url: str
    id_url: str
    flow: str
    api_version: str | None = None
    photo_url: str | None = None
    label: str = ""
    signed_in_at: str = ""
    last_used: str = ""
    last_refresh: str = ""
    needs_sign_in: bool = False
    # The consumer key the account signed in with: refresh and revoke must use the same one, whatever the
    # app's current setting (the demo org's accounts and a real org's can sit side by side).
    client_id: str = ""
    # The scopes the org granted at sign-in (space-separated), as the token response named them.
    scopes: str = ""

    @property
    def title(self) -> str:
        """What to call the account in lists: its label, else "user @ org"."""
        return self.label or f"{self.display_name or self.username} @ {self.org_name or self.org_id}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return msgspec.structs.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Account:
        """Read a dict written by to_json (by any version): unknown keys are ignored, missing ones defaulted.

        Raises ValueError when org_id/user_id are missing or a field has the wrong type.
        """
        values: dict[str, Any] = {}
        for f in msgspec.structs.fields(cls):
            if f.name not in data or data[f.name] is None:
                continue
            value = data[f.name]
            if f.name == "needs_sign_in":
                if not isinstance(value, bool):
                    raise ValueError(f"needs_sign_in must be true or false, not {type(value).__name__}")
            elif not isinstance(value, str):
                raise ValueError(f"{f.name} must be text, not {type(value).__name__}")
            values[f.name] = value
        for name in _REQUIRED:
            if not values.get(name):
                raise ValueError(f"account record has no {name}")
        expected_key = account_key(values["org_id"], values["user_id"])
        if values.setdefault("key", expected_key) != expected_key:
            raise ValueError("account key does not match its org and user ids")
        for f in msgspec.structs.fields(cls):
            if f.name not in values and f.name not in _OPTIONAL_STR and f.required:
                values[f.name] = ""
        return cls(**values)
