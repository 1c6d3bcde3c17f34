"""Every documented kind of feed element through FeedModel and FeedView: what its row says, what it offers,
that no row is ever blank, that estimated heights match measured ones, and a picture of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from msgspec.structs import replace
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop_app.api.errors import NotFound
from desktop_app.api.models import FeedItem, FeedPage
from desktop_app.api.parse import parse_feed_item, parse_feed_page
from desktop_app.feed.elementtext import element_text
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlayout import PostLayout
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader
from tests.ui.windowing import shoot
from tests.unit.api import fixtures, shapes

WAIT = 10_000
KEY = "00D000000000001/005000000000001"
INLINE_IMAGE = "/services/data/v66.0/sobjects/ContentVersion/0684x0001DiagrAAAA/VersionData"
Q3_THUMBNAIL = "/services/data/v66.0/chatter/files/0694x00001Q3PdfAAA/rendition?type=THUMB240BY180"


def png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class KindsClient:
    """A client answering from memory (fixture pages, pictures, one-time URLs), recording what it got."""

    api_version = "66.0"
    last_usage = None

    def __init__(self) -> None:
        self.pages: list[FeedPage] = []
        self.pictures: dict[str, bytes] = {}
        self.photos_asked: list[str] = []
        self.frontdoor_asked: list[str] = []

    def news_feed(self, page_url: str | None = None, page_size: int = 25) -> FeedPage:
        return self.pages.pop(0)

    def feed_updates(self, updates_url: str) -> FeedPage:
        return self.news_feed(updates_url)

    def photo(self, url: str) -> bytes:
        self.photos_asked.append(url)
        if url not in self.pictures:
            raise NotFound(404, "NOT_FOUND", "no such picture", url)
        return self.pictures[url]

    def frontdoor_url(self, ret_path: str = "/") -> str:
        self.frontdoor_asked.append(ret_path)
        return f"http://127.0.0.1:9/secur/frontdoor.jsp?otp=one-time-code&retURL={ret_path}"

    def close(self) -> None:
        pass


@pytest.fixture
def client() -> KindsClient:
    return KindsClient()


@pytest.fixture
def service(client: KindsClient) -> Iterator[ApiService]:
    api = ApiService(lambda _key: client)  # type: ignore[arg-type, return-value]
    yield api
    api.shutdown()


@pytest.fixture
def photos(service: ApiService) -> PhotoLoader:
    return PhotoLoader(service)


@pytest.fixture
def feed(qtbot: QtBot, service: ApiService, photos: PhotoLoader) -> Iterator[FeedView]:
    view = FeedView(service, photos)
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    yield view
    qtbot.wait_until(lambda: not service.busy, timeout=WAIT)


def show(qtbot: QtBot, feed: FeedView, client: KindsClient, *names: str) -> None:
    client.pages.append(parse_feed_page(fixtures.feed_page(*names)))
    feed.set_account(KEY, "005000000000001")
    qtbot.wait_until(lambda: feed.model.item_count == len(names) and not feed.busy, timeout=WAIT)


def layout(feed: FeedView, row: int = 0) -> PostLayout:
    view = feed.list_view
    found = view.feed_delegate.layout_for(
        feed.model.index(row), view.viewport().width(), view.font(), view.palette()
    )
    assert found is not None
    return found


def targets(feed: FeedView, row: int = 0) -> list[tuple[Target, str]]:
    return [(hit.target, hit.value) for hit, _area in layout(feed, row).hit_areas()]


def click(qtbot: QtBot, feed: FeedView, target: Target, value: str = "", row: int = 0) -> None:
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    area = view.feed_delegate.target_rect(
        index, view.visualRect(index), target, view.font(), view.palette(), value=value
    )
    assert not area.isEmpty(), f"{target} {value} not shown"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toString()) or True)
    return urls


def test_a_record_event_shows_its_header_and_the_record(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    show(qtbot, feed, client, "create_record_event")
    text = layout(feed).content_text()
    assert text.startswith("00001026 — Ann Lee created a case.")
    for shown in ("Case · 00001026", "Subject", "Printer jams on tray 2", "Priority", "High"):
        assert shown in text
    shoot(feed, "feed-kind-record")


def test_a_tracked_change_shows_each_value_as_plain_text(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    show(qtbot, feed, client, "tracked_change")
    text = layout(feed).content_text()
    assert "Ann Lee changed Stage from Prospecting to Closed Won." in text
    assert "Stage\nProspecting → Closed Won" in text
    shoot(feed, "feed-kind-tracked-change")


def test_a_bundle_opens_and_closes_by_click_and_by_enter(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    show(qtbot, feed, client, "bundle_tracked_changes")
    closed = layout(feed)
    assert "3 changes to Acme - 200 Widgets" in closed.content_text()
    assert "Amount: $10,000.00 → $12,500.00" not in closed.content_text()
    assert (Target.BUNDLE, "") in targets(feed)
    assert not [label for _target, _rect, label in closed.buttons]  # a bundle offers no likes or comments
    click(qtbot, feed, Target.BUNDLE)
    qtbot.wait_until(lambda: feed.model.state(feed.model.item_at(0).id).bundle_open, timeout=WAIT)  # type: ignore[union-attr]
    opened = layout(feed)
    for change in ("Amount: $10,000.00 → $12,500.00", "Next Step: (blank) → Send the contract"):
        assert change in opened.content_text()
    assert opened.height > closed.height
    assert feed.list_view.visualRect(feed.model.index(0)).height() == opened.height
    shoot(feed, "feed-kind-bundle-open")
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(0))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_Return)
    assert not feed.model.state(feed.model.item_at(0).id).bundle_open  # type: ignore[union-attr]
    assert feed.list_view.visualRect(feed.model.index(0)).height() == closed.height


def test_a_poll_shows_choices_votes_and_the_own_vote(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    show(qtbot, feed, client, "poll")
    text = layout(feed).content_text()
    assert "Lunch?\n✓ Pizza\n3 votes\nSushi\n1 vote\nSalad\n0 votes\n4 votes · You voted for Pizza" in text
    votes = [value for target, value in targets(feed) if target is Target.VOTE]
    assert votes == ["09A4x0000008pZaEAI", "09A4x0000008pZbEAI", "09A4x0000008pZcEAI"]
    shoot(feed, "feed-kind-poll")


def test_a_question_shows_its_title_answers_and_best_answer(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    show(qtbot, feed, client, "question")
    found = layout(feed)
    assert found.content_text() == (
        "How do I keep the VPN connected?\n"
        "It keeps dropping every ten minutes on the office Wi-Fi.\n"
        "✓ Best answer from Cat Wu\n"
        "Use the VPN profile from the IT portal, then restart."
    )
    assert "2 answers" in [label for _target, _rect, label in found.buttons]
    shoot(feed, "feed-kind-question")


def test_files_show_title_type_size_thumbnail_and_download(
    qtbot: QtBot, feed: FeedView, client: KindsClient, photos: PhotoLoader
) -> None:
    client.pictures[Q3_THUMBNAIL] = png(240, 180, "#c23934")
    show(qtbot, feed, client, "file_post")
    text = layout(feed).content_text()
    assert "Q3 numbers and the new floor plan\nQ3\nPDF · 1.2 MB\nFloor plan\nPNG · 47.1 KB" in text
    assert [value for target, value in targets(feed) if target is Target.DOWNLOAD] == ["0", "1"]
    feed.list_view.viewport().repaint()
    qtbot.wait_until(lambda: Q3_THUMBNAIL in client.photos_asked, timeout=WAIT)
    qtbot.wait_until(lambda: photos.picture(KEY, Q3_THUMBNAIL, 64, 48) is not None, timeout=WAIT)
    assert all("rendition" not in url or url == Q3_THUMBNAIL for url in client.photos_asked)
    feed.list_view.viewport().repaint()
    shoot(feed, "feed-kind-files")


def test_an_old_content_post_shows_its_file(qtbot: QtBot, feed: FeedView, client: KindsClient) -> None:
    show(qtbot, feed, client, "content_post_v35")
    assert layout(feed).content_text() == "Lunch menu\nDOCX · 20 KB"
    assert (Target.DOWNLOAD, "0") in targets(feed)
    shoot(feed, "feed-kind-content-v35")


@pytest.mark.parametrize(
    "case",
    [
        (
            "link_post",
            "Worth a read before Friday\n2026 Outlook\nhttps://www.example.com/reports/2026-outlook",
            "https://www.example.com/reports/2026-outlook",
        ),
        (
            "enhanced_link",
            "Spring release notes\nhttps://www.example.com/release-notes/spring\nRelease notes for",
            "https://www.example.com/release-notes/spring",
        ),
    ],
)
def test_link_cards_open_in_the_browser(
    qtbot: QtBot, feed: FeedView, client: KindsClient, opened: list[str], case: tuple[str, str, str]
) -> None:
    name, expected, url = case
    show(qtbot, feed, client, name)
    assert layout(feed).content_text().startswith(expected)
    click(qtbot, feed, Target.LINK, url)
    assert opened == [url]
    shoot(feed, f"feed-kind-{name.replace('_', '-')}")


def test_rich_text_keeps_its_markup_and_inline_images_load_to_the_column_width(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    client.pictures[INLINE_IMAGE] = png(1600, 600, "#0b827c")
    show(qtbot, feed, client, "rich_text_post")
    qtbot.wait_until(lambda: INLINE_IMAGE in client.photos_asked, timeout=WAIT)
    qtbot.wait_until(lambda: layout(feed).height > 300, timeout=WAIT)
    found = layout(feed)
    text = found.content_text()
    for shown in ("Release today, maybe for real next week.", "Backup\nDeploy", "make deploy ENV=prod"):
        assert shown in text
    assert "[Start code block]" not in text
    images = [f for f in found.doc.allFormats() if f.isImageFormat()]
    assert len(images) == 1
    assert found.doc.size().width() <= found.body.width()
    assert found.body.height() > 200  # the picture, 1600 px wide, shown the column's width and ~200 px tall
    assert feed.list_view.visualRect(feed.model.index(0)).height() == found.height
    feed.resize(640, 560)
    shoot(feed, "feed-kind-rich-text")


@pytest.mark.parametrize("name", ["approval_post", "unknown_element_type"])
def test_unknown_kinds_show_their_header_and_open_in_salesforce(
    qtbot: QtBot, feed: FeedView, client: KindsClient, opened: list[str], name: str
) -> None:
    show(qtbot, feed, client, name)
    item = feed.model.item_at(0)
    assert item is not None
    assert item.unsupported
    assert layout(feed).content_text() == item.header_text
    assert (Target.SALESFORCE, "") in targets(feed)
    click(qtbot, feed, Target.SALESFORCE)
    qtbot.wait_until(lambda: bool(opened), timeout=WAIT)
    assert client.frontdoor_asked == [f"/{item.id}"]
    assert opened == [f"http://127.0.0.1:9/secur/frontdoor.jsp?otp=one-time-code&retURL=/{item.id}"]
    feed.list_view.setFocus()
    feed.list_view.setCurrentIndex(feed.model.index(0))
    qtbot.keyClick(feed.list_view, Qt.Key.Key_O)  # the same from the keyboard
    qtbot.wait_until(lambda: len(opened) == 2, timeout=WAIT)
    assert client.frontdoor_asked == [f"/{item.id}"] * 2
    shoot(feed, f"feed-kind-{name.replace('_', '-')}")


def test_every_kind_is_read_out_with_its_element_text(
    qtbot: QtBot, feed: FeedView, client: KindsClient
) -> None:
    show(qtbot, feed, client, *fixtures.names())
    for row, item in enumerate(feed.model):
        spoken = feed.model.data(feed.model.index(row), Qt.ItemDataRole.AccessibleTextRole)
        # An element without an actor (a bundle of record updates) is named after its record.
        name = item.actor.display_name if item.actor.id else (item.parent_name or item.actor.display_name)
        assert spoken == f"{name}: {element_text(item)}"
        assert not spoken.startswith("Unknown")


# Rows never blank, heights estimated close to measured


@pytest.fixture
def rows(qtbot: QtBot) -> FeedListView:
    view = FeedListView()
    qtbot.addWidget(view)
    view.setModel(FeedModel(view))
    view.setItemDelegate(FeedDelegate(None, view))
    view.resize(480, 600)
    return view


def content(view: FeedListView, item: FeedItem, width: int) -> str:
    model = view.model()
    assert isinstance(model, FeedModel)
    model.clear()
    model.append_page([item])
    found = view.feed_delegate.layout_for(model.index(0), width, view.font(), view.palette())
    assert found is not None
    return found.content_text()


def test_no_fixture_renders_as_an_empty_row(rows: FeedListView) -> None:
    for name in fixtures.names():
        item = parse_feed_item(fixtures.element(name))
        assert content(rows, item, 480).strip(), name
        blank = replace(item, body_text="", body_segments=(), header_text="", header_segments=())
        assert content(rows, blank, 480).strip(), f"{name} without any message"


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(shapes.feed_element())
def test_no_element_of_any_documented_shape_renders_as_an_empty_row(
    rows: FeedListView, value: dict[str, Any]
) -> None:
    assert content(rows, parse_feed_item(value), 480).strip()


@pytest.mark.parametrize("width", [640, 400, 300])
def test_estimated_heights_match_measured_ones_for_every_kind(rows: FeedListView, width: int) -> None:
    model = rows.model()
    assert isinstance(model, FeedModel)
    items = list(parse_feed_page(fixtures.feed_page()).items)
    model.append_page(items)
    for item in items:
        if item.capabilities.bundle is not None:
            model.update_state(item.id, bundle_open=True)
        if item.capabilities.question is not None:
            model.update_state(item.id, comments_open=True)
    option = QStyleOptionViewItem()
    option.rect.setWidth(width)
    option.font = rows.font()
    delegate = FeedDelegate(None, rows)  # a fresh one: nothing measured yet, so every height is a guess
    estimates = delegate.estimate_heights(model, 0, model.item_count - 1, option)
    exact = []
    for row, guess in enumerate(estimates):
        found = delegate.layout_for(model.index(row), width, rows.font(), rows.palette())
        assert found is not None
        exact.append(found.height)
        assert abs(guess - found.height) <= 0.2 * found.height, (model.item_at(row), guess, found.height)
    assert abs(sum(estimates) - sum(exact)) <= 0.05 * sum(exact)
