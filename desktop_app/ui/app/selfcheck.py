"""``--self-check``: prove this build works (versions, keyring, web engine) and print a JSON report."""

from __future__ import annotations

import json
import platform
import sys
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, QUrl

from desktop_app import __version__
from desktop_app.paths import Paths

LOAD_TIMEOUT_MS = 60_000
READER_TIMEOUT_S = 30.0


def _web_engine_loads(url: str) -> tuple[bool, str]:
    """Load a page in a throw-away off-the-record profile and check the login form is there."""
    # The web engine loads only for this check, never at a normal start.
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
    from shiboken6 import Shiboken

    profile = QWebEngineProfile()
    page = QWebEnginePage(profile)
    loop = QEventLoop()
    outcome: dict[str, Any] = {"loaded": False, "form": False}

    def finished(ok: bool) -> None:
        outcome["loaded"] = ok
        if not ok:
            loop.quit()
            return

        def has_form(result: object) -> None:
            outcome["form"] = bool(result)
            loop.quit()

        page.runJavaScript("document.getElementById('username') !== null", 0, has_form)

    page.loadFinished.connect(finished)
    QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
    page.load(QUrl(url))
    loop.exec()
    # The page must go before its profile (Qt warns "Release of profile requested but WebEnginePage still not
    # deleted" otherwise); deleting both now keeps the order.
    Shiboken.delete(page)
    Shiboken.delete(profile)
    if outcome["form"]:
        return True, "login form shown"
    return False, "page loaded, no login form" if outcome["loaded"] else "page did not load"


def _page_reader_starts() -> bool | None:
    """Whether this build can start its page reader (None where the app has none)."""
    # --self-check only: the program started again as the reader, then closed.
    from desktop_app.accounts import pagereader

    reader = pagereader.spawn()
    if reader is None:
        return None
    try:
        return reader.wait_ready(READER_TIMEOUT_S)
    finally:
        reader.close()


def self_check(paths: Paths) -> int:
    """Print the report; 0 only if every check passed."""
    # --self-check only: versions, the keyring and the demo org are loaded for the report.
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from desktop_app.auth.request import AuthorizeRequest
    from desktop_app.demo_org import DemoOrg
    from desktop_app.storage.keyringopen import open_secret_store

    report: dict[str, Any] = {
        "app": "connect-desktop",
        "version": __version__,
        "python": platform.python_version(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "qt": qVersion(),
        "pyside6": pyside_version,
    }
    try:
        # A build without QtWebEngine reports that instead of failing to start.
        from PySide6.QtWebEngineCore import qWebEngineChromiumVersion, qWebEngineVersion

        report["qtwebengine"] = qWebEngineVersion()
        report["chromium"] = qWebEngineChromiumVersion()
    except ImportError as exc:
        report["qtwebengine"] = None
        report["qtwebengine_error"] = str(exc)
    store, warning = open_secret_store(paths.keyring_service)
    report["keyring_backend"] = store.backend_name
    report["keyring_persistent"] = store.persistent
    if warning:
        report["keyring_warning"] = warning
    web_ok = False
    if report.get("qtwebengine"):
        with DemoOrg() as demo:
            request = AuthorizeRequest.new(demo.login_url, demo.client_id)
            web_ok, detail = _web_engine_loads(request.url)
        report["webengine_detail"] = detail
    report["webengine_loaded_demo_login"] = web_ok
    reader_ok = _page_reader_starts()
    report["page_reader_ready"] = reader_ok
    report["ok"] = bool(web_ok and report.get("qtwebengine") and reader_ok is not False)
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1
