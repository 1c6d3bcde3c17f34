"""Notifications from what needs the person: one per post when few arrive, one per account when many do."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import msgspec

from desktop_app.activity.attention import Attention, Reason

GROUP_FROM = 3
"""This many or more at once for one account become one notification ("3 new mentions in Acme")."""

_VERB = {
    Reason.MENTION: "mentioned you",
    Reason.POST_TO_ME: "posted to you",
    Reason.COMMENT: "commented on your post",
}
_NOUN = {Reason.MENTION: "mention", Reason.POST_TO_ME: "post to you", Reason.COMMENT: "comment"}
_NOUNS = {Reason.MENTION: "mentions", Reason.POST_TO_ME: "posts to you", Reason.COMMENT: "comments"}


class Notice(msgspec.Struct, frozen=True):
    """One desktop notification: plain-text summary and body, and the post a click opens."""

    account_key: str
    element_id: str
    summary: str
    body: str
    count: int = 1


def _counted(counts: Counter[Reason]) -> str:
    parts = []
    for reason in Reason:
        number = counts.get(reason, 0)
        if number:
            parts.append(f"{number} new {_NOUN[reason] if number == 1 else _NOUNS[reason]}")
    return ", ".join(parts)


def notices(account_key: str, place: str, found: Sequence[Attention]) -> list[Notice]:
    """The notifications for what one check of an account found; ``place`` names the org or account."""
    if not found:
        return []
    if len(found) >= GROUP_FROM:
        counts = Counter(a.reason for a in found)
        people = sorted({a.actor for a in found if a.actor})
        body = "From " + ", ".join(people[:3]) + (f" and {len(people) - 3} more" if len(people) > 3 else "")
        return [Notice(account_key, found[0].element_id, f"{_counted(counts)} in {place}", body, len(found))]
    return [
        Notice(account_key, a.element_id, f"{a.actor or 'Someone'} {_VERB[a.reason]} · {place}", a.text)
        for a in found
    ]
