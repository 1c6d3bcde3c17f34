"""An account's token pair as sign-in and refresh hand it over (the keyring is where it is kept)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tokens:
    """An account's access token and refresh token (repr hides both)."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)

    def __repr__(self) -> str:
        refresh = "None" if self.refresh_token is None else "<hidden>"
        return f"Tokens(access_token=<hidden>, refresh_token={refresh})"
