"""Network choices in the settings file and the proxy password in the keyring, apart from account keys."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.auth.network import NetworkConfig, ProxyConfig, ProxyMode
from desktop_app.storage import settings as keys
from desktop_app.storage.networksettings import load_network, save_network
from desktop_app.storage.proxysecrets import ProxySecrets, proxy_key
from desktop_app.storage.secretoutcomes import SecretsUnavailable
from desktop_app.storage.settings import Settings
from tests.unit.storage.conftest import secret_service_items


class DictBackend:
    """A keyring backend holding passwords in a dict, as the Secret Service would."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.entries.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self.entries[(service, user)] = value

    def delete_password(self, service: str, user: str) -> None:
        del self.entries[(service, user)]


class LockedBackend(DictBackend):
    def get_password(self, service: str, user: str) -> str | None:
        raise RuntimeError("collection is locked")


proxy_choices = st.builds(
    ProxyConfig,
    mode=st.sampled_from(list(ProxyMode)),
    host=st.text(alphabet="abcdefghijklmnopqrstuvwxyz.-0123456789", max_size=30),
    port=st.integers(1, 65_535),
    user=st.text(max_size=20),
    password=st.just("never-saved"),
)


@given(proxy=proxy_choices, ca=st.text(max_size=40))
def test_choices_come_back_as_saved_without_the_password(
    tmp_path_factory: pytest.TempPathFactory, proxy: ProxyConfig, ca: str
) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.json"
    save_network(Settings(path), NetworkConfig(proxy, ca))
    loaded = load_network(Settings(path))
    assert loaded == NetworkConfig(dataclasses.replace(proxy, password=""), ca)
    assert "never-saved" not in path.read_text(encoding="utf-8")


def test_damaged_values_fall_back_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({keys.PROXY_MODE: "carrier-pigeon", keys.PROXY_PORT: 70_000, keys.PROXY_HOST: 5}),
        encoding="utf-8",
    )
    assert load_network(Settings(path)) == NetworkConfig()
    path.write_text(json.dumps({keys.PROXY_PORT: True}), encoding="utf-8")
    assert load_network(Settings(path)).proxy.port == 8080


def test_the_password_is_kept_under_a_proxy_key_for_its_user_only() -> None:
    backend = DictBackend()
    store = ProxySecrets("connect-desktop", lambda: backend)
    assert store.get("Proxy.Corp", 3128, "ann") is None
    store.set("Proxy.Corp", 3128, "ann", "hunter2")
    assert list(backend.entries) == [("connect-desktop", "proxy:proxy.corp:3128")]
    assert "/" not in proxy_key("proxy.corp", 3128)  # account keys are org_id/user_id
    assert store.get("proxy.corp", 3128, "ann") == "hunter2"
    assert store.get("proxy.corp", 3128, "bob") is None  # never sent for another user name
    assert store.get("proxy.corp", 8080, "ann") is None
    store.delete("proxy.corp", 3128)
    store.delete("proxy.corp", 3128)
    assert backend.entries == {}
    assert store.persistent


def test_without_a_keyring_the_password_lives_in_memory_and_says_so() -> None:
    store = ProxySecrets("connect-desktop", keyring.backends.fail.Keyring)
    store.set("proxy.corp", 3128, "ann", "hunter2")
    assert store.get("proxy.corp", 3128, "ann") == "hunter2"
    assert not store.persistent


def test_a_locked_keyring_is_reported_not_taken_for_no_password() -> None:
    store = ProxySecrets("connect-desktop", LockedBackend)
    with pytest.raises(SecretsUnavailable, match="proxy password"):
        store.get("proxy.corp", 3128, "ann")


@pytest.mark.keyring
def test_the_password_round_trips_through_the_secret_service(secret_service: str) -> None:
    store = ProxySecrets(secret_service)
    store.set("proxy.corp", 3128, "ann", "hunter2")
    assert secret_service_items(secret_service) == ["proxy:proxy.corp:3128"]
    assert ProxySecrets(secret_service).get("proxy.corp", 3128, "ann") == "hunter2"
    store.delete("proxy.corp", 3128)
    assert store.get("proxy.corp", 3128, "ann") is None
    assert store.persistent
