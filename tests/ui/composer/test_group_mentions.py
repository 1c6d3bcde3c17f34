"""Composer: groups are offered while an @name is typed, and a picked group is posted as a Mention of it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.api.models import SegmentType
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.groups import GroupStore
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.composer.composer import Composer

WAIT = 10_000


@pytest.fixture
def composer(qtbot: QtBot, api_service: ApiService, demo_account: Account) -> Iterator[Composer]:
    widget = Composer(api_service)
    qtbot.addWidget(widget)
    widget.resize(560, 160)
    widget.show()
    widget.set_account(demo_account.key)
    yield widget
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


def group_id(demo: DemoOrg, name: str) -> str:
    with demo.state.db.transaction() as conn:
        groups = GroupStore(conn, demo.state.orgs[0]).groups()
    return next(group.group_id for group in groups if group.name == name)


def test_a_group_is_offered_and_mentioned(qtbot: QtBot, composer: Composer, demo: DemoOrg) -> None:
    crew = group_id(demo, "Release Crew")
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "Ping @Rele")
    popup = composer.completer.popup()
    qtbot.wait_until(
        lambda: popup.isVisible() and popup.model().index(0, 0).data() == "Release Crew", timeout=WAIT
    )
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert composer.text == "Ping @Release Crew "
    assert composer.mentions == {"Release Crew": crew}
    qtbot.keyClicks(composer.editor, "about the release")
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    mentions = [s for s in posted.args[0].body_segments if s.type == SegmentType.MENTION]
    assert [m.text for m in mentions] == ["@Release Crew"]


def test_a_private_group_of_others_is_not_offered(
    qtbot: QtBot, composer: Composer, demo: DemoOrg, api_service: ApiService
) -> None:
    composer.editor.setFocus()
    searches = demo.counters["chatter"]
    qtbot.keyClicks(composer.editor, "@Sales Lead")
    qtbot.wait_until(lambda: demo.counters["chatter"] >= searches + 2 and not api_service.busy, timeout=WAIT)
    popup = composer.completer.popup()
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert "Sales Leadership" not in shown
