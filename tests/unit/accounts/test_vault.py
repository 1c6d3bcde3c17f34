"""AccountVault against the demo org: secrets then record, re-sign-in revokes the old refresh token."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import keyring.backends.fail
import pytest
from msgspec.structs import replace

from desktop_app.accounts.vault import AccountListNotSaved, AccountVault
from desktop_app.auth.account import Account
from desktop_app.auth.callback import parse_callback
from desktop_app.auth.grant import Grant
from desktop_app.auth.request import AuthorizeRequest
from desktop_app.auth.signin import SignedIn, complete_sign_in
from desktop_app.auth.tokens import TokenEndpoint
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import KeyringSecretStore, MemorySecretStore, SecretStoreError, Tokens


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoOrg]:
    """One demo org for the module."""
    with DemoOrg() as org:
        yield org


@pytest.fixture
def registry(tmp_path: Path) -> AccountRegistry:
    """An empty accounts file."""
    return AccountRegistry(tmp_path / "config" / "accounts.json")


@pytest.fixture
def secrets() -> MemorySecretStore:
    """Tokens for this test."""
    return MemorySecretStore()


def sign_in(demo: DemoOrg, username: str) -> SignedIn:
    """A finished user-agent sign-in, the way the dialog makes one, minus the browser."""
    request = AuthorizeRequest.new(demo.login_url, demo.client_id)
    fields = {**demo.grant(username), "state": request.state}
    result = parse_callback(f"{request.redirect_uri}#{urlencode(fields)}", request)
    assert isinstance(result, Grant)
    return complete_sign_in(result, request)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_new_account_is_stored_with_its_tokens(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    signed_in = sign_in(demo, demo.users[0].username)
    vault = AccountVault(registry, secrets)

    report = vault.save_sign_in(signed_in)

    key = signed_in.account.key
    assert report.account == signed_in.account
    assert report.replaced is False
    assert report.old_token_revoked is False
    assert report.notes == ()
    assert registry.get(key) == signed_in.account
    assert AccountRegistry(registry.path).get(key) == signed_in.account  # on disk, not only in memory
    assert secrets.get(key) == signed_in.tokens
    assert vault.tokens(key) == signed_in.tokens
    assert signed_in.tokens.access_token not in registry.path.read_text()


def test_signing_in_again_replaces_tokens_revokes_the_old_refresh_token_and_keeps_label(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    vault = AccountVault(registry, secrets)
    first = sign_in(demo, demo.users[1].username)
    vault.save_sign_in(first)
    key = first.account.key
    registry.upsert(replace(first.account, label="Work", last_used="2026-01-02T03:04:05+00:00"))
    old_refresh = first.tokens.refresh_token
    assert old_refresh is not None
    revokes_before = demo.counters["revoke"]

    second = sign_in(demo, demo.users[1].username)
    report = vault.save_sign_in(second)

    assert report.replaced is True
    assert report.old_token_revoked is True
    assert report.revoke_error is None
    assert report.notes == ()
    assert demo.counters["revoke"] == revokes_before + 1
    assert not demo.is_refresh_token_valid(old_refresh)
    assert second.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(second.tokens.refresh_token)
    assert vault.tokens(key) == second.tokens
    saved = registry.get(key)
    assert saved is not None
    assert (saved.label, saved.last_used) == ("Work", "2026-01-02T03:04:05+00:00")
    assert saved.signed_in_at == second.account.signed_in_at
    assert report.account == saved
    assert [a.key for a in registry.accounts] == [key]


def test_saving_the_same_refresh_token_again_revokes_nothing(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    vault = AccountVault(registry, secrets)
    signed_in = sign_in(demo, demo.users[2].username)
    vault.save_sign_in(signed_in)
    revokes_before = demo.counters["revoke"]

    report = vault.save_sign_in(signed_in)

    assert report.replaced is True
    assert report.old_token_revoked is False
    assert demo.counters["revoke"] == revokes_before
    assert signed_in.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(signed_in.tokens.refresh_token)


def test_unreachable_login_host_is_reported_and_the_new_sign_in_is_kept(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    vault = AccountVault(registry, secrets)
    first = sign_in(demo, demo.users[0].username)
    vault.save_sign_in(first)
    # The account's old login host no longer answers (a My Domain renamed, a network gone).
    registry.upsert(replace(first.account, login_host=f"http://127.0.0.1:{closed_port()}"))

    second = sign_in(demo, demo.users[0].username)
    report = vault.save_sign_in(second)

    assert report.old_token_revoked is False
    assert report.revoke_error is not None
    assert "Could not reach Salesforce" in report.revoke_error
    assert len(report.notes) == 1
    assert "could not be revoked" in report.notes[0]
    assert vault.tokens(second.account.key) == second.tokens
    saved = registry.get(second.account.key)
    assert saved is not None
    assert saved.login_host == demo.login_url
    assert first.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(first.tokens.refresh_token)


def test_revoke_goes_through_the_endpoint_factory_with_the_old_login_host(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    hosts: list[str] = []

    def endpoint_for(login_host: str) -> TokenEndpoint:
        hosts.append(login_host)
        return TokenEndpoint(login_host, demo.client_id)

    vault = AccountVault(registry, secrets, token_endpoint_factory=endpoint_for)
    first = sign_in(demo, demo.users[3].username)
    vault.save_sign_in(first)
    second = sign_in(demo, demo.users[3].username)

    report = vault.save_sign_in(second)

    assert hosts == [demo.login_url]
    assert report.old_token_revoked is True
    assert first.tokens.refresh_token is not None
    assert not demo.is_refresh_token_valid(first.tokens.refresh_token)


def test_tokens_left_without_a_record_are_revoked_when_replaced(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    vault = AccountVault(registry, secrets)
    first = sign_in(demo, demo.users[0].username)
    secrets.set(first.account.key, first.tokens)  # a save that stopped after the secrets were written

    report = vault.save_sign_in(sign_in(demo, demo.users[0].username))

    assert report.replaced is False
    assert report.old_token_revoked is True
    assert first.tokens.refresh_token is not None
    assert not demo.is_refresh_token_valid(first.tokens.refresh_token)


def test_nothing_is_recorded_when_the_secrets_cannot_be_stored(
    demo: DemoOrg, registry: AccountRegistry
) -> None:
    vault = AccountVault(
        registry, KeyringSecretStore("connect-desktop-test", keyring.backends.fail.Keyring())
    )
    signed_in = sign_in(demo, demo.users[0].username)

    with pytest.raises(SecretStoreError):
        vault.save_sign_in(signed_in)

    assert registry.get(signed_in.account.key) is None
    assert not registry.path.exists()


class FullDisk(AccountRegistry):
    """An account list that can no longer be written (the disk is full)."""

    full = False

    def upsert(self, account: Account) -> None:
        if self.full:
            raise OSError(28, "No space left on device")
        super().upsert(account)


def test_a_failed_save_of_a_new_sign_in_leaves_no_grant_in_the_keyring(demo: DemoOrg, tmp_path: Path) -> None:
    secrets = MemorySecretStore()
    registry = FullDisk(tmp_path / "accounts.json")
    registry.full = True
    vault = AccountVault(registry, secrets)
    signed_in = sign_in(demo, demo.users[0].username)

    with pytest.raises(AccountListNotSaved) as caught:
        vault.save_sign_in(signed_in)

    assert "No space left" in caught.value.user_message
    assert secrets.get(signed_in.account.key) is None
    assert registry.get(signed_in.account.key) is None


def test_a_failed_save_of_a_sign_in_again_puts_the_previous_one_back(demo: DemoOrg, tmp_path: Path) -> None:
    secrets = MemorySecretStore()
    registry = FullDisk(tmp_path / "accounts.json")
    vault = AccountVault(registry, secrets)
    first = sign_in(demo, demo.users[1].username)
    vault.save_sign_in(first)
    registry.full = True
    second = sign_in(demo, demo.users[1].username)

    with pytest.raises(AccountListNotSaved):
        vault.save_sign_in(second)

    assert secrets.get(first.account.key) == first.tokens, "the previous sign-in is back in the keyring"
    assert first.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(first.tokens.refresh_token), "and it still works at the org"
    assert registry.get(first.account.key) is not None


def test_accounts_of_two_orgs_and_two_users_are_kept_apart(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    vault = AccountVault(registry, secrets)
    org_a, org_b = demo.orgs[0].org_id, demo.orgs[1].org_id
    users_a = [u for u in demo.users if u.org_id == org_a][:2]
    user_b = next(u for u in demo.users if u.org_id == org_b)
    saved = [vault.save_sign_in(sign_in(demo, u.username)) for u in [*users_a, user_b]]

    keys = [r.account.key for r in saved]
    assert len(set(keys)) == 3
    assert {a.key for a in registry.accounts} == set(keys)
    assert {a.org_id for a in registry.accounts} == {org_a, org_b}
    tokens = [vault.tokens(k) for k in keys]
    assert all(isinstance(t, Tokens) for t in tokens)
    assert len({t.access_token for t in tokens if t}) == 3


def test_remove_local_forgets_tokens_and_record(
    demo: DemoOrg, registry: AccountRegistry, secrets: MemorySecretStore
) -> None:
    vault = AccountVault(registry, secrets)
    keep = sign_in(demo, demo.users[0].username)
    gone = sign_in(demo, demo.users[1].username)
    vault.save_sign_in(keep)
    vault.save_sign_in(gone)

    vault.remove_local(gone.account.key)

    assert vault.tokens(gone.account.key) is None
    assert registry.get(gone.account.key) is None
    assert AccountRegistry(registry.path).get(gone.account.key) is None
    assert vault.tokens(keep.account.key) == keep.tokens
    assert registry.get(keep.account.key) == keep.account
    # Removing locally revokes nothing: the caller decides whether to revoke first.
    assert gone.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(gone.tokens.refresh_token)
