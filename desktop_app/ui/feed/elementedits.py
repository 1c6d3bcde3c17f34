"""Bookmark, mute, edit and comment deletion on the feed's posts: shown at once, put back if the org says no.

Each change shows on the post before the org answers (a bookmark flips, a muted post leaves the feed with
Undo, a deleted comment goes); the post is marked busy until the answer; a refusal puts things back and
says why on the post. Edits go through a dialog that keeps the words until they are stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from msgspec.structs import replace
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop_app.api.elementops import (
    CanEdit,
    DeleteComment,
    EditComment,
    EditPost,
    SetBookmark,
    SetMute,
    freeze_segments,
    mentions_in,
)
from desktop_app.api.errors import NotFound
from desktop_app.api.models import Comment, FeedItem, MessageSegment
from desktop_app.api.operations import Operation
from desktop_app.errors import describe
from desktop_app.feed.menuentries import element_link
from desktop_app.feed.richcompose import blocks_of, document_segments, not_editable_here
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.feed.editdialog import EditDialog
from desktop_app.ui.feed.feedactions import PostActions
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.undobar import UndoBar

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient  # imports requests: worker threads load it

T = TypeVar("T")


class ElementEdits(QObject):
    """Runs the menu's actions for one feed (signals: status(str), failed(error))."""

    status = Signal(str)
    failed = Signal(object)

    def __init__(self, model: FeedModel, api: ApiService, actions: PostActions, parent: QWidget):
        super().__init__(parent)
        self._model = model
        self._api = api
        # Each post's account and channel, as for every other action on it (a feed may mix accounts).
        self._actions = actions
        self.undo_bar = UndoBar(parent)
        self.dialog: EditDialog | None = None
        # The instance URL of an account key, for links to posts (the composition root knows accounts).
        self.instance_url_of: Callable[[str], str | None] | None = None

    def _widget(self) -> QWidget:
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    def _call(
        self, item_id: str, operation: Operation[ConnectClient, T], done: Callable[[ApiOutcome[T]], None]
    ) -> None:
        key = self._actions.account_for(item_id)
        if key is not None:
            channel = self._actions.channel_for(key)
            self._api.call(key, operation, channel=channel, lane=Lane.WRITE, on_done=done)

    def _refused(self, item_id: str, words: str, error: BaseException | None) -> None:
        self._model.update_state(item_id, busy=False, note=f"{words}{describe(error)}")
        self.failed.emit(error)

    # Bookmarks

    def set_bookmark(self, item: FeedItem, on: bool) -> None:
        """Bookmark the post (or take the bookmark away) now; put it back if the org refuses."""
        if self._model.state(item.id).busy or not item.actions.can_bookmark:
            return
        self._model.replace_item(replace(item, actions=replace(item.actions, bookmarked=on)))
        self._model.update_state(item.id, busy=True, note="")

        def done(outcome: ApiOutcome[bool]) -> None:
            current = self._model.item(item.id)
            if current is None:
                return
            if outcome.value is None:
                self._model.replace_item(
                    replace(current, actions=replace(current.actions, bookmarked=not on))
                )
                self._refused(item.id, "Couldn't change the bookmark: ", outcome.error)
                return
            self._model.replace_item(
                replace(current, actions=replace(current.actions, bookmarked=outcome.value))
            )
            self._model.update_state(item.id, busy=False)
            self.status.emit("Bookmarked." if outcome.value else "Bookmark removed.")

        self._call(item.id, SetBookmark(item.id, on), done)

    # Mute, with Undo

    def mute(self, item: FeedItem) -> None:
        """Take the post out of the feed and mute it at the org; Undo brings it back."""
        row = self._model.row_of(item.id)
        if row < 0 or self._model.state(item.id).busy or not item.actions.can_mute:
            return
        self._model.remove(item.id)
        self.undo_bar.offer("Post muted: it won't show in your feed.", lambda: self._unmute(row, item))

        def done(outcome: ApiOutcome[bool]) -> None:
            if outcome.ok:
                return
            self.undo_bar.dismiss()
            if self._model.insert_at(row, item):
                self._refused(item.id, "Couldn't mute this post: ", outcome.error)
            else:
                self.failed.emit(outcome.error)

        self._call(item.id, SetMute(item.id, True), done)

    def _unmute(self, row: int, item: FeedItem) -> None:
        self._model.insert_at(row, item)
        self._model.update_state(item.id, busy=True, note="")

        def done(outcome: ApiOutcome[bool]) -> None:
            if outcome.ok:
                self._model.update_state(item.id, busy=False)
                self.status.emit("Post unmuted.")
            else:
                self._refused(item.id, "Couldn't unmute this post: ", outcome.error)

        self._call(item.id, SetMute(item.id, False), done)

    # Link

    def copy_link(self, item: FeedItem) -> None:
        """Put the post's Salesforce address on the clipboard."""
        key = self._actions.account_for(item.id)
        instance = self.instance_url_of(key) if self.instance_url_of is not None and key else None
        link = element_link(item, instance)
        if link is None:
            self.status.emit("This post has no link to copy.")
            return
        QGuiApplication.clipboard().setText(link)
        self.status.emit(f"Link copied: {link}")

    # Edits

    def edit_post(self, item: FeedItem) -> None:
        """Ask the org whether the post may be edited (when it says to ask), then open the editor."""
        if not item.actions.can_edit or self._model.state(item.id).busy:
            return
        check = item.actions.edit_check_url
        if check is None:
            self._open_post_editor(item)
            return
        self._model.update_state(item.id, busy=True, note="")

        def done(outcome: ApiOutcome[bool]) -> None:
            current = self._model.item(item.id)
            if current is None:
                return
            self._model.update_state(item.id, busy=False)
            if outcome.value:
                self._open_post_editor(current)
            elif outcome.ok:
                self._model.update_state(item.id, note="You can't edit this post.")
            else:
                self._refused(item.id, "Couldn't check whether you can edit this post: ", outcome.error)

        self._call(item.id, CanEdit(check), done)

    def _open_dialog(self, title: str, segments: tuple[MessageSegment, ...], text: str) -> EditDialog | None:
        if self.dialog is not None:
            if self.dialog.saving:  # its words are on their way: it stays, in front
                self.dialog.raise_()
                self.dialog.activateWindow()
                return None
            self.dialog.close()
        self.dialog = EditDialog(title, blocks_of(segments, text), self._widget())
        self.dialog.finished.connect(self._forget_dialog)
        self.dialog.open()
        return self.dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _open_post_editor(self, item: FeedItem) -> None:
        why = not_editable_here(item.body_segments)
        if why:
            self._model.update_state(item.id, note=f"This post can't be edited here. {why}")
            return
        dialog = self._open_dialog("Edit post", item.body_segments, item.body_text)
        if dialog is None:
            return
        mentions = mentions_in(item.body_segments)

        def save(words: str) -> None:
            self._model.update_state(item.id, busy=True)

            def done(outcome: ApiOutcome[FeedItem]) -> None:
                self._model.update_state(item.id, busy=False)
                stored = outcome.value
                if stored is None:
                    dialog.failed(f"Not saved: {describe(outcome.error)} Your words are still here.")
                    self.failed.emit(outcome.error)
                    return
                current = self._model.item(item.id) or item
                # The answer holds only the newest comments: the ones already loaded stay.
                kept = replace(stored, comments=current.comments, comments_total=current.comments_total)
                self._model.replace_item(kept)
                dialog.saved()
                self.status.emit("Post saved.")

            segments = freeze_segments(document_segments(dialog.editor.blocks(), mentions))
            self._call(item.id, EditPost(item.id, segments), done)

        dialog.save_requested.connect(save)

    def edit_comment(self, item: FeedItem, comment: Comment) -> None:
        """Ask the org whether the comment may be edited (when it says to ask), then open the editor."""
        if not comment.actions.can_edit:
            return
        check = comment.actions.edit_check_url
        if check is None:
            self._open_comment_editor(item, comment)
            return

        def done(outcome: ApiOutcome[bool]) -> None:
            if outcome.value:
                self._open_comment_editor(item, comment)
            elif outcome.ok:
                self._model.update_state(item.id, note="You can't edit this comment.")
            else:
                self._refused(item.id, "Couldn't check whether you can edit this comment: ", outcome.error)

        self._call(item.id, CanEdit(check), done)

    def _open_comment_editor(self, item: FeedItem, comment: Comment) -> None:
        """Saving replaces the comment in place."""
        why = not_editable_here(comment.body_segments)
        if why:
            self._model.update_state(item.id, note=f"This comment can't be edited here. {why}")
            return
        dialog = self._open_dialog("Edit comment", comment.body_segments, comment.body_text)
        if dialog is None:
            return
        mentions = mentions_in(comment.body_segments)

        def save(words: str) -> None:
            def done(outcome: ApiOutcome[Comment]) -> None:
                stored = outcome.value
                if stored is None:
                    dialog.failed(f"Not saved: {describe(outcome.error)} Your words are still here.")
                    self.failed.emit(outcome.error)
                    return
                current = self._model.item(item.id)
                if current is not None:
                    comments = tuple(stored if c.id == stored.id else c for c in current.comments)
                    self._model.replace_item(replace(current, comments=comments))
                dialog.saved()
                self.status.emit("Comment saved.")

            segments = freeze_segments(document_segments(dialog.editor.blocks(), mentions))
            self._call(item.id, EditComment(comment.id, segments), done)

        dialog.save_requested.connect(save)

    def delete_comment(self, item: FeedItem, comment: Comment) -> None:
        """Ask, then take the comment away at once; it comes back if the org refuses."""
        if not comment.can_delete:
            return
        # Loaded when first asked: its enums cost start-up about half a millisecond.
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question, "Delete comment", "Delete this comment? This can't be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._widget(),
        )  # fmt: skip
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(box.windowModality().WindowModal)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self._delete_comment(item.id, comment)

        box.finished.connect(answered)
        box.open()

    def _delete_comment(self, item_id: str, comment: Comment) -> None:
        current = self._model.item(item_id)
        if current is None:
            return
        position = next((i for i, c in enumerate(current.comments) if c.id == comment.id), -1)
        if position < 0:
            return
        left = current.comments[:position] + current.comments[position + 1 :]
        total = max(0, current.comments_total - 1)
        self._model.replace_item(replace(current, comments=left, comments_total=total))
        self._model.update_state(item_id, busy=True, note="")

        def done(outcome: ApiOutcome[None]) -> None:
            now = self._model.item(item_id)
            if now is None:
                return
            if outcome.ok or isinstance(outcome.error, NotFound):
                self._model.update_state(item_id, busy=False)
                self.status.emit("Comment deleted.")
                return
            back = (*now.comments[:position], comment, *now.comments[position:])
            self._model.replace_item(replace(now, comments=back, comments_total=now.comments_total + 1))
            self._refused(item_id, "Couldn't delete the comment: ", outcome.error)

        self._call(item_id, DeleteComment(comment.id), done)
