"""What a secret store can answer besides tokens: its errors, and where a deletion actually happened.

Kept apart from secrets.py so code that must not load the keyring packages yet (the lazy store) can name them.
"""

from __future__ import annotations

import msgspec

from desktop_app import errors


class SecretStoreError(errors.AppError):
    """The secret store could not read, write or delete an account's tokens."""

    @property
    def user_message(self) -> str:
        """The store's own words: which backend failed and what to do."""
        return str(self) or "The keyring could not be used."


class SecretsUnavailable(SecretStoreError):
    """The keyring cannot be used right now (locked, prompt dismissed, D-Bus or its daemon not up yet).

    Not "there are no tokens": they may well be in the keyring. Trying again later may work.
    """

    def __init__(self, message: str, *, backend: str) -> None:
        super().__init__(message)
        self.backend = backend

    @property
    def user_message(self) -> str:
        """Plain words for people."""
        return (
            f"The keyring ({self.backend}) can't be used right now: it may be locked, or it is still "
            "starting. Unlock it (or wait a moment) and try again."
        )


class NoKeyring(SecretStoreError):
    """No usable keyring exists on this machine (no backend, or only a plaintext one)."""

    def __init__(self, message: str, *, backend: str) -> None:
        super().__init__(message)
        self.backend = backend


class Deletion(msgspec.Struct, frozen=True):
    """What deleting an account's tokens did: where they were deleted from, and whether any were there."""

    backend: str
    in_keyring: bool
    found: bool

    @property
    def text(self) -> str:
        """One line for a revoke report that never claims more than happened."""
        if self.in_keyring and self.found:
            return f"Deleted the tokens from the keyring (backend: {self.backend})."
        if self.in_keyring:
            return f"The keyring ({self.backend}) held no tokens for this account."
        if self.found:
            return (
                "Forgot the tokens kept in memory for this run; no keyring was in use, so none was changed."
            )
        return "No tokens were kept for this account in this run; no keyring was in use, so none was changed."
