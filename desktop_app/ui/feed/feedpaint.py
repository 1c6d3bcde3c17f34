"""Painting a laid-out feed post (its parts and cards too) or the status row with the palette's colours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)

from desktop_app.api.models import FeedItem
from desktop_app.feed.richtext import relative_time
from desktop_app.ui.feed.cards import Action, Button, Drawable, Label, Panel, PanelKind, Picture, Tone
from desktop_app.ui.feed.feedlayout import (
    MARGIN,
    MENU_LABEL,
    PHOTO,
    SMALL_PHOTO,
    PostLayout,
    error_colour,
    soft,
)
from desktop_app.ui.feed.feedmodel import Footer, PostState
from desktop_app.ui.feed.orgbadge import OrgBadge, badge_width, paint_badge
from desktop_app.ui.feed.rowstyle import Face, row_style
from desktop_app.ui.feed.shapecache import fill_rounded
from desktop_app.ui.feed.targets import Hit, Target

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

PhotoSource = Callable[[str | None, str, int], QPixmap]
"""(photo url, person's name, size) -> the photo or a placeholder with initials."""
PictureSource = Callable[[str, int, int], QPixmap | None]
"""(picture url, width, height) -> the picture fitted in that size, or None while it loads."""
DownloadSource = Callable[[str], float | None]
"""A file's key -> how much of its download is done (0 to 1, -1 if unknown), or None if none is."""


def _no_picture(_url: str, _width: int, _height: int) -> QPixmap | None:
    return None


def _no_download(_key: str) -> float | None:
    return None


class RowLook(msgspec.Struct, frozen=True):
    """What painting a post needs besides its layout: photos, thumbnails, what is hovered, downloads."""

    photo: PhotoSource
    picture: PictureSource = _no_picture
    hover: Hit | None = None
    download: DownloadSource = _no_download
    badge: OrgBadge | None = None  # only in a feed that mixes accounts: the post's org, right of the name


class Brush:
    """Fonts and colours of one paint call (shared, with the widths and elisions, by every row alike)."""

    def __init__(self, painter: QPainter, font: QFont, palette: QPalette) -> None:
        self.painter = painter
        self.style = row_style(font, palette)
        self.font, self.bold, _underlined = self.style.fonts
        self.palette = self.style.palette
        self.text = self.style.text
        self.secondary = self.style.secondary
        self.link = self.style.link

    def write(
        self,
        rect: QRect,
        text: str,
        colour: QColor,
        *,
        bold: bool = False,
        align: Any = LEFT,
        underline: bool = False,
    ) -> None:
        """One line of text, elided to the rectangle."""
        face = Face.UNDERLINED if underline else Face.BOLD if bold else Face.PLAIN
        self.painter.setFont(self.style.fonts[face])
        self.painter.setPen(colour)
        shown = self.style.elided(text, face, rect.width())
        # Told apart by identity: comparing Qt flags in Python costs more than drawing a short label.
        where = (
            "left" if align is LEFT else "right" if align is RIGHT else "center" if align is CENTER else ""
        )
        if where:
            self.style.draw_line(self.painter, rect, where, shown, face=face)
        else:
            self.painter.drawText(rect, align, shown)

    def document(self, doc: QTextDocument, rect: QRectF) -> None:
        """A laid-out text document, clipped to the rectangle."""
        self.painter.save()
        self.painter.translate(rect.topLeft())
        clip = QRectF(0, 0, rect.width(), rect.height())
        self.painter.setClipRect(clip)
        context = self.style.context
        context.clip = clip
        doc.documentLayout().draw(self.painter, context)
        self.painter.restore()


def _parent_text(item: FeedItem) -> str:
    if not item.actor.id:
        return ""  # shown as the element's name instead (see _shown_name)
    if item.parent_name and item.parent_id and item.parent_id != item.actor.id:
        return f"to {item.parent_name}"
    return ""


def _shown_name(item: FeedItem) -> str:
    """Who the row is from; an element without an actor (a bundle of record updates) is about its record."""
    if not item.actor.id and item.parent_name:
        return item.parent_name
    return item.actor.display_name


def _paint_names(brush: Brush, rect: QRect, name: str, extra: str) -> None:
    brush.write(rect, name, brush.text, bold=True)
    used = min(rect.width(), brush.style.width(name, Face.BOLD))
    if extra and used + 40 < rect.width():
        brush.write(rect.adjusted(used, 0, 0, 0), f" {extra}", brush.secondary)


def _paint_entry(brush: Brush, rect: QRect, state: PostState, hovered: bool) -> None:
    brush.painter.setPen(soft(brush.text, 110 if hovered else 60))
    brush.painter.setBrush(brush.palette.color(QPalette.ColorRole.Base))
    brush.painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
    label = "Sending comment…" if state.sending_comment else state.comment_draft or "Write a comment…"
    brush.write(rect.adjusted(10, 0, -10, 0), label, soft(brush.text, 200 if state.comment_draft else 130))


def _paint_fade(brush: Brush, body: QRectF) -> None:
    fade = QRectF(body.left(), body.bottom() - 24, body.width(), 24)
    gradient = QLinearGradient(fade.topLeft(), fade.bottomLeft())
    base = brush.palette.color(QPalette.ColorRole.Base)
    gradient.setColorAt(0, soft(base, 0))
    gradient.setColorAt(1, base)
    brush.painter.fillRect(fade, gradient)


def _tone(brush: Brush, tone: Tone) -> tuple[QColor, bool]:
    colour = {Tone.SECONDARY: brush.secondary, Tone.LINK: brush.link, Tone.LINK_BOLD: brush.link}
    return colour.get(tone, brush.text), tone in (Tone.BOLD, Tone.LINK_BOLD)


# Panels are filled, never outlined: stroking a translucent outline costs the raster engine several times
# what the fill does, and a feed paints many cards while it scrolls.
_PANEL_ALPHA = {PanelKind.CARD: 18, PanelKind.TRACK: 18, PanelKind.SHARE: 70, PanelKind.MINE: 120}


def _rounded(brush: Brush, rect: QRect, colour: QColor) -> None:
    fill_rounded(brush.painter, rect, colour)


def _panel(brush: Brush, panel: Panel) -> None:
    base = brush.text if panel.kind in (PanelKind.CARD, PanelKind.TRACK) else brush.link
    _rounded(brush, panel.rect, soft(base, _PANEL_ALPHA[panel.kind]))


def _picture(brush: Brush, part: Picture, look: RowLook) -> None:
    rect = part.rect
    pixmap = look.picture(part.url, rect.width(), rect.height()) if part.url else None
    if pixmap is not None:
        x = rect.left() + (rect.width() - pixmap.width()) // 2
        brush.painter.drawPixmap(x, rect.top() + (rect.height() - pixmap.height()) // 2, pixmap)
        return
    _rounded(brush, rect, soft(brush.link, 40))
    brush.write(rect, part.badge, brush.link, bold=True, align=CENTER)


def _button(brush: Brush, part: Button, look: RowLook, busy: bool) -> None:
    painter = brush.painter
    done = look.download(part.hit.value) if part.hit.target is Target.DOWNLOAD else None
    hovered = look.hover == part.hit
    _rounded(brush, part.rect, soft(brush.text, 48 if hovered else 26))
    label = "Cancel" if done is not None else part.label
    colour = soft(brush.text, 90) if busy else soft(brush.text, 200)
    brush.write(part.rect, label, colour, align=CENTER)
    if done is not None and part.progress is not None:
        bar = part.progress
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(soft(brush.link, 50))
        painter.drawRect(bar)
        if done >= 0:
            painter.setBrush(brush.link)
            painter.drawRect(bar.adjusted(0, 0, -round(bar.width() * (1 - min(1.0, done))), 0))


def paint_parts(brush: Brush, parts: list[Drawable], look: RowLook, *, busy: bool = False) -> None:
    """Draw a row's parts in order: cards and bars, then what is on them."""
    painter = brush.painter
    for part in parts:
        if isinstance(part, Panel):
            _panel(brush, part)
        elif isinstance(part, Action):
            if look.hover == part.hit and not busy:
                _rounded(brush, part.rect, soft(brush.text, 22))
        elif isinstance(part, Picture):
            _picture(brush, part, look)
        elif isinstance(part, Button):
            _button(brush, part, look, busy)
        elif isinstance(part, Label):
            colour, bold = _tone(brush, part.tone)
            if part.wrap:
                painter.setFont(brush.bold if bold else brush.font)
                painter.setPen(colour)
                painter.drawText(part.rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, part.text)
            else:
                brush.write(part.rect, part.text, colour, bold=bold, align=RIGHT if part.right else LEFT)


def _with_badge(brush: Brush, names: QRect, look: RowLook) -> QRect:
    """Paint the row's account badge (the merged timeline) at the right of the names; the names' room left."""
    if look.badge is None:
        return names
    width = badge_width(look.badge, brush.style, names.width())
    names = names.adjusted(0, 0, -width, 0)
    badge = QRect(names.right() + 1, names.top(), width, names.height())
    paint_badge(brush.painter, look.badge, badge, brush.style, brush.secondary)
    return names


def paint_post(brush: Brush, layout: PostLayout, *, item: FeedItem, state: PostState, look: RowLook) -> None:
    """Draw a post whose row starts at the painter's origin."""
    painter = brush.painter
    photo = look.photo

    def hovered(target: Target) -> bool:
        return look.hover is not None and look.hover.target is target

    actor = item.actor
    url = actor.photo.best_small if actor.photo else item.photo_url
    name = _shown_name(item)
    painter.drawPixmap(layout.photo, photo(url, name, PHOTO))
    _paint_names(brush, _with_badge(brush, layout.name, look), name, _parent_text(item))
    brush.write(layout.time, relative_time(item.created), brush.secondary, align=RIGHT)
    if not layout.body.isEmpty():
        brush.document(layout.doc, layout.body)
    paint_parts(brush, layout.parts, look, busy=state.busy or state.voting)
    if layout.folded:
        _paint_fade(brush, layout.body)
    if layout.more is not None:
        label = "Show more" if layout.folded else "Show less"
        brush.write(layout.more, label, brush.link, underline=hovered(Target.MORE))
    for target, rect, label in layout.buttons:
        active = target is Target.LIKE and item.liked_by_me
        if hovered(target) and not state.busy:
            _rounded(brush, rect, soft(brush.text, 22))
        colour = brush.link if active else soft(brush.text, 190)
        shown = soft(colour, 90) if state.busy else colour
        brush.write(rect, label, shown, bold=active, align=CENTER)
    if layout.note is not None:
        painter.setFont(brush.font)
        painter.setPen(error_colour(brush.palette))
        painter.drawText(layout.note, Qt.TextFlag.TextWordWrap, state.note)
    for entry in layout.comments:
        user = entry.comment.user
        url = user.photo.best_small if user.photo else None
        painter.drawPixmap(entry.photo, photo(url, user.display_name, SMALL_PHOTO))
        brush.write(entry.name, user.display_name, brush.text, bold=True)
        brush.write(entry.time, relative_time(entry.comment.created), brush.secondary, align=RIGHT)
        brush.document(entry.doc, entry.body)
        if entry.menu is not None:
            if look.hover == Hit(Target.COMMENT_MENU, entry.comment.id):
                _rounded(brush, entry.menu, soft(brush.text, 22))
            brush.write(entry.menu, MENU_LABEL, soft(brush.text, 190), align=CENTER)
    if layout.loading is not None:
        brush.write(layout.loading, "Loading comments…", brush.secondary)
    if layout.entry is not None:
        _paint_entry(brush, layout.entry, state, hovered(Target.COMMENT))


def paint_footer(brush: Brush, footer: Footer, label: str, rect: QRect, retry_hovered: bool) -> None:
    """Draw the status row: its words, and "Try again" after a failure."""
    if footer is not Footer.ERROR:
        brush.write(rect, label, brush.secondary, align=CENTER)
        return
    metrics = QFontMetrics(brush.font)
    retry = "Try again"
    total = metrics.horizontalAdvance(f"{label}   {retry}")
    x = max(MARGIN, (rect.width() - total) // 2)
    brush.write(QRect(x, 0, rect.width() - x, rect.height()), label, error_colour(brush.palette))
    x += metrics.horizontalAdvance(f"{label}   ")
    brush.write(QRect(x, 0, rect.width() - x, rect.height()), retry, brush.link, underline=retry_hovered)
