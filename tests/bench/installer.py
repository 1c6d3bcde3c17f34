"""The one-folder build's size on disk, when ``make installer`` has made one (it is not built here)."""

from __future__ import annotations

from typing import Any

from tests.bench.common import ROOT

BUILD = ROOT / "dist" / "connect-desktop"


def run() -> dict[str, Any]:
    """installer_size_mb (decimal megabytes, as du --si counts) and its file count; None when not built."""
    if not BUILD.is_dir():
        return {"installer_size_mb": None, "installer_files": None}
    files = [path for path in BUILD.rglob("*") if path.is_file() and not path.is_symlink()]
    size = sum(path.stat().st_size for path in files)
    return {"installer_size_mb": round(size / 1_000_000, 1), "installer_files": len(files)}
