"""End-to-end fixtures: the real QtWebEngine, offscreen, signing in to the demo org through the dialog."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from desktop_app.accounts.vault import AccountVault
from desktop_app.auth.request import Flow
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.signin.signindialog import LoginHostChoice, SignInDialog
from tests.secretservice import require_secret_service

# QtWebEngine wants shared OpenGL contexts chosen before the QApplication exists, as the app does at start-up.
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

PAGE_TIMEOUT = 20_000
ASK_AGAIN_AFTER = 0.5  # seconds


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoOrg]:
    """One demo org per module: its users keep their approvals between tests."""
    with DemoOrg() as org:
        yield org


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    """Background tasks for the dialog, joined after the test."""
    runner = TaskRunner()
    yield runner
    assert runner.wait(20_000)


@pytest.fixture
def vault(tmp_path: Path) -> AccountVault:
    """A temporary accounts file and an in-memory secret store."""
    return AccountVault(AccountRegistry(tmp_path / "config" / "accounts.json"), MemorySecretStore())


def demo_hosts(demo: DemoOrg) -> list[LoginHostChoice]:
    """The picker as the app fills it while the demo org runs."""
    return [
        LoginHostChoice("Demo org (on this computer)", demo.login_url),
        LoginHostChoice("Production (login.salesforce.com)", "https://login.salesforce.com"),
        LoginHostChoice("Sandbox (test.salesforce.com)", "https://test.salesforce.com"),
    ]


@pytest.fixture
def make_dialog(qtbot: QtBot, demo: DemoOrg, tasks: TaskRunner) -> Iterator[Callable[..., SignInDialog]]:
    """Build sign-in dialogs on the demo org; each is closed and deleted (page, then profile) afterwards."""
    dialogs: list[SignInDialog] = []

    def make(**options: Any) -> SignInDialog:
        settings: dict[str, Any] = {
            "hosts": demo_hosts(demo),
            "client_id": demo.client_id,
            "tasks": tasks,
            "default_flow": Flow.USER_AGENT,
            "prompt_login": True,
            **options,
        }
        dialog = SignInDialog(**settings)
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        if shiboken6.isValid(dialog):
            dialog.close()
            dialog.deleteLater()
    qtbot.wait_until(lambda: not any(shiboken6.isValid(d) for d in dialogs), timeout=5_000)


class PageDriver:
    """Drives the dialog's current page with JavaScript, waiting on results through the event loop."""

    def __init__(self, qtbot: QtBot, dialog: SignInDialog) -> None:
        self.qtbot = qtbot
        self.dialog = dialog

    def js(self, script: str, timeout: int = PAGE_TIMEOUT) -> Any:
        """Run script in the current page and return its result (None when the page went away first)."""
        page = self.dialog.browser.page
        assert page is not None, "no sign-in page on screen"
        results: list[Any] = []
        page.runJavaScript(script, 0, results.append)
        # A script that leads to the callback ends the attempt, and its page, before the result comes back.
        self.qtbot.wait_until(lambda: bool(results) or self.dialog.browser.page is not page, timeout=timeout)
        return results[0] if results else None

    def poller(self, condition_js: str) -> Callable[[], bool]:
        """A predicate for qtbot.wait_until: asks the page on screen, answers from its latest reply."""
        state: dict[str, Any] = {"ticket": 0, "asked": 0.0, "done": False}

        def check() -> bool:
            page = self.dialog.browser.page
            if page is None:
                return False
            # A reply is lost when the document changes under it: a question left unanswered is asked again.
            if time.monotonic() - state["asked"] > ASK_AGAIN_AFTER:
                state["ticket"] += 1
                state["asked"] = time.monotonic()

                def answered(result: Any, ticket: int = state["ticket"]) -> None:
                    if ticket == state["ticket"]:
                        state.update(done=bool(result), asked=0.0)

                page.runJavaScript(condition_js, 0, answered)
            return bool(state["done"])

        return check

    def wait_for(self, condition_js: str, timeout: int = PAGE_TIMEOUT) -> None:
        """Wait until a JavaScript expression is true in the page on screen."""
        self.qtbot.wait_until(self.poller(condition_js), timeout=timeout)

    def wait_for_element(self, element_id: str, timeout: int = PAGE_TIMEOUT) -> None:
        """Wait until the page on screen has an element with this id."""
        self.wait_for(
            f"document.readyState === 'complete' && !!document.getElementById({json.dumps(element_id)})",
            timeout,
        )

    def click(self, element_id: str) -> None:
        """Click an element of the current page."""
        self.js(f"document.getElementById({json.dumps(element_id)}).click(); true")

    def log_in(self, username: str, password: str) -> None:
        """Fill the demo login form and submit it."""
        self.wait_for_element("username")
        self.js(
            f"document.getElementById('username').value = {json.dumps(username)};"
            f"document.getElementById('password').value = {json.dumps(password)};"
            "document.getElementById('Login').click(); true"
        )

    def approve_if_asked(self) -> None:
        """Click Allow when the approval page comes (a user's first sign-in), else let the callback come."""
        asked = self.poller("!!document.getElementById('oaapprove')")
        self.qtbot.wait_until(lambda: self.dialog.browser.page is None or asked(), timeout=PAGE_TIMEOUT)
        if self.dialog.browser.page is not None:
            self.click("oaapprove")


@pytest.fixture
def drive(qtbot: QtBot) -> Callable[[SignInDialog], PageDriver]:
    """A PageDriver for a dialog."""
    return lambda dialog: PageDriver(qtbot, dialog)


@pytest.fixture
def secret_service() -> None:
    """Skip (fail, where CI requires one) without a Secret Service keyring to keep tokens in."""
    require_secret_service()
