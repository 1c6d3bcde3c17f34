"""Votes, downloads and pictures from the feed: the app's own client against a scripted loopback server."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop_app.accounts.client import AccountClient
from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.errors import NotFound
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account, account_key
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.feed.feedlayout import PostLayout
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader
from tests.ui.windowing import shoot
from tests.unit.api import fixtures
from tests.unit.api.conftest import ScriptedServer, json_reply

WAIT = 10_000
TOKEN = "00D!AQaccess-token"
DATA = "/services/data/v66.0"
FEED_PATH = f"{DATA}/chatter/feeds/news/me/feed-elements"
POLL_PATH = f"{DATA}/chatter/feed-elements/0D54x00000PollAAAA/capabilities/poll"
PIZZA, SUSHI, SALAD = "09A4x0000008pZaEAI", "09A4x0000008pZbEAI", "09A4x0000008pZcEAI"
Q3_PATH = f"{DATA}/chatter/files/0694x00001Q3PdfAAA/content"
Q3_THUMBNAIL_PATH = f"{DATA}/chatter/files/0694x00001Q3PdfAAA/rendition"
DIAGRAM_PATH = f"{DATA}/sobjects/ContentVersion/0684x0001DiagrAAAA/VersionData"


def png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class LoopbackClient(AccountClient):
    """The app's account client, fetching pictures only from this machine (fixture photos name Salesforce)."""

    def photo(self, url: str) -> bytes:
        if urlsplit(self.resolve(url, content=True)).hostname != "127.0.0.1":
            raise NotFound(404, "NOT_FOUND", "not served in tests", url)
        return super().photo(url)


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def account(scripted: ScriptedServer) -> Account:
    org, user = "00D000000000001", "005000000000001"
    return Account(
        key=account_key(org, user),
        org_id=org,
        user_id=user,
        username="someone@example.com",
        display_name="Someone",
        org_name="Local",
        login_host="http://127.0.0.1:9",
        instance_url=scripted.url,
        id_url=f"http://127.0.0.1:9/id/{org}/{user}",
        flow="user_agent",
        api_version="66.0",
    )


@pytest.fixture
def service(account: Account, tmp_path: Path) -> Iterator[ApiService]:
    store = MemorySecretStore()
    store.set(account.key, Tokens(TOKEN, "5Aep861refresh"))
    credentials = AccountCredentials(account, store, "client")
    cache = PhotoCache(tmp_path / "photos")
    api = ApiService(lambda _key: LoopbackClient(account, credentials, cache))
    yield api
    api.shutdown()
    credentials.close()


@pytest.fixture
def feed(qtbot: QtBot, service: ApiService) -> Iterator[FeedView]:
    view = FeedView(service, PhotoLoader(service))
    qtbot.addWidget(view)
    view.resize(640, 480)
    view.show()
    yield view
    qtbot.wait_until(lambda: not service.busy, timeout=WAIT)


def show(qtbot: QtBot, feed: FeedView, scripted: ScriptedServer, account: Account, *names: str) -> None:
    scripted.answer(FEED_PATH, json_reply(fixtures.feed_page(*names)))
    feed.set_account(account.key, account.user_id)
    qtbot.wait_until(lambda: feed.model.item_count == len(names) and not feed.busy, timeout=WAIT)


def layout(feed: FeedView, row: int = 0) -> PostLayout:
    view = feed.list_view
    found = view.feed_delegate.layout_for(
        feed.model.index(row), view.viewport().width(), view.font(), view.palette()
    )
    assert found is not None
    return found


def click(qtbot: QtBot, feed: FeedView, target: Target, value: str = "", row: int = 0) -> None:
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    area = view.feed_delegate.target_rect(
        index, view.visualRect(index), target, view.font(), view.palette(), value=value
    )
    assert not area.isEmpty(), f"{target} {value} not shown"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


def poll_after_voting_for_sushi() -> dict[str, Any]:
    poll: dict[str, Any] = fixtures.element("poll")["capabilities"]["poll"]
    for choice in poll["choices"]:
        choice["voteCount"] += {SUSHI: 1, PIZZA: -1}.get(choice["id"], 0)
    poll["myChoiceId"] = SUSHI
    return poll


def test_voting_moves_the_vote_and_shows_the_new_counts(
    qtbot: QtBot, feed: FeedView, scripted: ScriptedServer, account: Account
) -> None:
    show(qtbot, feed, scripted, account, "poll")
    scripted.answer(POLL_PATH, json_reply(poll_after_voting_for_sushi()))
    scripted.hold.add(POLL_PATH)
    click(qtbot, feed, Target.VOTE, SUSHI)
    qtbot.wait_until(lambda: "Sending your vote…" in layout(feed).content_text(), timeout=WAIT)
    shoot(feed, "feed-poll-voting")
    click(qtbot, feed, Target.VOTE, SALAD)  # a second vote waits for the first
    with qtbot.wait_signal(feed.status, timeout=WAIT) as status:
        scripted.release.set()
    assert status.args == ["Vote counted."]
    (seen,) = scripted.requests_to(POLL_PATH)
    assert seen.method == "PATCH"
    assert json.loads(seen.body) == {"myChoiceId": SUSHI}
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    text = layout(feed).content_text()
    assert "Pizza\n2 votes\n✓ Sushi\n2 votes\nSalad\n0 votes\n4 votes · You voted for Sushi" in text
    item = feed.model.item_at(0)
    assert item is not None
    assert item.capabilities.poll is not None
    assert item.capabilities.poll.my_choice_id == SUSHI
    click(qtbot, feed, Target.VOTE, SUSHI)  # the vote is there already: nothing is sent
    assert len(scripted.requests_to(POLL_PATH)) == 1
    shoot(feed, "feed-poll-voted")


