"""Where everything of a feed post goes: the exact layout (with its text documents) and a cheap estimate.

The exact layout needs a laid-out QTextDocument per message, a fraction of a millisecond each; the estimate
reads only text lengths, so a list can give thousands of far-away rows a plausible height at once. Both
stack the same parts (`feed.rowparts`, placed by `cards.build_parts`) under the message.
"""

from __future__ import annotations

import time
from functools import lru_cache

import msgspec
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPalette, QTextDocument

from desktop_app.api.models import Comment, FeedItem
from desktop_app.feed.elementtext import element_text, plural
from desktop_app.feed.menuentries import comment_entries, post_entries
from desktop_app.feed.richdoc import RichText, rich_text
from desktop_app.feed.richtext import relative_time
from desktop_app.feed.rowparts import RowParts, row_parts
from desktop_app.ui.feed.cards import (
    Action,
    Button,
    Drawable,
    EstimateMeasure,
    ExactMeasure,
    Label,
    Tone,
    build_parts,
)
from desktop_app.ui.feed.feedmodel import PostState
from desktop_app.ui.feed.rowstyle import Face, RowStyle, row_style
from desktop_app.ui.feed.targets import Hit, Target
from desktop_app.ui.shared.textdocument import ImageLookup, fold_height, make_document

MARGIN = 12
PHOTO = 40
SMALL_PHOTO = 24
GAP = 10
FOLD_LINES = 12
FOLD_UNLESS_WITHIN = 14
ENTRY_HEIGHT = 30
FOOTER_HEIGHT = 52
MIN_WIDTH = 240
MENU_LABEL = "…"


class CommentBox(msgspec.Struct):
    """Where one comment of an open post goes."""

    comment: Comment
    photo: QRect
    name: QRect
    time: QRect
    body: QRectF
    doc: QTextDocument
    menu: QRect | None = None


class PostLayout(msgspec.Struct):
    """Where everything of one post goes, relative to the row's top-left corner."""

    photo: QRect
    name: QRect
    time: QRect
    body: QRectF
    doc: QTextDocument
    folded: bool
    more: QRect | None
    height: int = 0
    buttons: list[tuple[Target, QRect, str]] = msgspec.field(default_factory=list)
    note: QRect | None = None
    comments: list[CommentBox] = msgspec.field(default_factory=list)
    loading: QRect | None = None
    entry: QRect | None = None
    parts: list[Drawable] = msgspec.field(default_factory=list)
    # The author's photo and name, which open their profile feed (empty when no person wrote the element).
    author: list[QRect] = msgspec.field(default_factory=list)

    def hit_areas(self) -> list[tuple[Hit, QRect]]:
        """Every clickable area but links inside text: buttons, Show more, parts, the comment entry."""
        areas = [(Hit(target), button) for target, button, _label in self.buttons]
        areas += [(Hit(Target.MORE), self.more)] if self.more is not None else []
        areas += [(part.hit, part.rect) for part in self.parts if isinstance(part, Action | Button)]
        areas += [(Hit(Target.COMMENT), self.entry)] if self.entry is not None else []
        areas += [(Hit(Target.PERSON), area) for area in self.author]
        areas += [
            (Hit(Target.COMMENT_MENU, c.comment.id), c.menu) for c in self.comments if c.menu is not None
        ]
        return areas

    def content_text(self) -> str:
        """The words the row shows for the element itself: its message and its parts, in order."""
        labels = [part for part in self.parts if isinstance(part, Label)]
        lines = [label.text for label in labels if label.rect.top() < self.body.top()]
        lines += [self.doc.toPlainText()] if not self.body.isEmpty() else []
        lines += [label.text for label in labels if label.rect.top() >= self.body.top()]
        return "\n".join(line for line in lines if line.strip())

    def shown_text(self) -> str:
        """Everything the row says, actions and comments included."""
        lines = [self.content_text(), *(label for _target, _rect, label in self.buttons)]
        lines += [box.doc.toPlainText() for box in self.comments]
        return "\n".join(line for line in lines if line.strip())


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


@lru_cache(maxsize=4096)
def _age_text(created: str | None, _minute: int) -> str:
    return relative_time(created)


