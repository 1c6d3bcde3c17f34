"""Help > About names the version, Qt and PySide, and where this run keeps the tokens, as plain text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import __version__
from desktop_app.demo_org import DemoOrg
from tests.ui.windowing import make_services, open_root, shoot


def test_help_about_says_versions_and_where_tokens_are(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    services = make_services(tmp_path / "p", demo)
    with open_root(qtbot, services) as root:
        window = root.window
        window.about_requested.emit()
        qtbot.wait_until(lambda: bool(window.findChildren(QMessageBox)), timeout=5_000)
        box = window.findChildren(QMessageBox)[0]
        assert box.windowTitle() == "About Connect Desktop"
        assert box.textFormat() == Qt.TextFormat.PlainText
        text = box.text()
        assert f"Connect Desktop {__version__}" in text
        assert f"Qt {qVersion()}" in text
        assert "tokens kept in memory for this run only" in text  # the tests' secret store is in memory
        shoot(box, "window-about")
        box.close()
        qtbot.wait_until(lambda: not window.findChildren(QMessageBox), timeout=5_000)
