"""What the watcher already knows of one account: elements, comments, what was notified and what is unread.

A feed element is remembered by id with its ``modifiedDate`` and the ids of the comments seen on it, so a
page of the To Me feed (which has no ``updatesUrl``) is diffed against it; a news feed update page only
adds. The first page of each watch is a baseline: remembered, neither notified nor counted unread. The
state round-trips through plain JSON (it holds no secret), bounded so it never grows without end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from desktop_app.activity.attention import Attention, for_comment, for_element, same_id
from desktop_app.api.models import Comment, FeedItem

MAX_ELEMENTS = 300
MAX_NOTIFIED = 500
MAX_UNREAD = 999


class _Mark(msgspec.Struct):
    modified: str | None
    comments: set[str] = msgspec.field(default_factory=set)


def _bounded(values: dict[str, Any], limit: int) -> None:
    """Drop the oldest entries (dicts keep insertion order) beyond ``limit``."""
    for key in list(values)[: max(0, len(values) - limit)]:
        del values[key]


class AccountSeen:
    """Known elements, notified posts and comments, and unread element ids of one account."""

    def __init__(self, account_key: str, user_id: str) -> None:
        self.account_key = account_key
        self.user_id = user_id
        self._marks: dict[str, _Mark] = {}
        self._notified: dict[str, None] = {}
        self._unread: dict[str, None] = {}
        self.baselined: set[str] = set()
        self.updates_url: str | None = None

    @property
    def unread(self) -> int:
        """How many elements arrived since the person last looked at this account."""
        return len(self._unread)

    @property
    def unread_ids(self) -> list[str]:
        """The unread elements, oldest first."""
        return list(self._unread)

    def knows(self, element_id: str) -> bool:
        """True when an element was seen before."""
        return element_id in self._marks

    def mark_read(self, element_ids: Iterable[str] | None = None) -> bool:
        """The person saw these elements (None: everything); True when the unread count changed."""
        before = len(self._unread)
        if element_ids is None:
            self._unread.clear()
        else:
            for element_id in element_ids:
                self._unread.pop(element_id, None)
        return len(self._unread) != before

    def take_page(self, source: str, items: Iterable[FeedItem]) -> list[Attention]:
        """Remember a page of a watch; new elements count unread, and what needs the person is returned once.

        ``source`` names the watch; its first page is a baseline (nothing returned, nothing unread).
        """
        baseline = source not in self.baselined
        self.baselined.add(source)
        found: list[Attention] = []
        for item in items:
            found += self._take(item, baseline)
        _bounded(self._marks, MAX_ELEMENTS)
        _bounded(self._notified, MAX_NOTIFIED)
        _bounded(self._unread, MAX_UNREAD)
        return found

    def _take(self, item: FeedItem, baseline: bool) -> list[Attention]:
        mark = self._marks.pop(item.id, None)
        is_new = mark is None
        if mark is None:
            mark = _Mark(item.modified)
        self._marks[item.id] = mark  # re-inserted: the most recently seen stay longest
        changed = is_new or mark.modified != item.modified
        mark.modified = item.modified
        fresh_comments = [c for c in item.comments if c.id not in mark.comments]
        mark.comments.update(c.id for c in item.comments)
        if baseline:
            for known in self._candidates(item, is_new, fresh_comments):
                self._notified[known.key] = None
            return []
        if not changed and not fresh_comments:
            return []
        found = [a for a in self._candidates(item, is_new, fresh_comments) if a.key not in self._notified]
        for attention in found:
            self._notified[attention.key] = None
        mine = same_id(item.actor.id, self.user_id)
        by_others = [c for c in fresh_comments if not same_id(c.user.id, self.user_id)]
        if found or (is_new and not mine) or (mine and by_others):
            self._unread.pop(item.id, None)
            self._unread[item.id] = None
        return found

    def _candidates(self, item: FeedItem, is_new: bool, comments: list[Comment]) -> list[Attention]:
        found: list[Attention] = []
        if is_new:
            post = for_element(self.account_key, item, self.user_id)
            if post is not None:
                found.append(post)
        for comment in comments:
            attention = for_comment(self.account_key, item, comment, self.user_id)
            if attention is not None:
                found.append(attention)
        return found

    # Kept across restarts.

    def to_json(self) -> dict[str, Any]:
        """The state as plain JSON."""
        return {
            "user_id": self.user_id,
            "marks": {k: [m.modified, sorted(m.comments)] for k, m in self._marks.items()},
            "notified": list(self._notified),
            "unread": list(self._unread),
            "baselined": sorted(self.baselined),
            "updates_url": self.updates_url,
        }

    @classmethod
    def from_json(cls, account_key: str, user_id: str, data: object) -> AccountSeen:
        """The state saved by ``to_json`` (anything unreadable, or another user's, starts afresh)."""
        seen = cls(account_key, user_id)
        if not isinstance(data, Mapping) or not same_id(str(data.get("user_id") or ""), user_id):
            return seen
        marks = data.get("marks")
        if isinstance(marks, Mapping):
            for key, value in marks.items():
                if isinstance(key, str) and isinstance(value, list) and len(value) == 2:
                    modified, comments = value
                    ids = {c for c in comments if isinstance(c, str)} if isinstance(comments, list) else set()
                    seen._marks[key] = _Mark(modified if isinstance(modified, str) else None, ids)
        for name, target in (("notified", seen._notified), ("unread", seen._unread)):
            values = data.get(name)
            if isinstance(values, list):
                target.update((v, None) for v in values if isinstance(v, str))
        baselined = data.get("baselined")
        if isinstance(baselined, list):
            seen.baselined = {v for v in baselined if isinstance(v, str)}
        url = data.get("updates_url")
        seen.updates_url = url if isinstance(url, str) and url else None
        _bounded(seen._marks, MAX_ELEMENTS)
        _bounded(seen._notified, MAX_NOTIFIED)
        _bounded(seen._unread, MAX_UNREAD)
        return seen
