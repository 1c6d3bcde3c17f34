"""Photos and pictures for the views: loaded with the account's bearer token on the photo worker, through
the photo cache; profile photos as rounded pixmaps (initials while they load), thumbnails and inline images
as they are, decoded no larger than the feed can show them."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap

from desktop_app.api.operations import Photo
from desktop_app.paths import sha256_hex
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane

# Pictures wider or taller than this are decoded at a smaller size: the feed's column is narrower anyway.
MAX_DECODED_SIDE = 1600
# Decoded pictures kept in memory (a picture let go is decoded again from the disk cache if it is needed).
MAX_DECODED_BYTES = 96 * 1024 * 1024
_PALETTE = ("#1B96FF", "#0B827C", "#9050E9", "#D83A00", "#3A49DA", "#BA01FF", "#2E844A", "#C23934")


def initials(name: str) -> str:
    """One or two capital letters for a name ("Zoë Ångström" → "ZÅ")."""
    parts = [p for p in name.split() if p[:1].isalpha()]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


def placeholder(name: str, size: int) -> QPixmap:
    """A round badge with the name's initials on a colour derived from the name."""
    colour = _PALETTE[int(sha256_hex(name.encode()), 16) % len(_PALETTE)]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, size, size)
    font = QFont()
    font.setPixelSize(max(8, int(size * 0.4)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    return pixmap


def rounded(image: QImage, size: int) -> QPixmap:
    """The image scaled to fill a circle of ``size`` pixels."""
    scaled = image.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addEllipse(0, 0, size, size)
    painter.setClipPath(path)
    painter.drawImage(0, 0, scaled, (scaled.width() - size) // 2, (scaled.height() - size) // 2)
    painter.end()
    return pixmap


def decode(data: bytes, max_side: int = MAX_DECODED_SIDE) -> QImage:
    """An image from its bytes, at most ``max_side`` pixels on its longer side (null if unreadable)."""
    # Loaded with the first picture, after the window's first paint: their enums cost half a millisecond.
    from PySide6.QtCore import QBuffer, QByteArray
    from PySide6.QtGui import QImageReader

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > max_side:
        reader.setScaledSize(size.scaled(QSize(max_side, max_side), Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def fitted(image: QImage, width: int, height: int) -> QPixmap:
    """The image scaled to fit inside ``width`` x ``height``, keeping its shape."""
    return QPixmap.fromImage(
        image.scaled(
            width, height, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    )


class PhotoLoader(QObject):
    """Loads photos and pictures through the API service's photo lane (signals: photo_ready(url))."""

    photo_ready = Signal(str)

    def __init__(self, api: ApiService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._image_bytes = 0
        self._pixmaps: dict[tuple[str, int, int], QPixmap] = {}
        self._loading: set[str] = set()
        self._failed: set[str] = set()

    def pixmap(self, account_key: str, url: str | None, size: int) -> QPixmap | None:
        """The photo as a round pixmap if it is loaded; otherwise None, and a load is started."""
        if not url:
            return None
        cached = self._pixmaps.get((url, size, 0))
        if cached is not None:
            return cached
        image = self.image(account_key, url)
        if image is None:
            return None
        pixmap = rounded(image, size)
        self._pixmaps[(url, size, 0)] = pixmap
        return pixmap

    def picture(self, account_key: str, url: str | None, width: int, height: int) -> QPixmap | None:
        """A thumbnail fitted in ``width`` x ``height`` if it is loaded; otherwise None, and a load starts."""
        if not url:
            return None
        cached = self._pixmaps.get((url, width, height))
        if cached is not None:
            return cached
        image = self.image(account_key, url)
        if image is None:
            return None
        pixmap = fitted(image, width, height)
        self._pixmaps[(url, width, height)] = pixmap
        return pixmap

    def image(self, account_key: str, url: str) -> QImage | None:
        """The picture at ``url`` if it is loaded; otherwise None, and a load is started (once per URL)."""
        image = self._images.get(url)
        if image is not None:
            self._images.move_to_end(url)
            return image
        if url not in self._loading and url not in self._failed:
            self._loading.add(url)
            self._api.call(
                account_key, Photo(url), channel="photos", lane=Lane.PHOTO, on_done=self._on_loaded
            )
        return None

    def failed(self, url: str) -> bool:
        """Whether loading the picture at ``url`` failed (its place then shows words instead)."""
        return url in self._failed

    def _on_loaded(self, outcome: ApiOutcome[bytes]) -> None:
        assert isinstance(outcome.call.operation, Photo)
        url = outcome.call.operation.url
        self._loading.discard(url)
        image = decode(outcome.value) if outcome.value is not None else QImage()
        if not image.isNull():
            self._keep(url, image)
            self.photo_ready.emit(url)
        else:
            self._failed.add(url)

    def _keep(self, url: str, image: QImage) -> None:
        """Hold on to a decoded picture; the least recently shown go once they take too much memory."""
        self._images[url] = image
        self._image_bytes += image.sizeInBytes()
        while self._image_bytes > MAX_DECODED_BYTES and len(self._images) > 1:
            gone, old = self._images.popitem(last=False)
            self._image_bytes -= old.sizeInBytes()
            for key in [key for key in self._pixmaps if key[0] == gone]:
                del self._pixmaps[key]

    def forget_failures(self) -> None:
        """Let photos that failed (offline, expired session) be tried again."""
        self._failed.clear()
