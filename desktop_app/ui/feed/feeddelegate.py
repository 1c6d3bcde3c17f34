"""Paints one feed post per row, sizes rows (exactly, or by a cheap estimate), finds what is clicked.

Row heights are cached per (item id, revision, width) in a large cache, so measuring a row again is a
dictionary lookup; full layouts with their text documents live in a small cache for the rows near the
viewport, so a row measured before it scrolls in is painted from the same documents.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QHelpEvent, QImage, QMouseEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from desktop_app.api.models import FeedItem
from desktop_app.feed.richtext import absolute_time, parse_href, plain_tooltip
from desktop_app.ui.feed.commenteditor import CommentEditor
from desktop_app.ui.feed.feedlayout import (
    FOOTER_HEIGHT,
    MARGIN,
    MIN_WIDTH,
    Estimator,
    PostLayout,
    build_layout,
    soft,
)
from desktop_app.ui.feed.feedmodel import FeedModel, Footer, PostState, footer_at, post_at
from desktop_app.ui.feed.feedpaint import Brush, RowLook, paint_footer, paint_post
from desktop_app.ui.feed.orgbadge import OrgBadge
from desktop_app.ui.feed.shapecache import draw_hline
from desktop_app.ui.feed.targets import Hit, Target
from desktop_app.ui.shared.photos import PhotoLoader, placeholder

ModelIndex = QModelIndex | QPersistentModelIndex
DownloadLookup = Callable[[str, str], float | None]
"""(item id, file key) -> how far its download is (0 to 1, -1 if unknown), or None when none is under way."""
_HEIGHTS_KEPT = 50_000
_LAYOUTS_KEPT = 160
_PLACEHOLDERS_KEPT = 500


class FeedDelegate(QStyledItemDelegate):
    """Draws posts and the status row (signals: triggered(item_id, target, value), comment_submitted)."""

    triggered = Signal(str, object, str)
    comment_submitted = Signal(str, str)

    def __init__(self, photos: PhotoLoader | None, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._photos = photos
        self.account_key = ""
        self.my_user_id = ""
        self.hover: tuple[int, Hit] | None = None
        self._heights: OrderedDict[tuple[str, int, int], int] = OrderedDict()
        self._layouts: OrderedDict[tuple[str, int, int], PostLayout] = OrderedDict()
        self._estimators: dict[str, Estimator] = {}
        self._placeholders: dict[tuple[str, int], QPixmap] = {}
        self._pressed: Hit | None = None
        # Rows laid out while an inline image of theirs was loading: they are measured again when it comes.
        self._waiting: dict[str, set[str]] = {}
        self.downloads: DownloadLookup | None = None
        # In a feed that mixes accounts: each item's account (photos load through it, deleting is its user's)
        # and its badge; unset, every row belongs to ``account_key`` and has no badge.
        self.account_of: Callable[[str], str | None] | None = None
        self.user_ids: dict[str, str] = {}
        self.badge_of: Callable[[str], OrgBadge | None] | None = None

    def _account(self, item_id: str) -> str:
        account = self.account_of(item_id) if self.account_of is not None else None
        return account or self.account_key

    def invalidate(self) -> None:
        """Forget every cached layout (palette, font or account changed)."""
        self._heights.clear()
        self._layouts.clear()
        self._estimators.clear()
        self._waiting.clear()

    def can_delete(self, item: FeedItem) -> bool:
        """Whether the signed-in user may delete the post."""
        return self._can_delete_as(item, self._account(item.id))

    def _can_delete_as(self, item: FeedItem, account: str) -> bool:
        mine = self.user_ids.get(account, self.my_user_id)
        return item.can_delete or bool(mine and item.actor.id == mine)

    def layout_for(self, index: ModelIndex, width: int, font: QFont, palette: QPalette) -> PostLayout | None:
        """The layout of a post row at a width (cached), or None for the status row."""
        post = post_at(index)
        if post is None:
            return None
        item, state = post
        key = (item.id, state.revision, width)
        layout = self._layouts.get(key)
        if layout is None:
            account = self._account(item.id)
            images = partial(self._inline_image, account, item.id)
            can_delete = self._can_delete_as(item, account)
            layout = build_layout(item, state, width, font, palette, can_delete=can_delete, images=images)
        self._keep(key, layout)
        return layout

    def prepare(self, item: FeedItem, account: str, option: QStyleOptionViewItem) -> int:
        """Lay out a post about to go in (so in its first state) for the account it comes from; its height."""
        width = self._width(option)
        key = (item.id, PostState().revision, width)
        layout = self._layouts.get(key)
        if layout is None:
            account = account or self.account_key
            images = partial(self._inline_image, account, item.id)
            can_delete = self._can_delete_as(item, account)
            layout = build_layout(
                item, PostState(), width, option.font, option.palette, can_delete=can_delete, images=images
            )
        self._keep(key, layout)
        return layout.height

    def _keep(self, key: tuple[str, int, int], layout: PostLayout) -> None:
        self._layouts[key] = layout
        self._layouts.move_to_end(key)
        if len(self._layouts) > _LAYOUTS_KEPT:
            self._layouts.popitem(last=False)
        self._heights[key] = layout.height
        if len(self._heights) > _HEIGHTS_KEPT:
            self._heights.popitem(last=False)

    def _inline_image(self, account: str, item_id: str, url: str) -> QImage | None:
        if self._photos is None or not account:
            return None
        image = self._photos.image(account, url)
        if image is None and not self._photos.failed(url):
            self._waiting.setdefault(url, set()).add(item_id)
        return image

    def image_arrived(self, url: str) -> set[str]:
        """The posts to lay out again now that a picture of theirs is here."""
        return self._waiting.pop(url, set())

    # Size and paint

    def _view(self) -> QAbstractItemView:
        # Looked up rather than kept: a reference back to the view would make the pair a reference cycle.
        return cast(QAbstractItemView, self.parent())

    def _width(self, option: QStyleOptionViewItem) -> int:
        if option.rect.width() > 0:
            return option.rect.width()
        return max(MIN_WIDTH, self._view().viewport().width())

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        """Row height from the cache, laid out once per item revision and width."""
        width = self._width(option)
        model = index.model()
        key = model.height_key(index.row()) if isinstance(model, FeedModel) else None
        if key is None:
            return QSize(width, FOOTER_HEIGHT)
        height = self._heights.get((*key, width))
        if height is None:
            layout = self.layout_for(index, width, option.font, option.palette)
            height = layout.height if layout is not None else FOOTER_HEIGHT
        return QSize(width, height)

    def estimate_heights(
        self, model: FeedModel, first: int, last: int, option: QStyleOptionViewItem
    ) -> list[int]:
        """Heights of rows without laying out any text: exact ones already known, else from text lengths."""
        width = self._width(option)
        font = option.font
        estimator = self._estimators.get(font.key())
        if estimator is None:
            estimator = self._estimators[font.key()] = Estimator(font)
        heights = []
        for row in range(first, last + 1):
            item = model.item_at(row)
            if item is None:
                heights.append(FOOTER_HEIGHT)
                continue
            state = model.state(item.id)
            known = self._heights.get((item.id, state.revision, width))
            if known is None:
                known = estimator.height(item, state, width, can_delete=self.can_delete(item))
            heights.append(known)
        return heights

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """Draw a post or the status row."""
        rect = option.rect
        brush = Brush(painter, option.font, option.palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = self._view()
        if view.hasFocus() and view.currentIndex() == index:
            highlight = option.palette.color(QPalette.ColorRole.Highlight)
            painter.fillRect(rect, soft(highlight, 28))
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), highlight)
        draw_hline(painter, rect.left() + MARGIN, rect.right() - MARGIN, rect.bottom(), brush.style.faded(40))
        painter.translate(rect.topLeft())
        row = index.row()
        post = post_at(index)
        layout = self.layout_for(index, rect.width(), option.font, option.palette)
        if post is not None and layout is not None:
            item, state = post
            hover = self.hover[1] if self.hover is not None and self.hover[0] == row else None
            look = RowLook(self._photo, self._picture, hover, partial(self._download, item.id))
            if self.account_of is not None:
                account = self._account(item.id)
                badge = self.badge_of(item.id) if self.badge_of is not None else None
                photo, picture = (
                    partial(self._photo, account=account),
                    partial(self._picture, account=account),
                )
                look = RowLook(photo, picture, hover, partial(self._download, item.id), badge)
            paint_post(brush, layout, item=item, state=state, look=look)
        elif isinstance(model := index.model(), FeedModel):
            local = QRect(0, 0, rect.width(), rect.height())
            paint_footer(brush, model.footer, model.footer_text, local, self._hovered(row, Target.RETRY))
        painter.restore()

    def _photo(self, url: str | None, name: str, size: int, account: str = "") -> QPixmap:
        account = account or self.account_key
        if self._photos is not None and url and account:
            pixmap = self._photos.pixmap(account, url, size)
            if pixmap is not None:
                return pixmap
        cached = self._placeholders.get((name, size))
        if cached is None:
            cached = placeholder(name, size)
            if len(self._placeholders) < _PLACEHOLDERS_KEPT:
                self._placeholders[(name, size)] = cached
        return cached

    def _picture(self, url: str, width: int, height: int, account: str = "") -> QPixmap | None:
        account = account or self.account_key
        if self._photos is None or not account:
            return None
        return self._photos.picture(account, url, width, height)

    def _download(self, item_id: str, key: str) -> float | None:
        return self.downloads(item_id, key) if self.downloads is not None else None

    def _hovered(self, row: int, target: Target) -> bool:
        return self.hover is not None and self.hover[0] == row and self.hover[1].target is target

    # Hit testing and events

    def target_rect(
        self,
        index: ModelIndex,
        rect: QRect,
        target: Target,
        font: QFont,
        palette: QPalette,
        *,
        value: str = "",
    ) -> QRect:
        """Where a target of the row at ``rect`` is (with ``value``, that choice or file; empty if absent)."""
        layout = self.layout_for(index, rect.width(), font, palette)
        if layout is None:
            return QRect()
        for hit, area in layout.hit_areas():
            if hit.target is target and (not value or hit.value == value):
                return area.translated(rect.topLeft())
        return QRect()

    def hit_test(
        self, index: ModelIndex, rect: QRect, pos: QPoint, font: QFont, palette: QPalette
    ) -> Hit | None:
        """What is under ``pos`` (viewport coordinates) in the row drawn at ``rect``."""
        footer = footer_at(index)
        if footer is not None:
            return Hit(Target.RETRY) if footer is Footer.ERROR else None
        layout = self.layout_for(index, rect.width(), font, palette)
        if layout is None:
            return None
        point = pos - rect.topLeft()
        for hit, area in layout.hit_areas():
            if area.contains(point):
                return hit
        for box, doc in [(layout.body, layout.doc), *((c.body, c.doc) for c in layout.comments)]:
            if box.contains(QPointF(point)):
                href = doc.documentLayout().anchorAt(QPointF(point) - box.topLeft())
                if href and parse_href(href) is not None:
                    return Hit(Target.LINK, href)
        return None

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: ModelIndex) -> bool:
        """Clicks on links and actions: pressed and released on the same target."""
        if event.type() not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        mouse = cast(QMouseEvent, event)
        if mouse.button() != Qt.MouseButton.LeftButton:
            return False
        hit = self.hit_test(index, option.rect, mouse.position().toPoint(), option.font, option.palette)
        if event.type() == QEvent.Type.MouseButtonPress:
            self._pressed = hit
            return False
        pressed, self._pressed = self._pressed, None
        if hit is None or hit != pressed:
            return False
        post = post_at(index)
        self.triggered.emit(post[0].id if post else "", hit.target, hit.value)
        return True

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: ModelIndex
    ) -> bool:
        """Tooltips: a link's address, a post's exact time."""
        if event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        tip = ""
        hit = self.hit_test(index, option.rect, event.pos(), option.font, option.palette)
        target = parse_href(hit.value) if hit is not None and hit.target is Target.LINK else None
        if target is not None and target.kind == "web":
            tip = target.value
        elif hit is not None and hit.target is Target.DOWNLOAD:
            under_way = self._download(_item_id(index), hit.value) is not None
            tip = "Stop downloading" if under_way else "Download this file"
        layout = self.layout_for(index, option.rect.width(), option.font, option.palette)
        post = post_at(index)
        if (
            post is not None
            and layout is not None
            and layout.time.contains(event.pos() - option.rect.topLeft())
        ):
            tip = absolute_time(post[0].created)
        if tip:
            QToolTip.showText(event.globalPos(), plain_tooltip(tip), view)
            return True
        QToolTip.hideText()
        return False

    # Comment entry

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        """A line edit placed over the post's comment entry."""
        post = post_at(index)
        editor = CommentEditor(post[0].id if post else "", parent)
        editor.submitted.connect(self.comment_submitted)
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        """Start from the saved draft."""
        post = post_at(index)
        if isinstance(editor, QLineEdit) and post is not None and not editor.text():
            editor.setText(post[1].comment_draft)

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        """Keep what was typed as the post's draft (sending happens on Enter only)."""
        post = post_at(index)
        if isinstance(editor, QLineEdit) and isinstance(model, FeedModel) and post is not None:
            model.update_state(post[0].id, comment_draft=editor.text())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """Put the editor over the comment entry."""
        layout = self.layout_for(index, option.rect.width(), option.font, option.palette)
        if layout is not None and layout.entry is not None:
            editor.setGeometry(layout.entry.translated(option.rect.topLeft()))
        else:
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def _item_id(index: ModelIndex) -> str:
    post = post_at(index)
    return post[0].id if post is not None else ""
