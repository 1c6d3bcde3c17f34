"""Start-up pieces: the root sandbox rule."""

from __future__ import annotations

import pytest

from desktop_app import app


def test_root_turns_the_web_engine_sandbox_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    monkeypatch.setattr(app.os, "geteuid", lambda: 0)
    app.prepare_environment()
    assert app.os.environ["QTWEBENGINE_DISABLE_SANDBOX"] == "1"


def test_other_users_keep_the_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    monkeypatch.setattr(app.os, "geteuid", lambda: 1000)
    app.prepare_environment()
    assert "QTWEBENGINE_DISABLE_SANDBOX" not in app.os.environ


def test_the_window_modules_load_no_http_stack_keyring_or_crypto() -> None:
    # Start-up budget: the GUI thread builds the window while workers load these on first use. QtNetwork
    # and OpenSSL's hashlib each map megabytes of libraries that the first paint does not need.
    import subprocess
    import sys

    code = (
        "import sys, desktop_app.ui.app.startup, desktop_app.ui.app.singleinstance\n"
        "import desktop_app.ui.app.parts, desktop_app.ui.app.composition\n"
        "unwanted = ('requests', 'keyring', 'PySide6.QtWebEngineCore', 'PySide6.QtNetwork', '_hashlib')\n"
        "print(sorted(m for m in unwanted if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
