"""Revoking a session: revoke at the login host, then forget it on this computer, reporting every step.

The steps run in two parts so the network never touches the GUI thread: ``revoke_at_org`` (background) and
``remove_locally`` (keyring, account list, caches). When the org cannot be reached, the caller asks the
person whether to remove the account anyway and records the revoke as not done.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import msgspec

from desktop_app import log
from desktop_app.auth.account import Account
from desktop_app.auth.errors import AuthError, NetworkError
from desktop_app.auth.tokenset import Tokens
from desktop_app.errors import AppError, describe
from desktop_app.storage.registry import AccountRegistry

if TYPE_CHECKING:
    # Both import the HTTP stack or keyring: revoking runs in a background task, which loads them then.
    from desktop_app.auth.tokens import TokenEndpoint
    from desktop_app.storage.secrets import SecretStore

EndpointFactory = Callable[[str, str], "TokenEndpoint"]
"""Makes the token endpoint for (login host, client id)."""

UNREADABLE_QUESTION = (
    "Connect Desktop keeps this account so you can revoke it once the keyring is unlocked. If you remove "
    "it from this computer anyway, its sign-in stays valid at Salesforce until it expires or you revoke it "
    "there (Setup > Connected Apps OAuth Usage, or your personal settings' Connections)."
)
UNREACHABLE_QUESTION = (
    "The org could not be reached, so the session could not be revoked there. "
    "Remove it from this computer anyway?"
)


class Step(StrEnum):
    """The steps of a revoke, in the order they run."""

    REVOKE = "revoke"
    SECRETS = "secrets"
    REGISTRY = "registry"
    CACHE = "cache"


class StepOutcome(msgspec.Struct, frozen=True):
    """One step's result, in words for people."""

    step: Step
    done: bool
    text: str
    # The tokens could not be read (keyring locked or not up yet): nothing is known about the session, so
    # the account is kept unless the person says otherwise.
    tokens_unreadable: bool = False

    @property
    def line(self) -> str:
        """The step as one report line with a ✓ or ✗ mark."""
        return f"{'✓' if self.done else '✗'} {self.text}"


class RevokeReport(msgspec.Struct, frozen=True):
    """What happened to one account: every step, and whether the account left this computer."""

    account_key: str
    account_title: str
    steps: tuple[StepOutcome, ...]

    def outcome(self, step: Step) -> StepOutcome | None:
        """The outcome of one step, None when it did not run."""
        return next((s for s in self.steps if s.step is step), None)

    @property
    def revoked(self) -> bool:
        """True when Salesforce confirmed the revoke."""
        outcome = self.outcome(Step.REVOKE)
        return outcome is not None and outcome.done

    @property
    def removed(self) -> bool:
        """True when the account is no longer in this computer's account list."""
        outcome = self.outcome(Step.REGISTRY)
        return outcome is not None and outcome.done

    @property
    def text(self) -> str:
        """The whole report: a heading line and one line per step."""
        if self.revoked and self.removed:
            heading = f"{self.account_title}: signed out and revoked."
        elif self.removed:
            heading = f"{self.account_title}: removed from this computer, but NOT revoked at Salesforce."
        else:
            heading = f"{self.account_title}: kept on this computer."
        return "\n".join([heading, *(f"   {s.line}" for s in self.steps)])


def default_endpoint(login_host: str, client_id: str) -> TokenEndpoint:
    """The login host's token endpoint (revoking needs only the token, but the client id is logged there)."""
    # The token endpoint imports requests: loaded in the background task that revokes.
    from desktop_app.auth.tokens import TokenEndpoint

    return TokenEndpoint(login_host, client_id)


def end_session(
    login_host: str, client_id: str, token: str, endpoint_factory: EndpointFactory = default_endpoint
) -> None:
    """Revoke a token at its login host: the one way any session of this app is ended at Salesforce.

    A refresh token ends every session started from it. Blocking network I/O; raises AuthError (its
    ``NetworkError`` child when the host cannot be reached) and ValueError for an unusable host.
    """
    with endpoint_factory(login_host, client_id) as endpoint:
        endpoint.revoke(token)


