"""The widget every list of posts is built on (one account's feed, All accounts): the list, its actions, menus
and downloads, the message page, the new-posts bar, the poll timer and the scroll check, wired alike.

Subclasses fill the list and say what a retry, a poll, a scroll near the end and a click on a name or link
do (``retry``, ``refresh``/``_on_timer``, ``_on_scrolled``, ``_follow``), and which account a post's
download goes through (``_account_of``).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop_app.api.models import FeedItem
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.feed.downloads import FileDownloads, stop_all
from desktop_app.ui.feed.feedactions import PostActions
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmessage import FeedMessage
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.newpostsbar import NewPostsBar
from desktop_app.ui.feed.postlist import (
    as_api_error,
    drop_answers,
    key_target,
    open_comment_entry,
    repaint_post,
    show_arrived_picture,
)
from desktop_app.ui.feed.postmenu import MENU_TARGETS, PostMenu
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader

POLL_INTERVAL_MS = 60_000


class PostListView(QWidget):
    """A list of posts with everything people do on them (signals: error(ApiError), status(str))."""

    error = Signal(object)
    status = Signal(str)

    def __init__(
        self, api: ApiService, photos: PhotoLoader, what: str, parent: QWidget | None = None
    ) -> None:
        """``what`` names the list in failures ("feed", "timeline")."""
        super().__init__(parent)
        self._api = api
        self._photos = photos
        self._what = what
        self._new_count = 0
        self._model = FeedModel(self)
        self._list = FeedListView(self)
        self._list.setModel(self._model)
        self._delegate = FeedDelegate(photos, self._list)
        self._list.setItemDelegate(self._delegate)
        self._actions = PostActions(self._model, api, self._delegate.can_delete, self)
        self._downloads = FileDownloads(self._model, api, self)
        self._delegate.downloads = self._downloads.progress
        # The "…" menus; bookmarks, edits and mutes go, like every action, to the account a post came from.
        self.post_menu = PostMenu(self._model, api, self._actions, self._list, self)
        self._message_page = FeedMessage(self)
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._message_page)
        self._pages.addWidget(self._list)
        self._new_bar = NewPostsBar(self)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        # Scrolling and a scroll range that grows as rows are measured are looked at once per event loop turn.
        self._scroll_check = QTimer(self)
        self._scroll_check.setSingleShot(True)
        self._scroll_check.setInterval(0)
        self._channels: set[str] = set()
        self._connect_list()

    def _connect_list(self) -> None:
        self._delegate.triggered.connect(self._on_triggered)
        self._delegate.comment_submitted.connect(self._send_comment)
        self._list.key_triggered.connect(self._on_key)
        self._list.context_requested.connect(self.post_menu.open_by_id)
        for source in (self._actions, self._downloads, self.post_menu):
            source.status.connect(self.status)
            source.failed.connect(self._report)
        self._downloads.changed.connect(self._repaint_post)
        bar = self._list.verticalScrollBar()
        bar.valueChanged.connect(self._check_scroll)
        bar.rangeChanged.connect(self._check_scroll)
        self._scroll_check.timeout.connect(self._on_scrolled)
        # Answers still on their way when the view goes are dropped rather than delivered to deleted widgets.
        self.destroyed.connect(partial(drop_answers, self._api, self._channels))
        self.destroyed.connect(partial(stop_all, self._downloads.active))
        self._new_bar.clicked.connect(self.show_new_posts)
        self._message_page.button.clicked.connect(self.retry)
        self._photos.photo_ready.connect(self._on_photo)
        self._timer.timeout.connect(self._on_timer)

    # -- what others read ------------------------------------------------------------------------------------

    @property
    def model(self) -> FeedModel:
        """The posts shown."""
        return self._model

    @property
    def list_view(self) -> FeedListView:
        """The list of posts (for focus and tests)."""
        return self._list

    @property
    def showing(self) -> str:
        """What fills the view: "loading" (first page), "posts", or "message" (empty, failed, no account)."""
        if self._pages.currentWidget() is self._list:
            return "posts"
        return "loading" if self._message_page.busy else "message"

    @property
    def message(self) -> str:
        """The words shown instead of posts."""
        return self._message_page.label.text()

    # -- what subclasses say ---------------------------------------------------------------------------------

    @Slot()
    def retry(self) -> None:
        """Ask again for what failed."""

    @Slot()
    def _on_timer(self) -> None:
        """The poll timer: new posts, when the window is in use."""

    @Slot()
    def _on_scrolled(self) -> None:
        """The list was scrolled (or grew): more posts near the end, the new-posts bar at the top."""

    def _account_of(self, item_id: str) -> str | None:
        """The account a post's downloads go through (None: nothing can be done on it now)."""
        return self._actions.account_for(item_id)

    def _follow(self, item: FeedItem | None, target: Target, value: str) -> bool:
        """Open what a click on a name or a link leads to in the app; False when it leads nowhere here."""
        return False

    # -- shared behaviour ------------------------------------------------------------------------------------

    @Slot()
    def show_new_posts(self) -> None:
        """Scroll to the newest posts."""
        self._list.scrollToTop()
        self._set_new_count(0)

    def _set_new_count(self, count: int) -> None:
        self._new_count = count
        self._new_bar.set_count(count)

    @Slot()
    def _check_scroll(self) -> None:
        self._scroll_check.start()

    def _show_message(self, text: str, button: str = "", *, busy: bool = False) -> None:
        self._message_page.show_text(text, button, busy=busy)
        self._pages.setCurrentWidget(self._message_page)

    @Slot(object)
    def _report(self, error: BaseException | None) -> None:
        self.error.emit(as_api_error(error, self._what))

    @Slot(str)
    def _on_photo(self, url: str) -> None:
        show_arrived_picture(self._delegate, self._model, self._list, url)

    @Slot(str)
    def _repaint_post(self, item_id: str) -> None:
        repaint_post(self._model, self._list, item_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the new-posts bar centred over the list and the undo bar in its corner."""
        super().resizeEvent(event)
        self._new_bar.place()
        self.post_menu.place_undo_bar()

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the new-posts bar for a new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._new_bar.parent_palette_changed()

    # -- actions on posts, each for the account the post came from -------------------------------------------

    @Slot(str, object)
    def _on_key(self, item_id: str, target: Target) -> None:
        self._on_triggered(item_id, key_target(self._model.item(item_id), target), "")

    @Slot(str, object, str)
    def _on_triggered(self, item_id: str, target: Target, value: str) -> None:
        item = self._model.item(item_id)
        account = self._account_of(item_id)
        if target in (Target.PERSON, Target.LINK) and self._follow(item, target, value):
            return
        if target == Target.RETRY:
            self.retry()
        elif item is None or account is None:
            return
        elif target == Target.COMMENTS:
            self._actions.show_comments(item, not self._model.state(item_id).comments_open)
        elif target == Target.COMMENT:
            open_comment_entry(self._model, self._list, self._actions, item)
        elif target == Target.DOWNLOAD:
            self._downloads.toggle(account, item, value)
        elif target in MENU_TARGETS:
            self.post_menu.trigger(item, target, value)
        else:
            self._actions.trigger(item, target, value)

    @Slot(str, str)
    def _send_comment(self, item_id: str, text: str) -> None:
        if self._account_of(item_id) is not None:
            self._actions.send_comment(item_id, text)
