"""The "…" menu of posts and comments: only what the element allows, from the mouse or the keyboard.

The menu of a post opens from its "…" button, a right click, or the Menu key on the current post; it also
lists the person's own loaded comments, so every comment action is in reach without a mouse. B bookmarks the
current post and E edits it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.api.models import Comment, FeedItem
from desktop_app.feed.menuentries import MenuAction, MenuEntry, comment_entries, post_entries
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.feed.feedactions import PostActions
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.targets import Target

if TYPE_CHECKING:
    from desktop_app.ui.feed.elementedits import ElementEdits

MENU_TARGETS = frozenset({Target.MENU, Target.COMMENT_MENU, Target.BOOKMARK, Target.EDIT})
"""The targets PostMenu.trigger handles."""
_SNIPPET = 40
_MAX_COMMENTS = 10


def _snippet(comment: Comment) -> str:
    words = " ".join(comment.body_text.split())
    return words if len(words) <= _SNIPPET else words[: _SNIPPET - 1] + "…"


class PostMenu(QObject):
    """Builds and opens the menus, and hands what is picked to the actions that do it.

    Signals: status(str) and failed(object) from the edits (bookmarks, edits, mutes), which are made on first
    use: their dialogs and operations are not loaded before the feed is first painted.
    """

    status = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        model: FeedModel,
        api: ApiService,
        actions: PostActions,
        list_view: FeedListView,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._api = api
        self._actions = actions
        self._list = list_view
        self._parent = parent
        self._edits: ElementEdits | None = None
        self._instance_url_of: Callable[[str], str | None] | None = None
        self.menu: QMenu | None = None

    @property
    def edits(self) -> ElementEdits:
        """Bookmarks, edits, mutes, copied links and comment deletions (made when first needed)."""
        if self._edits is None:
            # Loaded on first use: the edit dialog brings the rich composer with it.
            from desktop_app.ui.feed.elementedits import ElementEdits

            self._edits = ElementEdits(self._model, self._api, self._actions, self._parent)
            self._edits.instance_url_of = self._instance_url_of
            self._edits.status.connect(self.status)
            self._edits.failed.connect(self.failed)
        return self._edits

    @property
    def instance_url_of(self) -> Callable[[str], str | None] | None:
        """An account's instance URL by key, for links to posts (given to the edits)."""
        return self._instance_url_of

    @instance_url_of.setter
    def instance_url_of(self, find: Callable[[str], str | None] | None) -> None:
        self._instance_url_of = find
        if self._edits is not None:
            self._edits.instance_url_of = find

    def place_undo_bar(self) -> None:
        """Keep the undo bar in its corner of the resized view (once there is one)."""
        if self._edits is not None:
            self._edits.undo_bar.place()

    def trigger(self, item: FeedItem, target: Target, value: str, at: QPoint | None = None) -> None:
        """Open a menu (a post's, or a comment's by id in ``value``), or bookmark or edit the post."""
        if target is Target.BOOKMARK and item.actions.can_bookmark:
            self.edits.set_bookmark(item, not item.actions.bookmarked)
        elif target is Target.EDIT:
            self.edits.edit_post(item)
        elif target is Target.MENU:
            self.open_post_menu(item, at)
        elif target is Target.COMMENT_MENU:
            comment = next((c for c in item.comments if c.id == value), None)
            if comment is not None:
                self.open_comment_menu(item, comment, at)

    def _can_delete(self, item: FeedItem) -> bool:
        return self._list.feed_delegate.can_delete(item)

    def post_menu(self, item: FeedItem) -> QMenu:
        """The menu of a post (and of the person's comments on it), not shown yet."""
        menu = QMenu(self._list)
        menu.setAccessibleName("Post actions")
        for entry in post_entries(item, can_delete=self._can_delete(item)):
            self._add(menu, entry, item, None)
        mine = [c for c in item.comments if comment_entries(c)][:_MAX_COMMENTS]
        if mine:
            menu.addSeparator()
        for comment in mine:
            sub = menu.addMenu(f"Comment: {_snippet(comment)}")
            for entry in comment_entries(comment):
                self._add(sub, entry, item, comment)
        return menu

    def comment_menu(self, item: FeedItem, comment: Comment) -> QMenu:
        """The menu of one comment, not shown yet."""
        menu = QMenu(self._list)
        menu.setAccessibleName("Comment actions")
        for entry in comment_entries(comment):
            self._add(menu, entry, item, comment)
        return menu

    def _add(self, menu: QMenu, entry: MenuEntry, item: FeedItem, comment: Comment | None) -> QAction:
        action = menu.addAction(entry.label)
        if entry.key:
            # Shown as a reminder of the feed's own key for it; the feed handles the key itself.
            action.setShortcut(QKeySequence(entry.key))
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(partial(self._do, entry.action, item.id, comment.id if comment else ""))
        return action

    @Slot(str, object)
    def open_by_id(self, item_id: str, at: QPoint | None) -> None:
        """Show the menu of the post with this id (a right click, or the keyboard when ``at`` is None)."""
        item = self._model.item(item_id)
        if item is not None:
            self.open_post_menu(item, at)

    def open_post_menu(self, item: FeedItem, at: QPoint | None = None) -> None:
        """Show a post's menu at ``at`` (global), else under its "…" button."""
        self._show(self.post_menu(item), item, Target.MENU, "", at)

    def open_comment_menu(self, item: FeedItem, comment: Comment, at: QPoint | None = None) -> None:
        """Show a comment's menu at ``at`` (global), else under its "…"."""
        self._show(self.comment_menu(item, comment), item, Target.COMMENT_MENU, comment.id, at)

    def _show(self, menu: QMenu, item: FeedItem, target: Target, value: str, at: QPoint | None) -> None:
        if menu.isEmpty():
            return
        if self.menu is not None:
            self.menu.close()
            self.menu.deleteLater()
        self.menu = menu
        if at is None:
            index = self._model.index(self._model.row_of(item.id))
            rect = self._list.visualRect(index)
            area = self._list.feed_delegate.target_rect(
                index, rect, target, self._list.font(), self._list.palette(), value=value
            )
            # Right-aligned under the "…", which sits at the right end of the post.
            hint = menu.sizeHint().width()
            anchor = QPoint(area.right() - hint, area.bottom()) if not area.isEmpty() else rect.topLeft()
            at = self._list.viewport().mapToGlobal(anchor)
        menu.popup(at)

    def _do(self, action: MenuAction, item_id: str, comment_id: str) -> None:
        item = self._model.item(item_id)
        if item is None:
            return
        comment = next((c for c in item.comments if c.id == comment_id), None)
        edits = self.edits
        if action in (MenuAction.BOOKMARK, MenuAction.UNBOOKMARK):
            edits.set_bookmark(item, action is MenuAction.BOOKMARK)
        elif action is MenuAction.EDIT:
            edits.edit_post(item)
        elif action is MenuAction.MUTE:
            edits.mute(item)
        elif action is MenuAction.COPY_LINK:
            edits.copy_link(item)
        elif action is MenuAction.DELETE:
            self._actions.delete(item)
        elif action is MenuAction.EDIT_COMMENT and comment is not None:
            edits.edit_comment(item, comment)
        elif action is MenuAction.DELETE_COMMENT and comment is not None:
            edits.delete_comment(item, comment)
