"""What people do to posts: like, comment, vote, delete, open links or Salesforce; progress shows on posts.

Likes and comments go through ``CheckedWrite``: one whose answer is lost is looked for in the org before the
post says anything, and is never sent twice.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop_app.api.capabilities import Poll
from desktop_app.api.errors import NotFound
from desktop_app.api.models import Comment, FeedItem, Like
from desktop_app.api.operations import (
    AddComment,
    Comments,
    DeleteElement,
    FindMyComment,
    FrontdoorUrl,
    LikeElement,
    LikeState,
    Operation,
    Unlike,
    VotePoll,
)
from desktop_app.errors import describe
from desktop_app.feed import edits
from desktop_app.feed.richtext import parse_href
from desktop_app.feed.writecheck import CheckedWrite, CheckedWrites, Phase, WriteKind
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.targets import Target

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient  # imports requests: worker threads load it

T = TypeVar("T")
HINTS = {
    WriteKind.COMMENT: {
        Phase.FAILED: "Press C to try again.",
        Phase.NOT_STORED: "Press C to try again.",
        Phase.UNKNOWN: "Press C to check again; it is sent only if it isn't there.",
    },
    WriteKind.LIKE: {Phase.UNKNOWN: "Like it again to check; it is sent only if it isn't there."},
}


def feed_channel(account_key: str) -> str:
    """The ApiService channel of an account's feed calls (bumped to drop answers nobody waits for)."""
    return f"feed:{account_key}"


