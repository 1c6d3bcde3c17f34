"""What people do to posts: like, comment, vote, delete, open links or Salesforce; progress shows on posts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.api.capabilities import Poll
from desktop_app.api.errors import NotFound
from desktop_app.api.models import Comment, FeedItem, Like
from desktop_app.api.operations import (
    AddComment,
    Comments,
    DeleteElement,
    FrontdoorUrl,
    LikeElement,
    Operation,
    Unlike,
    VotePoll,
)
from desktop_app.errors import describe
from desktop_app.feed import edits
from desktop_app.feed.richtext import parse_href
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.targets import Target

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient  # imports requests: worker threads load it

T = TypeVar("T")


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
        self.account_key: str | None = None

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
            gone = isinstance(outcome.error, NotFound) and isinstance(operation, DeleteElement)
            if outcome.ok or gone:
                done(item, outcome.value)
                return
            self._model.update_state(item_id, note=f"{failed}{describe(outcome.error)}")
            self.failed.emit(outcome.error)

        key = self.account_key
        if key is not None:
            self._api.call(key, operation, channel=feed_channel(key), lane=lane, on_done=finish)

    def toggle_like(self, item: FeedItem) -> None:
        """Like the post, or take the like back."""
        if self._model.state(item.id).busy:
            return
        if item.liked_by_me and item.my_like_id:
            self._act(
                item.id, Unlike(item.my_like_id), done=lambda current, _value: self._liked(current, None)
            )
        elif not item.liked_by_me:
            self._act(item.id, LikeElement(item.id), done=self._liked)

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
        if self._model.item(item_id) is None:
            return
        self._model.update_state(item_id, comment_draft=text)

        def sent(item: FeedItem, comment: Comment | None) -> None:
            self._model.update_state(item_id, comment_draft="")
            if comment is None:
                return
            self._model.replace_item(edits.with_comment_added(item, comment))
            self.status.emit("Comment posted.")

        self._act(item_id, AddComment(item_id, text), done=sent, flag="sending_comment",
                  failed="Your comment wasn't sent (press C to try again): ")  # fmt: skip

    def delete(self, item: FeedItem) -> None:
        """Delete the user's own post after asking."""
        if not self._can_delete(item) or self._model.state(item.id).busy:
            return
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
