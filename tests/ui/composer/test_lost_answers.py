"""Posting to a flaky org: a post whose answer is lost is looked for, never sent twice, and the text stays
until the post is found in the org."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.accounts.client import AccountClient
from desktop_app.api.credentials import CredentialsPool
from desktop_app.api.models import FeedItem, FeedPage
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.feed.writecheck import Phase
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.composer.composer import Composer
from tests.demo_accounts import signed_in_account
from tests.ui.conftest import AccountBook
from tests.ui.windowing import shoot

WAIT = 10_000


def posts_with(client: AccountClient, account: Account, text: str) -> int:
    """How many of the newest posts in the org are this person's with this text (read through the API)."""
    page = client.news_feed(None, 50)
    return sum(1 for item in page.items if item.actor.id == account.user_id and item.body_text == text)


@pytest.fixture
def reader(account_book: AccountBook, demo_account: Account) -> Iterator[AccountClient]:
    """A client of the test's own for counting what the org stored."""
    client = account_book.client(demo_account.key)
    yield client
    client.close()


def open_composer(qtbot: QtBot, service: ApiService, key: str) -> Composer:
    widget = Composer(service)
    qtbot.addWidget(widget)
    widget.resize(560, 170)
    widget.show()
    widget.set_account(key)
    return widget


@pytest.fixture
def composer(
    qtbot: QtBot, api_service: ApiService, demo_account: Account, demo: DemoOrg
) -> Iterator[Composer]:
    widget = open_composer(qtbot, api_service, demo_account.key)
    phases: list[Phase] = []
    widget.phase_changed.connect(phases.append)
    widget.phases = phases  # type: ignore[attr-defined]
    yield widget
    demo.set_faults()
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


@pytest.mark.parametrize("kind", ["drop-after-write", "truncated", "unreadable"])
def test_a_stored_post_whose_answer_was_lost_is_found_not_sent_again(
    qtbot: QtBot,
    composer: Composer,
    demo: DemoOrg,
    *,
    demo_account: Account,
    reader: AccountClient,
    kind: str,
) -> None:
    text = f"Quarterly numbers are in ({kind})"
    composer.set_text(text)
    demo.set_faults([kind])
    faults = demo.counters[f"fault {kind}"]
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    assert demo.counters[f"fault {kind}"] == faults + 1
    assert composer.phases == [Phase.SENDING, Phase.CHECKING, Phase.STORED]  # type: ignore[attr-defined]
    item = posted.args[0]
    assert isinstance(item, FeedItem)
    assert item.body_text == text
    assert composer.text == ""
    assert composer.error_text == ""
    assert composer.notice_text.startswith("Posted: your post reached 127.0.0.1:")
    assert composer._button.text() == "Post"
    assert posts_with(reader, demo_account, text) == 1


def test_a_post_the_org_did_not_store_is_not_posted_and_retry_sends_it_once(
    qtbot: QtBot, composer: Composer, demo: DemoOrg, demo_account: Account, reader: AccountClient
) -> None:
    text = "Offsite agenda draft, comments welcome"
    composer.set_text(text)
    demo.set_faults(["500"])
    composer.submit()
    qtbot.wait_until(lambda: composer.phase is Phase.NOT_STORED, timeout=WAIT)
    assert composer.phases == [Phase.SENDING, Phase.CHECKING, Phase.NOT_STORED]  # type: ignore[attr-defined]
    assert composer.text == text
    assert composer.error_text.startswith("Not posted: 127.0.0.1:")
    assert "doesn't have your post" in composer.error_text
    assert composer.error_text.endswith("Your text is kept; Retry sends it once.")
    assert composer._button.text() == "Retry"
    assert composer._button.isEnabled()
    assert posts_with(reader, demo_account, text) == 0
    shoot(composer, "composer-not-posted")
    demo.set_faults()
    with qtbot.wait_signal(composer.posted, timeout=WAIT):
        qtbot.mouseClick(composer._button, Qt.MouseButton.LeftButton)
    assert composer.text == ""
    assert composer.notice_text == ""
    assert composer._button.text() == "Post"
    assert posts_with(reader, demo_account, text) == 1


def test_a_rate_limited_post_is_known_not_stored_and_not_checked(
    qtbot: QtBot, composer: Composer, demo: DemoOrg
) -> None:
    composer.set_text("Hourly limit reached")
    demo.set_faults(["503"])
    with qtbot.wait_signal(composer.error, timeout=WAIT):
        composer.submit()
    assert composer.phases == [Phase.SENDING, Phase.FAILED]  # type: ignore[attr-defined]
    assert composer.error_text.startswith("Your post wasn't sent. The hourly Chatter limit")
    assert composer._button.text() == "Post"
    assert composer.text == "Hourly limit reached"


