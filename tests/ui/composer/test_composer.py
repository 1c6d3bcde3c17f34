"""Composer: posting, keeping text on failure, @mentions from the feed and from search, drafts per account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.accounts.client import AccountClient
from desktop_app.api.credentials import CredentialsPool
from desktop_app.api.errors import RateLimited
from desktop_app.api.models import FeedItem, SegmentType, UserSummary
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.composer.composer import MAX_CHARS, Composer
from desktop_app.ui.feed.feedmodel import FeedModel
from tests.demo_accounts import signed_in_account

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


def test_the_post_button_follows_the_text(composer: Composer) -> None:
    assert composer.editor.placeholderText() == "Share an update…"
    assert not composer._button.isEnabled()
    composer.set_text("   ")
    assert not composer._button.isEnabled()
    composer.set_text("Hello")
    assert composer._button.isEnabled()
    assert composer._count.text() == "5 / 10,000"
    composer.set_text("x" * (MAX_CHARS + 1))
    assert not composer._button.isEnabled()
    assert "1 characters too long" in composer._error.text()
    composer.set_account(None)
    assert not composer.editor.isEnabled()


def test_ctrl_enter_posts_and_clears(qtbot: QtBot, composer: Composer, demo_account: Account) -> None:
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "Release notes are out")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.editor, "see #release")
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert composer.sending
        assert composer._button.text() == "Posting…"
        assert not composer._button.isEnabled()
        assert composer._busy.isVisible()
    item = posted.args[0]
    assert isinstance(item, FeedItem)
    assert item.body_text == "Release notes are out\nsee #release"
    assert item.actor.id == demo_account.user_id
    assert any(segment.type == SegmentType.HASHTAG for segment in item.body_segments)
    assert composer.text == ""
    assert composer.error_text == ""
    assert not composer._busy.isVisible()


def test_mention_picked_from_feed_authors(qtbot: QtBot, composer: Composer, demo: DemoOrg) -> None:
    dana = next(user for user in demo.users if user.display_name == "Dana Kowalski")
    model = FeedModel()
    actor = UserSummary(id=dana.user_id, display_name=dana.display_name, type="User")
    model.append_page([FeedItem(id="0D5000000000001", type="TextPost", actor=actor, body_text="hi")])
    composer.set_feed_model(model)
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "Thanks @Da")
    popup = composer.completer.popup()
    qtbot.wait_until(popup.isVisible, timeout=WAIT)
    assert popup.model().index(0, 0).data() == "Dana Kowalski"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert composer.text == "Thanks @Dana Kowalski "
    assert not popup.isVisible()
    qtbot.keyClicks(composer.editor, "for the help")
    assert composer.mentions == {"Dana Kowalski": dana.user_id}
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    mentions = [s for s in posted.args[0].body_segments if s.type == SegmentType.MENTION]
    assert [(m.text, m.user_id) for m in mentions] == [("@Dana Kowalski", dana.user_id)]


def test_mention_found_by_searching_people(
    qtbot: QtBot, composer: Composer, demo: DemoOrg, api_service: ApiService
) -> None:
    jose = next(user for user in demo.users if user.display_name == "José Núñez")
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "@Jos")
    popup = composer.completer.popup()
    qtbot.wait_until(popup.isVisible, timeout=WAIT)
    assert popup.model().index(0, 0).data() == "José Núñez"
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    assert composer.text == "@José Núñez "
    assert composer.mentions == {"José Núñez": jose.user_id}
    qtbot.keyClicks(composer.editor, "mail me")
    assert not popup.isVisible()
    searches = demo.counters["chatter"]
    qtbot.keyClicks(composer.editor, " @Nobody Here")
    qtbot.wait_until(lambda: demo.counters["chatter"] > searches and not api_service.busy, timeout=WAIT)
    assert not popup.isVisible()
    assert composer.mentions == {"José Núñez": jose.user_id}


def test_escape_dismisses_suggestions_and_keeps_the_text(qtbot: QtBot, composer: Composer) -> None:
    model = FeedModel()
    model.append_page(
        [
            FeedItem(
                id="0D5x",
                type="TextPost",
                actor=UserSummary(id="005z", display_name="Zoë Ångström"),
                body_text="",
            )
        ]
    )
    composer.set_feed_model(model)
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "hi @Z")
    popup = composer.completer.popup()
    qtbot.wait_until(popup.isVisible, timeout=WAIT)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert composer.text == "hi @Z"
    assert composer.mentions == {}


def test_drafts_are_kept_per_account(qtbot: QtBot, composer: Composer, demo_account: Account) -> None:
    composer.set_text("Half-written thought")
    composer.set_account("00Dother/005other")
    assert composer.text == ""
    composer.set_text("For the other org")
    composer.set_account(demo_account.key)
    assert composer.text == "Half-written thought"
    composer.set_account(demo_account.key)
    assert composer.text == "Half-written thought"
    composer.set_account("00Dother/005other")
    assert composer.text == "For the other org"


@pytest.fixture
def limited(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[ApiService, Account]]:
    """An ApiService signed in to a demo org whose hourly Chatter limit is one request."""
    with DemoOrg(chatter_limit=1) as demo:
        secrets = MemorySecretStore()
        account = signed_in_account(demo, demo.users[0], secrets)
        pool = CredentialsPool(secrets, demo.client_id)
        photos = PhotoCache(tmp_path / "photos")
        service = ApiService(lambda _key: AccountClient(account, pool.get(account), photos))
        yield service, account
        qtbot.wait_until(lambda: not service.busy, timeout=WAIT)
        service.shutdown()
        pool.close()


def test_a_failed_post_keeps_its_text_and_says_why(qtbot: QtBot, limited: tuple[ApiService, Account]) -> None:
    service, account = limited
    composer = Composer(service)
    qtbot.addWidget(composer)
    composer.show()
    composer.set_account(account.key)
    composer.set_text("First post of the hour")
    with qtbot.wait_signal(composer.posted, timeout=WAIT):
        composer.submit()
    composer.set_text("Second post: the limit is reached")
    with qtbot.wait_signal(composer.error, timeout=WAIT) as failed:
        composer.submit()
    assert isinstance(failed.args[0], RateLimited)
    assert composer.text == "Second post: the limit is reached"
    assert composer.error_text.startswith("Your post wasn't sent.")
    assert failed.args[0].user_message in composer.error_text
    assert composer._error.text() == composer.error_text
    assert composer._button.isEnabled()
    assert composer._button.text() == "Post"
    assert not composer.editor.isReadOnly()
