"""Chatter groups of the demo org in the database: who owns and belongs to each, requests to join, photos.

The group's name lives in `records` (a CollaborationGroup record, so posts can live on it and link to it);
what makes it a group (description, visibility, owner, members, requests) lives in the tables below, made
on first use so data directories seeded before groups existed gain them too.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import msgspec

from . import ids
from .models import OrgData
from .rows import from_ms, to_ms
from .segments import InputError

PUBLIC = "PublicAccess"
PRIVATE = "PrivateAccess"
UNLISTED = "Unlisted"
OWNER = "GroupOwner"
MANAGER = "GroupManager"
MEMBER = "StandardMember"
NOT_A_MEMBER = "NotAMember"
REQUESTED = "NotAMemberPrivateRequested"
MEMBERSHIP = "0FB"
MEMBERSHIP_REQUEST = "0I5"
NO_ACCESS = (
    "You do not have the level of access necessary to perform the operation you requested. "
    "Please contact the owner of the record or your administrator if access is necessary."
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS chatter_groups (
    group_id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs, description TEXT NOT NULL,
    visibility TEXT NOT NULL, owner_id TEXT NOT NULL, color TEXT NOT NULL, photo_version_id TEXT NOT NULL,
    info_title TEXT, info_text TEXT);
CREATE TABLE IF NOT EXISTS group_members (
    membership_id TEXT PRIMARY KEY, group_id TEXT NOT NULL REFERENCES chatter_groups, user_id TEXT NOT NULL,
    role TEXT NOT NULL, created_ms INTEGER NOT NULL, UNIQUE (group_id, user_id));
CREATE INDEX IF NOT EXISTS members_by_user ON group_members (user_id);
CREATE TABLE IF NOT EXISTS group_requests (
    request_id TEXT PRIMARY KEY, group_id TEXT NOT NULL REFERENCES chatter_groups, user_id TEXT NOT NULL,
    status TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
"""


class Group(msgspec.Struct, frozen=True):
    """A group's stored facts (its name is the CollaborationGroup record's)."""

    group_id: str
    name: str
    description: str
    visibility: str
    owner_id: str
    color: str
    photo_version_id: str
    info_title: str | None
    info_text: str | None


class Membership(msgspec.Struct, frozen=True):
    """One person in one group."""

    membership_id: str
    group_id: str
    user_id: str
    role: str
    created: datetime


