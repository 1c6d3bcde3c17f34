"""PySide's look at each newly imported module gives the same answers without keeping their source."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest
import shiboken6  # noqa: F401  (PySide's import check exists once shiboken is loaded)

from desktop_app.ui.app import importcheck


@pytest.fixture
def modules_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_imported_modules_are_told_apart_as_before_and_no_source_is_kept(modules_dir: Path) -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert importcheck.install()
    assert importcheck.install()  # a second install changes nothing
    (modules_dir / "cd_uses_qt.py").write_text("from PySide6.QtCore import QObject\nVALUE = 1\n")
    (modules_dir / "cd_plain.py").write_text("VALUE = 2\n")
    importlib.invalidate_caches()  # the folder's listing may be cached from before these files existed
    for name in ("cd_uses_qt", "cd_plain"):
        # What PySide's import hook runs for each newly imported module (it may already have, or not yet).
        feature.feature_imported(importlib.import_module(name))
    assert feature.pyside_feature_dict["cd_uses_qt"] == 0  # uses PySide: takes part in feature switching
    assert feature.pyside_feature_dict["cd_plain"] == -1  # ignored by it
    assert not [path for path in linecache.cache if str(modules_dir) in path]
    for name in ("cd_uses_qt", "cd_plain"):
        sys.modules.pop(name, None)
