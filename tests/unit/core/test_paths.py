"""Profiles keep state, keyring namespace and instance socket apart, in folders only their user can open."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.paths import KEYRING_SERVICE, MAX_SOCKET_PATH, Paths, sha256_hex


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR with a short path, as a desktop session provides (/run/user/1000)."""
    path = Path(tempfile.mkdtemp(prefix="rt-"))
    path.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_profile_keeps_everything_under_one_folder(tmp_path: Path) -> None:
    paths = Paths.for_profile(tmp_path / "p")
    paths.ensure()
    for directory in (paths.config_dir, paths.cache_dir, paths.data_dir, paths.log_dir):
        assert directory.is_dir()
        assert directory.is_relative_to(tmp_path / "p")
        assert directory.stat().st_mode & 0o077 == 0
    assert paths.accounts_file.parent == paths.config_dir


def test_profiles_have_distinct_keyring_services(tmp_path: Path) -> None:
    one = Paths.for_profile(tmp_path / "one")
    two = Paths.for_profile(tmp_path / "two")
    assert one.keyring_service != two.keyring_service
    assert one.keyring_service.startswith(KEYRING_SERVICE + ".")
    assert one.instance_socket_name != two.instance_socket_name


def test_each_config_dir_has_its_own_keyring_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "copy-one"))
    one = Paths.default()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "copy-two"))
    two = Paths.default()
    assert one.keyring_service != two.keyring_service
    assert KEYRING_SERVICE not in (one.keyring_service, two.keyring_service)
    assert one.keyring_service.startswith(KEYRING_SERVICE + ".")
    assert Paths.default().keyring_service == two.keyring_service  # stable for one config dir
    # The standard config location keeps the plain name, so existing sign-ins are found where they are.
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert Paths.default().keyring_service == KEYRING_SERVICE
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    assert Paths.default().keyring_service == KEYRING_SERVICE


def test_default_paths_follow_xdg() -> None:
    paths = Paths.default()
    assert "connect-desktop" in str(paths.config_dir)


def test_existing_directories_are_tightened_to_0700(tmp_path: Path) -> None:
    paths = Paths.for_profile(tmp_path / "p")
    for directory in (paths.config_dir, paths.cache_dir, paths.data_dir, paths.log_dir):
        directory.mkdir(parents=True)
        directory.chmod(0o755)
    (tmp_path / "p").chmod(0o755)
    paths.ensure()
    for directory in (tmp_path / "p", paths.config_dir, paths.cache_dir, paths.data_dir, paths.log_dir):
        assert _mode(directory) == 0o700, directory


def test_the_instance_socket_lives_in_the_private_runtime_dir(tmp_path: Path, runtime_dir: Path) -> None:
    paths = Paths.for_profile(tmp_path / "p")
    socket = Path(paths.instance_socket_path)
    assert socket.parent == runtime_dir / "connect-desktop"
    assert paths.instance_socket_name == paths.instance_socket_path
    paths.ensure()
    assert _mode(socket.parent) == 0o700


def test_without_a_runtime_dir_the_socket_lives_under_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    paths = Paths.for_profile(tmp_path / "p")
    socket = Path(paths.instance_socket_path)
    assert socket.parent == (tmp_path / "p").resolve() / "run"
    paths.ensure()
    assert _mode(socket.parent) == 0o700


def test_a_runtime_dir_others_can_enter_is_not_used(tmp_path: Path, runtime_dir: Path) -> None:
    runtime_dir.chmod(0o777)
    paths = Paths.for_profile(tmp_path / "p")
    assert not paths.instance_socket_path.startswith(str(runtime_dir))


def test_socket_paths_fit_a_unix_socket_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    paths = Paths.for_profile(deep)
    assert len(paths.instance_socket_path.encode()) <= MAX_SOCKET_PATH
    paths.ensure()
    parent = Path(paths.instance_socket_path).parent
    assert _mode(parent) == 0o700
    assert parent.stat().st_uid == os.getuid()
    # The same profile, asked again (a second launch), finds the same socket.
    assert Paths.for_profile(deep).instance_socket_path == paths.instance_socket_path


@given(st.binary(max_size=512))
def test_names_are_hashed_as_hashlib_would(data: bytes) -> None:
    # Cache files and keyring services are named by these digests: they must not change between versions.
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_start_up_modules_hash_names_without_loading_openssl() -> None:
    code = (
        "import sys, desktop_app.app, desktop_app.api.feedcache, desktop_app.api.photos\n"
        "from desktop_app.paths import sha256_hex\n"
        "sha256_hex(b'x')\n"
        "print('_hashlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
