"""Profile panel: the demo user's profile, loading and error states, account switches and the photo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.api.errors import SessionExpired
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.shared.photos import PhotoLoader
from desktop_app.ui.window.profilepanel import PHOTO_SIZE, ProfilePanel
from tests.demo_accounts import signed_in_account


@pytest.fixture
def photos(api_service: ApiService) -> PhotoLoader:
    return PhotoLoader(api_service)


@pytest.fixture
def panel(qtbot: QtBot, api_service: ApiService, photos: PhotoLoader) -> Iterator[ProfilePanel]:
    widget = ProfilePanel(api_service, photos)
    qtbot.addWidget(widget)
    widget.resize(640, 560)
    widget.show()
    yield widget
    qtbot.wait_until(lambda: not api_service.busy, timeout=10_000)


def wait_ready(qtbot: QtBot, panel: ProfilePanel) -> None:
    qtbot.wait_until(lambda: panel.state == ProfilePanel.READY, timeout=10_000)


def test_shows_the_demo_users_profile(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, panel: ProfilePanel
) -> None:
    panel.set_account(demo_account)
    assert panel.state == ProfilePanel.LOADING
    assert demo_account.title in panel.loading_label.text()
    wait_ready(qtbot, panel)

    user = demo.users[0]
    org_people = sum(1 for u in demo.users if u.org_id == user.org_id)
    assert panel.name.text() == user.display_name == "Zoë Ångström"
    assert panel.title.text() == "VP Engineering"
    assert panel.company.text() == "Acme Demo"
    assert panel.email.text() == "zoe@example.com"
    assert panel.username.text() == user.username
    assert panel.followers.value.text() == str(org_people - 1)
    assert panel.following.value.text() == str(org_people + 1)
    assert panel.groups.value.text() == "2"
    assert panel.org_name.text() == "Acme Demo"
    assert panel.instance.text() == demo_account.instance_url.removeprefix("http://")
    assert panel.api_version.text() == "66.0"
    # Server text is plain text: the markup-looking part of About Me is shown as typed.
    assert panel.about.text() == "VP Engineering in Stockholm. Ask me about <anything> & everything."
    assert panel.refresh_button.isEnabled()


def test_every_value_is_plain_selectable_text_with_a_name(
    qtbot: QtBot, demo_account: Account, panel: ProfilePanel
) -> None:
    panel.set_account(demo_account)
    wait_ready(qtbot, panel)
    values = [
        panel.name, panel.title, panel.company, panel.email, panel.username, panel.org_name,
        panel.instance, panel.api_version, panel.about, panel.followers.value, panel.error_label,
    ]  # fmt: skip
    for label in values:
        assert isinstance(label, QLabel)
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
        assert label.accessibleName()


def test_the_photo_replaces_the_initials_when_it_arrives(
    qtbot: QtBot, demo_account: Account, panel: ProfilePanel, photos: PhotoLoader
) -> None:
    panel.set_account(demo_account)
    wait_ready(qtbot, panel)
    detail = panel.detail
    assert detail is not None
    assert detail.photo is not None
    assert detail.photo.large_url
    url = detail.photo.large_url
    qtbot.wait_until(lambda: photos.pixmap(demo_account.key, url, PHOTO_SIZE) is not None, timeout=10_000)
    loaded = photos.pixmap(demo_account.key, url, PHOTO_SIZE)
    assert loaded is not None
    qtbot.wait_until(lambda: panel.photo.pixmap().cacheKey() == loaded.cacheKey(), timeout=5_000)


def test_an_error_shows_retry_and_retry_loads_the_profile(
    qtbot: QtBot, demo: DemoOrg, demo_account: Account, secrets: MemorySecretStore, panel: ProfilePanel
) -> None:
    secrets.set(demo_account.key, Tokens("not-a-live-access-token", "not-a-live-refresh-token"))
    with qtbot.wait_signal(panel.error, timeout=10_000) as blocker:
        panel.set_account(demo_account)
    error = blocker.args[0]
    assert isinstance(error, SessionExpired)
    assert panel.state == ProfilePanel.FAILED
    assert panel.error_label.text() == error.user_message
    assert panel.retry_button.isVisible()

    grant = demo.grant(demo.users[0].username)
    secrets.set(demo_account.key, Tokens(grant["access_token"], grant["refresh_token"]))
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, panel)
    assert panel.name.text() == demo.users[0].display_name


def test_switching_accounts_drops_the_previous_answer(
    qtbot: QtBot, demo_account: Account, account_book: Any, api_service: ApiService, panel: ProfilePanel
) -> None:
    demo = account_book.demo
    sandbox_user = next(u for u in demo.users if u.org_id == demo.orgs[1].org_id)
    other = signed_in_account(demo, sandbox_user, account_book.secrets)
    account_book.add(other)
    panel.set_account(demo_account)
    panel.set_account(other)
    wait_ready(qtbot, panel)
    assert panel.detail is not None
    assert panel.detail.id == sandbox_user.user_id
    assert panel.org_name.text() == demo.orgs[1].name
    qtbot.wait_until(lambda: not api_service.busy, timeout=10_000)
    assert panel.name.text() == sandbox_user.display_name

    panel.set_account(None)
    assert panel.state == ProfilePanel.EMPTY
    assert panel.account is None


def test_refresh_loads_again(qtbot: QtBot, demo_account: Account, panel: ProfilePanel) -> None:
    panel.set_account(demo_account)
    wait_ready(qtbot, panel)
    first = panel.detail
    panel.refresh_button.click()
    assert panel.state == ProfilePanel.LOADING
    wait_ready(qtbot, panel)
    assert panel.detail == first
