"""Who is looking at the org, through which API version and when; dates as the Connect API writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import people
from .models import OrgData

RECORD_ICONS = {
    "Account": ("account", "7F8DE1"),
    "Opportunity": ("opportunity", "FCB95B"),
    "Case": ("case", "F2CF5B"),
    "CollaborationGroup": ("groups", "779EF2"),
}


def iso(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds, as the Connect API writes dates."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def relative(moment: datetime, now: datetime) -> str:
    """The friendly age Chatter puts in relativeCreatedDate."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "Just now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)}h ago"
    clock = moment.strftime("%I:%M %p").lstrip("0")
    if moment.date() == (now - timedelta(days=1)).date():
        return f"Yesterday at {clock}"
    return f"{moment.strftime('%B')} {moment.day}, {moment.year} at {clock}"


@dataclass(frozen=True)
class View:
    """Who is looking, in which org, through which API version, and when.

    A view lives for one request; it keeps the User Summaries it built, since a page of feed elements names
    the same few people hundreds of times (actors, parents, commenters, likers, bundled changes).
    """

    org: OrgData
    viewer_id: str
    version: str
    now: datetime
    _users: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def api(self, path: str) -> str:
        """A versioned data path."""
        return f"/services/data/v{self.version}{path}"

    def user(self, user_id: str) -> dict[str, Any]:
        """The User Summary of someone in this org (shared between calls: callers must not change it)."""
        summary = self._users.get(user_id)
        if summary is None:
            summary = people.user_summary(self.org.people[user_id], self.org, self.version)
            self._users[user_id] = summary
        return summary

    def reference_url(self, target: str) -> str:
        """The Chatter URL of a user or record."""
        if target in self.org.people:
            return self.api(f"/chatter/users/{target}")
        record = self.org.records[target]
        if record.object_type == "CollaborationGroup":
            return self.api(f"/chatter/groups/{target}")
        return self.api(f"/chatter/records/{target}")

    def motif(self, target: str) -> dict[str, Any]:
        """The icon set and colour of a user or record."""
        if target in self.org.people:
            return people.user_motif(self.org.people[target])
        icon, color = RECORD_ICONS[self.org.records[target].object_type]
        return {
            "color": color,
            "largeIconUrl": f"/img/icon/{icon}64.png",
            "mediumIconUrl": f"/img/icon/{icon}32.png",
            "smallIconUrl": f"/img/icon/{icon}16.png",
            "svgIconUrl": None,
        }

    def record(self, record_id: str) -> dict[str, Any]:
        """A Record Summary: the parent of an element posted on a record, or the record it is about."""
        record = self.org.records[record_id]
        return {
            "id": record.record_id,
            "motif": self.motif(record.record_id),
            "mySubscription": None,
            "name": record.name,
            "type": record.object_type,
            "url": self.reference_url(record.record_id),
        }
