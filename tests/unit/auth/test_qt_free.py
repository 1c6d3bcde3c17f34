"""The auth and storage packages stay importable without Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desktop_app.auth
import desktop_app.storage


def test_no_pyside6_import() -> None:
    modules = [
        f"{package.__name__}.{info.name}"
        for package in (desktop_app.auth, desktop_app.storage)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    assert "desktop_app.auth.signin" in modules
    assert "desktop_app.storage.registry" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "assert not bad, bad\n"
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False, env=None
    )
    assert result.returncode == 0, result.stderr
