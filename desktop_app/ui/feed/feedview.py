"""The current account's feed at a place (news, To Me, a group, ...): pages as the user scrolls, refreshes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from desktop_app.api.errors import RateLimited
from desktop_app.api.feedreads import FeedRead
from desktop_app.api.models import FEED_PAGE_SIZE, FeedItem, FeedPage
from desktop_app.api.operations import FeedUpdates
from desktop_app.errors import describe
from desktop_app.feed import placelinks
from desktop_app.feed.pager import FeedPager, Refresh
from desktop_app.feed.places import News, Place
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.downloads import downloads_channel
from desktop_app.ui.feed.feedactions import feed_channel
from desktop_app.ui.feed.feedmodel import Footer
from desktop_app.ui.feed.listpages import ListPages
from desktop_app.ui.feed.postlistview import PostListView
from desktop_app.ui.feed.postselect import PostSelector
from desktop_app.ui.feed.targets import Target
from desktop_app.ui.shared.photos import PhotoLoader

PAGE_SIZE = FEED_PAGE_SIZE


def _retry_after(error: BaseException | None) -> float | None:
    return error.retry_after if isinstance(error, RateLimited) else None


def _pages_channel(account_key: str) -> str:
    """The channel of the feed's pages and updates: moving to another place drops only these."""
    return f"{feed_channel(account_key)}:pages"


