"""The API package stays Qt-free and never logs a token."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.demo_org import DemoOrg

from .conftest import Signed

ROOT = Path(__file__).resolve().parents[3]


def test_importing_every_api_module_loads_no_qt() -> None:
    modules = sorted(path.stem for path in (ROOT / "desktop_app" / "api").glob("*.py"))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('desktop_app.api.' + name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_token_reaches_the_logs(
    make_demo: Callable[..., DemoOrg], sign_in: Callable[..., Signed], caplog: pytest.LogCaptureFixture
) -> None:
    demo = make_demo(rotate_refresh_tokens=True)
    caplog.set_level(logging.DEBUG)
    zoe = sign_in(demo)
    seen = {zoe.tokens.access_token, zoe.tokens.refresh_token or ""}
    client = zoe.client()
    client.news_feed()
    demo.expire_access_tokens()
    client.me()
    seen |= {zoe.tokens.access_token, zoe.tokens.refresh_token or ""}
    frontdoor = client.frontdoor_url("/")
    assert caplog.records
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "connect.api" in {record.name for record in caplog.records}
    for secret in seen | {frontdoor.split("otp=")[1]}:
        assert secret
        assert secret not in text
