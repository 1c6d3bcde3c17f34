"""Orgs with their people, records and files in the database: written once when seeded, read at start."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from . import ids, rows
from .models import DemoOrgInfo, DemoUser, OrgData, Person, Record
from .seed import SeededOrg

# In the order of DemoUser's fields, then Person's.
_PERSON_COLUMNS = (
    "username, password, user_id, org_id, display_name, first_name, last_name, nickname, title, email, "
    "about_me, city, country, phone, photo_version_id, color, timezone, locale"
)


def save(conn: sqlite3.Connection, seeded: Sequence[SeededOrg]) -> None:
    """Write freshly seeded orgs, their directories and feeds."""
    for position, entry in enumerate(seeded):
        org = entry.org
        conn.execute(
            "INSERT INTO orgs (org_id, position, name, pod, is_sandbox, last_serial) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (org.info.org_id, position, org.info.name, org.pod, org.info.is_sandbox, entry.last_serial),
        )
        for index, person in enumerate(org.people.values()):
            user = person.user
            conn.execute(
                f"INSERT INTO people (position, {_PERSON_COLUMNS}) "  # noqa: S608
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    index, user.username, user.password, user.user_id, user.org_id, user.display_name,
                    person.first_name, person.last_name, person.nickname, person.title, person.email,
                    person.about_me, person.city, person.country, person.phone, person.photo_version_id,
                    person.color, person.timezone, person.locale,
                ),
            )  # fmt: skip
        for index, record in enumerate(org.records.values()):
            conn.execute(
                "INSERT INTO records (record_id, org_id, position, object_type, name) VALUES (?, ?, ?, ?, ?)",
                (record.record_id, org.info.org_id, index, record.object_type, record.name),
            )
        for stored in org.files.values():
            rows.insert_file(conn, org.info.org_id, stored)
        for item in entry.items:
            rows.insert_item(conn, org.info.org_id, item)


def load(conn: sqlite3.Connection, instance_urls: Sequence[str]) -> list[OrgData]:
    """Every org in seeding order, served at the given instance URLs."""
    orgs = []
    found = conn.execute("SELECT org_id, name, pod, is_sandbox FROM orgs ORDER BY position").fetchall()
    for (org_id, name, pod, is_sandbox), url in zip(found, instance_urls, strict=True):
        people = {}
        for row in conn.execute(
            f"SELECT {_PERSON_COLUMNS} FROM people WHERE org_id = ? ORDER BY position",  # noqa: S608
            (org_id,),
        ):
            user = DemoUser(*row[:5])
            people[user.user_id] = Person(user, *row[5:])
        records = {
            record_id: Record(record_id, object_type, record_name)
            for record_id, object_type, record_name in conn.execute(
                "SELECT record_id, object_type, name FROM records WHERE org_id = ? ORDER BY position",
                (org_id,),
            )
        }
        files = {
            stored.file_id: stored
            for stored in map(
                rows.file_from,
                conn.execute(
                    f"SELECT {rows.FILE_COLUMNS} FROM files WHERE org_id = ? ORDER BY file_id",  # noqa: S608
                    (org_id,),
                ),
            )
        }
        info = DemoOrgInfo(name=name, org_id=org_id, instance_url=url, is_sandbox=bool(is_sandbox))
        orgs.append(OrgData(info=info, pod=pod, people=people, records=records, files=files))
    return orgs


def count(conn: sqlite3.Connection) -> int:
    """How many orgs are stored (none before the first seeding)."""
    found: int = conn.execute("SELECT count(*) FROM orgs").fetchone()[0]
    return found


def new_id(conn: sqlite3.Connection, org: OrgData, prefix: str) -> str:
    """A fresh id in this org for a record of the given key prefix."""
    (serial,) = conn.execute(
        "UPDATE orgs SET last_serial = last_serial + 1 WHERE org_id = ? RETURNING last_serial",
        (org.info.org_id,),
    ).fetchone()
    return ids.make_id(prefix, org.pod, serial)


def last_moment_ms(conn: sqlite3.Connection) -> int:
    """The latest time stored on any feed item, comment or like (0 for an empty feed)."""
    latest: int = conn.execute(
        "SELECT max(coalesce((SELECT max(modified_ms) FROM items), 0), "
        "coalesce((SELECT max(created_ms) FROM comments), 0), "
        "coalesce((SELECT max(created_ms) FROM likes), 0))"
    ).fetchone()[0]
    return latest
