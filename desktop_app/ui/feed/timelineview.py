"""The "All accounts" view: every account's news feed in one list, newest first, each post with its org.

The merge itself (what is shown when, which account's next page to ask for) is ``feed.merge.MergedFeed``;
this view runs its requests on each account's workers, shows what settles, and routes every action on a
post to the account the post came from (``FeedModel.account_of``), on that account's own channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from desktop_app import log
from desktop_app.api.models import FeedItem, FeedPage
from desktop_app.api.operations import FeedUpdates
from desktop_app.auth.account import Account
from desktop_app.feed.elementtext import plural
from desktop_app.feed.merge import Entry, MergedFeed, Request
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.downloads import FileDownloads, stop_all
from desktop_app.ui.feed.feedactions import PostActions
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmessage import FeedMessage
from desktop_app.ui.feed.feedmodel import FeedModel, Footer
from desktop_app.ui.feed.newpostsbar import NewPostsBar
from desktop_app.ui.feed.orgbadge import OrgBadge, account_colour, source_labels
from desktop_app.ui.feed.postlist import (
    as_api_error,
    drop_answers,
    key_target,
    open_comment_entry,
    repaint_post,
    show_arrived_picture,
)
from desktop_app.ui.feed.postmenu import MENU_TARGETS, PostMenu
from desktop_app.ui.feed.settledrows import SettledRows
from desktop_app.ui.feed.sourcelines import SourceLines
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader

POLL_INTERVAL_MS = 60_000
_EMPTY = "Nothing here yet. Posts from people, groups and records your accounts follow show up here."


def timeline_channel(account_key: str) -> str:
    """The ApiService channel of the timeline's calls for an account (apart from its own feed's)."""
    return f"timeline:{account_key}"


class TimelineView(QWidget):
    """Every account's feed merged (signals: error(ApiError), status(str), sign_in_again_requested(key))."""

    error = Signal(object)
    status = Signal(str)
    sign_in_again_requested = Signal(str)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self._api = api
        self._photos = photos
        self._accounts: list[Account] = []
        self._badges: dict[str, OrgBadge] = {}
        self.merged = MergedFeed([])
        self._new_count = 0
        self._model = FeedModel(self)
        self._list = FeedListView(self)
        self._list.setAccessibleName("All accounts")
        self._list.setModel(self._model)
        self._rows = SettledRows(self._model, self._list)
        self._delegate = FeedDelegate(photos, self._list)
        self._delegate.account_of = self._model.account_of
        self._delegate.badge_of = self._badge_of
        self._list.setItemDelegate(self._delegate)
        self._actions = PostActions(self._model, api, self._delegate.can_delete, self)
        self._actions.channel_for = timeline_channel
        self._downloads = FileDownloads(self._model, api, self)
        self._delegate.downloads = self._downloads.progress
        # The "…" menus; bookmarks, edits and mutes go, like every action, to the account a post came from.
        self.post_menu = PostMenu(self._model, api, self._actions, self._list, self)
        self.lines = SourceLines(self)
        self._message_page = FeedMessage(self)
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._message_page)
        self._pages.addWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.lines)
        layout.addWidget(self._pages, 1)
        self._new_bar = NewPostsBar(self)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._scroll_check = QTimer(self)
        self._scroll_check.setSingleShot(True)
        self._scroll_check.setInterval(0)
        self._channels: set[str] = set()
        self._connect_signals()
        self._show_message("No accounts yet.")

    def _connect_signals(self) -> None:
        self._delegate.triggered.connect(self._on_triggered)
        self._delegate.comment_submitted.connect(self._send_comment)
        self._rows.appended.connect(self._on_appended)
        self._list.key_triggered.connect(self._on_key)
        self._list.context_requested.connect(self.post_menu.open_by_id)
        for source in (self._actions, self._downloads, self.post_menu.edits):
            source.status.connect(self.status)
            source.failed.connect(self._report)
        self._downloads.changed.connect(self._repaint_post)
        bar = self._list.verticalScrollBar()
        bar.valueChanged.connect(self._check_scroll)
        bar.rangeChanged.connect(self._check_scroll)
        self._scroll_check.timeout.connect(self._on_scrolled)
        self.destroyed.connect(partial(drop_answers, self._api, self._channels))
        self.destroyed.connect(partial(stop_all, self._downloads.active))
        self._new_bar.clicked.connect(self.show_new_posts)
        self._message_page.button.clicked.connect(self.retry)
        self.lines.retry_requested.connect(self.retry)
        self.lines.sign_in_requested.connect(self.sign_in_again_requested)
        self._photos.photo_ready.connect(self._on_photo)
        self._timer.timeout.connect(self._on_timer)

    # -- what others read ------------------------------------------------------------------------------------

    @property
    def model(self) -> FeedModel:
        """The posts shown, each with its account (``model.account_of``)."""
        return self._model

    @property
    def list_view(self) -> FeedListView:
        """The list of posts (for focus and tests)."""
        return self._list

    @property
    def account_keys(self) -> list[str]:
        """The accounts merged, in sidebar order."""
        return [account.key for account in self._accounts]

    @property
    def showing(self) -> str:
        """What fills the view: "loading", "posts" or "message"."""
        if self._pages.currentWidget() is self._list:
            return "posts"
        return "loading" if self._message_page.busy else "message"

    @property
    def message(self) -> str:
        """The words shown instead of posts."""
        return self._message_page.label.text()

    @property
    def busy(self) -> bool:
        """True while a page or a refresh is under way."""
        return self.merged.loading or self.merged.refreshing

    # -- accounts --------------------------------------------------------------------------------------------

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        """Merge these accounts' feeds: the same ones as before keep their posts (what stopped is retried)."""
        if [a.key for a in accounts] == self.account_keys and self.merged.account_keys:
            self._accounts = list(accounts)
            self._set_labels()
            self.retry()
            return
        for key in self.account_keys:
            self._api.bump(timeline_channel(key))
        self._accounts = list(accounts)
        self._channels |= {timeline_channel(a.key) for a in accounts}
        labels = self._set_labels()
        self._delegate.user_ids = {a.key: a.user_id for a in accounts}
        self._delegate.invalidate()
        self._rows.clear()
        self._model.clear()
        self._set_new_count(0)
        self.merged = MergedFeed([(a.key, labels[a.key]) for a in accounts])
        self.lines.show_statuses([])
        if not accounts:
            self._timer.stop()
            self._show_message("No accounts yet.")
            return
        self._timer.start()
        self._show_message("Loading your feeds…", busy=True)
        self._send(self.merged.start())

    def _set_labels(self) -> dict[str, str]:
        labels = source_labels(self._accounts)
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self._badges = {key: OrgBadge(account_colour(key, dark), label) for key, label in labels.items()}
        return labels

    def _badge_of(self, item_id: str) -> OrgBadge | None:
        key = self._model.account_of(item_id)
        return self._badges.get(key) if key is not None else None

    # -- asking ----------------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """New posts from every account (F5); an account that stopped is tried again."""
        self._timer.start()  # the next automatic poll comes a full minute after this one
        requests = self.merged.refresh()
        if not requests and not self.busy:
            self.status.emit("The feeds are up to date.")
        self._send(requests)

    @Slot()
    def retry(self) -> None:
        """Ask again for what failed."""
        requests = self.merged.retry()
        if requests and self._model.item_count == 0:
            self._show_message("Loading your feeds…", busy=True)
        self._send(requests)
        self._show_state()

    @Slot()
    def show_new_posts(self) -> None:
        """Scroll to the newest posts."""
        self._list.scrollToTop()
        self._set_new_count(0)

    def _send(self, requests: Sequence[Request]) -> None:
        for request in requests:
            key = request.account_key
            if isinstance(request.operation, FeedUpdates):
                done = partial(self._on_updates, key)
            else:
                done = partial(self._on_page, key)
            self._api.call(key, request.operation, channel=timeline_channel(key), on_done=done)
        self._show_footer()

    # -- answers ---------------------------------------------------------------------------------------------

    def _on_page(self, key: str, outcome: ApiOutcome[FeedPage]) -> None:
        if outcome.value is None:
            log.ui.info("timeline page failed for one account: %s", type(outcome.error).__name__)
            settled = self.merged.page_failed(key, outcome.error)
        else:
            settled = self.merged.page_arrived(key, outcome.value)
        self._rows.add(settled)
        self._show_state()
        if self._model.item_count == 0 and not self._rows.pending and not self.merged.loading:
            self._send(self.merged.more())  # nothing settled yet: keep pulling from whoever holds it back
        self._check_scroll()

    @Slot(int)
    def _on_appended(self, added: int) -> None:
        if added and self._pages.currentWidget() is not self._list:
            self._pages.setCurrentWidget(self._list)
            self._list.setCurrentIndex(self._model.index(0))
            self.status.emit(f"All accounts: {plural(len(self._accounts), 'feed')} merged, newest first.")
        self._show_footer()
        self._check_scroll()

    def _on_updates(self, key: str, outcome: ApiOutcome[FeedPage]) -> None:
        if outcome.value is None:
            fresh = self.merged.updates_failed(key, outcome.error)
        else:
            fresh = self.merged.updates_arrived(key, outcome.value)
        added = self._model.prepend(_items(fresh), _accounts(fresh))
        if added:
            self._pages.setCurrentWidget(self._list)
            self._set_new_count(self._new_count + added if self._list.verticalScrollBar().value() > 0 else 0)
            self.status.emit(f"{added} new post" + ("" if added == 1 else "s"))
        self._show_state()

    def _show_state(self) -> None:
        self.lines.show_statuses(self.merged.statuses)
        self._show_footer()
        if self._model.item_count or self._rows.pending:
            return
        if self.merged.loading:
            self._show_message("Loading your feeds…", busy=True)
        elif self.merged.statuses and self.merged.at_end:
            self._show_message("No account's feed could be loaded.", "Try again")
        elif self.merged.at_end:
            self._show_message(_EMPTY)

    def _show_footer(self) -> None:
        # No status row in an empty list: it would be the row the view keeps in place as the first posts go
        # in above it, scrolling them away.
        if not self._model.item_count:
            self._model.set_footer(Footer.NONE)
        elif self.merged.loading:
            self._model.set_footer(Footer.LOADING)
        elif self.merged.at_end and not self._rows.pending:
            self._model.set_footer(Footer.END)
        else:
            self._model.set_footer(Footer.NONE)

    @Slot()
    def _check_scroll(self) -> None:
        self._scroll_check.start()

    @Slot()
    def _on_scrolled(self) -> None:
        bar = self._list.verticalScrollBar()
        if bar.value() <= 0 and self._new_count:
            self._set_new_count(0)
        near_end = bar.maximum() - bar.value() <= 2 * self._list.viewport().height()
        if near_end and self.showing == "posts":
            self._send(self.merged.more())

    def _set_new_count(self, count: int) -> None:
        self._new_count = count
        self._new_bar.set_count(count)

    @Slot()
    def _on_timer(self) -> None:
        if self.isVisible() and self.window().isActiveWindow():
            self.refresh()

    def _show_message(self, text: str, button: str = "", *, busy: bool = False) -> None:
        self._message_page.show_text(text, button, busy=busy)
        self._pages.setCurrentWidget(self._message_page)

    @Slot(object)
    def _report(self, error: BaseException | None) -> None:
        self.error.emit(as_api_error(error, "timeline"))

    @Slot(str)
    def _on_photo(self, url: str) -> None:
        show_arrived_picture(self._delegate, self._model, self._list, url)

    @Slot(str)
    def _repaint_post(self, item_id: str) -> None:
        repaint_post(self._model, self._list, item_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the new-posts bar centred over the list."""
        super().resizeEvent(event)
        self._new_bar.place()

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the new-posts bar and the badges for a new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._new_bar.parent_palette_changed()
            self._set_labels()

    # -- actions on posts, each for the account the post came from -------------------------------------------

    @Slot(str, object)
    def _on_key(self, item_id: str, target: Target) -> None:
        self._on_triggered(item_id, key_target(self._model.item(item_id), target), "")

    @Slot(str, object, str)
    def _on_triggered(self, item_id: str, target: Target, value: str) -> None:
        item = self._model.item(item_id)
        account = self._actions.account_for(item_id)
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
        self._actions.send_comment(item_id, text)


def _items(entries: Sequence[Entry]) -> list[FeedItem]:
    return [entry.item for entry in entries]


def _accounts(entries: Sequence[Entry]) -> dict[str, str]:
    return {entry.item.id: entry.account_key for entry in entries}
