"""KeyringSecretStore against a real Secret Service (gnome-keyring over D-Bus)."""

from __future__ import annotations

import keyring
import pytest

from desktop_app.storage.keyringopen import open_secret_store
from desktop_app.storage.secrets import (
    KeyringSecretStore,
    SecretStoreError,
    Tokens,
    encoded_size,
)

from .conftest import secret_service_items

pytestmark = pytest.mark.keyring

KEY = "00D5g000004SxAaEAK/0055g00000AbCdEFAA"
OTHER = "00D5g000004SxAbEAK/0055g00000AbCdXYAA"


def test_open_secret_store_finds_secret_service(secret_service: str) -> None:
    store, warning = open_secret_store(secret_service)
    assert warning is None
    assert isinstance(store, KeyringSecretStore)
    assert store.backend_name == "SecretService Keyring"
    assert store.persistent is True


def test_round_trip(keyring_store: KeyringSecretStore, secret_service: str) -> None:
    assert keyring_store.get(KEY) is None
    keyring_store.set(KEY, Tokens("00Dx!access", "refresh"))
    assert keyring_store.get(KEY) == Tokens("00Dx!access", "refresh")
    assert KeyringSecretStore(secret_service).get(KEY) == Tokens("00Dx!access", "refresh")
    assert secret_service_items(secret_service) == [KEY]
    keyring_store.set(KEY, Tokens("new-access", None))
    assert keyring_store.get(KEY) == Tokens("new-access", None)
    keyring_store.delete(KEY)
    assert keyring_store.get(KEY) is None
    assert secret_service_items(secret_service) == []
    keyring_store.delete(KEY)


def test_chunked_round_trip(keyring_store: KeyringSecretStore, secret_service: str) -> None:
    big = Tokens("00Dx!" + "A1b2C3" * 1000, "5Aep" + "r" * 200)
    assert len(big.access_token) > 6000
    keyring_store.set(KEY, big)
    assert keyring_store.get(KEY) == big
    names = secret_service_items(secret_service)
    assert KEY in names
    assert len(names) >= 4
    for name in names:
        value = keyring.get_password(secret_service, name)
        assert value is not None
        assert encoded_size(value) < 2500


def test_overwrite_and_delete_leave_no_chunks(keyring_store: KeyringSecretStore, secret_service: str) -> None:
    keyring_store.set(KEY, Tokens("A" * 9000, "r"))
    keyring_store.set(OTHER, Tokens("B" * 4000, "r"))
    keyring_store.set(KEY, Tokens("A" * 3000, "r"))
    assert keyring_store.get(KEY) == Tokens("A" * 3000, "r")
    keyring_store.set(KEY, Tokens("short", "r"))
    assert [n for n in secret_service_items(secret_service) if n.startswith(KEY)] == [KEY]
    keyring_store.delete(KEY)
    assert all(n.startswith(OTHER) for n in secret_service_items(secret_service))
    assert keyring_store.get(OTHER) == Tokens("B" * 4000, "r")
    keyring_store.delete(OTHER)
    assert secret_service_items(secret_service) == []


def test_damaged_entry(keyring_store: KeyringSecretStore, secret_service: str) -> None:
    keyring_store.set(KEY, Tokens("A" * 6000, "r"))
    keyring.set_password(secret_service, f"{KEY}#2", "garbage")
    with pytest.raises(SecretStoreError, match="damaged"):
        keyring_store.get(KEY)
    keyring_store.delete(KEY)
    assert secret_service_items(secret_service) == []


def test_services_are_separate(keyring_store: KeyringSecretStore, secret_service: str) -> None:
    keyring_store.set(KEY, Tokens("mine", None))
    other = KeyringSecretStore(secret_service + "-other")
    try:
        assert other.get(KEY) is None
    finally:
        other.delete(KEY)
