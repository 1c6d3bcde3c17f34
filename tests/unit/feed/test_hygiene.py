"""The feed package stays Qt-free and never reaches into the UI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FEED = ROOT / "desktop_app" / "feed"


def test_feed_modules_import_neither_qt_nor_the_ui() -> None:
    offenders = []
    for path in FEED.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in {"PySide6", "shiboken6"} or name.startswith("desktop_app.ui")
            ]
    assert offenders == []


def test_importing_every_feed_module_loads_no_qt() -> None:
    modules = sorted(path.stem for path in FEED.glob("*.py") if path.stem != "__init__")
    assert modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('desktop_app.feed.' + name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
