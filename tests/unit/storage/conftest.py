"""Keyring fixtures: a real Secret Service when asked for, and the fail backend for fallback tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest

from desktop_app.storage.secrets import KeyringSecretStore
from tests.secretservice import require_secret_service


def secret_service_items(service: str) -> list[str]:
    """The usernames the Secret Service holds for service (read directly, not through our code)."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        return sorted(
            item.get_attributes().get("username", "")
            for item in collection.search_items({"service": service})
        )
    finally:
        connection.close()


def _delete_all(service: str) -> None:
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        for item in collection.search_items({"service": service}):
            item.delete()
    finally:
        connection.close()


@pytest.fixture
def secret_service() -> Iterator[str]:
    """A unique service name in a real, unlocked Secret Service; everything under it is deleted afterwards."""
    require_secret_service()
    service = f"connect-desktop-test-{uuid.uuid4().hex}"
    try:
        yield service
    finally:
        _delete_all(service)


@pytest.fixture
def keyring_store(secret_service: str) -> KeyringSecretStore:
    """A KeyringSecretStore on the real Secret Service."""
    return KeyringSecretStore(secret_service)


@pytest.fixture
def fail_keyring() -> Iterator[None]:
    """Make keyring's process-wide backend the fail keyring, as on a machine with none."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
