"""Tokens, the memory store, payload chunking and the keyring fallback (no Secret Service needed)."""

from __future__ import annotations

import json
from typing import Any

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.null
import keyring.errors
import pytest
from keyring.compat import properties

from desktop_app.storage.keyringopen import open_secret_store
from desktop_app.storage.secrets import (
    MAX_VALUE_BYTES,
    Deletion,
    KeyringSecretStore,
    MemorySecretStore,
    NoKeyring,
    SecretStore,
    SecretStoreError,
    SecretsUnavailable,
    Tokens,
    decode_tokens,
    encode_tokens,
    encoded_size,
    split_payload,
)

KEY = "00D5g000004SxAaEAK/0055g00000AbCdEFAA"


class _NeverChosen(keyring.backend.KeyringBackend):
    """Base for in-process test keyrings: not viable, so keyring's own discovery never picks them up."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("a test keyring is only used when a test sets it")


class CappedKeyring(_NeverChosen):
    """An in-process keyring refusing values over 2,560 UTF-16 bytes, as Windows Credential Manager does."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self.fail_writes = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_writes:
            raise keyring.errors.PasswordSetError("Failed to unlock the collection!")
        if len(password.encode("utf-16-le")) > 2560:
            raise keyring.errors.PasswordSetError("The stub received an argument that was too large")
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(_NeverChosen):
    """A keyring whose every call fails, as a locked Secret Service with no prompt does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.InitError("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.InitError("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.InitError("Failed to unlock the collection!")


def test_tokens_repr_hides_values() -> None:
    tokens = Tokens("00Dx!secretaccess", "secretrefresh")
    assert "secret" not in repr(tokens)
    assert "secret" not in str(tokens)
    assert repr(Tokens("a", None)) == "Tokens(access_token=<hidden>, refresh_token=None)"
    assert tokens == Tokens("00Dx!secretaccess", "secretrefresh")


def test_memory_store() -> None:
    store: SecretStore = MemorySecretStore()
    assert store.persistent is False
    assert store.backend_name == "memory"
    assert store.get(KEY) is None
    store.set(KEY, Tokens("a", "r"))
    assert store.get(KEY) == Tokens("a", "r")
    store.set(KEY, Tokens("a2", None))
    assert store.get(KEY) == Tokens("a2", None)
    store.delete(KEY)
    store.delete(KEY)
    assert store.get(KEY) is None


@pytest.mark.parametrize("key", ["", "org/user#1"])
def test_bad_keys(key: str) -> None:
    with pytest.raises(ValueError, match="account key"):
        MemorySecretStore().set(key, Tokens("a", None))
    with pytest.raises(ValueError, match="account key"):
        KeyringSecretStore("svc", backend=CappedKeyring()).get(key)


def test_memory_store_keeps_only_tokens() -> None:
    with pytest.raises(TypeError):
        MemorySecretStore().set(KEY, ("a", "r"))  # type: ignore[arg-type]


def test_encode_decode() -> None:
    text = encode_tokens(Tokens("acc", "ref"))
    assert json.loads(text) == {"a": "acc", "r": "ref", "v": 1}
    assert decode_tokens(text) == Tokens("acc", "ref")
    assert decode_tokens(encode_tokens(Tokens("acc", None))) == Tokens("acc", None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"a": "x"}',
        '{"a": "", "v": 1}',
        '{"a": 1, "v": 1}',
        '{"a": "x", "r": 2, "v": 1}',
        "{",
        '{"v": 2}',
    ],
)
def test_decode_rejects(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - json and our checks both raise plain ValueError
        decode_tokens(text)


@pytest.mark.parametrize("text", ["", "a", "x" * 6000, "é" * 3001, "日本" * 1500, "🔑" * 900, "a🔑é" * 777])
def test_split_payload(text: str) -> None:
    chunks = split_payload(text, limit=2000)
    assert "".join(chunks) == text
    assert all(encoded_size(chunk) <= 2000 for chunk in chunks)
    assert all(chunk for chunk in chunks) or text == ""


def test_encoded_size_counts_the_wider_encoding() -> None:
    assert encoded_size("ab") == 4
    assert encoded_size("日") == 3
    assert encoded_size("🔑") == 4


def _stored_sizes(backend: CappedKeyring) -> list[int]:
    return [encoded_size(value) for value in backend.values.values()]


def test_large_tokens_are_chunked_under_the_cap() -> None:
    backend = CappedKeyring()
    store = KeyringSecretStore("svc", backend=backend)
    big = Tokens("A" * 6000, "R" * 300)
    store.set(KEY, big)
    assert store.get(KEY) == big
    usernames = {username for _, username in backend.values}
    assert usernames == {KEY} | {f"{KEY}#{i}" for i in range(1, len(usernames))}
    assert len(usernames) > 3
    assert max(_stored_sizes(backend)) < MAX_VALUE_BYTES
    assert "A" * 100 not in backend.values[("svc", KEY)]


def test_overwrite_and_delete_remove_stale_chunks() -> None:
    backend = CappedKeyring()
    store = KeyringSecretStore("svc", backend=backend)
    store.set(KEY, Tokens("A" * 9000, "r"))
    store.set(KEY, Tokens("B" * 3000, "r"))
    assert store.get(KEY) == Tokens("B" * 3000, "r")
    chunked = len(backend.values)
    assert chunked >= 3
    store.set(KEY, Tokens("small", None))
    assert list(backend.values) == [("svc", KEY)]
    assert store.get(KEY) == Tokens("small", None)
    store.set(KEY, Tokens("C" * 9000, "r"))
    store.delete(KEY)
    assert backend.values == {}
    assert store.get(KEY) is None
    store.delete(KEY)


def test_accounts_do_not_share_chunks() -> None:
    backend = CappedKeyring()
    store = KeyringSecretStore("svc", backend=backend)
    other = "00D000000000001AAA/005000000000001AAA"
    store.set(KEY, Tokens("A" * 5000, "r1"))
    store.set(other, Tokens("B" * 5000, "r2"))
    store.delete(KEY)
    assert store.get(other) == Tokens("B" * 5000, "r2")
    assert all(username.startswith(other) for _, username in backend.values)


@pytest.mark.parametrize(
    "damage",
    [
        lambda values: values.pop(("svc", f"{KEY}#2")),
        lambda values: values.__setitem__(("svc", f"{KEY}#1"), "tampered"),
        lambda values: values.__setitem__(("svc", KEY), '{"v":1,"chunks":"three"}'),
        lambda values: values.__setitem__(("svc", KEY), "not json"),
    ],
)
def test_damaged_entries_raise_store_error(damage: Any) -> None:
    backend = CappedKeyring()
    store = KeyringSecretStore("svc", backend=backend)
    store.set(KEY, Tokens("A" * 6000, "r"))
    damage(backend.values)
    with pytest.raises(SecretStoreError, match="damaged"):
        store.get(KEY)


def test_keyring_errors_become_store_errors() -> None:
    backend = CappedKeyring()
    store = KeyringSecretStore("svc", backend=backend)
    backend.fail_writes = True
    with pytest.raises(SecretStoreError, match=r"keyring \(.*\) could not save .*PasswordSetError") as info:
        store.set(KEY, Tokens("secret-access", "secret-refresh"))
    assert "secret-" not in str(info.value)
    locked = KeyringSecretStore("svc", backend=LockedKeyring())
    for call in (
        lambda: locked.get(KEY),
        lambda: locked.delete(KEY),
        lambda: locked.set(KEY, Tokens("a", None)),
    ):
        with pytest.raises(SecretStoreError, match="InitError"):
            call()


def test_fallback_on_fail_keyring(fail_keyring: None) -> None:
    store, warning = open_secret_store("connect-desktop-test")
    assert isinstance(store, MemorySecretStore)
    assert warning is not None
    assert "no password store (keyring)" in warning
    assert "stay signed in only until you quit" in warning
    assert "GNOME Keyring" in warning
    assert "fail Keyring" in warning
    store.set(KEY, Tokens("a", "r"))
    assert store.get(KEY) == Tokens("a", "r")


@pytest.mark.parametrize(
    ("backend", "name"),
    [(keyring.backends.null.Keyring(), "null Keyring"), (LockedKeyring(), "secrets LockedKeyring")],
)
def test_fallback_on_unusable_backends(fail_keyring: None, backend: Any, name: str) -> None:
    keyring.set_keyring(backend)
    store, warning = open_secret_store("connect-desktop-test")
    assert isinstance(store, MemorySecretStore)
    assert warning is not None
    assert f"{name})" in warning


def test_fallback_on_empty_chainer(fail_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.backends.chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(keyring.backends.chainer.ChainerBackend())
    store, warning = open_secret_store("connect-desktop-test")
    assert isinstance(store, MemorySecretStore)
    assert warning is not None


def test_usable_backend_is_used(fail_keyring: None) -> None:
    backend = CappedKeyring()
    keyring.set_keyring(backend)
    store, warning = open_secret_store("connect-desktop-test")
    assert warning is None
    assert isinstance(store, KeyringSecretStore)
    assert store.persistent is True
    store.set(KEY, Tokens("a", "r"))
    assert backend.values[("connect-desktop-test", KEY)] == '{"a":"a","r":"r","v":1}'


def test_test_keyrings_are_never_discovered() -> None:
    assert not CappedKeyring.viable
    assert not any(isinstance(k, _NeverChosen) for k in keyring.backend.get_all_keyring())


def test_a_locked_keyring_is_unavailable_not_absent(fail_keyring: None) -> None:
    from desktop_app.storage.keyringopen import open_keyring

    with pytest.raises(NoKeyring):
        open_keyring("connect-desktop-test")
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(SecretsUnavailable) as caught:
        open_keyring("connect-desktop-test")
    assert "locked" in caught.value.user_message


def test_keyring_failures_mid_session_are_secrets_unavailable() -> None:
    locked = KeyringSecretStore("svc", backend=LockedKeyring())
    for call in (
        lambda: locked.get(KEY),
        lambda: locked.delete(KEY),
        lambda: locked.set(KEY, Tokens("a", None)),
    ):
        with pytest.raises(SecretsUnavailable):
            call()


def test_a_damaged_entry_is_not_unavailable() -> None:
    backend = CappedKeyring()
    backend.values[("svc", KEY)] = "not json"
    with pytest.raises(SecretStoreError) as caught:
        KeyringSecretStore("svc", backend=backend).get(KEY)
    assert not isinstance(caught.value, SecretsUnavailable)


def test_deletions_say_where_they_happened() -> None:
    memory = MemorySecretStore()
    memory.set(KEY, Tokens("a", "r"))
    assert memory.delete(KEY) == Deletion("memory", in_keyring=False, found=True)
    backend = CappedKeyring()
    store = KeyringSecretStore("svc", backend=backend)
    store.set(KEY, Tokens("a", "r"))
    deletion = store.delete(KEY)
    assert (deletion.in_keyring, deletion.found) == (True, True)
    assert "Deleted the tokens from the keyring" in deletion.text
    assert "Deleted the tokens from the keyring" not in memory.delete(KEY).text
