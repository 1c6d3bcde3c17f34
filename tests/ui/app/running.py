"""The app started as a child process (offscreen), and whether its single-instance socket answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtNetwork import QLocalSocket


def launch(profile: Path) -> subprocess.Popen[str]:
    """``python -m desktop_app --profile PROFILE``, offscreen, its output in one text pipe."""
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--profile", str(profile)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def listening(name: str) -> bool:
    """Whether an instance listens on the socket ``name`` (it is up and takes requests)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    ok = socket.waitForConnected(200)
    socket.abort()
    return bool(ok)
