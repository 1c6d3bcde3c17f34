"""Where everything of a feed post goes: the exact layout (with its text documents) and a cheap estimate.

The exact layout needs a laid-out QTextDocument per message, a fraction of a millisecond each; the estimate
reads only text lengths, so a list can give thousands of far-away rows a plausible height at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPalette, QTextDocument

from desktop_app.api.models import Comment, FeedItem
from desktop_app.feed.richtext import relative_time
from desktop_app.ui.feed.feedmodel import PostState
from desktop_app.ui.shared.textdocument import fold_height, make_document

MARGIN = 12
PHOTO = 40
SMALL_PHOTO = 24
GAP = 10
FOLD_LINES = 12
FOLD_UNLESS_WITHIN = 14
ENTRY_HEIGHT = 30
FOOTER_HEIGHT = 52
MIN_WIDTH = 240
# Word wrap leaves part of a word's width unused at the end of most lines.
_WRAP_SLACK = 1.12


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
class CommentBox:
    """Where one comment of an open post goes."""

    comment: Comment
    photo: QRect
    name: QRect
    time: QRect
    body: QRectF
    doc: QTextDocument


@dataclass
class PostLayout:
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
    comments: list[CommentBox] = field(default_factory=list)
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


def _column(width: int) -> int:
    return max(120, width - (MARGIN + PHOTO + GAP) - MARGIN)


def button_labels(item: FeedItem, state: PostState, can_delete: bool) -> list[tuple[Target, str]]:
    """The actions under a post and their words."""
    like = "♥ Liked" if item.liked_by_me else "♡ Like"
    if item.likes_total:
        like += f" · {item.likes_total}"
    total = item.comments_total
    if state.comments_open:
        comments = "Hide comments"
    else:
        comments = f"{total} comment{'' if total == 1 else 's'}" if total else "Comment"
    labels = [(Target.LIKE, like), (Target.COMMENTS, comments)]
    if can_delete:
        labels.append((Target.DELETE, "Delete"))
    return labels


def build_layout(
    item: FeedItem, state: PostState, width: int, font: QFont, palette: QPalette, *, can_delete: bool
) -> PostLayout:
    """The exact layout of a post at a width, with its text laid out."""
    metrics = QFontMetrics(font)
    line = metrics.height() + 2
    left = MARGIN + PHOTO + GAP
    column = _column(width)
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
    layout = PostLayout(
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
    for target, label in button_labels(item, state, can_delete):
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
        area = QRect(left, y + 8, column, 0)
        y = _build_comments(layout, item, area, loading=state.comments_loading, font=font, link=link)
    layout.height = max(y, MARGIN + PHOTO) + MARGIN
    return layout


def _build_comments(
    layout: PostLayout, item: FeedItem, area: QRect, *, loading: bool, font: QFont, link: QColor
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
        layout.comments.append(CommentBox(comment, photo, name, time, body, doc))
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
        self._char = max(1.0, metrics.averageCharWidth() * _WRAP_SLACK)

    def _text_height(self, text: str, width: int) -> float:
        per_line = max(1, int(width / self._char))
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        return lines * self._line

    def height(self, item: FeedItem, state: PostState, width: int) -> int:
        """About as tall as the post's exact layout at this width."""
        column = _column(width)
        small = self._small
        body = self._text_height(item.body_text, column)
        y = MARGIN + small + 2 + 4
        if body > FOLD_UNLESS_WITHIN * self._line:
            y += int(body if state.show_all else FOLD_LINES * self._line) + 4 + small + 4
        else:
            y += int(body) + 4
        y += 6 + small + 8
        if state.note:
            y += 4 + int(self._text_height(state.note, column))
        if state.comments_open:
            y += 8
            inner_width = max(80, column - SMALL_PHOTO - 8)
            for comment in item.comments:
                text = int(self._text_height(comment.body_text, inner_width))
                y += max(small + 3 + text, SMALL_PHOTO) + 10
            if state.comments_loading:
                y += small + 7
            y += ENTRY_HEIGHT
        return max(y, MARGIN + PHOTO) + MARGIN
