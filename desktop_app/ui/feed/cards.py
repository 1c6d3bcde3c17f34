"""Where a row's parts go (record and change cards, a bundle, poll choices, a best answer, files, link cards).

One builder serves the exact layout and the cheap estimate: it asks a `Measure` how tall text is, which is
either the font's metrics (exact) or a guess from text length (estimate), so the two always agree on which
parts a row has and how they stack. The result is a list of drawables that `feedpaint` draws in order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Protocol

import msgspec
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF

from desktop_app.feed.rowparts import BundlePart, FilePart, LinkPart, Pair, PollPart, RowParts
from desktop_app.ui.feed.targets import Hit, Target

PAD = 8
PART_GAP = 8
THUMB_W = 64
THUMB_H = 48
DESCRIPTION_LINES = 3
# Word wrap leaves part of a word's width unused at the end of most lines.
WRAP_SLACK = 1.12


class Tone(StrEnum):
    """How a label is drawn."""

    TEXT = "text"
    BOLD = "bold"
    SECONDARY = "secondary"
    LINK = "link"
    LINK_BOLD = "link_bold"


class PanelKind(StrEnum):
    """What a filled rectangle is: a card behind a part, or a poll bar's track, share, or own vote."""

    CARD = "card"
    TRACK = "track"
    SHARE = "share"
    MINE = "mine"


class Label(msgspec.Struct, frozen=True):
    """Plain text in a rectangle: one elided line, or wrapped (and clipped) when ``wrap``."""

    rect: QRect
    text: str
    tone: Tone = Tone.TEXT
    wrap: bool = False
    right: bool = False


class Panel(msgspec.Struct, frozen=True):
    """A filled, rounded rectangle."""

    rect: QRect
    kind: PanelKind


class Picture(msgspec.Struct, frozen=True):
    """A thumbnail at ``url`` fitted in the rectangle, or a badge with ``badge`` while there is none."""

    rect: QRect
    url: str | None
    badge: str


class Action(msgspec.Struct, frozen=True):
    """A clickable area (a poll choice, a link card, a bundle's summary), highlighted under the pointer."""

    rect: QRect
    hit: Hit
    label: str


class Button(msgspec.Struct, frozen=True):
    """A framed button in a card; ``progress`` is where a download's progress bar goes under way."""

    rect: QRect
    hit: Hit
    label: str
    progress: QRect | None = None


Drawable = Label | Panel | Picture | Action | Button


class Measure(Protocol):
    """How tall and wide text is, exactly (font metrics) or roughly (text length)."""

    line: int

    def width(self, text: str) -> int:
        """The width of one line of text."""
        ...

    def wrapped(self, text: str, width: int) -> int:
        """The height of text wrapped at ``width``."""
        ...


class ExactMeasure:
    """Text measured with the font's metrics (bold text a little wider, never narrower)."""

    def __init__(self, font: QFont) -> None:
        bold = QFont(font)
        bold.setBold(True)
        self._metrics = QFontMetrics(bold)
        self.line = QFontMetrics(font).height()

    def width(self, text: str) -> int:
        """The width of one line of bold text."""
        return self._metrics.horizontalAdvance(text)

    def wrapped(self, text: str, width: int) -> int:
        """The height of the text wrapped at word boundaries."""
        flags = Qt.TextFlag.TextWordWrap
        return self._metrics.boundingRect(QRect(0, 0, max(1, width), 1_000_000), flags, text).height()


class EstimateMeasure:
    """Text measured by its length and the font's average character width: no layout at all."""

    def __init__(self, font: QFont) -> None:
        metrics = QFontMetrics(font)
        self.line = metrics.height()
        self._spacing = QFontMetricsF(font).lineSpacing()
        self._char = max(1.0, metrics.averageCharWidth() * WRAP_SLACK)

    def width(self, text: str) -> int:
        """Characters times the average width."""
        return int(len(text) * self._char)

    def wrapped(self, text: str, width: int) -> int:
        """Lines the text needs at that width, times the line spacing."""
        per_line = max(1, int(width / self._char))
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        return max(self.line, int(lines * self._spacing))