class GatedClient(AccountClient):
    """The account's client whose feed reads wait for the test to open the gate (to hold a check)."""

    gate = threading.Event()

    def news_feed(self, page_url: str | None = None, page_size: int = 25) -> FeedPage:
        """The feed page, once the gate is open."""
        self.gate.wait(WAIT / 1000)
        return super().news_feed(page_url, page_size)

    def feed_page(
        self, feed_path: str, page_url: str | None = None, page_size: int = 25, query: str = ""
    ) -> FeedPage:
        """A page of any feed (what the check reads), once the gate is open."""
        self.gate.wait(WAIT / 1000)
        return super().feed_page(feed_path, page_url, page_size, query)


@pytest.fixture
def gated(qtbot: QtBot, account_book: AccountBook, demo: DemoOrg) -> Iterator[ApiService]:
    """An ApiService whose checks for a lost post wait at the gate."""
    GatedClient.gate.clear()
    account = next(iter(account_book.accounts.values()))
    service = ApiService(
        lambda key: GatedClient(account, account_book.pool.get(account), account_book.photos)
    )
    yield service
    GatedClient.gate.set()
    demo.set_faults()
    qtbot.wait_until(lambda: not service.busy, timeout=WAIT)
    service.shutdown()


def test_while_checking_the_same_text_cannot_be_sent_again(
    qtbot: QtBot, gated: ApiService, demo: DemoOrg, demo_account: Account, reader: AccountClient
) -> None:
    composer = open_composer(qtbot, gated, demo_account.key)
    composer.org_name_of = lambda key: "Acme Demo"
    text = "Release 4.2 is out: see the notes #release"
    composer.set_text(text)
    demo.set_faults(["drop-after-write"])
    composer.submit()
    qtbot.wait_until(lambda: composer.checking, timeout=WAIT)
    assert composer.notice_text == "Checking whether your post reached Acme Demo…"
    assert composer._error.text() == composer.notice_text
    assert composer._button.text() == "Checking…"
    assert not composer._button.isEnabled()
    assert "can't be sent again" in composer._button.toolTip()
    assert composer.editor.isReadOnly()
    assert composer._busy.isVisible()
    composer.submit()
    composer.editor.setFocus()
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert composer.checking
    shoot(composer, "composer-checking")
    demo.set_faults()
    with qtbot.wait_signal(composer.posted, timeout=WAIT):
        GatedClient.gate.set()
    assert composer.notice_text == "Posted: your post reached Acme Demo; only the answer to it was lost."
    shoot(composer, "composer-posted-after-check")
    assert posts_with(reader, demo_account, text) == 1
    composer.set_text("Next")
    assert composer.notice_text == ""


@pytest.fixture
def limited(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[DemoOrg, ApiService, Account, AccountClient]]:
    """A demo org dropping answers to writes, whose hourly Chatter limit lets one request through."""
    with DemoOrg(chatter_limit=1, faults=["drop-after-write"]) as demo:
        secrets = MemorySecretStore()
        account = signed_in_account(demo, demo.users[0], secrets)
        pool = CredentialsPool(secrets, demo.client_id)
        photos = PhotoCache(tmp_path / "photos")
        service = ApiService(lambda _key: AccountClient(account, pool.get(account), photos))
        reader = AccountClient(account, pool.get(account), photos)
        yield demo, service, account, reader
        qtbot.wait_until(lambda: not service.busy, timeout=WAIT)
        service.shutdown()
        reader.close()
        pool.close()


def test_a_failed_check_keeps_the_text_and_retry_checks_before_sending(
    qtbot: QtBot, limited: tuple[DemoOrg, ApiService, Account, AccountClient]
) -> None:
    demo, service, account, reader = limited
    composer = open_composer(qtbot, service, account.key)
    text = "Board meeting moved to Thursday"
    composer.set_text(text)
    composer.submit()
    qtbot.wait_until(lambda: composer.phase is Phase.UNKNOWN, timeout=WAIT)
    assert composer.text == text
    assert composer.error_text.startswith("Couldn't check whether your post reached 127.0.0.1:")
    assert "hourly Chatter limit" in composer.error_text
    assert composer.error_text.endswith("Retry checks again before sending anything.")
    assert composer._button.text() == "Retry"
    shoot(composer, "composer-check-failed")
    demo.config.chatter_limit = None  # the hour is over
    demo.set_faults()
    posts_before = demo.counters["chatter"]
    with qtbot.wait_signal(composer.posted, timeout=WAIT):
        qtbot.mouseClick(composer._button, Qt.MouseButton.LeftButton)
    assert demo.counters["chatter"] == posts_before + 1, "one read, no second post"
    assert composer.text == ""
    assert composer.notice_text.startswith("Posted: your post reached")
    assert posts_with(reader, account, text) == 1
