"""An answer that starts, trickles and breaks off is a slow or interrupted answer from that org: the account
stays connected while its other calls succeed, and nobody is told to check their internet connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.accounts.status import AccountState
from desktop_app.api.errors import AnswerInterrupted
from desktop_app.api.operations import Post
from desktop_app.demo_org import DemoOrg
from desktop_app.feed.writecheck import Phase
from desktop_app.ui.app.apiworker import ApiOutcome
from tests.ui.windowing import make_services, open_root, save_account

WAIT = 15_000


def test_a_trickled_answer_that_breaks_does_not_make_the_account_offline(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[2])
    changes: list[AccountState] = []
    services.states.add_listener(lambda key, _old, new: changes.append(new))
    outcomes: list[ApiOutcome[Any]] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet = app.styleSheet()  # the window's style sheet would stay for the tests that follow
    try:
        with open_root(qtbot, services) as root:
            window = root.window
            services.api.outcome.connect(outcomes.append)
            qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=WAIT)
            assert services.states.get(account.key) is AccountState.CONNECTED
            demo.set_faults(["truncated"])  # the answer to the post trickles in, then breaks off
            window.composer.set_text("Trickled, then cut off")
            window.composer.submit()
            qtbot.wait_until(lambda: window.composer.phase is Phase.STORED, timeout=WAIT)
            posted = next(o for o in outcomes if isinstance(o.call.operation, Post))
            error = posted.error
            assert isinstance(error, AnswerInterrupted)
            assert error.user_message.startswith(f"{error.host} started answering but the answer was cut off")
            assert not error.unreachable
            assert AccountState.OFFLINE not in changes
            assert services.states.get(account.key) is AccountState.CONNECTED
            assert window.sidebar.state(account.key) is AccountState.CONNECTED
            assert "internet connection" not in window.messages.text
            top = window.feed.model.item_at(0)
            assert top is not None
            assert top.body_text == "Trickled, then cut off"
    finally:
        demo.set_faults()
        app.setStyleSheet(sheet)
