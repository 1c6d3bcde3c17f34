"""People against the demo org: search, open a person, follow and unfollow with the counts following."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.follows import FollowStore
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.people.peoplesearch import PeopleSearch
from desktop_app.ui.people.personheader import PersonHeader
from desktop_app.ui.shared.photos import PhotoLoader
from tests.ui.people.conftest import TIMEOUT, settle
from tests.ui.windowing import shoot


@pytest.fixture
def search(qtbot: QtBot, api_service: ApiService, photos: PhotoLoader) -> Iterator[PeopleSearch]:
    widget = PeopleSearch(api_service, photos)
    qtbot.addWidget(widget)
    widget.resize(360, 360)
    widget.show()
    yield widget
    settle(qtbot, api_service)


@pytest.fixture
def header(qtbot: QtBot, api_service: ApiService, photos: PhotoLoader) -> Iterator[PersonHeader]:
    widget = PersonHeader(api_service, photos)
    qtbot.addWidget(widget)
    widget.resize(640, 300)
    widget.show()
    yield widget
    settle(qtbot, api_service)


def followers_of(demo: DemoOrg, user_id: str) -> int:
    with demo.state.db.transaction() as conn:
        return FollowStore(conn, demo.state.orgs[0]).followers(user_id)


@pytest.fixture
def views(
    search: PeopleSearch, header: PersonHeader, api_service: ApiService
) -> tuple[PeopleSearch, PersonHeader, ApiService]:
    """Search and a person's header side by side, as the app shows them."""
    return search, header, api_service


def test_search_open_follow_and_unfollow(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, views: tuple[PeopleSearch, PersonHeader, ApiService]
) -> None:
    search, header, api_service = views
    jose = next(user for user in demo.users if user.username.startswith("jose@"))
    search.set_account(demo_account.key)
    search.search_box.setText("n")
    search.search()
    assert search.status.label.text() == "Type at least two letters of a name."
    search.search_box.setText("nú")  # typed on: the search waits for a pause, then runs
    qtbot.wait_until(lambda: search.searched == "nú", timeout=TIMEOUT)
    assert search.list.shown_names() == ["José Núñez"]
    assert "Account Executive" in search.list.filtered.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    settle(qtbot, api_service)
    shoot(search, "people-search")

    search.open_person.connect(
        lambda user_id, name: header.set_person(demo_account.key, demo_account.user_id, user_id, name)
    )
    with qtbot.wait_signal(search.open_person, timeout=TIMEOUT) as opened:
        qtbot.keyClick(search.search_box, Qt.Key.Key_Return)
    assert opened.args == [jose.user_id, "José Núñez"]
    assert header.name.text() == "José Núñez"  # shown at once, while the rest loads
    qtbot.wait_until(lambda: header.person is not None, timeout=TIMEOUT)
    before = followers_of(demo, jose.user_id)
    assert header.followers.value.text() == str(before)
    assert header.title.text() == "Account Executive"
    assert header.about.text() == "Account Executive in Sevilla. Ask me about <anything> & everything."
    assert header.follow_button.text() == "&Unfollow"  # everyone follows everyone at first
    settle(qtbot, api_service)
    shoot(header, "people-person-header")

    with qtbot.wait_signal(header.following_changed, timeout=TIMEOUT) as changed:
        header.follow_button.click()
        assert not header.follow_button.isEnabled()
    assert changed.args == [jose.user_id, False]
    qtbot.wait_until(lambda: header.follow_button.text() == "&Follow", timeout=TIMEOUT)
    assert followers_of(demo, jose.user_id) == before - 1
    assert header.followers.value.text() == str(before - 1)
    assert header.follow_button.isEnabled()
    settle(qtbot, api_service)
    shoot(header, "people-person-header-unfollowed")

    with qtbot.wait_signal(header.following_changed, timeout=TIMEOUT) as changed:
        header.follow_button.click()
    assert changed.args == [jose.user_id, True]
    qtbot.wait_until(lambda: header.follow_button.text() == "&Unfollow", timeout=TIMEOUT)
    assert header.followers.value.text() == str(before)


def test_nobody_found_says_so(qtbot: QtBot, demo_account: Account, search: PeopleSearch) -> None:
    search.set_account(demo_account.key)
    search.search_box.setText("Quetzalcoatl")
    qtbot.wait_until(lambda: search.searched == "Quetzalcoatl", timeout=TIMEOUT)
    assert search.list.shown_names() == []
    assert search.status.label.text() == "Nobody is called \u201cQuetzalcoatl\u201d."


def test_no_follow_button_for_oneself(qtbot: QtBot, demo_account: Account, header: PersonHeader) -> None:
    header.set_person(demo_account.key, demo_account.user_id, demo_account.user_id, demo_account.display_name)
    qtbot.wait_until(lambda: header.person is not None, timeout=TIMEOUT)
    assert not header.follow_button.isVisible()
    # Only the person themselves sees their own phone number.
    assert header.phone.text().startswith("+1 555")


def test_an_unknown_person_says_so(qtbot: QtBot, demo_account: Account, header: PersonHeader) -> None:
    header.set_person(demo_account.key, demo_account.user_id, "005000000000000AAA", "Nobody")
    qtbot.wait_until(lambda: header.status.is_error, timeout=TIMEOUT)
    assert header.status.label.text() == "This item no longer exists. It may have been deleted."
    assert not header.follow_button.isVisible()