class PostActions(QObject):
    """Requests for actions on the feed's posts and their outcomes (signals: status(str), failed(error))."""

    status = Signal(str)
    failed = Signal(object)

    def __init__(
        self, model: FeedModel, api: ApiService, can_delete: Callable[[FeedItem], bool], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._api = api
        self._can_delete = can_delete
        self._key: str | None = None
        self._writes = CheckedWrites(self._run_write)
        # In a feed that mixes accounts each item's calls go to the account it came from (model.account_of),
        # with that account's likes and comments under way kept apart.
        self._account_writes: dict[str, CheckedWrites] = {}
        self.channel_for: Callable[[str], str] = feed_channel

    @property
    def account_key(self) -> str | None:
        """The account acted for; changing it forgets the likes and comments under way for the old one."""
        return self._key

    @account_key.setter
    def account_key(self, key: str | None) -> None:
        if key != self._key:
            self._writes.clear()
            self._account_writes.clear()
        self._key = key

    def account_for(self, item_id: str) -> str | None:
        """The account an action on the item goes to: the one it came from, else the feed's."""
        return self._model.account_of(item_id) or self._key

    def _writes_for(self, item_id: str) -> CheckedWrites:
        account = self._model.account_of(item_id)
        if account is None:
            return self._writes
        writes = self._account_writes.get(account)
        if writes is None:
            writes = self._account_writes[account] = CheckedWrites(partial(self._run_write_as, account))
        return writes

    def trigger(self, item: FeedItem, target: Target, value: str) -> None:
        """Do what a click or a key on a post asks for (a link, like, vote, delete, bundle, Salesforce)."""
        if target is Target.LINK:
            self.open_link(value)
        elif target is Target.MORE:
            self.toggle_more(item)
        elif target is Target.BUNDLE:
            self.toggle_bundle(item)
        elif target is Target.LIKE:
            self.toggle_like(item)
        elif target is Target.VOTE:
            self.vote(item, value)
        elif target is Target.SALESFORCE:
            self.open_in_salesforce(item)
        elif target is Target.DELETE:
            self.delete(item)

    def open_link(self, href: str) -> None:
        """Web links open in the browser; a hashtag is announced."""
        target = parse_href(href)
        if target is not None and target.kind == "web":
            QDesktopServices.openUrl(QUrl(target.value))
        elif target is not None and target.kind == "hashtag":
            self.status.emit(f"#{target.value}")

    def toggle_more(self, item: FeedItem) -> None:
        """Unfold a long post, or fold it again."""
        self._model.update_state(item.id, show_all=not self._model.state(item.id).show_all)

    def toggle_bundle(self, item: FeedItem) -> None:
        """Show a bundle's changes, or hide them again."""
        if item.capabilities.bundle is not None:
            self._model.update_state(item.id, bundle_open=not self._model.state(item.id).bundle_open)

    def _act(
        self,
        item_id: str,
        operation: Operation[ConnectClient, T],
        *,
        done: Callable[[FeedItem, T | None], None],
        flag: str = "busy",
        failed: str = "",
        lane: Lane = Lane.WRITE,
    ) -> None:
        """Run an API call for a post; ``flag`` marks it under way, a failure becomes a note on the post."""
        self._model.update_state(item_id, **{flag: True}, note="")

        def finish(outcome: ApiOutcome[T]) -> None:
            item = self._model.item(item_id)
            if item is None:
                return
            self._model.update_state(item_id, **{flag: False})
            # Deleting or unliking again what is already gone is done, not failed.
            gone = isinstance(outcome.error, NotFound) and isinstance(operation, DeleteElement | Unlike)
            if outcome.ok or gone:
                done(item, outcome.value)
                return
            self._model.update_state(item_id, note=f"{failed}{describe(outcome.error)}")
            self.failed.emit(outcome.error)

        key = self.account_for(item_id)
        if key is not None:
            self._api.call(key, operation, channel=self.channel_for(key), lane=lane, on_done=finish)

    def toggle_like(self, item: FeedItem) -> None:
        """Like the post, or take the like back."""
        if self._model.state(item.id).busy:
            return
        if item.liked_by_me and item.my_like_id:
            self._act(
                item.id, Unlike(item.my_like_id), done=lambda current, _value: self._liked(current, None)
            )
        elif not item.liked_by_me:
            write = self._writes_for(item.id).get(item.id, WriteKind.LIKE, self._on_write)
            write.submit(LikeElement(item.id), lambda _sent_at: LikeState(item.id))

    def _liked(self, item: FeedItem, like: Like | None) -> None:
        self._model.replace_item(edits.liked(item, like))

    def show_comments(self, item: FeedItem, show: bool) -> None:
        """Open (loading the ones not there yet) or close a post's comments."""
        state = self._model.state(item.id)
        self._model.update_state(item.id, comments_open=show)
        if show and len(item.comments) < item.comments_total and not state.comments_loading:
            self._act(
                item.id, Comments(item.id), done=self._got_comments, flag="comments_loading", lane=Lane.READ
            )

    def _got_comments(self, item: FeedItem, comments: list[Comment] | None) -> None:
        self._model.replace_item(edits.with_comments(item, comments or []))

    @Slot(str, str)
    def send_comment(self, item_id: str, text: str) -> None:
        """Send a comment on a post; the text stays as the draft until it is posted."""
        item = self._model.item(item_id)
        if item is None:
            return
        write = self._writes_for(item_id).get(item_id, WriteKind.COMMENT, self._on_write)
        if write.busy:  # the last comment is on its way or being looked for: nothing goes twice
            self.status.emit(write.message() or "Your last comment is still being sent.")
            return
        self._model.update_state(item_id, comment_draft=text)
        known = frozenset(comment.id for comment in item.comments)
        write.submit(AddComment(item_id, text), lambda sent: FindMyComment(item_id, text, sent, known))

    def _run_write(self, operation: Operation[ConnectClient, Any], done: Callable[[Any], None]) -> None:
        if self._key is not None:
            self._run_write_as(self._key, operation, done)

    def _run_write_as(
        self, key: str, operation: Operation[ConnectClient, Any], done: Callable[[Any], None]
    ) -> None:
        self._api.call(key, operation, channel=self.channel_for(key), lane=Lane.WRITE, on_done=done)

    def _on_write(self, item_id: str, write: CheckedWrite[Any]) -> None:
        """A like or comment moved on: show it on the post (busy, a note, the result)."""
        item = self._model.item(item_id)
        if item is None:
            return
        comment = write.kind is WriteKind.COMMENT
        note = "" if write.phase is Phase.STORED else write.message(hints=HINTS.get(write.kind))
        self._model.update_state(item_id, note=note, **{"sending_comment" if comment else "busy": write.busy})
        if write.phase is Phase.FAILED:
            self.failed.emit(write.error)
        elif write.phase is Phase.STORED:
            if comment:
                self._model.update_state(item_id, comment_draft="")
                if isinstance(write.value, Comment):
                    self._model.replace_item(edits.with_comment_added(item, write.value))
            elif isinstance(write.value, Like):
                self._model.replace_item(edits.liked(item, write.value))
            said = write.message() if write.found_by_check else "Comment posted." if comment else ""
            if said:
                self.status.emit(said)
            write.forget()

    def delete(self, item: FeedItem) -> None:
        """Delete the user's own post after asking."""
        if not self._can_delete(item) or self._model.state(item.id).busy:
            return
        # Loaded when first asked: its enums cost start-up about half a millisecond.
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            cast(QWidget, self.parent()), "Delete post",
            "Delete this post and its comments? This can't be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._act(item.id, DeleteElement(item.id), done=self._deleted, failed="Couldn't delete: ")

    def vote(self, item: FeedItem, choice_id: str) -> None:
        """Vote for a choice of the post's poll, or move the vote there; the row shows the new counts."""
        poll = item.capabilities.poll
        state = self._model.state(item.id)
        if poll is None or state.voting or state.busy or poll.my_choice_id == choice_id:
            return
        if not any(choice.id == choice_id for choice in poll.choices):
            return
        self._act(item.id, VotePoll(item.id, choice_id), done=self._voted, flag="voting",
                  failed="Your vote wasn't counted: ")  # fmt: skip

    def _voted(self, item: FeedItem, poll: Poll | None) -> None:
        if poll is not None:
            self._model.replace_item(edits.with_poll(item, poll))
            self.status.emit("Vote counted.")

    def open_in_salesforce(self, item: FeedItem) -> None:
        """Open the element in the browser, signed in through a one-time URL (the token stays here)."""
        if self._model.state(item.id).busy:
            return
        self._act(item.id, FrontdoorUrl("/" + item.id), done=self._open_url,
                  failed="Couldn't open Salesforce: ")  # fmt: skip

    def _open_url(self, _item: FeedItem, url: str | None) -> None:
        if url:
            QDesktopServices.openUrl(QUrl(url))
            self.status.emit("Opened in your browser.")

    def _deleted(self, item: FeedItem, _value: object) -> None:
        self._model.remove(item.id)
        self.status.emit("Post deleted.")
