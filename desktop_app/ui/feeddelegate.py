"""Paints one feed post per row (photo, names, age, rich body, actions, comments) and finds what is clicked.

Row heights are cached per (item id, revision, width) in a large cache, so laying out 10,000 rows again is
dictionary lookups; full layouts with their text documents live in a small cache for the rows on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from desktop_app.api.models import Comment, FeedItem
from desktop_app.ui.feedmodel import FeedModel, Footer, PostState, footer_at, post_at
from desktop_app.ui.photos import PhotoLoader, placeholder
from desktop_app.ui.richtext import absolute_time, fold_height, make_document, parse_href, relative_time

ModelIndex = QModelIndex | QPersistentModelIndex
MARGIN = 12
PHOTO = 40
SMALL_PHOTO = 24
GAP = 10
FOLD_LINES = 12
FOLD_UNLESS_WITHIN = 14
ENTRY_HEIGHT = 30
FOOTER_HEIGHT = 52
_HEIGHTS_KEPT = 50_000
_LAYOUTS_KEPT = 160
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Target(StrEnum):
    """Something in a row that reacts to a click or a key."""

    LINK = "link"
    LIKE = "like"
    COMMENTS = "comments"
    COMMENT = "comment"
    DELETE = "delete"
    MORE = "more"
    RETRY = "retry"


@dataclass(frozen=True)
class Hit:
    """A target under the pointer, with its value (the href for links)."""

    target: Target
    value: str = ""


@dataclass
class _Comment:
    comment: Comment
    photo: QRect
    name: QRect
    time: QRect
    body: QRectF
    doc: QTextDocument


@dataclass
class _Layout:
    """Where everything of one post goes, relative to the row's top-left corner."""

    photo: QRect
    name: QRect
    time: QRect
    body: QRectF
    doc: QTextDocument
    folded: bool
    more: QRect | None
    height: int = 0
    buttons: list[tuple[Target, QRect, str]] = field(default_factory=list)
    note: QRect | None = None
    comments: list[_Comment] = field(default_factory=list)
    loading: QRect | None = None
    entry: QRect | None = None


def soft(colour: QColor, alpha: int) -> QColor:
    """The colour with another alpha, for secondary text and lines that suit any palette."""
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def error_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's base colour."""
    return (
        QColor("#ff8a80") if palette.color(QPalette.ColorRole.Base).lightness() < 128 else QColor("#c23934")
    )


def _age_width(metrics: QFontMetrics, created: str | None) -> int:
    # Ages are drawn fresh at paint time while layouts stay cached: leave room for a longer one.
    widest = max(metrics.horizontalAdvance(relative_time(created)), metrics.horizontalAdvance("just now"))
    return widest + 4


class _Brush:
    """Fonts and colours of one paint call."""

    def __init__(self, painter: QPainter, font: QFont, palette: QPalette) -> None:
        self.painter = painter
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.palette = palette
        self.text = palette.color(QPalette.ColorRole.Text)
        self.secondary = soft(self.text, 150)
        self.link = palette.color(QPalette.ColorRole.Link)

    def write(
        self, rect: QRect, text: str, colour: QColor, *, bold: bool = False, align: Any = _LEFT
    ) -> None:
        font = self.bold if bold else self.font
        self.painter.setFont(font)
        self.painter.setPen(colour)
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        self.painter.drawText(rect, align, shown)

    def document(self, doc: QTextDocument, rect: QRectF) -> None:
        self.painter.save()
        self.painter.translate(rect.topLeft())
        clip = QRectF(0, 0, rect.width(), rect.height())
        self.painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = QPalette(self.palette)
        context.clip = clip
        doc.documentLayout().draw(self.painter, context)
        self.painter.restore()


