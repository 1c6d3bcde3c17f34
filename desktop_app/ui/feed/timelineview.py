"""The "All accounts" view: every account's news feed in one list, newest first, each post with its org.

The merge itself (what is shown when, which account's next page to ask for) is ``feed.merge.MergedFeed``;
this view runs its requests on each account's workers, shows what settles, and routes every action on a
post to the account the post came from (``FeedModel.account_of``), on that account's own channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app import log
from desktop_app.api.models import FeedItem, FeedPage
from desktop_app.api.operations import FeedUpdates
from desktop_app.auth.account import Account
from desktop_app.feed.elementtext import plural
from desktop_app.feed.merge import Entry, MergedFeed, Request
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.feedmodel import Footer
from desktop_app.ui.feed.orgbadge import OrgBadge, account_colour, source_labels
from desktop_app.ui.feed.postlistview import PostListView
from desktop_app.ui.feed.settledrows import SettledRows
from desktop_app.ui.feed.sourcelines import SourceLines
from desktop_app.ui.shared.photos import PhotoLoader

_EMPTY = "Nothing here yet. Posts from people, groups and records your accounts follow show up here."


def timeline_channel(account_key: str) -> str:
    """The ApiService channel of the timeline's calls for an account (apart from its own feed's)."""
    return f"timeline:{account_key}"


class TimelineView(PostListView):
    """Every account's feed merged (signals: error(ApiError), status(str), sign_in_again_requested(key))."""

    sign_in_again_requested = Signal(str)

    def __init__(self, api: ApiService, photos: PhotoLoader, parent: QWidget | None = None) -> None:
        super().__init__(api, photos, "timeline", parent)
        self.setObjectName("timeline")
        self._accounts: list[Account] = []
        self._badges: dict[str, OrgBadge] = {}
        self.merged = MergedFeed([])
        self._list.setAccessibleName("All accounts")
        self._rows = SettledRows(self._model, self._list)
        self._delegate.account_of = self._model.account_of
        self._delegate.badge_of = self._badge_of
        self._actions.channel_for = timeline_channel
        self.lines = SourceLines(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.lines)
        layout.addWidget(self._pages, 1)
        self._rows.appended.connect(self._on_appended)
        self.lines.retry_requested.connect(self.retry)
        self.lines.sign_in_requested.connect(self.sign_in_again_requested)
        self._show_message("No accounts yet.")

    # -- what others read ------------------------------------------------------------------------------------

    @property
    def account_keys(self) -> list[str]:
        """The accounts merged, in sidebar order."""
        return [account.key for account in self._accounts]

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
    def _on_scrolled(self) -> None:
        bar = self._list.verticalScrollBar()
        if bar.value() <= 0 and self._new_count:
            self._set_new_count(0)
        near_end = bar.maximum() - bar.value() <= 2 * self._list.viewport().height()
        if near_end and self.showing == "posts":
            self._send(self.merged.more())

    @Slot()
    def _on_timer(self) -> None:
        if self.isVisible() and self.window().isActiveWindow():
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the new-posts bar and the badges for a new palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._set_labels()


def _items(entries: Sequence[Entry]) -> list[FeedItem]:
    return [entry.item for entry in entries]


def _accounts(entries: Sequence[Entry]) -> dict[str, str]:
    return {entry.item.id: entry.account_key for entry in entries}
