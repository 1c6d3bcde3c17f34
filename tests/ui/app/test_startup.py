"""Start-up pieces: --sign-in host names, the root sandbox rule."""

from __future__ import annotations

import pytest

from desktop_app import app
from desktop_app.auth import hosts
from desktop_app.ui.app.startup import resolve_sign_in_host


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("production", hosts.PRODUCTION),
        ("Sandbox", hosts.SANDBOX),
        ("demo", "http://127.0.0.1:5000"),
        ("acme.my.salesforce.com", "https://acme.my.salesforce.com"),
        ("https://acme.my.salesforce.com/", "https://acme.my.salesforce.com"),
    ],
)
def test_sign_in_host_names(value: str, expected: str) -> None:
    assert resolve_sign_in_host(value, "http://127.0.0.1:5000") == expected


@pytest.mark.parametrize("value", ["demo", "http://evil.example", "not a host"])
def test_sign_in_host_refusals(value: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        resolve_sign_in_host(value, None)


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


def test_the_window_modules_load_no_http_stack_or_keyring() -> None:
    # Start-up budget: the GUI thread builds the window while workers load these on first use.
    import subprocess
    import sys

    code = (
        "import sys, desktop_app.ui.app.startup, desktop_app.ui.window.mainwindow\n"
        "print(sorted(m for m in ('requests', 'keyring', 'PySide6.QtWebEngineCore') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