def _age_width(style: RowStyle, created: str | None) -> int:
    # Ages are drawn fresh at paint time while layouts stay cached: leave room for a longer one. Working an
    # age out (time zones included) costs more than the rest of the header: the same minute's is reused.
    age = _age_text(created, int(time.time() // 60))
    widest = max(style.width(age), style.width("just now"))
    return widest + 4


def _column(width: int) -> int:
    return max(120, width - (MARGIN + PHOTO + GAP) - MARGIN)


def offers(item: FeedItem, capability: str) -> bool:
    """Whether the element has a capability (elements whose capabilities are unknown offer them all)."""
    present = item.capabilities.present
    return not present or capability in present


def button_labels(item: FeedItem, state: PostState, can_delete: bool) -> list[tuple[Target, str]]:
    """The actions under a post and their words."""
    labels = []
    if offers(item, "chatterLikes"):
        like = "♥ Liked" if item.liked_by_me else "♡ Like"
        labels.append((Target.LIKE, f"{like} · {item.likes_total}" if item.likes_total else like))
    if offers(item, "comments"):
        question = item.capabilities.question is not None
        total = item.comments_total
        if state.comments_open:
            comments = "Hide answers" if question else "Hide comments"
        elif total:
            comments = plural(total, "answer" if question else "comment")
        else:
            comments = "Answer" if question else "Comment"
        labels.append((Target.COMMENTS, comments))
    if item.unsupported:
        labels.append((Target.SALESFORCE, "Open in Salesforce"))
    if can_delete:
        labels.append((Target.DELETE, "Delete"))
    if post_entries(item, can_delete=can_delete):
        labels.append((Target.MENU, MENU_LABEL))
    return labels


def message_of(item: FeedItem, parts: RowParts) -> RichText:
    """The body: the message (a question's title only once), else the element's text: never blank."""
    rich = rich_text(item.message_segments, item.message_text)
    if parts.question and rich.plain().strip() == parts.question:
        rich = RichText()
    if rich.is_empty and not parts.has_text:
        rich = rich_text((), element_text(item))
    return rich


def _estimated_message(item: FeedItem, parts: RowParts) -> str:
    text = item.message_text
    if parts.question and text.strip() == parts.question:
        text = ""
    if not text.strip() and not parts.has_text:
        text = element_text(item)
    return text


def _author_areas(item: FeedItem, layout: PostLayout, style: RowStyle) -> list[QRect]:
    """The author's photo and name (as wide as it is drawn), when a person wrote the element."""
    if not item.actor.id:
        return []
    width = min(layout.name.width(), style.width(item.actor.display_name, Face.BOLD))
    return [layout.photo, QRect(layout.name.left(), layout.name.top(), width, layout.name.height())]


def build_layout(
    item: FeedItem,
    state: PostState,
    width: int,
    font: QFont,
    palette: QPalette,
    *,
    can_delete: bool,
    images: ImageLookup | None = None,
) -> PostLayout:
    """The exact layout of a post at a width, with its text laid out (inline images from ``images``)."""
    style = row_style(font, palette)
    metrics = style.metrics[Face.PLAIN]
    line = metrics.height() + 2
    left = MARGIN + PHOTO + GAP
    column = _column(width)
    time_width = _age_width(style, item.created)
    link = palette.color(QPalette.ColorRole.Link)
    parts = row_parts(item, item.message_text, bundle_open=state.bundle_open)
    # Metrics for the parts only when there are any: most rows are plain posts.
    measure = ExactMeasure(font) if parts.has_text else None
    top = MARGIN + line + 4
    drawn: list[Drawable] = []
    if parts.question and measure is not None:
        title = QRect(left, top, column, measure.wrapped(parts.question, column))
        drawn.append(Label(title, parts.question, Tone.BOLD, wrap=True))
        top = title.bottom() + 1 + 4
    rich = message_of(item, parts)
    doc = make_document(rich, column, font, link, images=images)
    fold = fold_height(doc, FOLD_LINES, FOLD_UNLESS_WITHIN) if not rich.is_empty else None
    folded = fold is not None and not state.show_all
    height = 0.0 if rich.is_empty else fold if folded and fold is not None else doc.size().height()
    body = QRectF(left, top, column, height)
    y = int(body.bottom()) + 4 if height else top
    more = None
    if fold is not None:
        more = QRect(left, y, style.width("Show more") + 12, metrics.height() + 4)
        y = more.bottom() + 1
    layout = PostLayout(
        photo=QRect(MARGIN, MARGIN, PHOTO, PHOTO),
        name=QRect(left, MARGIN, column - time_width - GAP, line),
        time=QRect(left + column - time_width, MARGIN, time_width, line),
        body=body,
        doc=doc,
        folded=folded,
        more=more,
    )
    layout.author = _author_areas(item, layout, style)
    if measure is not None:
        pieces, y = build_parts(parts, measure, left, column, y + 4, voting=state.voting)
        drawn += pieces
    else:
        y += 6
    layout.parts = drawn
    labels = button_labels(item, state, can_delete)
    layout.buttons = _place_buttons(labels, style, left, column, y)
    y += metrics.height() + 8 if labels else 0
    if state.note:
        bounds = metrics.boundingRect(QRect(0, 0, column, 10_000), Qt.TextFlag.TextWordWrap, state.note)
        layout.note = QRect(left, y + 4, column, bounds.height())
        y = layout.note.bottom() + 1
    if state.comments_open:
        area = QRect(left, y + 8, column, 0)
        y = _build_comments(layout, item, area, loading=state.comments_loading, style=style)
    layout.height = max(y, MARGIN + PHOTO) + MARGIN
    return layout


def _place_buttons(
    labels: list[tuple[Target, str]], style: RowStyle, left: int, column: int, y: int
) -> list[tuple[Target, QRect, str]]:
    """Actions left to right; the "…" menu at the right end, Delete just before it."""
    out: list[tuple[Target, QRect, str]] = []
    menu_width = style.width(MENU_LABEL) + 16 if (Target.MENU, MENU_LABEL) in labels else 0
    height = style.metrics[Face.PLAIN].height() + 8
    x = left
    for target, label in labels:
        button = QRect(x, y, style.width(label) + 16, height)
        if target is Target.DELETE:
            button.moveRight(left + column - 1 - (menu_width + 4 if menu_width else 0))
        elif target is Target.MENU:
            button.moveRight(left + column - 1)
        out.append((target, button, label))
        x = button.right() + 7
    return out


def _build_comments(
    layout: PostLayout, item: FeedItem, area: QRect, *, loading: bool, style: RowStyle
) -> int:
    metrics = style.metrics[Face.PLAIN]
    font, link = style.fonts[Face.PLAIN], style.link
    inner = area.left() + SMALL_PHOTO + 8
    inner_width = max(80, area.width() - SMALL_PHOTO - 8)
    y = area.top()
    for comment in item.comments:
        time_width = _age_width(style, comment.created)
        menu_width = style.width(MENU_LABEL) + 12 if comment_entries(comment) else 0
        name = QRect(inner, y, inner_width - time_width - menu_width - GAP, metrics.height())
        time = QRect(inner + inner_width - time_width - menu_width, y, time_width, metrics.height())
        menu = (
            QRect(inner + inner_width - menu_width, y, menu_width, metrics.height()) if menu_width else None
        )
        rich = rich_text(comment.body_segments, comment.body_text)
        doc = make_document(rich, inner_width, font, link)
        body = QRectF(inner, name.bottom() + 3, inner_width, doc.size().height())
        photo = QRect(area.left(), y, SMALL_PHOTO, SMALL_PHOTO)
        layout.comments.append(CommentBox(comment, photo, name, time, body, doc, menu))
        y = max(int(body.bottom()), photo.bottom()) + 10
    if loading:
        layout.loading = QRect(area.left(), y, area.width(), metrics.height())
        y = layout.loading.bottom() + 7
    layout.entry = QRect(area.left(), y, area.width(), ENTRY_HEIGHT)
    return layout.entry.bottom() + 1


class Estimator:
    """Post heights from text lengths and font metrics alone, the same shape as ``build_layout``."""

    def __init__(self, font: QFont) -> None:
        metrics = QFontMetrics(font)
        self._small = metrics.height()
        self._line = QFontMetricsF(font).lineSpacing()
        self._measure = EstimateMeasure(font)

    def _text_height(self, text: str, width: int) -> float:
        return self._measure.wrapped(text, width) if text else 0.0

    def height(self, item: FeedItem, state: PostState, width: int, *, can_delete: bool = False) -> int:
        """About as tall as the post's exact layout at this width."""
        column = _column(width)
        small = self._small
        parts = row_parts(item, item.message_text, bundle_open=state.bundle_open)
        y = MARGIN + small + 2 + 4
        if parts.question:
            y += self._measure.wrapped(parts.question, column) + 4
        body = self._text_height(_estimated_message(item, parts), column)
        if body > FOLD_UNLESS_WITHIN * self._line:
            y += int(body if state.show_all else FOLD_LINES * self._line) + 4 + small + 4
        elif body:
            y += int(body) + 4
        if parts.has_text:
            _pieces, y = build_parts(parts, self._measure, 0, column, y + 4, voting=state.voting)
        else:
            y += 6
        menu = bool(post_entries(item, can_delete=can_delete))
        if offers(item, "chatterLikes") or offers(item, "comments") or item.unsupported or can_delete or menu:
            y += small + 8
        if state.note:
            y += 4 + int(self._text_height(state.note, column))
        if state.comments_open:
            y += 8
            inner_width = max(80, column - SMALL_PHOTO - 8)
            for comment in item.comments:
                text = int(self._text_height(comment.body_text, inner_width) or self._line)
                y += max(small + 3 + text, SMALL_PHOTO) + 10
            if state.comments_loading:
                y += small + 7
            y += ENTRY_HEIGHT
        return max(y, MARGIN + PHOTO) + MARGIN