class FeedView(PostListView):
    """The current account's feed at a place (signals: error(ApiError), status(str), open_place(Place))."""

    open_place = Signal(object)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(api, photos, "feed", parent)
        self._key: str | None = None
        self.pager = FeedPager(PAGE_SIZE)
        # Where the first page kept from the last run comes from (shown at once while the live one loads),
        # by account key and feed path ("" for the news feed).
        self.saved_pages: Callable[[str, str], FeedPage | None] | None = None
        # Where an account opens (its remembered place); the news feed when nobody says.
        self.place_for: Callable[[str], Place] | None = None
        self._place: Place = News()
        self._my_user_id = ""
        self._pending_current: str | None = None
        # Widgets for places that are lists rather than feeds (the list of my groups).
        self.list_pages = ListPages(self._pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self.posts = PostSelector(self._model, self._list, lambda: self._pages.setCurrentWidget(self._list))
        self.posts.missed.connect(self._post_missed)
        self._show_message("No account selected.")

    @property
    def account_key(self) -> str | None:
        """The account whose feed is shown."""
        return self._key

    @property
    def place(self) -> Place:
        """The place whose feed is shown."""
        return self._place

    @property
    def busy(self) -> bool:
        """True while a page or an update is being fetched."""
        return self.pager.busy

    @property
    def message_button(self) -> QPushButton:
        """The action under the message (Try again, Refresh)."""
        return self._message_page.button

    @property
    def new_posts_bar(self) -> QPushButton:
        """The "N new posts" button over the list."""
        return self._new_bar

    @property
    def new_posts_waiting(self) -> int:
        """How many posts went in above since the user last looked at the top."""
        return self._new_count

    def set_account(self, account_key: str | None, my_user_id: str | None) -> None:
        """Show another account's feed at its place: drop answers meant for the old one, clear, load."""
        self._my_user_id = my_user_id or ""
        place = self.place_for(account_key) if self.place_for is not None and account_key else News()
        self.show_place(account_key, place, my_user_id=my_user_id)

    def show_place(self, account_key: str | None, place: Place, *, my_user_id: str | None = None) -> None:
        """Show an account's feed at a place (a list place shows its widget): clear, load the first page."""
        if my_user_id is not None:
            self._my_user_id = my_user_id
        self._place = place
        self.pager.set_feed(place.feed_path or "", place.query)
        # Pages of the old place are dropped; likes and comments under way finish unless the account changed.
        for key in (self._key, account_key):
            if key is not None:
                self._api.bump(_pages_channel(key))
                if account_key != self._key:
                    self._api.bump(feed_channel(key))
        self._key = self._actions.account_key = account_key
        if account_key is not None:
            self._channels |= {feed_channel(account_key), _pages_channel(account_key)}
            self._channels.add(downloads_channel(account_key))
        self._delegate.account_key = account_key or ""
        self._delegate.my_user_id = self._my_user_id
        self._delegate.invalidate()
        self._model.clear()
        self.pager.reset()
        self._set_new_count(0)
        if account_key is None:
            self._timer.stop()
            self._show_message("No account selected.")
        elif place.feed_path is None:
            self._timer.stop()
            self._show_list_page(place)
        else:
            self._timer.start()
            self._load_first_page()

    def _show_list_page(self, place: Place) -> None:
        widget = self.list_pages.widget_for(place)
        if widget is None:
            self._show_message(f"{place.label}: open one from a post, or from a link to it.")
        else:
            self._pages.setCurrentWidget(widget)

    @Slot()
    def refresh(self) -> None:
        """Fetch posts created since the last load (F5); they go in above without moving the view."""
        if self._key is None or self._place.feed_path is None:
            return
        what, request = self.pager.refresh(has_items=self._model.item_count > 0)
        if what is Refresh.QUIET:
            minutes = max(1, round(self.pager.quiet_for() / 60))
            self.status.emit(f"Chatter limit reached; the feed refreshes again in about {minutes} min.")
        elif what is Refresh.UP_TO_DATE:
            self.status.emit("The feed is up to date.")
        elif isinstance(request, FeedUpdates):
            self._timer.start()  # the next automatic poll comes a full minute after this one
            self._call(request, on_done=self._on_updates)
        elif what is Refresh.RELOAD and request is not None:
            self._timer.start()
            self._call(request, on_done=self._on_page)
        elif request is not None:
            if self._model.item_count == 0:
                self._show_message(f"Loading {placelinks.feed_words(self._place)}…", busy=True)
            else:
                self._model.set_footer(Footer.LOADING)  # the saved posts wait for their live page
            self._call(request, on_done=self._on_page)

    @Slot(object)
    def prepend_post(self, item: FeedItem) -> None:
        """Put the user's new post on top and scroll there (when it belongs in the place shown)."""
        if not isinstance(item, FeedItem) or not placelinks.belongs_in(item, self._place, self._my_user_id):
            return
        if self._model.prepend([item]):
            self._pages.setCurrentWidget(self._list)
            self._list.executeDelayedItemsLayout()
            self.show_new_posts()

    def show_post(self, element_id: str) -> bool:
        """Select a post; True when it is in the list now, else it is selected when it arrives."""
        return self.posts.select(element_id)

    @Slot(str)
    def _post_missed(self, _element_id: str) -> None:
        self.status.emit(
            "That post is not among the newest of this feed; it may be older, or in a group you don't follow."
        )

    @Slot()
    def retry(self) -> None:
        """Load again what failed: the first page, or the next one."""
        if self._key is None or self.pager.loading_page:
            return
        if self.pager.showing_saved:
            self._model.set_footer(Footer.LOADING)
            self._call(self.pager.retry_first_page(), on_done=self._on_page)
        elif self._model.item_count == 0:
            self._load_first_page()
        else:
            self._load_next_page(retry=True)

    # Pages and updates

    def _call(
        self, operation: FeedRead | FeedUpdates, on_done: Callable[[ApiOutcome[FeedPage]], None]
    ) -> None:
        assert self._key is not None
        self._api.call(self._key, operation, channel=_pages_channel(self._key), on_done=on_done)

    def _load_first_page(self) -> None:
        saved = None
        if self.saved_pages is not None and self._key and not self._place.query:
            saved = self.saved_pages(self._key, placelinks.saved_feed_key(self._place))
        request = self.pager.first_page(saved)
        if saved is not None and self.pager.showing_saved:
            self._model.append_page(saved.items)
            self._model.set_footer(Footer.LOADING)
            self._pages.setCurrentWidget(self._list)
            self._list.setCurrentIndex(self._model.index(0))
            self.status.emit("Showing the posts saved last time; loading new ones…")
        else:
            self._show_message(f"Loading {placelinks.feed_words(self._place)}…", busy=True)
        self._call(request, on_done=self._on_page)

    def _replace_saved(self) -> None:
        """The live first page is here: the saved posts make way for it, the current post stays current."""
        current = self._model.item_at(self._list.currentIndex().row())
        self._model.clear()
        self._pending_current = current.id if current is not None else None

    def _load_next_page(self, *, retry: bool = False) -> None:
        request = self.pager.retry_next_page() if retry else self.pager.next_page()
        if request is not None:
            self._model.set_footer(Footer.LOADING)
            self._call(request, on_done=self._on_page)

    def _on_page(self, outcome: ApiOutcome[FeedPage]) -> None:
        page = outcome.value
        if page is None:
            self.pager.page_failed(_retry_after(outcome.error))
            self._report(outcome.error)
            if self._model.item_count == 0:
                words = placelinks.feed_words(self._place)
                self._show_message(f"Couldn't load {words}. {describe(outcome.error)}", "Try again")
            else:
                self._model.set_footer(Footer.ERROR, f"Couldn't load more posts. {describe(outcome.error)}")
            return
        change = self.pager.page_arrived(page, has_items=self._model.item_count > 0)
        if change.merge:
            self._merge(page)
            return
        if change.replace_saved:
            self._replace_saved()
        first = self._model.item_count == 0
        self._model.append_page(page.items)
        self._model.set_footer(Footer.END if change.at_end else Footer.NONE)
        if self._model.item_count == 0:
            self._show_message(placelinks.empty_message(self._place), "Refresh")
        elif first:
            self._pages.setCurrentWidget(self._list)
            keep = self._model.row_of(self._pending_current) if self._pending_current else -1
            self._pending_current = None
            self._list.setCurrentIndex(self._model.index(max(keep, 0)))
            self.status.emit(f"Loaded {self._model.item_count} posts.")
        self._check_scroll()

    @Slot()
    def _on_scrolled(self) -> None:
        bar = self._list.verticalScrollBar()
        if bar.value() <= 0 and self._new_count:
            self._set_new_count(0)
        near_end = bar.maximum() - bar.value() <= 2 * self._list.viewport().height()
        if near_end and self._model.footer is not Footer.ERROR and self.showing == "posts":
            self._load_next_page()

    def _on_updates(self, outcome: ApiOutcome[FeedPage]) -> None:
        page = outcome.value
        if page is None:
            self.pager.updates_failed(_retry_after(outcome.error))
            self._report(outcome.error)
            return
        self.pager.updates_arrived(page)
        self._take_new(page)

    def _merge(self, page: FeedPage) -> None:
        """A first page asked again (a feed without updates): posts already shown take their new state."""
        for item in page.items:
            if self._model.contains(item.id):
                self._model.replace_item(item)
        self._take_new(page)

    def _take_new(self, page: FeedPage) -> None:
        fresh = [item for item in page.items if not self._model.contains(item.id)]
        if not fresh:
            self.status.emit("The feed is up to date.")
            return
        # The list keeps the post at the top of the viewport where it is while these go in above it.
        added = self._model.prepend(fresh)
        self._pages.setCurrentWidget(self._list)
        self._set_new_count(self._new_count + added if self._list.verticalScrollBar().value() > 0 else 0)
        self.status.emit(f"{added} new post" + ("" if added == 1 else "s"))

    @Slot()
    def _on_timer(self) -> None:
        if self.isVisible() and self.window().isActiveWindow() and self.pager.quiet_for() <= 0:
            self.refresh()

    def _account_of(self, item_id: str) -> str | None:
        return self._key

    def _follow(self, item: FeedItem | None, target: Target, value: str) -> bool:
        place = placelinks.click_place(item, value, author=target is Target.PERSON) if item else None
        if place is not None:
            self.open_place.emit(place)
        return place is not None
