"""The demo orgs' Chatter groups as first seeded: public and private ones, their members, a few posts each.

Seeded once per org, on the first start that finds it without groups (a data directory made before groups
existed gains them then). The first person of each org belongs to some groups and not to others, public and
private, so joining, leaving and asking to join can all be tried with them.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from . import groups, ids, rows
from .models import FeedItem, Segment

# name, description, visibility, colour, owner (position in the org), other members (position, role),
# information (title, text) or None, posts (author position, text).
_Spec = tuple[
    str, str, str, str, int, tuple[tuple[int, str], ...], tuple[str, str] | None, tuple[tuple[int, str], ...]
]
# fmt: off
_GROUPS: tuple[_Spec, ...] = (
    ("Release Crew", "Everyone shipping the spring release: dates, blockers & go/no-go calls.",
     groups.PUBLIC, "0B827C", 0, ((2, groups.MANAGER), (3, groups.MEMBER)),
     ("How we release", "Code freeze on Thursdays. Go/no-go at 16:00 in the war room."),
     ((2, "Release candidate 3 is on staging; please smoke-test your areas today."),
      (0, "Go for Friday's release. Thanks, crew!"))),
    ("Café Chatter", "Fika, lunch plans and everything that is not work. ☕",
     groups.PUBLIC, "D83A00", 1, ((2, groups.MEMBER), (3, groups.MEMBER)), None,
     ((1, "Semlor in the kitchen, first come first served!"),)),
    ("Design Guild", "Design reviews and critiques. <Members only> & friends.",
     groups.PRIVATE, "9050E9", 3, ((0, groups.MEMBER),),
     ("Review rules", "Bring two options and the problem they solve."),
     ((3, "New icon set for review: feedback by Wednesday please."),)),
    ("Sales Leadership", "Pipeline reviews and forecasts for the sales leads.",
     groups.PRIVATE, "3A49DA", 1, ((2, groups.MANAGER),),
     ("Forecast calls", "Mondays 9:00. Numbers in the shared sheet by Friday."),
     ((1, "Q3 forecast is in; Globex looks like a commit."),)),
    ("Support Escalations", "Cases that need engineering eyes, and what became of them.",
     groups.PUBLIC, "C23934", 2, ((1, groups.MEMBER),), None,
     ((2, "Case 00001042 is escalated: the export times out for large accounts."),)),
)
# fmt: on


def prepare(conn: sqlite3.Connection, now: datetime) -> None:
    """Create the group tables and seed the groups of every org that has none yet."""
    groups.ensure_schema(conn)
    for org_id, pod in conn.execute("SELECT org_id, pod FROM orgs ORDER BY position").fetchall():
        seeded = conn.execute("SELECT 1 FROM chatter_groups WHERE org_id = ? LIMIT 1", (org_id,)).fetchone()
        if seeded is None:
            _seed_org(conn, org_id, pod, now)


def _new_id(conn: sqlite3.Connection, org_id: str, pod: str, prefix: str) -> str:
    (serial,) = conn.execute(
        "UPDATE orgs SET last_serial = last_serial + 1 WHERE org_id = ? RETURNING last_serial", (org_id,)
    ).fetchone()
    return ids.make_id(prefix, pod, serial)


def _seed_org(conn: sqlite3.Connection, org_id: str, pod: str, now: datetime) -> None:
    people = [
        row[0]
        for row in conn.execute("SELECT user_id FROM people WHERE org_id = ? ORDER BY position", (org_id,))
    ]
    existing = dict(
        conn.execute(
            "SELECT name, record_id FROM records WHERE org_id = ? AND object_type = 'CollaborationGroup'",
            (org_id,),
        ).fetchall()
    )
    (positions,) = conn.execute("SELECT count(*) FROM records WHERE org_id = ?", (org_id,)).fetchone()
    for number, spec in enumerate(_GROUPS):
        name, description, visibility, color, owner, others, information, posts = spec
        if owner >= len(people):
            continue
        group_id = existing.get(name)
        if group_id is None:
            group_id = _new_id(conn, org_id, pod, ids.GROUP)
            conn.execute(
                "INSERT INTO records (record_id, org_id, position, object_type, name) VALUES (?, ?, ?, ?, ?)",
                (group_id, org_id, positions, "CollaborationGroup", name),
            )
            positions += 1
        title, text = information if information is not None else (None, None)
        conn.execute(
            "INSERT INTO chatter_groups (group_id, org_id, description, visibility, owner_id, color, "
            "photo_version_id, info_title, info_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                group_id, org_id, description, visibility, people[owner], color,
                _new_id(conn, org_id, pod, ids.PHOTO), title, text,
            ),
        )  # fmt: skip
        joined = now - timedelta(days=30 - number)
        members = ((owner, groups.OWNER), *((p, role) for p, role in others if p < len(people)))
        for position, role in members:
            conn.execute(
                "INSERT INTO group_members (membership_id, group_id, user_id, role, created_ms) "
                "VALUES (?, ?, ?, ?, ?)",
                (_new_id(conn, org_id, pod, groups.MEMBERSHIP), group_id, people[position], role,
                 rows.to_ms(joined + timedelta(minutes=position))),
            )  # fmt: skip
        for index, (author, body) in enumerate(posts):
            if author >= len(people):
                continue
            created = (now - timedelta(hours=3 + 7 * number + 2 * index)).replace(microsecond=0)
            item = FeedItem(
                item_id=_new_id(conn, org_id, pod, ids.FEED_ITEM),
                actor_id=people[author],
                created=created,
                modified=created,
                segments=[Segment("Text", body)],
                parent_id=group_id,
                app_name="Salesforce for iOS",
            )
            rows.insert_item(conn, org_id, item)
