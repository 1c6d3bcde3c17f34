"""Groups against the demo org: my groups listed and filtered, a group opened, joined, left, asked to join."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.groups import GroupStore
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.people.groupheader import GroupHeader
from desktop_app.ui.people.groupspanel import ALL_GROUPS, GroupsPanel
from desktop_app.ui.shared.photos import PhotoLoader
from tests.ui.people.conftest import settle
from tests.ui.windowing import shoot

TIMEOUT = 10_000


@pytest.fixture
def panel(qtbot: QtBot, api_service: ApiService, photos: PhotoLoader) -> Iterator[GroupsPanel]:
    widget = GroupsPanel(api_service, photos)
    qtbot.addWidget(widget)
    widget.resize(360, 420)
    widget.show()
    yield widget
    qtbot.wait_until(lambda: not api_service.busy, timeout=TIMEOUT)


@pytest.fixture
def header(qtbot: QtBot, api_service: ApiService, photos: PhotoLoader) -> Iterator[GroupHeader]:
    widget = GroupHeader(api_service, photos)
    qtbot.addWidget(widget)
    widget.resize(640, 240)
    widget.show()
    yield widget
    qtbot.wait_until(lambda: not api_service.busy, timeout=TIMEOUT)


def stored_groups(demo: DemoOrg, user_id: str | None = None) -> dict[str, str]:
    """Group names to ids as the demo org stores them (of one member, or all)."""
    org = demo.state.orgs[0]
    with demo.state.db.transaction() as conn:
        store = GroupStore(conn, org)
        found = store.groups_of(user_id) if user_id else store.groups()
    return {group.name: group.group_id for group in found}


def member_ids(demo: DemoOrg, group_id: str) -> set[str]:
    with demo.state.db.transaction() as conn:
        return {m.user_id for m in GroupStore(conn, demo.state.orgs[0]).members(group_id)}


def test_my_groups_are_listed_filtered_and_opened(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, panel: GroupsPanel, api_service: ApiService
) -> None:
    panel.set_account(demo_account.key)
    assert panel.status.busy.isVisible()
    mine = stored_groups(demo, demo_account.user_id)
    qtbot.wait_until(lambda: panel.list.rows.rowCount() == len(mine) > 0, timeout=TIMEOUT)
    assert sorted(panel.list.shown_names()) == sorted(mine)
    assert not panel.status.isVisible()
    first = panel.list.filtered.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    assert "member" in first  # the line under the name: visibility and members

    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.filter.hasFocus()
    panel.filter.setText("desi")
    assert panel.list.shown_names() == ["Design Guild"]
    settle(qtbot, api_service)
    shoot(panel, "people-groups-panel-filtered")
    with qtbot.wait_signal(panel.open_group, timeout=TIMEOUT) as opened:
        qtbot.keyClick(panel.filter, Qt.Key.Key_Return)
    assert opened.args == [mine["Design Guild"], "Design Guild"]

    panel.filter.setText("nothing like this")
    assert panel.list.shown_names() == []
    assert panel.status.label.text() == "No group matches the filter."
    panel.filter.clear()
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)
    assert panel.list.hasFocus()
    index = panel.list.currentIndex()
    with qtbot.wait_signal(panel.open_group, timeout=TIMEOUT) as opened:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert opened.args[1] == index.data(Qt.ItemDataRole.UserRole + 2)
    settle(qtbot, api_service)
    shoot(panel, "people-groups-panel")


def test_all_groups_are_searched_on_the_server(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, panel: GroupsPanel
) -> None:
    panel.set_account(demo_account.key)
    with qtbot.wait_signal(panel.scope_changed, timeout=TIMEOUT) as changed:
        panel.scope.setCurrentIndex(ALL_GROUPS)
    assert changed.args == [ALL_GROUPS]
    everyone = stored_groups(demo)
    qtbot.wait_until(lambda: panel.list.rows.rowCount() == len(everyone), timeout=TIMEOUT)
    panel.filter.setText("sales")
    qtbot.wait_until(lambda: panel.list.rows.rowCount() == 1, timeout=TIMEOUT)
    assert panel.list.shown_names() == ["Sales Leadership"]
    row = panel.list.filtered.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    assert "Private group" in row
    assert "you are a member" not in row


def test_a_public_group_is_joined_then_left(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, header: GroupHeader, api_service: ApiService
) -> None:
    cafe = stored_groups(demo)["Café Chatter"]
    before = len(member_ids(demo, cafe))
    header.set_group(demo_account.key, cafe, "Café Chatter")
    assert header.name.text() == "Café Chatter"
    qtbot.wait_until(lambda: header.group is not None, timeout=TIMEOUT)
    assert header.action_button.text() == "&Join group"
    assert f"{before} members" in header.facts.text()
    assert header.description.text().startswith("Fika, lunch plans")
    settle(qtbot, api_service)
    shoot(header, "people-group-header-public")

    with qtbot.wait_signal(header.membership_changed, timeout=TIMEOUT):
        header.action_button.click()
        assert not header.action_button.isEnabled()
        assert header.writing
    qtbot.wait_until(lambda: header.group is not None and header.group.is_member, timeout=TIMEOUT)
    assert demo_account.user_id in member_ids(demo, cafe)
    assert f"{before + 1} members" in header.facts.text()
    assert header.action_button.text() == "&Leave group"
    assert header.action_button.isEnabled()

    with qtbot.wait_signal(header.membership_changed, timeout=TIMEOUT):
        header.action_button.click()
    qtbot.wait_until(lambda: header.group is not None and not header.group.is_member, timeout=TIMEOUT)
    assert demo_account.user_id not in member_ids(demo, cafe)
    assert f"{before} members" in header.facts.text()


def test_a_private_group_takes_a_request(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, header: GroupHeader, api_service: ApiService
) -> None:
    sales = stored_groups(demo)["Sales Leadership"]
    header.set_group(demo_account.key, sales, "Sales Leadership")
    qtbot.wait_until(lambda: header.group is not None, timeout=TIMEOUT)
    assert header.action_button.text() == "&Ask to join"
    assert "private" in header.membership_note.text()
    # Outsiders of a private group do not see its information.
    assert not header.information.isVisible()
    settle(qtbot, api_service)
    shoot(header, "people-group-header-private")

    with qtbot.wait_signal(header.membership_changed, timeout=TIMEOUT):
        header.action_button.click()
    qtbot.wait_until(lambda: header.group is not None and header.group.has_requested, timeout=TIMEOUT)
    assert header.action_button.text() == "Request sent"
    assert not header.action_button.isEnabled()
    assert demo_account.user_id not in member_ids(demo, sales)
    settle(qtbot, api_service)
    shoot(header, "people-group-header-requested")


def test_members_are_listed_and_open_a_person(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, header: GroupHeader, api_service: ApiService
) -> None:
    crew = stored_groups(demo)["Release Crew"]
    header.set_group(demo_account.key, crew, "Release Crew")
    qtbot.wait_until(lambda: header.group is not None, timeout=TIMEOUT)
    assert header.information_title.text() == "How we release"
    header.members_button.click()
    dialog = header.members_dialog
    assert dialog is not None
    qtbot.wait_until(lambda: dialog.list.rows.rowCount() == len(member_ids(demo, crew)), timeout=TIMEOUT)
    names = dialog.list.shown_names()
    assert dialog.windowTitle() == f"Members of Release Crew ({len(names)})"
    assert names[0] == demo_account.display_name  # the owner comes first
    assert "Owner" in dialog.list.filtered.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    qtbot.wait_until(lambda: not dialog.status.isVisible(), timeout=TIMEOUT)
    settle(qtbot, api_service)
    shoot(dialog, "people-group-members")
    dialog.filter.setText(names[1][:3])
    with qtbot.wait_signal(header.open_person, timeout=TIMEOUT) as opened:
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert opened.args[1] == names[1]
    assert not dialog.isVisible()


def test_an_unknown_group_says_so(qtbot: QtBot, demo_account: Account, header: GroupHeader) -> None:
    header.set_group(demo_account.key, "0F9000000000000AAA", "Gone")
    qtbot.wait_until(lambda: header.status.is_error, timeout=TIMEOUT)
    assert header.status.label.text() == "This item no longer exists. It may have been deleted."
    assert not header.action_button.isVisible()
    assert header.status.retry_button.isVisible()


def test_server_text_is_plain(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, header: GroupHeader
) -> None:
    guild = stored_groups(demo)["Design Guild"]
    header.set_group(demo_account.key, guild, "Design Guild")
    qtbot.wait_until(lambda: header.group is not None, timeout=TIMEOUT)
    assert header.description.text() == "Design reviews and critiques. <Members only> & friends."
    for label in header.findChildren(QLabel):
        if label.accessibleName() in ("Group name", "Description", "Information", "About the group"):
            assert label.textFormat() == Qt.TextFormat.PlainText


def test_an_unreachable_org_is_said_plainly_and_retried(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, panel: GroupsPanel
) -> None:
    demo.set_down(True)
    try:
        panel.set_account(demo_account.key)
        qtbot.wait_until(lambda: panel.status.is_error, timeout=TIMEOUT)
        assert panel.status.label.text().startswith("Can't reach 127.0.0.1:")
        assert panel.status.retry_button.isVisible()
        assert panel.list.rows.rowCount() == 0
        shoot(panel, "people-groups-panel-error")
    finally:
        demo.set_down(False)
    panel.status.retry_button.click()
    qtbot.wait_until(lambda: panel.list.rows.rowCount() > 0, timeout=TIMEOUT)
    assert not panel.status.isVisible()


def test_a_failed_join_says_why_and_can_be_tried_again(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, header: GroupHeader
) -> None:
    escalations = stored_groups(demo)["Support Escalations"]
    header.set_group(demo_account.key, escalations, "Support Escalations")
    qtbot.wait_until(lambda: header.group is not None, timeout=TIMEOUT)
    demo.set_down(True)
    try:
        header.action_button.click()
        qtbot.wait_until(lambda: header.status.is_error, timeout=TIMEOUT)
    finally:
        demo.set_down(False)
    assert header.status.label.text().startswith("Can't reach 127.0.0.1:")
    assert header.action_button.text() == "&Join group"
    assert header.action_button.isEnabled()
    assert demo_account.user_id not in member_ids(demo, escalations)
    with qtbot.wait_signal(header.membership_changed, timeout=TIMEOUT):
        header.action_button.click()
    qtbot.wait_until(lambda: header.group is not None and header.group.is_member, timeout=TIMEOUT)
    assert not header.status.isVisible()


def test_a_remembered_scope_is_shown_without_announcing_it(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, panel: GroupsPanel
) -> None:
    announced: list[int] = []
    panel.scope_changed.connect(announced.append)
    panel.set_scope(ALL_GROUPS)
    panel.set_account(demo_account.key)
    qtbot.wait_until(lambda: panel.list.rows.rowCount() == len(stored_groups(demo)), timeout=TIMEOUT)
    assert panel.scope.currentText() == "All groups"
    assert announced == []
