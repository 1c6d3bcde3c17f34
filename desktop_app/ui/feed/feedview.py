"""The current account's news feed: pages as the user scrolls, new posts on refresh, likes, comments."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import log
from desktop_app.api.errors import ApiError, RateLimited
from desktop_app.api.models import FEED_PAGE_SIZE, FeedItem, FeedPage
from desktop_app.api.operations import FeedUpdates, NewsFeed
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.feedactions import PostActions, feed_channel
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlayout import Target
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel, Footer
from desktop_app.ui.shared.photos import PhotoLoader

PAGE_SIZE = FEED_PAGE_SIZE
POLL_INTERVAL_MS = 60_000
_EMPTY = "Nothing here yet. Posts from people, groups and records you follow show up here."


def _drop_answers(api: ApiService, channels: set[str], *_destroyed: object) -> None:
    for channel in channels:
        api.bump(channel)


class FeedView(QWidget):
    """The current account's news feed (signals: error(ApiError), status(str))."""

    error = Signal(object)
    status = Signal(str)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._photos = photos
        self._key: str | None = None
        self._next_url: str | None = None
        self._updates_url: str | None = None
        self._loading_page = self._refreshing = False
        self._quiet_until = 0.0
        self._new_count = 0
        # Where the first page kept from the last run comes from (shown at once while the live one loads).
        self.saved_pages: Callable[[str], FeedPage | None] | None = None
        self._showing_saved = False
        self._pending_current: str | None = None
        self._model = FeedModel(self)
        self._list = FeedListView(self)
        self._list.setModel(self._model)
        self._delegate = FeedDelegate(photos, self._list)
        self._list.setItemDelegate(self._delegate)
        self._actions = PostActions(self._model, api, self._delegate.can_delete, self)
        self._message_page = QWidget(self)
        self._message = QLabel(self._message_page)
        self._progress = QProgressBar(self._message_page)
        self._message_button = QPushButton(self._message_page)
        self._build_message_page()
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._message_page)
        self._pages.addWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self._new_bar = QPushButton(self)
        self._new_bar.setObjectName("newPostsBar")
        self._new_bar.setAccessibleName("Show new posts")
        self._style_new_bar()
        self._new_bar.setCursor(Qt.CursorShape.PointingHandCursor)
        self._new_bar.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        # Scrolling and a scroll range that grows as rows are measured are looked at once per event loop turn.
        self._scroll_check = QTimer(self)
        self._scroll_check.setSingleShot(True)
        self._scroll_check.setInterval(0)
        self._channels: set[str] = set()
        self._connect_signals()
        self._show_message("No account selected.")

    def _build_message_page(self) -> None:
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._progress.setRange(0, 0)
        self._progress.setFixedWidth(200)
        self._progress.setTextVisible(False)
        self._progress.setAccessibleName("Loading")
        page = QVBoxLayout(self._message_page)
        page.setContentsMargins(32, 32, 32, 32)
        page.addStretch(1)
        page.addWidget(self._message)
        for widget in (self._progress, self._message_button):
            page.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addStretch(2)

    def _connect_signals(self) -> None:
        self._delegate.triggered.connect(self._on_triggered)
        self._delegate.comment_submitted.connect(self._send_comment)
        self._list.key_triggered.connect(self._on_key)
        self._actions.status.connect(self.status)
        self._actions.failed.connect(self._report)
        bar = self._list.verticalScrollBar()
        bar.valueChanged.connect(self._check_scroll)
        bar.rangeChanged.connect(self._check_scroll)
        self._scroll_check.timeout.connect(self._on_scrolled)
        # Answers still on their way when the view goes are dropped rather than delivered to deleted widgets.
        self.destroyed.connect(partial(_drop_answers, self._api, self._channels))
        self._new_bar.clicked.connect(self.show_new_posts)
        self._message_button.clicked.connect(self.retry)
        self._photos.photo_ready.connect(self._on_photo)
        self._timer.timeout.connect(self._on_timer)

    @property
    def model(self) -> FeedModel:
        """The posts shown (also where the composer finds people to mention)."""
        return self._model

    @property
    def list_view(self) -> FeedListView:
        """The list of posts (for focus and tests)."""
        return self._list

    @property
    def account_key(self) -> str | None:
        """The account whose feed is shown."""
        return self._key

    @property
    def busy(self) -> bool:
        """True while a page or an update is being fetched."""
        return self._loading_page or self._refreshing

    @property
    def showing(self) -> str:
        """What fills the view: "loading" (first page), "posts", or "message" (empty, failed, no account)."""
        if self._pages.currentWidget() is self._list:
            return "posts"
        return "loading" if self._progress.isVisibleTo(self) else "message"

    @property
    def message(self) -> str:
        """The words shown instead of posts."""
        return self._message.text()

    @property
    def message_button(self) -> QPushButton:
        """The action under the message (Try again, Refresh)."""
        return self._message_button

    @property
    def new_posts_bar(self) -> QPushButton:
        """The "N new posts" button over the list."""
        return self._new_bar

    @property
    def new_posts_waiting(self) -> int:
        """How many posts went in above since the user last looked at the top."""
        return self._new_count

    def set_account(self, account_key: str | None, my_user_id: str | None) -> None:
        """Show another account's feed: drop answers meant for the old one, clear, load the first page."""
        for key in (self._key, account_key):
            if key is not None:
                self._api.bump(feed_channel(key))
        self._key = self._actions.account_key = account_key
        if account_key is not None:
            self._channels.add(feed_channel(account_key))
        self._delegate.account_key = account_key or ""
        self._delegate.my_user_id = my_user_id or ""
        self._delegate.invalidate()
        self._model.clear()
        self._next_url = self._updates_url = None
        self._loading_page = self._refreshing = False
        self._quiet_until = 0.0
        self._set_new_count(0)
        if account_key is None:
            self._timer.stop()
            self._show_message("No account selected.")
        else:
            self._timer.start()
            self._load_first_page()

    @Slot()
    def refresh(self) -> None:
        """Fetch posts created since the last load (F5); they go in above without moving the view."""
        if self._key is None or self.busy:
            return
        wait = self._quiet_until - time.monotonic()
        if wait > 0:
            minutes = max(1, round(wait / 60))
            self.status.emit(f"Chatter limit reached; the feed refreshes again in about {minutes} min.")
        elif self._showing_saved:
            self._request_first_page()  # the saved posts are still waiting for their live page
        elif self._updates_url is None and self._model.item_count == 0:
            self._load_first_page()
        elif self._updates_url is None:
            self.status.emit("The feed is up to date.")
        else:
            self._refreshing = True
            self._timer.start()  # the next automatic poll comes a full minute after this one
            self._call(FeedUpdates(self._updates_url), on_done=self._on_updates)

    @Slot(object)
    def prepend_post(self, item: FeedItem) -> None:
        """Put the user's new post on top and scroll there."""
        if isinstance(item, FeedItem) and self._model.prepend([item]):
            self._pages.setCurrentWidget(self._list)
            self._list.executeDelayedItemsLayout()
            self.show_new_posts()

    @Slot()
    def show_new_posts(self) -> None:
        """Scroll to the newest posts."""
        self._list.scrollToTop()
        self._set_new_count(0)

    @Slot()
    def retry(self) -> None:
        """Load again what failed: the first page, or the next one."""
        if self._key is not None and self._showing_saved:
            self._request_first_page()
        elif self._key is not None and self._model.item_count == 0:
            self._load_first_page()
        elif self._key is not None:
            self._load_next_page()

    # Pages and updates

    def _call(
        self, operation: NewsFeed | FeedUpdates, on_done: Callable[[ApiOutcome[FeedPage]], None]
    ) -> None:
        assert self._key is not None
        self._api.call(self._key, operation, channel=feed_channel(self._key), on_done=on_done)

    def _load_first_page(self) -> None:
        self._loading_page = True
        saved = self.saved_pages(self._key) if self.saved_pages is not None and self._key else None
        self._showing_saved = bool(saved and saved.items)
        if saved is not None and self._showing_saved:
            self._model.append_page(saved.items)
            self._model.set_footer(Footer.LOADING)
            self._pages.setCurrentWidget(self._list)
            self._list.setCurrentIndex(self._model.index(0))
            self.status.emit("Showing the posts saved last time; loading new ones…")
        else:
            self._show_message("Loading your feed…", busy=True)
        self._request_first_page()

    def _request_first_page(self) -> None:
        self._loading_page = True
        if self._showing_saved:
            self._model.set_footer(Footer.LOADING)
        self._call(NewsFeed(None, PAGE_SIZE), on_done=self._on_page)

    def _replace_saved(self) -> None:
        """The live first page is here: the saved posts make way for it, the current post stays current."""
        self._showing_saved = False
        current = self._model.item_at(self._list.currentIndex().row())
        self._model.clear()
        self._pending_current = current.id if current is not None else None

    def _load_next_page(self) -> None:
        if not self._loading_page and self._next_url:
            self._loading_page = True
            self._model.set_footer(Footer.LOADING)
            self._call(NewsFeed(self._next_url, PAGE_SIZE), on_done=self._on_page)

    def _on_page(self, outcome: ApiOutcome[FeedPage]) -> None:
        self._loading_page = False
        if self._showing_saved and outcome.ok:
            self._replace_saved()
        first = self._model.item_count == 0
        page = outcome.value
        if page is None:
            self._report(outcome.error)
            if first:
                self._show_message(f"Couldn't load your feed. {describe(outcome.error)}", "Try again")
            else:
                self._model.set_footer(Footer.ERROR, f"Couldn't load more posts. {describe(outcome.error)}")
            return
        self._model.append_page(page.items)
        self._next_url = page.next_page_url
        self._updates_url = self._updates_url or page.updates_url
        self._model.set_footer(Footer.NONE if self._next_url else Footer.END)
        if self._model.item_count == 0:
            self._show_message(_EMPTY, "Refresh")
        elif first:
            self._pages.setCurrentWidget(self._list)
            keep = self._model.row_of(self._pending_current) if self._pending_current else -1
            self._pending_current = None
            self._list.setCurrentIndex(self._model.index(max(keep, 0)))
            self.status.emit(f"Loaded {self._model.item_count} posts.")
        self._check_scroll()

    @Slot()
    def _check_scroll(self) -> None:
        self._scroll_check.start()

    @Slot()
    def _on_scrolled(self) -> None:
        bar = self._list.verticalScrollBar()
        if bar.value() <= 0 and self._new_count:
            self._set_new_count(0)
        near_end = bar.maximum() - bar.value() <= 2 * self._list.viewport().height()
        if near_end and self._model.footer is not Footer.ERROR and self.showing == "posts":
            self._load_next_page()

    def _on_updates(self, outcome: ApiOutcome[FeedPage]) -> None:
        self._refreshing = False
        page = outcome.value
        if page is None:
            self._report(outcome.error)
            return
        self._updates_url = page.updates_url or self._updates_url
        fresh = [item for item in page.items if not self._model.contains(item.id)]
        if not fresh:
            self.status.emit("The feed is up to date.")
            return
        # The list keeps the post at the top of the viewport where it is while these go in above it.
        added = self._model.prepend(fresh)
        self._pages.setCurrentWidget(self._list)
        self._set_new_count(self._new_count + added if self._list.verticalScrollBar().value() > 0 else 0)
        self.status.emit(f"{added} new post" + ("" if added == 1 else "s"))

    def _set_new_count(self, count: int) -> None:
        self._new_count = count
        self._new_bar.setText(f"↑ {count} new post" + ("" if count == 1 else "s"))
        self._new_bar.setVisible(count > 0)
        self._new_bar.adjustSize()
        self._new_bar.move(max(0, (self.width() - self._new_bar.width()) // 2), 8)
        self._new_bar.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the new-posts bar centred over the list."""
        super().resizeEvent(event)
        self._set_new_count(self._new_count)

    def _style_new_bar(self) -> None:
        # This view's palette, read now: it changes before the bar's own does.
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Highlight).name()
        colour = palette.color(QPalette.ColorRole.HighlightedText).name()
        self._new_bar.setStyleSheet(
            f"#newPostsBar {{ background: {background}; color: {colour}; border: none; border-radius: 10px;"
            " padding: 4px 16px; font-weight: bold; }"
        )

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the new-posts bar for a new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_new_bar()

    @Slot()
    def _on_timer(self) -> None:
        if self.isVisible() and self.window().isActiveWindow() and time.monotonic() >= self._quiet_until:
            self.refresh()

    def _show_message(self, text: str, button: str = "", *, busy: bool = False) -> None:
        self._message.setText(text)
        self._message_button.setText(button)
        self._message_button.setVisible(bool(button))
        self._progress.setVisible(busy)
        self._pages.setCurrentWidget(self._message_page)

    @Slot(object)
    def _report(self, error: BaseException | None) -> None:
        if isinstance(error, RateLimited):
            self._quiet_until = time.monotonic() + error.retry_after
        if not isinstance(error, ApiError):
            log.ui.error("feed call failed: %s", type(error).__name__)
            error = ApiError(None, None, describe(None), None)
        self.error.emit(error)

    @Slot(str)
    def _on_photo(self, _url: str) -> None:
        self._list.viewport().update()

    # Actions on posts

    @Slot(str, str)
    def _on_key(self, item_id: str, target: str) -> None:
        self._on_triggered(item_id, target, "")

    @Slot(str, str, str)
    def _on_triggered(self, item_id: str, target: str, value: str) -> None:
        item = self._model.item(item_id)
        if target == Target.RETRY:
            self.retry()
        elif item is None or self._key is None:
            return
        elif target == Target.LINK:
            self._actions.open_link(value)
        elif target == Target.MORE:
            self._actions.toggle_more(item)
        elif target == Target.LIKE:
            self._actions.toggle_like(item)
        elif target == Target.COMMENTS:
            self._actions.show_comments(item, not self._model.state(item_id).comments_open)
        elif target == Target.COMMENT:
            self._open_comment_entry(item)
        elif target == Target.DELETE:
            self._actions.delete(item)

    def _open_comment_entry(self, item: FeedItem) -> None:
        if not self._model.state(item.id).comments_open:
            self._actions.show_comments(item, True)
        index = self._model.index(self._model.row_of(item.id))
        self._list.setCurrentIndex(index)
        self._list.executeDelayedItemsLayout()
        self._list.scrollTo(index)
        self._list.edit(index)

    @Slot(str, str)
    def _send_comment(self, item_id: str, text: str) -> None:
        if self._key is not None:
            self._actions.send_comment(item_id, text)
