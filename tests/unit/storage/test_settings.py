"""Settings: defaults, persistence, type-checked reads and damaged files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from desktop_app.storage import settings as keys
from desktop_app.storage.settings import DEFAULTS, Settings


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cfg" / "settings.json"


def test_defaults(path: Path) -> None:
    settings = Settings(path)
    assert settings.get(keys.SCOPES) == "api refresh_token"
    assert settings.get(keys.DEFAULT_FLOW) == "user_agent"
    assert settings.get(keys.LOGIN_HOSTS) == []
    assert settings.get(keys.WINDOW_GEOMETRY) is None
    assert settings.get("unknown") is None
    assert settings.get(keys.SCOPES, "explicit") == "explicit"
    assert settings.recovered_warning is None
    assert not path.exists()


def test_every_key_has_a_default() -> None:
    names = [
        keys.CLIENT_ID,
        keys.CALLBACK_URL,
        keys.SCOPES,
        keys.LOGIN_HOSTS,
        keys.DEFAULT_FLOW,
        keys.WINDOW_GEOMETRY,
        keys.WINDOW_STATE,
        keys.SPLITTER,
        keys.LAST_ACCOUNT,
        keys.PROXY_MODE,
        keys.PROXY_HOST,
        keys.PROXY_PORT,
        keys.PROXY_USER,
        keys.EXTRA_CA_FILE,
        keys.CURRENT_PLACES,
        keys.SHOW_ALL_ACCOUNTS,
        keys.GROUPS_SCOPE,
    ]
    assert sorted(names) == sorted(DEFAULTS)
    assert len(set(names)) == len(names)


def test_set_persists(path: Path) -> None:
    settings = Settings(path)
    settings.set(keys.CLIENT_ID, "3MVG9abc")
    settings.set(keys.LOGIN_HOSTS, ["https://acme.my.salesforce.com"])
    settings.set(keys.WINDOW_GEOMETRY, "AdnQywADAAA=")
    fresh = Settings(path)
    assert fresh.get(keys.CLIENT_ID) == "3MVG9abc"
    assert fresh.get_str_list(keys.LOGIN_HOSTS) == ["https://acme.my.salesforce.com"]
    assert fresh.get(keys.WINDOW_GEOMETRY) == "AdnQywADAAA="
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8"))[keys.CLIENT_ID] == "3MVG9abc"


def test_setting_the_value_already_stored_leaves_the_file_alone(path: Path) -> None:
    settings = Settings(path)
    settings.set(keys.LAST_ACCOUNT, "00D/005")
    settings.set(keys.SPLITTER, [240, 620, 300])
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")  # marks the file as written
    settings.set(keys.LAST_ACCOUNT, "00D/005")
    settings.set(keys.SPLITTER, [240, 620, 300])
    assert path.read_text(encoding="utf-8").endswith(" ")
    settings.set(keys.SPLITTER, [240, 620, 301])  # a different value is written
    assert not path.read_text(encoding="utf-8").endswith(" ")
    assert Settings(path).get(keys.SPLITTER) == [240, 620, 301]


def test_a_value_equal_in_python_but_not_in_json_is_written(path: Path) -> None:
    settings = Settings(path)
    settings.set(keys.SPLITTER, [1, 2, 3])
    settings.set(keys.SPLITTER, [1.0, 2.0, 3.0])
    assert json.loads(path.read_text(encoding="utf-8"))[keys.SPLITTER] == [1.0, 2.0, 3.0]
    assert "1.0" in path.read_text(encoding="utf-8")


def test_remove_goes_back_to_default(path: Path) -> None:
    settings = Settings(path)
    settings.set(keys.SCOPES, "id")
    settings.remove(keys.SCOPES)
    settings.remove(keys.SCOPES)
    assert Settings(path).get(keys.SCOPES) == "api refresh_token"


def test_values_are_copies(path: Path) -> None:
    settings = Settings(path)
    hosts = ["https://a.my.salesforce.com"]
    settings.set(keys.LOGIN_HOSTS, hosts)
    hosts.append("https://b.my.salesforce.com")
    got = settings.get(keys.LOGIN_HOSTS)
    got.append("https://c.my.salesforce.com")
    assert settings.get(keys.LOGIN_HOSTS) == ["https://a.my.salesforce.com"]
    Settings(path.with_name("other.json")).get(keys.LOGIN_HOSTS).append("x")
    assert DEFAULTS[keys.LOGIN_HOSTS] == []


@pytest.mark.parametrize("value", [b"raw", {1, 2}, float("nan"), object()])
def test_rejects_non_json_values(path: Path, value: object) -> None:
    settings = Settings(path)
    settings.set(keys.CLIENT_ID, "kept")
    with pytest.raises((TypeError, ValueError)):
        settings.set(keys.WINDOW_STATE, value)
    assert Settings(path).get(keys.WINDOW_STATE) is None
    assert Settings(path).get(keys.CLIENT_ID) == "kept"


def test_typed_reads_fall_back_on_wrong_types(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({keys.SCOPES: 5, keys.LOGIN_HOSTS: ["ok", 3], keys.CLIENT_ID: "cid"}), encoding="utf-8"
    )
    settings = Settings(path)
    assert settings.get_str(keys.SCOPES) == "api refresh_token"
    assert settings.get_str(keys.CLIENT_ID) == "cid"
    assert settings.get_str(keys.LAST_ACCOUNT) == ""
    assert settings.get_str_list(keys.LOGIN_HOSTS) == []
    assert settings.get_str_list(keys.SCOPES) == []


@pytest.mark.parametrize("content", [b"{oops", b"[1, 2]", b"\x00\x01", b"null"])
def test_damaged_file_is_moved_aside(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    settings = Settings(path)
    assert settings.recovered_warning is not None
    assert "settings file" in settings.recovered_warning
    assert settings.get(keys.SCOPES) == "api refresh_token"
    moved = list(path.parent.glob("settings.json.corrupt-*"))
    assert [p.read_bytes() for p in moved] == [content]
    settings.set(keys.CLIENT_ID, "x")
    assert Settings(path).get(keys.CLIENT_ID) == "x"
