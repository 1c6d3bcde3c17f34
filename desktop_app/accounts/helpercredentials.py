"""Credentials for the app's helper processes: they read with a token they were given or found, and never
refresh one (the app's own worker does, one refresh at a time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.errors import ApiError
from desktop_app.storage.secrets import MemorySecretStore, Tokens

if TYPE_CHECKING:
    import requests

    from desktop_app.api.credentials import Refresher
    from desktop_app.auth.account import Account
    from desktop_app.auth.tokens import RefreshResult


class Declined(ApiError):
    """A helper does not refresh tokens: the app's own worker does, one refresh at a time."""


def refused() -> Declined:
    """What a helper raises where a token would be refreshed."""
    return Declined(None, "not_refreshed", "the access token was refused; the app refreshes it", None)


class GivenToken(AccountCredentials):
    """Credentials holding the access token the app handed over; a refused one is not refreshed here."""

    def __init__(self, account: Account, access_token: str = "") -> None:
        super().__init__(account, MemorySecretStore(), account.client_id)
        self.access_token = access_token

    def current(self) -> Tokens:
        """The token handed over last."""
        return Tokens(self.access_token, None)

    def refresh(self, failed_access_token: str) -> Tokens:
        """Never here: Declined."""
        raise refused()


class _NoRefresh:
    def refresh(self, refresh_token: str) -> RefreshResult:
        raise refused()


def no_refresh(login_host: str, client_id: str, session: requests.Session) -> Refresher:
    """A token endpoint for AccountCredentials that never refreshes (Declined)."""
    return _NoRefresh()