class _Builder:
    """Stacks parts from a top edge down, keeping the drawables."""

    def __init__(self, measure: Measure, left: int, column: int, top: int) -> None:
        self.m = measure
        self.left = left
        self.column = column
        self.y = top
        self.out: list[Drawable] = []

    @contextmanager
    def card(self) -> Iterator[None]:
        """A card behind what is added inside (its panel goes first, so it is drawn underneath)."""
        at = len(self.out)
        top = self.y
        self.y += PAD
        yield
        self.y += PAD
        self.out.insert(at, Panel(QRect(self.left, top, self.column, self.y - top), PanelKind.CARD))
        self.y += PART_GAP

    def text(self, text: str, tone: Tone, *, wrap: bool = True, cap: int = 0) -> None:
        """A label across the card, wrapped (at most ``cap`` lines when given) or one elided line."""
        width = self.column - 2 * PAD
        height = self.m.wrapped(text, width) if wrap else self.m.line
        height = min(height, cap * self.m.line) if cap else height
        self.out.append(Label(QRect(self.left + PAD, self.y, width, height), text, tone, wrap))
        self.y += height + 2

    def pairs(self, pairs: tuple[Pair, ...]) -> None:
        """Labels in a column on the left, their values wrapped beside them."""
        inner = self.column - 2 * PAD
        label_width = min(max(self.m.width(pair.label) for pair in pairs) + 12, int(inner * 0.4))
        value_width = inner - label_width
        x = self.left + PAD
        for pair in pairs:
            height = max(self.m.line, self.m.wrapped(pair.value, value_width))
            self.out.append(Label(QRect(x, self.y, label_width - 8, self.m.line), pair.label, Tone.SECONDARY))
            self.out.append(Label(QRect(x + label_width, self.y, value_width, height), pair.value, wrap=True))
            self.y += height + 2

    def bundle(self, bundle: BundlePart) -> None:
        """The summary as a toggle, and the bundled changes under it when open."""
        row = QRect(self.left, self.y, self.column, self.m.line + 8)
        self.out.append(Action(row, Hit(Target.BUNDLE), bundle.summary))
        marker = "▾" if bundle.open else "▸"
        self.out.append(Label(row.adjusted(PAD, 0, -PAD, 0), f"{marker} {bundle.summary}", Tone.LINK))
        self.y = row.bottom() + 1 + 4
        if bundle.open:
            with self.card():
                for text in bundle.lines:
                    self.text(text, Tone.TEXT)

    def poll(self, poll: PollPart, voting: bool) -> None:
        """A bar per choice, filled by its share of the votes; each one votes when clicked."""
        line = self.m.line
        for choice in poll.choices:
            row = QRect(self.left, self.y, self.column, line + 10)
            self.out.append(Panel(row, PanelKind.TRACK))
            if choice.ratio > 0:
                share = QRect(row.left(), row.top(), max(4, round(row.width() * choice.ratio)), row.height())
                self.out.append(Panel(share, PanelKind.MINE if choice.mine else PanelKind.SHARE))
            self.out.append(Action(row, Hit(Target.VOTE, choice.choice_id), choice.label))
            votes_width = self.m.width(choice.votes) + 4
            label = f"✓ {choice.label}" if choice.mine else choice.label
            tone = Tone.BOLD if choice.mine else Tone.TEXT
            self.out.append(Label(row.adjusted(PAD, 0, -PAD - votes_width - 6, 0), label, tone))
            votes = QRect(row.right() - PAD - votes_width + 1, row.top(), votes_width, row.height())
            self.out.append(Label(votes, choice.votes, Tone.SECONDARY, right=True))
            self.y = row.bottom() + 1 + 4
        summary = "Sending your vote…" if voting else poll.summary
        self.out.append(Label(QRect(self.left, self.y, self.column, line), summary, Tone.SECONDARY))
        self.y += line + PART_GAP

    def file(self, part: FilePart) -> None:
        """A card with the thumbnail (or a badge), title, type and size, and a Download button."""
        line = self.m.line
        height = max(THUMB_H, 2 * line + 4) + 2 * PAD
        card = QRect(self.left, self.y, self.column, height)
        self.out.append(Panel(card, PanelKind.CARD))
        thumb = QRect(self.left + PAD, self.y + (height - THUMB_H) // 2, THUMB_W, THUMB_H)
        self.out.append(Picture(thumb, part.thumbnail_url, part.badge))
        right = card.right() - PAD
        if part.download_url:
            width = max(self.m.width("Download"), self.m.width("Cancel")) + 20
            button = QRect(right - width + 1, self.y + (height - line - 8) // 2, width, line + 8)
            progress = QRect(self.left + 1, card.bottom() - 3, self.column - 2, 3)
            self.out.append(Button(button, Hit(Target.DOWNLOAD, part.key), "Download", progress))
            right = button.left() - PAD
        x = thumb.right() + 11
        middle = self.y + height // 2
        self.out.append(Label(QRect(x, middle - line - 1, right - x, line), part.title, Tone.BOLD))
        details = part.details or "File"
        self.out.append(Label(QRect(x, middle + 1, right - x, line), details, Tone.SECONDARY))
        self.y = card.bottom() + 1 + PART_GAP

    def link(self, link: LinkPart) -> None:
        """A card with the title, the address and the description; clicking it opens a web address."""
        top = self.y
        at = len(self.out)
        with self.card():
            self.text(link.title, Tone.LINK_BOLD, wrap=False)
            if link.url and link.url != link.title:
                self.text(link.url, Tone.SECONDARY, wrap=False)
            if link.description:
                self.text(link.description, Tone.TEXT, cap=DESCRIPTION_LINES)
        if link.web_url:
            area = QRect(self.left, top, self.column, self.y - PART_GAP - top)
            self.out.insert(at + 1, Action(area, Hit(Target.LINK, link.web_url), link.title))


def build_parts(
    parts: RowParts, measure: Measure, left: int, column: int, top: int, *, voting: bool = False
) -> tuple[list[Drawable], int]:
    """The drawables of every part below a row's message, and the y just under the last one."""
    b = _Builder(measure, left, column, top)
    if parts.record is not None:
        with b.card():
            if parts.record.title:
                b.text(parts.record.title, Tone.BOLD, wrap=False)
            if parts.record.fields:
                b.pairs(parts.record.fields)
    if parts.changes:
        with b.card():
            b.pairs(parts.changes)
    if parts.bundle is not None:
        b.bundle(parts.bundle)
    if parts.poll is not None:
        b.poll(parts.poll, voting)
    if parts.answer is not None:
        with b.card():
            b.text(parts.answer.heading, Tone.BOLD, wrap=False)
            b.text(parts.answer.text, Tone.TEXT)
    for part in parts.files:
        b.file(part)
    for link in parts.links:
        b.link(link)
    return b.out, b.y
