"""Profiles keep their state, and their keyring namespace, apart."""

from __future__ import annotations

from pathlib import Path

from desktop_app.paths import KEYRING_SERVICE, Paths


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
    assert Paths.default().keyring_service == KEYRING_SERVICE
    assert one.instance_socket_name != two.instance_socket_name


def test_default_paths_follow_xdg(tmp_path: Path, monkeypatch: object) -> None:
    paths = Paths.default()
    assert "connect-desktop" in str(paths.config_dir)
