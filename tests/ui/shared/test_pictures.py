"""PhotoLoader's pictures: thumbnails fitted to a box, big images decoded small, old ones let go."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop_app.api.errors import NotFound
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.shared import photos as photos_module
from desktop_app.ui.shared.photos import PhotoLoader, decode

WAIT = 5_000
KEY = "org/user"


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e844a"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class PictureClient:
    """Serves pictures from memory and counts what it was asked for."""

    api_version = "66.0"
    last_usage = None

    def __init__(self) -> None:
        self.pictures: dict[str, bytes] = {}
        self.asked: list[str] = []

    def photo(self, url: str) -> bytes:
        self.asked.append(url)
        if url not in self.pictures:
            raise NotFound(404, "NOT_FOUND", "none", url)
        return self.pictures[url]

    def close(self) -> None:
        pass


@pytest.fixture
def client() -> PictureClient:
    return PictureClient()


@pytest.fixture
def loader(qtbot: QtBot, client: PictureClient) -> Iterator[PhotoLoader]:
    service = ApiService(lambda _key: client)  # type: ignore[arg-type, return-value]
    yield PhotoLoader(service)
    qtbot.wait_until(lambda: not service.busy, timeout=WAIT)
    service.shutdown()


def test_a_thumbnail_is_fitted_in_its_box_once_loaded(
    qtbot: QtBot, loader: PhotoLoader, client: PictureClient
) -> None:
    client.pictures["/thumb"] = png(240, 180)
    with qtbot.wait_signal(loader.photo_ready, timeout=WAIT) as ready:
        assert loader.picture(KEY, "/thumb", 64, 48) is None
    assert ready.args == ["/thumb"]
    pixmap = loader.picture(KEY, "/thumb", 64, 48)
    assert pixmap is not None
    assert (pixmap.width(), pixmap.height()) == (64, 48)
    wide = loader.picture(KEY, "/thumb", 64, 64)
    assert wide is not None
    assert (wide.width(), wide.height()) == (64, 48)
    assert client.asked == ["/thumb"]


def test_a_picture_that_fails_is_not_asked_for_again(
    qtbot: QtBot, loader: PhotoLoader, client: PictureClient
) -> None:
    assert loader.image(KEY, "/missing") is None
    qtbot.wait_until(lambda: loader.failed("/missing"), timeout=WAIT)
    assert loader.image(KEY, "/missing") is None
    assert client.asked == ["/missing"]


def test_big_pictures_are_decoded_no_larger_than_the_feed_shows_them(qtbot: QtBot) -> None:
    image = decode(png(4000, 1000))
    assert (image.width(), image.height()) == (1600, 400)
    assert decode(png(300, 200)).size().toTuple() == (300, 200)
    assert decode(b"not a picture").isNull()


def test_the_least_recently_shown_pictures_are_let_go(
    qtbot: QtBot, loader: PhotoLoader, client: PictureClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = decode(png(100, 100)).sizeInBytes()
    monkeypatch.setattr(photos_module, "MAX_DECODED_BYTES", 2 * size)
    for name in ("/a", "/b", "/c"):
        client.pictures[name] = png(100, 100)

    def load(name: str) -> None:
        with qtbot.wait_signal(loader.photo_ready, timeout=WAIT):
            assert loader.image(KEY, name) is None

    load("/a")
    load("/b")
    assert loader.image(KEY, "/a") is not None  # /a was shown last: /b goes first
    load("/c")
    assert client.asked == ["/a", "/b", "/c"]
    assert loader.image(KEY, "/a") is not None
    assert loader.image(KEY, "/b") is None  # let go, and asked for again
    qtbot.wait_until(lambda: client.asked.count("/b") == 2, timeout=WAIT)
