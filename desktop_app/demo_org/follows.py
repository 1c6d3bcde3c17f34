"""Following in the demo org: subscriptions (who follows whom or what), and the counts profiles show.

Seeded so that everyone follows everyone else in their org and two of its accounts, as the news feed (which
shows everyone's posts) assumes; following and unfollowing change the counts from then on.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from . import groups, ids
from .models import OrgData
from .rows import to_ms
from .view import View

SUBSCRIPTION = "0E8"
SEEDED_RECORDS = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    subscription_id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs, subscriber_id TEXT NOT NULL,
    subject_id TEXT NOT NULL, created_ms INTEGER NOT NULL, UNIQUE (subscriber_id, subject_id));
CREATE INDEX IF NOT EXISTS subscriptions_by_subject ON subscriptions (subject_id);
"""
_INSERT = (
    "INSERT INTO subscriptions (subscription_id, org_id, subscriber_id, subject_id, created_ms) "
    "VALUES (?, ?, ?, ?, ?)"
)


def prepare(conn: sqlite3.Connection, now: datetime) -> None:
    """Create the subscriptions table and seed the follows of every org that has none yet."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    for org_id, pod in conn.execute("SELECT org_id, pod FROM orgs ORDER BY position").fetchall():
        if conn.execute("SELECT 1 FROM subscriptions WHERE org_id = ? LIMIT 1", (org_id,)).fetchone():
            continue
        people = [
            r[0]
            for r in conn.execute("SELECT user_id FROM people WHERE org_id = ? ORDER BY position", (org_id,))
        ]
        accounts = [
            r[0]
            for r in conn.execute(
                "SELECT record_id FROM records WHERE org_id = ? AND object_type = 'Account' "
                "ORDER BY position LIMIT ?",
                (org_id, SEEDED_RECORDS),
            )
        ]
        for subscriber in people:
            for subject in [p for p in people if p != subscriber] + accounts:
                (serial,) = conn.execute(
                    "UPDATE orgs SET last_serial = last_serial + 1 WHERE org_id = ? RETURNING last_serial",
                    (org_id,),
                ).fetchone()
                subscription = ids.make_id(SUBSCRIPTION, pod, serial)
                conn.execute(_INSERT, (subscription, org_id, subscriber, subject, to_ms(now)))


class FollowStore:
    """One org's subscriptions, read and written inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, org: OrgData) -> None:
        self.conn = conn
        self.org = org
        self.org_id = org.info.org_id

    def subscription(self, subscriber_id: str, subject_id: str) -> str | None:
        """The id of the subscriber's subscription to a subject, if they follow it."""
        row = self.conn.execute(
            "SELECT subscription_id FROM subscriptions "
            "WHERE org_id = ? AND subscriber_id = ? AND subject_id = ?",
            (self.org_id, subscriber_id, subject_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def find(self, subscription_id: str) -> tuple[str, str] | None:
        """(subscriber, subject) of a subscription of this org."""
        row = self.conn.execute(
            "SELECT subscriber_id, subject_id FROM subscriptions WHERE org_id = ? AND subscription_id = ?",
            (self.org_id, subscription_id),
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def follow(self, subscriber_id: str, subject_id: str, now: datetime) -> str:
        """Follow a subject; following again keeps the subscription there is."""
        existing = self.subscription(subscriber_id, subject_id)
        if existing is not None:
            return existing
        (serial,) = self.conn.execute(
            "UPDATE orgs SET last_serial = last_serial + 1 WHERE org_id = ? RETURNING last_serial",
            (self.org_id,),
        ).fetchone()
        subscription_id = ids.make_id(SUBSCRIPTION, self.org.pod, serial)
        self.conn.execute(_INSERT, (subscription_id, self.org_id, subscriber_id, subject_id, to_ms(now)))
        return subscription_id

    def unfollow(self, subscription_id: str) -> None:
        """End a subscription."""
        self.conn.execute("DELETE FROM subscriptions WHERE subscription_id = ?", (subscription_id,))

    def followers(self, subject_id: str) -> int:
        """How many follow a subject."""
        found: int = self.conn.execute(
            "SELECT count(*) FROM subscriptions WHERE org_id = ? AND subject_id = ?",
            (self.org_id, subject_id),
        ).fetchone()[0]
        return found

    def following(self, subscriber_id: str) -> tuple[int, int]:
        """How many people, and how many other things, a person follows."""
        subjects = [
            row[0]
            for row in self.conn.execute(
                "SELECT subject_id FROM subscriptions WHERE org_id = ? AND subscriber_id = ?",
                (self.org_id, subscriber_id),
            )
        ]
        people = sum(1 for subject in subjects if subject.startswith(ids.USER))
        return people, len(subjects) - people


def with_follows(detail: dict[str, Any], conn: sqlite3.Connection, view: View) -> dict[str, Any]:
    """A User Detail with its follower, following and group counts and the viewer's subscription as stored."""
    user_id = detail["id"]
    store = FollowStore(conn, view.org)
    people, records = store.following(user_id)
    subscription = store.subscription(view.viewer_id, user_id)
    detail["followersCount"] = store.followers(user_id)
    detail["followingCounts"] = {"people": people, "records": records, "total": people + records}
    detail["groupCount"] = len(groups.GroupStore(conn, view.org).memberships_of(user_id))
    detail["mySubscription"] = (
        None
        if subscription is None
        else {"id": subscription, "url": view.api(f"/chatter/subscriptions/{subscription}")}
    )
    return detail
