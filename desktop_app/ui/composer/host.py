"""Where the composer sits in the window: made after the window's first paint, or when first asked for.

The composer brings the rich-text editor, the format bar, attachments and @mentions with it; none of that is
needed to show the posts kept from the last run, so the window paints them first. Until the composer is
made, the host keeps its place in the layout at the height it had last time and remembers what it is told
(the account, the place, the feed whose authors can be mentioned, what the org offers) to hand over then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.feed.places import News, Place

if TYPE_CHECKING:
    from desktop_app.ui.app.apiworker import ApiService
    from desktop_app.ui.composer.composer import Composer
    from desktop_app.ui.feed.feedmodel import FeedModel
    from desktop_app.ui.shared.photos import PhotoLoader

RESERVED_HEIGHT = 150
"""The room kept for the composer before it is made, when the last run did not say how tall it was."""


class ComposerHost(QWidget):
    """Holds the composer (signals: built(Composer), once it is made)."""

    built = Signal(object)

    def __init__(
        self, api: ApiService, photos: PhotoLoader | None, parent: QWidget | None = None, reserved: int = 0
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._photos = photos
        self._composer: Composer | None = None
        self._account: str | None = None
        self._place: Place = News()
        self._feed_model: FeedModel | None = None
        self._files_offered = True
        self._file_limits: dict[str, int] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(reserved if reserved > 0 else RESERVED_HEIGHT)

    @property
    def is_built(self) -> bool:
        """True once the composer exists."""
        return self._composer is not None

    @property
    def composer(self) -> Composer:
        """The composer, made now if it was not yet."""
        return self._composer if self._composer is not None else self.build()

    def build(self) -> Composer:
        """Make the composer (once) and hand it what the host was told."""
        if self._composer is not None:
            return self._composer
        # Loaded after the first paint of the feed (or on first use): see the module's docstring.
        from desktop_app.ui.composer.composer import Composer

        composer = Composer(self._api, self._photos, self)
        self._composer = composer
        composer.set_feed_model(self._feed_model)
        composer.set_place(self._place)
        composer.set_account(self._account)
        composer.format_bar.attach.setVisible(self._files_offered)
        for key, limit in self._file_limits.items():
            composer.attachments.know_limit(key, limit)
        self._file_limits.clear()
        self.setMinimumHeight(0)
        self._layout.addWidget(composer)
        # Shown now, not on the layout's next turn, so it is complete as soon as it is handed out.
        composer.show()
        self.built.emit(composer)
        return composer

    def paintEvent(self, event: QPaintEvent) -> None:
        """Until the composer is made, the outline of its text box, so the room kept reads as what it is."""
        if self._composer is not None:
            return
        painter = QPainter(self)
        palette = self.palette()
        box = self.rect().adjusted(8, 44, -8, -36)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(box)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        where = self._place.posting_to
        text = f"{where}…" if where else "Share an update…"
        painter.drawText(
            box.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text
        )
        painter.end()

    def set_account(self, account_key: str | None) -> None:
        """Write as another account (see Composer.set_account)."""
        self._account = account_key
        if self._composer is not None:
            self._composer.set_account(account_key)

    def set_place(self, place: Place) -> None:
        """Post to another place (see Composer.set_place)."""
        self._place = place
        if self._composer is not None:
            self._composer.set_place(place)
        else:
            self.update()

    def set_feed_model(self, model: FeedModel | None) -> None:
        """The feed whose authors are offered as people to mention."""
        self._feed_model = model
        if self._composer is not None:
            self._composer.set_feed_model(model)

    def offer_files(self, offered: bool) -> None:
        """Whether the org lets posts carry files (the Attach button shows only then)."""
        self._files_offered = offered
        if self._composer is not None:
            self._composer.format_bar.attach.setVisible(offered)

    def know_file_limit(self, account_key: str, limit: int) -> None:
        """How many files the account's org allows on a post, read from its organization answer."""
        if self._composer is not None:
            self._composer.attachments.know_limit(account_key, limit)
        else:
            self._file_limits[account_key] = limit
