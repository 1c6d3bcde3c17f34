"""Labels for server text in the people views: plain text always (never markup), selectable, named."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.api.groupmodels import Group, visibility_words
from desktop_app.ui.shared import accents

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
NOT_SHOWN = "\u2014"


def value_label(parent: QWidget, accessible_name: str, *, wrap: bool = True) -> QLabel:
    """A plain-text, selectable label: what Salesforce sends is shown as typed, never as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(_SELECTABLE)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(wrap)
    return label


def caption_label(text: str, parent: QWidget) -> QLabel:
    """A quiet caption (our own words) beside or under a value."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    accents.quiet(label)
    return label


def scale_font(label: QLabel, factor: float, *, bold: bool = False) -> None:
    """Make a label's text larger (or smaller) and optionally bold."""
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)


def count_text(value: int | None) -> str:
    """A count for people: thousands separated, a dash when Salesforce did not say."""
    return NOT_SHOWN if value is None else f"{value:,}"


def set_optional(label: QLabel, text: str | None) -> None:
    """Show a label with this text, or hide it when there is none."""
    label.setText(text or "")
    label.setVisible(bool(text and text.strip()))


def group_facts(group: Group) -> list[str]:
    """The facts every mention of a group starts with: its visibility and how many members it has."""
    parts = []
    visibility = visibility_words(group.visibility)
    if visibility:
        parts.append(f"{visibility} group")
    if group.member_count is not None:
        parts.append(f"{group.member_count:,} member{'' if group.member_count == 1 else 's'}")
    return parts