def test_a_refused_vote_is_said_on_the_post_and_changes_nothing(
    qtbot: QtBot, feed: FeedView, scripted: ScriptedServer, account: Account
) -> None:
    show(qtbot, feed, scripted, account, "poll")
    refused = [{"errorCode": "INSUFFICIENT_ACCESS", "message": "You can't vote in this poll."}]
    scripted.answer(POLL_PATH, json_reply(refused, status=403))
    with qtbot.wait_signal(feed.error, timeout=WAIT):
        click(qtbot, feed, Target.VOTE, SALAD)
    item = feed.model.item_at(0)
    assert item is not None
    qtbot.wait_until(lambda: "Your vote wasn't counted" in feed.model.state(item.id).note, timeout=WAIT)
    found = layout(feed)
    assert found.note is not None
    assert "✓ Pizza\n3 votes" in found.content_text()
    assert "4 votes · You voted for Pizza" in found.content_text()


@dataclass
class SaveDialog:
    """The save dialog's stand-in: it answers ``target`` and records what it was offered."""

    target: Path
    offered: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, _parent: object, title: str, suggested: str, *_args: object) -> tuple[str, str]:
        self.offered.append((title, suggested))
        return str(self.target), ""


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SaveDialog:
    dialog = SaveDialog(tmp_path / "saved" / "Q3 report.pdf")
    dialog.target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return dialog


def test_a_download_writes_exactly_the_bytes_served(
    qtbot: QtBot,
    feed: FeedView,
    scripted: ScriptedServer,
    account: Account,
    save_to: SaveDialog,
) -> None:
    served = os.urandom(300_000)
    scripted.answer(Q3_PATH, (200, {"Content-Type": "application/pdf"}, served))
    show(qtbot, feed, scripted, account, "file_post")
    with qtbot.wait_signal(feed.status, timeout=WAIT, check_params_cb=lambda text: text.startswith("Saved")):
        click(qtbot, feed, Target.DOWNLOAD, "0")
    ((title, suggested),) = save_to.offered
    assert title == "Save file"
    assert Path(suggested).name == "Q3.pdf"
    saved = save_to.target
    assert saved.read_bytes() == served
    assert sorted(path.name for path in saved.parent.iterdir()) == ["Q3 report.pdf"]
    (seen,) = scripted.requests_to(Q3_PATH)
    assert seen.query == "versionNumber=1"
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert all(TOKEN not in f"{request.path}?{request.query}" for request in scripted.seen)
    assert feed.list_view.feed_delegate.downloads is not None
    assert feed.list_view.feed_delegate.downloads(feed.model.item_at(0).id, "0") is None  # type: ignore[union-attr]


def test_a_download_can_be_stopped_and_leaves_nothing(
    qtbot: QtBot,
    feed: FeedView,
    scripted: ScriptedServer,
    account: Account,
    save_to: SaveDialog,
) -> None:
    scripted.answer(Q3_PATH, (200, {"Content-Type": "application/pdf"}, os.urandom(200_000)))
    scripted.hold.add(Q3_PATH)
    show(qtbot, feed, scripted, account, "file_post")
    item = feed.model.item_at(0)
    assert item is not None
    progress = feed.list_view.feed_delegate.downloads
    assert progress is not None
    click(qtbot, feed, Target.DOWNLOAD, "0")
    assert progress(item.id, "0") is not None
    qtbot.wait_until(lambda: bool(scripted.requests_to(Q3_PATH)), timeout=WAIT)
    shoot(feed, "feed-file-downloading")
    with qtbot.wait_signal(feed.status, timeout=WAIT) as stopping:
        click(qtbot, feed, Target.DOWNLOAD, "0")  # the same button now stops it
    assert stopping.args == ["Stopping the download…"]
    with qtbot.wait_signal(feed.status, timeout=WAIT) as stopped:
        scripted.release.set()
    assert stopped.args == ["Download stopped; nothing was saved."]
    assert progress(item.id, "0") is None
    assert list(save_to.target.parent.iterdir()) == []


def test_thumbnails_and_inline_images_come_with_the_token_through_the_photo_cache(
    qtbot: QtBot, feed: FeedView, scripted: ScriptedServer, account: Account, tmp_path: Path
) -> None:
    scripted.answer(Q3_THUMBNAIL_PATH, (200, {"Content-Type": "image/png"}, png(240, 180, "#c23934")))
    scripted.answer(DIAGRAM_PATH, (200, {"Content-Type": "image/png"}, png(1200, 400, "#0b827c")))
    show(qtbot, feed, scripted, account, "file_post", "rich_text_post")
    feed.resize(640, 1200)
    qtbot.wait_until(lambda: bool(scripted.requests_to(Q3_THUMBNAIL_PATH)), timeout=WAIT)
    qtbot.wait_until(lambda: layout(feed, 1).body.height() > 180, timeout=WAIT)
    for path in (Q3_THUMBNAIL_PATH, DIAGRAM_PATH):
        (seen,) = scripted.requests_to(path)
        assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    cached = tmp_path / "photos"
    qtbot.wait_until(lambda: len([path for path in cached.rglob("*") if path.is_file()]) == 2, timeout=WAIT)
    rows = feed.list_view
    assert rows.visualRect(feed.model.index(1)).height() == layout(feed, 1).height
