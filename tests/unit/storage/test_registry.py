"""AccountRegistry: persistence, atomic writes, damaged files and the no-secrets rule."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from msgspec.structs import replace

from desktop_app.auth.account import Account, account_key
from desktop_app.storage import jsonfile
from desktop_app.storage.registry import AccountRegistry, _check_no_secrets


def make_account(n: int = 1, **changes: object) -> Account:
    """A distinct, complete account numbered n."""
    org_id, user_id = f"00D{n:012d}AAA", f"005{n:012d}AAA"
    account = Account(
        key=account_key(org_id, user_id),
        org_id=org_id,
        user_id=user_id,
        username=f"user{n}@acme.example",
        display_name=f"User {n}",
        org_name="Acme",
        login_host="https://login.salesforce.com",
        instance_url="https://acme.my.salesforce.com",
        id_url=f"https://login.salesforce.com/id/{org_id}/{user_id}",
        flow="user_agent",
    )
    return replace(account, **changes)  # type: ignore[arg-type]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "accounts.json"


def test_empty_when_no_file(path: Path) -> None:
    registry = AccountRegistry(path)
    assert registry.load() == []
    assert registry.accounts == []
    assert registry.recovered_warning is None
    assert not path.exists()


def test_upsert_persists_in_order(path: Path) -> None:
    registry = AccountRegistry(path)
    for n in (3, 1, 2):
        registry.upsert(make_account(n))
    fresh = AccountRegistry(path)
    assert [a.username for a in fresh.accounts] == [
        "user3@acme.example",
        "user1@acme.example",
        "user2@acme.example",
    ]
    assert fresh.get(make_account(1).key) == make_account(1)
    assert fresh.get("nobody/here") is None


def test_upsert_replaces_in_place(path: Path) -> None:
    registry = AccountRegistry(path)
    registry.upsert(make_account(1))
    registry.upsert(make_account(2))
    registry.upsert(make_account(1, label="Renamed", needs_sign_in=True))
    accounts = AccountRegistry(path).accounts
    assert [a.key for a in accounts] == [make_account(1).key, make_account(2).key]
    assert accounts[0].label == "Renamed"
    assert accounts[0].needs_sign_in is True


def test_remove(path: Path) -> None:
    registry = AccountRegistry(path)
    registry.upsert(make_account(1))
    registry.upsert(make_account(2))
    assert registry.remove(make_account(1).key) is True
    assert registry.remove(make_account(1).key) is False
    assert [a.key for a in AccountRegistry(path).accounts] == [make_account(2).key]


def test_file_shape_and_mode(path: Path) -> None:
    AccountRegistry(path).upsert(make_account(1))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert data["accounts"] == [make_account(1).to_json()]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not any("token" in key for record in data["accounts"] for key in record)
    assert sorted(p.name for p in path.parent.iterdir()) == ["accounts.json"]


def test_failed_write_leaves_the_old_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = AccountRegistry(path)
    registry.upsert(make_account(1))
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        registry.upsert(make_account(2))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["accounts.json"]
    assert [a.key for a in registry.accounts] == [make_account(1).key]


def test_writes_go_through_a_temp_file_in_the_same_folder(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((Path(src), Path(dst)))
        assert json.loads(Path(src).read_text(encoding="utf-8"))["accounts"]
        real_replace(src, dst)

    monkeypatch.setattr(jsonfile.os, "replace", spy)
    AccountRegistry(path).upsert(make_account(1))
    assert len(seen) == 1
    src, dst = seen[0]
    assert src.parent == dst.parent == path.parent
    assert dst == path


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[]", "JSON object"),
        (b'{"accounts": []}', "no schema"),
        (b'{"schema": "1", "accounts": []}', "no schema"),
        (b'{"schema": 2, "accounts": []}', "newer version"),
        (b'{"schema": 0, "accounts": []}', "unknown schema"),
        (b'{"schema": 1, "accounts": {}}', "account list"),
        (b'{"schema": 1, "accounts": [5]}', "not an object"),
        (b'{"schema": 1, "accounts": [{"org_id": "00D", "user_id": 7}]}', "must be text"),
        (b'{"schema": 1, "accounts": [{"user_id": "005"}]}', "no org_id"),
        (b"", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_damaged_file_is_moved_aside(path: Path, content: bytes, reason: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    registry = AccountRegistry(path)
    assert registry.load() == []
    warning = registry.recovered_warning
    assert warning is not None
    assert reason in warning
    moved = [p for p in path.parent.iterdir() if p.name.startswith("accounts.json.corrupt-")]
    assert len(moved) == 1
    assert moved[0].read_bytes() == content
    assert str(moved[0]) in warning
    assert not path.exists()
    registry.upsert(make_account(1))
    assert AccountRegistry(path).accounts == [make_account(1)]
    assert moved[0].read_bytes() == content


def test_repeated_damage_keeps_every_copy(path: Path) -> None:
    path.parent.mkdir(parents=True)
    for n in range(3):
        path.write_text(f"broken {n}", encoding="utf-8")
        AccountRegistry(path).load()
    moved = sorted(p.read_text(encoding="utf-8") for p in path.parent.glob("accounts.json.corrupt-*"))
    assert moved == ["broken 0", "broken 1", "broken 2"]


def test_unreadable_file(path: Path) -> None:
    path.mkdir(parents=True)  # a folder where the file should be cannot be read as one
    registry = AccountRegistry(path)
    assert registry.accounts == []
    assert registry.recovered_warning is not None
    assert "could not be opened" in registry.recovered_warning
    registry.upsert(make_account(1))
    assert AccountRegistry(path).accounts == [make_account(1)]


def test_unknown_fields_survive_a_reload(path: Path) -> None:
    path.parent.mkdir(parents=True)
    record = make_account(1).to_json() | {"future_field": "x"}
    path.write_text(json.dumps({"schema": 1, "accounts": [record]}), encoding="utf-8")
    registry = AccountRegistry(path)
    assert registry.accounts == [make_account(1)]
    assert registry.recovered_warning is None


def test_refuses_token_shaped_values(path: Path) -> None:
    registry = AccountRegistry(path)
    registry.upsert(make_account(1))
    before = path.read_bytes()
    leaked = make_account(2, label="00D5g000004SxAa!AQ4AQExampleAccessTokenValue123")
    with pytest.raises(ValueError, match="token-shaped"):
        registry.upsert(leaked)
    assert path.read_bytes() == before
    assert registry.get(leaked.key) is None


@pytest.mark.parametrize("name", ["access_token", "refreshToken", "client_secret", "password"])
def test_refuses_secret_named_fields(name: str) -> None:
    with pytest.raises(ValueError, match="secret-named"):
        _check_no_secrets(make_account(1).to_json() | {name: "x"})


def test_concurrent_upserts_lose_nothing(path: Path) -> None:
    registry = AccountRegistry(path)
    barrier = threading.Barrier(16)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            registry.upsert(make_account(n))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(a.key for a in AccountRegistry(path).accounts) == sorted(
        make_account(n).key for n in range(16)
    )