class CommentEditor(QLineEdit):
    """The one-line comment entry opened inside a post (signals: submitted(item_id, text))."""

    submitted = Signal(str, str)

    def __init__(self, item_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.setPlaceholderText("Write a comment… (Enter sends, Esc cancels)")
        self.setAccessibleName("Comment")
        self.setMaxLength(10_000)
        self.returnPressed.connect(self._submit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter sends and stops there: the list must not also see it and fold the comments."""
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()

    @Slot()
    def _submit(self) -> None:
        text = self.text().strip()
        if text:
            self.clear()
            self.submitted.emit(self.item_id, text)


class FeedDelegate(QStyledItemDelegate):
    """Draws posts and the status row (signals: triggered(item_id, target, value), comment_submitted)."""

    triggered = Signal(str, str, str)
    comment_submitted = Signal(str, str)

    def __init__(self, photos: PhotoLoader | None, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._photos = photos
        self.account_key = ""
        self.my_user_id = ""
        self.hover: tuple[int, Hit] | None = None
        self._heights: OrderedDict[tuple[str, int, int], int] = OrderedDict()
        self._layouts: OrderedDict[tuple[str, int, int], _Layout] = OrderedDict()
        self._placeholders: dict[tuple[str, int], QPixmap] = {}
        self._pressed: Hit | None = None

    def invalidate(self) -> None:
        """Forget every cached layout (palette, font or account changed)."""
        self._heights.clear()
        self._layouts.clear()

    def can_delete(self, item: FeedItem) -> bool:
        """Whether the signed-in user may delete the post."""
        return item.can_delete or bool(self.my_user_id and item.actor.id == self.my_user_id)

    def layout_for(self, index: ModelIndex, width: int, font: QFont, palette: QPalette) -> _Layout | None:
        """The layout of a post row at a width (cached), or None for the status row."""
        post = post_at(index)
        if post is None:
            return None
        item, state = post
        key = (item.id, state.revision, width)
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._build(item, state, width, font, palette)
            self._layouts[key] = layout
            if len(self._layouts) > _LAYOUTS_KEPT:
                self._layouts.popitem(last=False)
        self._layouts.move_to_end(key)
        self._heights[key] = layout.height
        if len(self._heights) > _HEIGHTS_KEPT:
            self._heights.popitem(last=False)
        return layout

    # Layout

    def _build(self, item: FeedItem, state: PostState, width: int, font: QFont, palette: QPalette) -> _Layout:
        metrics = QFontMetrics(font)
        line = metrics.height() + 2
        left = MARGIN + PHOTO + GAP
        column = max(120, width - left - MARGIN)
        time_width = _age_width(metrics, item.created)
        link = palette.color(QPalette.ColorRole.Link)
        doc = make_document(item.body_segments, item.body_text, column, font, link)
        fold = fold_height(doc, FOLD_LINES, FOLD_UNLESS_WITHIN)
        folded = fold is not None and not state.show_all
        top = MARGIN + line + 4
        body = QRectF(left, top, column, fold if folded and fold is not None else doc.size().height())
        y = int(body.bottom()) + 4
        more = None
        if fold is not None:
            more = QRect(left, y, metrics.horizontalAdvance("Show more") + 12, metrics.height() + 4)
            y = more.bottom() + 1
        layout = _Layout(
            photo=QRect(MARGIN, MARGIN, PHOTO, PHOTO),
            name=QRect(left, MARGIN, column - time_width - GAP, line),
            time=QRect(left + column - time_width, MARGIN, time_width, line),
            body=body,
            doc=doc,
            folded=folded,
            more=more,
        )
        y += 6
        x = left
        for target, label in self._button_labels(item, state):
            button = QRect(x, y, metrics.horizontalAdvance(label) + 16, metrics.height() + 8)
            if target is Target.DELETE:
                button.moveRight(left + column - 1)
            layout.buttons.append((target, button, label))
            x = button.right() + 7
        y += metrics.height() + 8
        if state.note:
            bounds = metrics.boundingRect(QRect(0, 0, column, 10_000), Qt.TextFlag.TextWordWrap, state.note)
            layout.note = QRect(left, y + 4, column, bounds.height())
            y = layout.note.bottom() + 1
        if state.comments_open:
            y = self._build_comments(
                layout,
                item,
                QRect(left, y + 8, column, 0),
                loading=state.comments_loading,
                font=font,
                link=link,
            )
        layout.height = max(y, MARGIN + PHOTO) + MARGIN
        return layout

    def _button_labels(self, item: FeedItem, state: PostState) -> list[tuple[Target, str]]:
        like = "♥ Liked" if item.liked_by_me else "♡ Like"
        if item.likes_total:
            like += f" · {item.likes_total}"
        total = item.comments_total
        if state.comments_open:
            comments = "Hide comments"
        else:
            comments = f"{total} comment{'' if total == 1 else 's'}" if total else "Comment"
        labels = [(Target.LIKE, like), (Target.COMMENTS, comments)]
        if self.can_delete(item):
            labels.append((Target.DELETE, "Delete"))
        return labels

    def _build_comments(
        self, layout: _Layout, item: FeedItem, area: QRect, *, loading: bool, font: QFont, link: QColor
    ) -> int:
        metrics = QFontMetrics(font)
        inner = area.left() + SMALL_PHOTO + 8
        inner_width = max(80, area.width() - SMALL_PHOTO - 8)
        y = area.top()
        for comment in item.comments:
            time_width = _age_width(metrics, comment.created)
            name = QRect(inner, y, inner_width - time_width - GAP, metrics.height())
            time = QRect(inner + inner_width - time_width, y, time_width, metrics.height())
            doc = make_document(comment.body_segments, comment.body_text, inner_width, font, link)
            body = QRectF(inner, name.bottom() + 3, inner_width, doc.size().height())
            photo = QRect(area.left(), y, SMALL_PHOTO, SMALL_PHOTO)
            layout.comments.append(_Comment(comment, photo, name, time, body, doc))
            y = max(int(body.bottom()), photo.bottom()) + 10
        if loading:
            layout.loading = QRect(area.left(), y, area.width(), metrics.height())
            y = layout.loading.bottom() + 7
        layout.entry = QRect(area.left(), y, area.width(), ENTRY_HEIGHT)
        return layout.entry.bottom() + 1

    # Size and paint

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        """Row height from the cache, laid out once per item revision and width."""
        viewport = self._view.viewport().width()
        width = max(240, viewport if viewport > 0 else option.rect.width())
        model = index.model()
        key = model.height_key(index.row()) if isinstance(model, FeedModel) else None
        if key is None:
            return QSize(width, FOOTER_HEIGHT)
        height = self._heights.get((*key, width))
        if height is None:
            layout = self.layout_for(index, width, option.font, option.palette)
            height = layout.height if layout is not None else FOOTER_HEIGHT
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """Draw a post or the status row."""
        rect = option.rect
        brush = _Brush(painter, option.font, option.palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._view.hasFocus() and self._view.currentIndex() == index:
            highlight = option.palette.color(QPalette.ColorRole.Highlight)
            painter.fillRect(rect, soft(highlight, 28))
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), highlight)
        painter.setPen(soft(brush.text, 40))
        painter.drawLine(rect.left() + MARGIN, rect.bottom(), rect.right() - MARGIN, rect.bottom())
        painter.translate(rect.topLeft())
        layout = self.layout_for(index, rect.width(), option.font, option.palette)
        if layout is not None:
            self._paint_post(brush, index, layout)
        else:
            self._paint_footer(brush, index, QRect(0, 0, rect.width(), rect.height()))
        painter.restore()

    def _photo(self, url: str | None, name: str, size: int) -> QPixmap:
        if self._photos is not None and url and self.account_key:
            pixmap = self._photos.pixmap(self.account_key, url, size)
            if pixmap is not None:
                return pixmap
        cached = self._placeholders.get((name, size))
        if cached is None:
            cached = placeholder(name, size)
            if len(self._placeholders) < 500:
                self._placeholders[(name, size)] = cached
        return cached

    def _paint_post(self, brush: _Brush, index: ModelIndex, layout: _Layout) -> None:
        item, state = cast(tuple[FeedItem, PostState], post_at(index))
        painter = brush.painter
        actor = item.actor
        painter.drawPixmap(
            layout.photo,
            self._photo(actor.photo.best_small if actor.photo else item.photo_url, actor.display_name, PHOTO),
        )
        self._paint_names(brush, layout.name, actor.display_name, self._parent_text(item))
        brush.write(layout.time, relative_time(item.created), brush.secondary, align=_RIGHT)
        brush.document(layout.doc, layout.body)
        if layout.folded:
            fade = QRectF(layout.body.left(), layout.body.bottom() - 24, layout.body.width(), 24)
            gradient = QLinearGradient(fade.topLeft(), fade.bottomLeft())
            base = brush.palette.color(QPalette.ColorRole.Base)
            gradient.setColorAt(0, soft(base, 0))
            gradient.setColorAt(1, base)
            painter.fillRect(fade, gradient)
        if layout.more is not None:
            brush.font.setUnderline(self._hovered(index.row(), Target.MORE))
            brush.write(layout.more, "Show more" if layout.folded else "Show less", brush.link)
            brush.font.setUnderline(False)
        for target, rect, label in layout.buttons:
            active = target is Target.LIKE and item.liked_by_me
            if self._hovered(index.row(), target) and not state.busy:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(soft(brush.text, 22))
                painter.drawRoundedRect(QRectF(rect), 6, 6)
            colour = brush.link if active else soft(brush.text, 190)
            brush.write(
                rect,
                label,
                soft(colour, 90) if state.busy else colour,
                bold=active,
                align=Qt.AlignmentFlag.AlignCenter,
            )
        if layout.note is not None:
            painter.setFont(brush.font)
            painter.setPen(error_colour(brush.palette))
            painter.drawText(layout.note, Qt.TextFlag.TextWordWrap, state.note)
        for entry in layout.comments:
            user = entry.comment.user
            photo = self._photo(user.photo.best_small if user.photo else None, user.display_name, SMALL_PHOTO)
            painter.drawPixmap(entry.photo, photo)
            brush.write(entry.name, user.display_name, brush.text, bold=True)
            brush.write(entry.time, relative_time(entry.comment.created), brush.secondary, align=_RIGHT)
            brush.document(entry.doc, entry.body)
        if layout.loading is not None:
            brush.write(layout.loading, "Loading comments…", brush.secondary)
        if layout.entry is not None:
            self._paint_entry(brush, layout.entry, state, self._hovered(index.row(), Target.COMMENT))

    @staticmethod
    def _parent_text(item: FeedItem) -> str:
        if item.parent_name and item.parent_id and item.parent_id != item.actor.id:
            return f"to {item.parent_name}"
        return ""

    @staticmethod
    def _paint_names(brush: _Brush, rect: QRect, name: str, extra: str) -> None:
        brush.write(rect, name, brush.text, bold=True)
        used = min(rect.width(), QFontMetrics(brush.bold).horizontalAdvance(name))
        if extra and used + 40 < rect.width():
            brush.write(rect.adjusted(used, 0, 0, 0), f" {extra}", brush.secondary)

    @staticmethod
    def _paint_entry(brush: _Brush, rect: QRect, state: PostState, hovered: bool) -> None:
        brush.painter.setPen(soft(brush.text, 110 if hovered else 60))
        brush.painter.setBrush(brush.palette.color(QPalette.ColorRole.Base))
        brush.painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        label = "Sending comment…" if state.sending_comment else state.comment_draft or "Write a comment…"
        brush.write(
            rect.adjusted(10, 0, -10, 0), label, soft(brush.text, 200 if state.comment_draft else 130)
        )

    def _paint_footer(self, brush: _Brush, index: ModelIndex, rect: QRect) -> None:
        model = cast(FeedModel, index.model())
        label = model.footer_text
        if model.footer is not Footer.ERROR:
            brush.write(rect, label, brush.secondary, align=Qt.AlignmentFlag.AlignCenter)
            return
        metrics = QFontMetrics(brush.font)
        retry = "Try again"
        total = metrics.horizontalAdvance(f"{label}   {retry}")
        x = max(MARGIN, (rect.width() - total) // 2)
        brush.write(QRect(x, 0, rect.width() - x, rect.height()), label, error_colour(brush.palette))
        x += metrics.horizontalAdvance(f"{label}   ")
        brush.font.setUnderline(self._hovered(index.row(), Target.RETRY))
        brush.write(QRect(x, 0, rect.width() - x, rect.height()), retry, brush.link)
        brush.font.setUnderline(False)

    def _hovered(self, row: int, target: Target) -> bool:
        return self.hover is not None and self.hover[0] == row and self.hover[1].target is target

    # Hit testing and events

    def target_rect(
        self, index: ModelIndex, rect: QRect, target: Target, font: QFont, palette: QPalette
    ) -> QRect:
        """Where a button, "Show more" or the comment entry of the row at ``rect`` is (empty if absent)."""
        layout = self.layout_for(index, rect.width(), font, palette)
        if layout is None:
            return QRect()
        areas = {kind: button for kind, button, _label in layout.buttons}
        areas |= {
            kind: area for kind, area in ((Target.MORE, layout.more), (Target.COMMENT, layout.entry)) if area
        }
        found = areas.get(target)
        return found.translated(rect.topLeft()) if found is not None else QRect()

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
        for target, button, _label in layout.buttons:
            if button.contains(point):
                return Hit(target)
        if layout.more is not None and layout.more.contains(point):
            return Hit(Target.MORE)
        if layout.entry is not None and layout.entry.contains(point):
            return Hit(Target.COMMENT)
        for area, doc in [(layout.body, layout.doc), *((c.body, c.doc) for c in layout.comments)]:
            if area.contains(QPointF(point)):
                href = doc.documentLayout().anchorAt(QPointF(point) - area.topLeft())
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
        self.triggered.emit(post[0].id if post else "", hit.target.value, hit.value)
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
        layout = self.layout_for(index, option.rect.width(), option.font, option.palette)
        post = post_at(index)
        if (
            post is not None
            and layout is not None
            and layout.time.contains(event.pos() - option.rect.topLeft())
        ):
            tip = absolute_time(post[0].created)
        if tip:
            QToolTip.showText(event.globalPos(), tip, view)
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
