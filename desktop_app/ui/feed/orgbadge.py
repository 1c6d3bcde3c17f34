"""The org badge of a post in a feed that mixes accounts: a dot in the account's colour and the org name."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import msgspec
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter

from desktop_app.auth.account import Account
from desktop_app.ui.feed.rowstyle import Face, RowStyle
from desktop_app.ui.feed.shapecache import draw_dot

DOT = 8
GAP = 5
MAX_SHARE = 0.45
"""At most this part of the header line goes to the badge; the author's name keeps the rest."""


def account_colour(account_key: str, dark: bool = False) -> QColor:
    """A colour of the account's own, the same on every run (a CRC of the key, not Python's salted hash)."""
    hue = zlib.crc32(account_key.encode("utf-8")) % 360
    return QColor.fromHsl(hue, 170, 170 if dark else 110)


def source_labels(accounts: Sequence[Account]) -> dict[str, str]:
    """What each account is called on badges and status lines: its org, and who when an org has two."""
    orgs = [account.org_name or account.org_id for account in accounts]
    labels = {}
    for account, org in zip(accounts, orgs, strict=True):
        who = account.display_name or account.username
        labels[account.key] = f"{org} ({who})" if orgs.count(org) > 1 else org
    return labels


class OrgBadge(msgspec.Struct, frozen=True):
    """What marks a post with its account: the account's colour and the words beside it (the org name)."""

    colour: QColor
    text: str


def badge_width(badge: OrgBadge, style: RowStyle, room: int) -> int:
    """How wide the badge is drawn in a header line ``room`` pixels wide."""
    # A few pixels spare: eliding measures with fractional advances, this with whole ones.
    wanted = DOT + GAP + style.width(badge.text) + 4 + GAP
    return min(wanted, int(room * MAX_SHARE))


def paint_badge(
    painter: QPainter, badge: OrgBadge, rect: QRect, style: RowStyle, text_colour: QColor
) -> None:
    """Draw the badge right-aligned in ``rect`` (a dot, then the org name elided to what is left)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_dot(painter, rect.left(), rect.top() + (rect.height() - DOT) / 2, DOT, badge.colour)
    words = QRect(rect.left() + DOT + GAP, rect.top(), max(0, rect.width() - DOT - 2 * GAP), rect.height())
    painter.setFont(style.fonts[Face.PLAIN])
    painter.setPen(text_colour)
    style.draw_line(
        painter, words, "left", style.elided(badge.text, Face.PLAIN, words.width()), face=Face.PLAIN
    )
    painter.restore()