def revoke_at_org(
    account: Account, tokens: Tokens | None, client_id: str, endpoint_factory: EndpointFactory
) -> StepOutcome:
    """Step 1: revoke the refresh token (else the access token) at the account's login host.

    Runs network I/O: call it off the GUI thread. Raises auth.errors.NetworkError when the login host cannot
    be reached, so the caller can ask whether to remove the account anyway. Any other refusal is returned as
    a failed step: the token is then already unusable (revoked, expired or rotated away).
    """
    host = account.login_host
    if tokens is None:
        return StepOutcome(
            Step.REVOKE,
            False,
            f"No sign-in was saved on this computer, so there was nothing to revoke at {host}.",
        )
    refresh = tokens.refresh_token is not None
    token = tokens.refresh_token or tokens.access_token
    kind = "refresh token" if refresh else "access token"
    try:
        end_session(host, client_id, token, endpoint_factory)
    except ValueError:
        return StepOutcome(
            Step.REVOKE, False, f"Not revoked: the login host {host!r} is not a valid address."
        )
    except NetworkError:
        raise
    except AuthError as exc:
        log.ui.info("Revoke refused for %s: %s", account.key, exc.code)
        return StepOutcome(
            Step.REVOKE,
            False,
            f"Salesforce at {host} did not accept the {kind} ({exc.code}); "
            "it was most likely revoked or expired already.",
        )
    if refresh:
        text = f"Revoked the refresh token at {host}, which also ends every session started from it."
    else:
        text = f"Revoked the access token at {host} (there was no refresh token)."
    return StepOutcome(Step.REVOKE, True, text)


def revoke_saved_session(
    account: Account,
    read_tokens: Callable[[], Tokens | None],
    client_id: str,
    endpoint_factory: EndpointFactory,
) -> StepOutcome:
    """Step 1: read the tokens to revoke (``read_tokens``), then revoke_at_org (same errors).

    When they cannot be read, the step says so and is marked ``tokens_unreadable``: the session may well be
    alive at Salesforce, so nothing may claim it ended.
    """
    try:
        tokens = read_tokens()
    except AppError as exc:  # the secret store's failures (SecretStoreError and its kin)
        return StepOutcome(
            Step.REVOKE,
            False,
            f"NOT revoked at {account.login_host}: the sign-in could not be read from the keyring. "
            f"{describe(exc)}",
            tokens_unreadable=True,
        )
    return revoke_at_org(account, tokens, client_id, endpoint_factory)


def not_revoked(account: Account, error: BaseException) -> StepOutcome:
    """Step 1 as it stands when the login host could not be reached (or the call failed unexpectedly)."""
    reason = describe(error)
    return StepOutcome(
        Step.REVOKE,
        False,
        f"NOT revoked at {account.login_host}: {reason} The session stays valid at Salesforce until it "
        "expires or an admin revokes it (Setup > Connected Apps OAuth Usage).",
    )


def remove_locally(
    key: str,
    secrets: SecretStore,
    registry: AccountRegistry,
    wipe_cache: Callable[[str], None],
    *,
    even_if_keyring_fails: bool = False,
) -> tuple[StepOutcome, ...]:
    """Steps 2-4: delete the keyring entry, remove the account record, wipe the account's caches.

    When the keyring entry cannot be deleted the record is kept, so the account stays listed and the
    person can try again instead of leaving secrets behind that nothing points at any more; only with
    ``even_if_keyring_fails`` (the person said so) does the record go all the same.
    """
    steps: list[StepOutcome] = []
    try:
        deletion = secrets.delete(key)
    except AppError as exc:  # the secret store's failures (SecretStoreError and its kin)
        log.ui.warning("Could not delete the secrets of %s", key)
        steps.append(StepOutcome(Step.SECRETS, False, f"Could not delete the keyring entry: {describe(exc)}"))
        if even_if_keyring_fails:
            steps.append(_remove_record(key, registry))
        else:
            steps.append(
                StepOutcome(
                    Step.REGISTRY,
                    False,
                    "Kept the account in the list so you can try again once the keyring works.",
                )
            )
    else:
        steps.append(StepOutcome(Step.SECRETS, True, deletion.text))
        steps.append(_remove_record(key, registry))
    try:
        wipe_cache(key)
    except OSError as exc:
        log.ui.warning("Could not wipe the caches of %s: %s", key, type(exc).__name__)
        steps.append(
            StepOutcome(Step.CACHE, False, f"Could not delete the cached photos: {exc.strerror or exc}")
        )
    else:
        steps.append(StepOutcome(Step.CACHE, True, "Deleted the cached photos and data of this account."))
    return tuple(steps)


def _remove_record(key: str, registry: AccountRegistry) -> StepOutcome:
    try:
        registry.remove(key)
    except (OSError, ValueError) as exc:
        log.ui.warning("Could not remove %s from the account list: %s", key, type(exc).__name__)
        return StepOutcome(Step.REGISTRY, False, f"Could not update the account list: {exc}")
    return StepOutcome(Step.REGISTRY, True, "Removed the account from this computer's account list.")


def kept_report(account: Account, revoke: StepOutcome) -> RevokeReport:
    """The report when the person chose to keep an account the org could not be asked to revoke."""
    kept = StepOutcome(
        Step.REGISTRY, False, "Kept the account and its sign-in on this computer, as you chose."
    )
    return RevokeReport(account.key, account.title, (revoke, kept))
