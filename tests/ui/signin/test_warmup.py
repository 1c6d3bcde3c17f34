"""The web engine is readied ahead of a likely sign-in, once, and never while a sign-in is under way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from tests.ui.windowing import make_services, open_root

# QtWebEngine wants shared OpenGL contexts chosen before the QApplication exists, as the app does at start-up.
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

pytestmark = pytest.mark.qt_log_ignore(
    # QtWebEngine offscreen finds neither OpenGL nor Vulkan on a test machine and renders in software.
    "Failed to create RHI for backend",
    "QVulkanInstance: Failed to initialize Vulkan",
    "GBM is not supported",
)


def test_with_no_account_the_controller_warms_the_engine_up_once(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    with open_root(qtbot, make_services(tmp_path, demo)) as root:
        controller = root.sign_in
        assert not controller.warmed_up
        controller.warm_up_soon()
        controller.warm_up_soon()
        qtbot.wait_until(lambda: controller.warmed_up, timeout=10_000)
        assert "PySide6.QtWebEngineCore" in sys.modules
        assert controller.dialog is None  # readied, not opened


def test_no_warm_up_runs_over_an_open_sign_in(qtbot: QtBot, tmp_path: Path, demo: DemoOrg) -> None:
    with open_root(qtbot, make_services(tmp_path, demo)) as root:
        controller = root.sign_in
        controller.open(host=demo.login_url)
        assert controller.dialog is not None
        controller.warm_up()
        assert not controller.warmed_up
        controller.dialog.close()


def test_an_application_not_prepared_for_the_web_engine_is_not_warmed_up() -> None:
    # Without shared OpenGL contexts chosen before the application exists, the engine would complain.
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desktop_app.ui.signin.warmup import warm_up_web_engine\n"
        "print(warm_up_web_engine(), 'PySide6.QtWebEngineCore' in sys.modules)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["False", "False"]
