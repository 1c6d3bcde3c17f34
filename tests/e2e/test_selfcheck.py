"""``--self-check`` proves the web engine and keyring work, as the installer check relies on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

COMMAND = (sys.executable, "-m", "desktop_app")


def test_self_check_reports_a_working_web_engine(tmp_path: Path) -> None:
    result = subprocess.run(
        [*COMMAND, "--self-check", "--profile", str(tmp_path), "--log-level", "ERROR"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["ok"] is True
    assert report["webengine_loaded_demo_login"] is True
    assert report["qtwebengine"]
    assert report["keyring_backend"]
    assert report["page_reader_ready"] is True  # the program started itself again as its page reader
