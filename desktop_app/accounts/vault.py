"""Saving a finished sign-in: tokens to the secret store, then the account record; replaced tokens revoked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from desktop_app import errors
from desktop_app.accounts.revoke import end_session
from desktop_app.auth.account import Account
from desktop_app.auth.errors import AuthError
from desktop_app.auth.tokens import TokenEndpoint
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import SecretStore, SecretStoreError, Tokens

if TYPE_CHECKING:
    from desktop_app.auth.signin import SignedIn

log = logging.getLogger("connect.storage")


def _default_endpoint(login_host: str) -> TokenEndpoint:
    # Revoking takes only the token itself (no client id), so no connected app needs to be known here.
    return TokenEndpoint(login_host, client_id="")


class SaveReport(msgspec.Struct, frozen=True):
    """What saving a sign-in did: the account saved, whether it replaced one, and how revoking went."""

    account: Account
    replaced: bool
    old_token_revoked: bool = False
    revoke_error: str | None = None

    @property
    def notes(self) -> tuple[str, ...]:
        """Things people should know about, in plain words (empty when all went well)."""
        if self.revoke_error is None:
            return ()
        return (
            f"Signed in again as {self.account.username}, but the previous sign-in could not be revoked at "
            f"{self.account.login_host}: {self.revoke_error} It stays valid there until it expires or you "
            "revoke it in Salesforce (Settings > Connected Apps OAuth Usage).",
        )


class AccountListNotSaved(errors.AppError):
    """The account list could not be written (disk full, no permission); the keyring was put back."""

    @property
    def user_message(self) -> str:
        """Words for people."""
        detail = str(self)
        return (
            "The account list could not be saved on this computer"
            + (f" ({detail})" if detail else "")
            + ", so the sign-in was not kept and your previous sign-in, if any, is unchanged. "
            "Free some disk space or check the folder's permissions, then sign in again."
        )


class AccountVault:
    """The registry and the secret store kept in step: secrets are written first, records second."""

    def __init__(
        self,
        registry: AccountRegistry,
        secrets: SecretStore,
        token_endpoint_factory: Callable[[str], TokenEndpoint] | None = None,
    ) -> None:
        self.registry = registry
        self.secrets = secrets
        self._endpoint = token_endpoint_factory or _default_endpoint

    def save_sign_in(self, signed_in: SignedIn) -> SaveReport:
        """Store a sign-in (blocking: may call the network to revoke the replaced refresh token).

        An account signed in again keeps its label and last-used time; its old refresh token is revoked at
        the login host it came from when it differs from the new one. A failed revoke is reported, not raised.
        Raises SecretStoreError when the tokens cannot be stored, and AccountListNotSaved when the record
        cannot (the keyring is then put back as it was): either all of the sign-in is stored or none of it.
        """
        account = signed_in.account
        key = account.key
        existing = self.registry.get(key)
        # Tokens without a record are left over from a save that stopped halfway: replaced all the same.
        old_tokens = self._old_tokens(key)
        # Secrets first: a record without its tokens would look signed in and fail on first use.
        self.secrets.set(key, signed_in.tokens)
        if existing is not None:
            account = msgspec.structs.replace(account, label=existing.label, last_used=existing.last_used)
        try:
            self.registry.upsert(account)
        except (OSError, ValueError) as exc:
            # All or nothing: the keyring goes back to what it held, so the previous sign-in (if any) still
            # works and no grant is left in the keyring without an account that points at it.
            self._restore(key, old_tokens)
            raise AccountListNotSaved(str(exc)) from exc
        log.info("Saved account %s (%s)", key, "signed in again" if existing else "new")
        report = SaveReport(account=account, replaced=existing is not None)
        old_refresh = old_tokens.refresh_token if old_tokens is not None else None
        if not old_refresh or old_refresh == signed_in.tokens.refresh_token:
            return report
        old_host = existing.login_host if existing is not None else account.login_host
        return self._revoke_old(report, old_host, old_refresh)

    def _restore(self, key: str, old_tokens: Tokens | None) -> None:
        try:
            if old_tokens is not None:
                self.secrets.set(key, old_tokens)
            else:
                self.secrets.delete(key)
        except SecretStoreError:
            log.warning("Could not put back the previous keyring entry of %s", key)

    def _old_tokens(self, key: str) -> Tokens | None:
        try:
            return self.secrets.get(key)
        except SecretStoreError as exc:
            # Damaged or unreadable: it is about to be overwritten, and there is nothing left to revoke.
            log.warning("Could not read the previous tokens of %s: %s", key, type(exc).__name__)
            return None

    def _revoke_old(self, report: SaveReport, login_host: str, refresh_token: str) -> SaveReport:
        key = report.account.key
        try:
            end_session(login_host, "", refresh_token, lambda host, _client_id: self._endpoint(host))
        except AuthError as exc:
            log.warning("Could not revoke the replaced refresh token of %s: %s", key, exc.code)
            return msgspec.structs.replace(report, revoke_error=exc.user_message)
        except ValueError:
            log.warning("Could not revoke the replaced refresh token of %s: unusable login host", key)
            return msgspec.structs.replace(report, revoke_error="The saved login host address is not usable.")
        log.info("Revoked the replaced refresh token of %s", key)
        return msgspec.structs.replace(report, old_token_revoked=True)

    def tokens(self, key: str) -> Tokens | None:
        """The account's tokens, None when none are stored (raises SecretStoreError when unreadable)."""
        return self.secrets.get(key)

    def remove_local(self, key: str) -> None:
        """Forget the account on this computer: its tokens, then its record (nothing is revoked)."""
        self.secrets.delete(key)
        self.registry.remove(key)
        log.info("Removed account %s from this computer", key)
