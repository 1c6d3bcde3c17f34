"""A second launch with the same profile hands over to the first and exits; other profiles run apart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from desktop_app.paths import Paths
from desktop_app.ui.app.singleinstance import SingleInstance
from tests.ui.app.running import launch, listening


@pytest.fixture
def first(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Paths]]:
    profile = tmp_path / "one"
    paths = Paths.for_profile(profile)
    process = launch(profile)
    try:
        qtbot.wait_until(lambda: listening(paths.instance_socket_name), timeout=30_000)
        yield process, paths
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_second_launch_hands_over_and_exits(qtbot: QtBot, first: tuple[subprocess.Popen[str], Paths]) -> None:
    process, paths = first
    second = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--profile", str(paths.profile_dir)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 0
    assert "already running" in second.stdout
    log_file = paths.log_dir / "connect-desktop.log"
    qtbot.wait_until(lambda: "second launch handed over" in log_file.read_text(), timeout=10_000)
    assert process.poll() is None


def test_another_profile_starts_its_own_instance(
    qtbot: QtBot, tmp_path: Path, first: tuple[subprocess.Popen[str], Paths]
) -> None:
    other = Paths.for_profile(tmp_path / "two")
    assert other.instance_socket_name != first[1].instance_socket_name
    process = launch(tmp_path / "two")
    try:
        qtbot.wait_until(lambda: listening(other.instance_socket_name), timeout=30_000)
        assert process.poll() is None
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_request_reaches_the_running_instance(qtbot: QtBot, tmp_path: Path) -> None:
    name = str(tmp_path / "instance")
    running = SingleInstance(name)
    assert running.listen()
    try:
        with qtbot.wait_signal(running.activated, timeout=5_000) as received:
            assert SingleInstance(name).hand_over({"sign_in": "https://login.salesforce.com"})
        assert received.args == [{"sign_in": "https://login.salesforce.com"}]
    finally:
        running.close()
    assert not Path(name).exists()
    assert not SingleInstance(name).hand_over({})


def test_a_socket_left_by_a_crashed_run_is_taken_over(qtbot: QtBot, tmp_path: Path) -> None:
    name = str(tmp_path / "instance")
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(name)
    crashed.close()  # the file stays, nobody listens
    assert Path(name).exists()
    assert not SingleInstance(name).hand_over({})
    running = SingleInstance(name)
    assert running.listen()
    try:
        assert listening(name)
    finally:
        running.close()


def test_a_garbled_request_still_brings_the_window_up(qtbot: QtBot, tmp_path: Path) -> None:
    name = str(tmp_path / "instance")
    running = SingleInstance(name)
    assert running.listen()
    try:
        with qtbot.wait_signal(running.activated, timeout=5_000) as received:
            peer = QLocalSocket()
            peer.connectToServer(name)
            assert peer.waitForConnected(2_000)
            peer.write(b"\xff[not json\n")
            peer.flush()
        assert received.args == [{}]
        qtbot.wait_until(lambda: peer.bytesAvailable() > 0 or peer.waitForReadyRead(50), timeout=5_000)
        assert bytes(peer.readAll().data()) == b"ok\n"
        peer.abort()
    finally:
        running.close()