class JoinRequest(msgspec.Struct, frozen=True):
    """A request to join a private group."""

    request_id: str
    group_id: str
    user_id: str
    status: str
    created: datetime
    updated: datetime


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the group tables if this database has none yet (one statement at a time: in a transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def refused() -> InputError:
    """What Salesforce answers when the person may not do this in the group."""
    return InputError(NO_ACCESS, "INSUFFICIENT_ACCESS_OR_READONLY", 403)


_GROUP_COLUMNS = (
    "g.group_id, r.name, g.description, g.visibility, g.owner_id, g.color, g.photo_version_id, "
    "g.info_title, g.info_text"
)
_MEMBER_COLUMNS = "membership_id, group_id, user_id, role, created_ms"
_REQUEST_COLUMNS = "request_id, group_id, user_id, status, created_ms, updated_ms"


def _membership(row: tuple[str, str, str, str, int]) -> Membership:
    return Membership(row[0], row[1], row[2], row[3], from_ms(row[4]))


def _request(row: tuple[str, str, str, str, int, int]) -> JoinRequest:
    return JoinRequest(row[0], row[1], row[2], row[3], from_ms(row[4]), from_ms(row[5]))


class GroupStore:
    """One org's groups, read and written inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, org: OrgData) -> None:
        self.conn = conn
        self.org = org
        self.org_id = org.info.org_id

    def group(self, group_id: str) -> Group | None:
        """The group with this id in this org."""
        row = self.conn.execute(
            f"SELECT {_GROUP_COLUMNS} FROM chatter_groups g JOIN records r ON r.record_id = g.group_id "  # noqa: S608
            "WHERE g.org_id = ? AND g.group_id = ?",
            (self.org_id, group_id),
        ).fetchone()
        return None if row is None else Group(*row)

    def groups(self) -> list[Group]:
        """Every group of the org, by name."""
        rows = self.conn.execute(
            f"SELECT {_GROUP_COLUMNS} FROM chatter_groups g JOIN records r ON r.record_id = g.group_id "  # noqa: S608
            "WHERE g.org_id = ? ORDER BY r.name, g.group_id",
            (self.org_id,),
        ).fetchall()
        return [Group(*row) for row in rows]

    def groups_of(self, user_id: str) -> list[Group]:
        """The groups a person belongs to, by name."""
        mine = {m.group_id for m in self.memberships_of(user_id)}
        return [group for group in self.groups() if group.group_id in mine]

    def members(self, group_id: str) -> list[Membership]:
        """A group's members: the owner first, then managers, then by when they joined."""
        rows = self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM group_members WHERE group_id = ? "  # noqa: S608
            "ORDER BY CASE role WHEN ? THEN 0 WHEN ? THEN 1 ELSE 2 END, created_ms, membership_id",
            (group_id, OWNER, MANAGER),
        ).fetchall()
        return [_membership(row) for row in rows]

    def member_count(self, group_id: str) -> int:
        """How many people belong to a group."""
        found: int = self.conn.execute(
            "SELECT count(*) FROM group_members WHERE group_id = ?", (group_id,)
        ).fetchone()[0]
        return found

    def memberships_of(self, user_id: str) -> list[Membership]:
        """Every membership of a person."""
        rows = self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM group_members WHERE user_id = ?",  # noqa: S608
            (user_id,),
        ).fetchall()
        return [_membership(row) for row in rows]

    def membership(self, group_id: str, user_id: str) -> Membership | None:
        """A person's membership of a group, if they belong to it."""
        row = self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM group_members WHERE group_id = ? AND user_id = ?",  # noqa: S608
            (group_id, user_id),
        ).fetchone()
        return None if row is None else _membership(row)

    def membership_by_id(self, membership_id: str) -> Membership | None:
        """The membership with this id, if it is in this org."""
        row = self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM group_members WHERE membership_id = ?",  # noqa: S608
            (membership_id,),
        ).fetchone()
        if row is None:
            return None
        found = _membership(row)
        return found if self.group(found.group_id) is not None else None

    def role(self, group_id: str, user_id: str) -> str:
        """The person's role in a group: a member role, a pending request, or not a member."""
        membership = self.membership(group_id, user_id)
        if membership is not None:
            return membership.role
        return REQUESTED if self.pending_request(group_id, user_id) is not None else NOT_A_MEMBER

    def can_manage(self, group_id: str, user_id: str) -> bool:
        """Whether the person owns or manages the group."""
        return self.role(group_id, user_id) in (OWNER, MANAGER)

    def can_see_feed(self, group: Group, user_id: str) -> bool:
        """Whether the person may read (and post to) the group's feed."""
        return group.visibility == PUBLIC or self.membership(group.group_id, user_id) is not None

    def add_member(self, group_id: str, user_id: str, role: str, now: datetime) -> Membership:
        """Make someone a member; a pending request of theirs is accepted by it."""
        membership = Membership(self._new_id(MEMBERSHIP), group_id, user_id, role, now)
        self.conn.execute(
            f"INSERT INTO group_members ({_MEMBER_COLUMNS}) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
            (membership.membership_id, group_id, user_id, role, to_ms(now)),
        )
        self.conn.execute(
            "UPDATE group_requests SET status = 'Accepted', updated_ms = ? "
            "WHERE group_id = ? AND user_id = ? AND status = 'Pending'",
            (to_ms(now), group_id, user_id),
        )
        return membership

    def remove_member(self, membership_id: str) -> None:
        """End a membership."""
        self.conn.execute("DELETE FROM group_members WHERE membership_id = ?", (membership_id,))

    def pending_request(self, group_id: str, user_id: str) -> JoinRequest | None:
        """The person's pending request to join a group."""
        row = self.conn.execute(
            f"SELECT {_REQUEST_COLUMNS} FROM group_requests "  # noqa: S608
            "WHERE group_id = ? AND user_id = ? AND status = 'Pending'",
            (group_id, user_id),
        ).fetchone()
        return None if row is None else _request(row)

    def requests(self, group_id: str, status: str | None = None) -> list[JoinRequest]:
        """A group's requests to join, oldest first, optionally only those of one status."""
        rows = self.conn.execute(
            f"SELECT {_REQUEST_COLUMNS} FROM group_requests WHERE group_id = ? "  # noqa: S608
            "AND (? IS NULL OR status = ?) ORDER BY created_ms, request_id",
            (group_id, status, status),
        ).fetchall()
        return [_request(row) for row in rows]

    def ask_to_join(self, group_id: str, user_id: str, now: datetime) -> JoinRequest:
        """A pending request to join (the one already pending, if any)."""
        existing = self.pending_request(group_id, user_id)
        if existing is not None:
            return existing
        request = JoinRequest(self._new_id(MEMBERSHIP_REQUEST), group_id, user_id, "Pending", now, now)
        self.conn.execute(
            f"INSERT INTO group_requests ({_REQUEST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
            (request.request_id, group_id, user_id, request.status, to_ms(now), to_ms(now)),
        )
        return request

    def last_post(self, group_id: str) -> datetime | None:
        """When the group's newest feed element was posted."""
        found = self.conn.execute(
            "SELECT max(created_ms) FROM items WHERE org_id = ? AND parent_id = ?", (self.org_id, group_id)
        ).fetchone()[0]
        return None if found is None else from_ms(found)

    def by_photo(self, photo_version_id: str) -> Group | None:
        """The group whose photo has this version id."""
        row = self.conn.execute(
            "SELECT group_id FROM chatter_groups WHERE org_id = ? AND photo_version_id = ?",
            (self.org_id, photo_version_id),
        ).fetchone()
        return None if row is None else self.group(row[0])

    def _new_id(self, prefix: str) -> str:
        (serial,) = self.conn.execute(
            "UPDATE orgs SET last_serial = last_serial + 1 WHERE org_id = ? RETURNING last_serial",
            (self.org_id,),
        ).fetchone()
        return ids.make_id(prefix, self.org.pod, serial)


def check_feed_access(conn: sqlite3.Connection, org: OrgData, viewer_id: str, record_id: str) -> None:
    """Raise the 403 Salesforce answers when a record feed (or a post to it) is a private group's the viewer
    does not belong to; any other record passes."""
    store = GroupStore(conn, org)
    group = store.group(record_id)
    if group is not None and not store.can_see_feed(group, viewer_id):
        raise refused()


def hidden_groups(conn: sqlite3.Connection, org: OrgData, viewer_id: str) -> frozenset[str]:
    """Ids of the groups whose posts the viewer may not see (private ones they do not belong to)."""
    store = GroupStore(conn, org)
    return frozenset(g.group_id for g in store.groups() if not store.can_see_feed(g, viewer_id))
