"""Test-wide set-up: offscreen Qt, Chromium's sandbox off under root, no real user directories touched."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Chromium refuses to start as root with its sandbox on; tests may run as root in CI containers.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS", "--disable-background-networking --disable-component-update"
)

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point XDG directories at a temporary folder so no test writes to the real profile."""
    base = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(base / var.lower()))


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """A fresh ``--profile`` folder."""
    path = tmp_path / "profile"
    path.mkdir()
    return path
