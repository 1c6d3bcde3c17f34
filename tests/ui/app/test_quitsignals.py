"""SIGTERM and SIGINT end the app as quitting from its menu does: state saved, workers stopped, exit 0."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.paths import Paths
from tests.ui.app.running import launch, listening


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_quits_cleanly_and_keeps_the_window_state(
    qtbot: QtBot, tmp_path: Path, number: signal.Signals
) -> None:
    paths = Paths.for_profile(tmp_path / "profile")
    process = launch(paths.profile_dir)
    try:
        qtbot.wait_until(lambda: listening(paths.instance_socket_name), timeout=30_000)
        process.send_signal(number)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    log_text = (paths.log_dir / "connect-desktop.log").read_text(encoding="utf-8")
    assert f"{number.name} received: quitting" in log_text
    settings = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert "window_geometry" in settings
    assert not Path(paths.instance_socket_name).exists()
