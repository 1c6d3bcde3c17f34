"""Other people at work in the demo org: posts, comments on the signed-in users' posts, @-mentions of them.

``DemoActivity.tick()`` does one thing as another user of an org, stored like any post or comment, so the
news feed, its ``updatesUrl`` and the To Me feed all see it. ``start(seconds)`` runs ticks on a daemon thread;
tests call ``tick()`` directly. What happens goes round: a post, a comment on a signed-in user's post, a
post mentioning them; people and words come from a seeded generator, so a run can be repeated.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading

import msgspec

from . import rows
from .feed import FeedStore
from .models import OrgData, Person, Segment
from .segments import from_text
from .state import APP_NAME, DemoState

log = logging.getLogger("connect.demo")

ACTIONS = ("post", "comment", "mention")
_POSTS = (
    "Coffee machine on 3 is fixed.",
    "Draft agenda for Thursday is in the shared folder.",
    "Shipping the quarterly numbers this afternoon.",
    "Who has the projector adapter?",
    "Customer call went well; notes to follow.",
)
_COMMENTS = ("Nice work!", "Thanks, looking at it now.", "Can we talk about this tomorrow?", "+1")
_MENTIONS = ("can you take a look?", "your input would help here.", "FYI", "are you free at 3?")


class Happened(msgspec.Struct, frozen=True):
    """What one tick did: the action, the org, who did it, for whom, and the new element (and comment)."""

    action: str
    org_id: str
    actor_id: str
    target_id: str
    item_id: str
    comment_id: str | None = None


class DemoActivity:
    """Makes other users post, comment and mention the signed-in users of the demo org's orgs."""

    def __init__(self, state: DemoState, seed: int = 11) -> None:
        self._state = state
        self._random = random.Random(seed)
        self._count = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, org_index: int | None = None, action: str | None = None) -> Happened | None:
        """Do the next thing (in one org, or the next org in turn); None when an org has no one to act."""
        orgs = self._state.orgs
        if not orgs:
            return None
        org = orgs[org_index if org_index is not None else self._count % len(orgs)]
        chosen = action or ACTIONS[(self._count // len(orgs)) % len(ACTIONS)]
        self._count += 1
        with self._state.db.transaction() as conn:
            targets = self._signed_in(conn, org)
            if not targets:
                return None
            target = self._random.choice(targets)
            others = [p for p in org.people.values() if p.user.user_id != target.user.user_id]
            if not others:
                return None
            actor = self._random.choice(others)
            store = FeedStore(conn, org)
            return self._do(store, chosen, actor, target)

    def _do(self, store: FeedStore, action: str, actor: Person, target: Person) -> Happened:
        now = self._state.now()
        org_id = store.org_id
        who = (org_id, actor.user.user_id, target.user.user_id)
        if action == "comment":
            mine = store.conn.execute(
                f"SELECT {rows.ITEM_COLUMNS} FROM items WHERE org_id = ? AND actor_id = ? "  # noqa: S608
                "ORDER BY created_ms DESC LIMIT 1",
                (org_id, target.user.user_id),
            ).fetchall()
            items = rows.load_items(store.conn, mine)
            if items:
                text = self._random.choice(_COMMENTS)
                entry = store.add_comment(items[0], actor, from_text(text), app_name=APP_NAME, now=now)
                return Happened(action, *who, items[0].item_id, entry.comment_id)
            action = "mention"  # nothing of theirs to comment on yet
        if action == "mention":
            name = "@" + target.user.display_name
            words = self._random.choice(_MENTIONS)
            body = [Segment("Mention", name, target.user.user_id), *from_text(" " + words)]
        else:
            body = from_text(self._random.choice(_POSTS))
        item = store.post(actor, actor.user.user_id, body, app_name=APP_NAME, now=now)
        return Happened(action, *who, item.item_id)

    @staticmethod
    def _signed_in(conn: sqlite3.Connection, org: OrgData) -> list[Person]:
        """The org's people who hold a refresh token (signed in to some client)."""
        holders = {row[0] for row in conn.execute("SELECT DISTINCT user_id FROM refresh_tokens")}
        return [person for user_id, person in org.people.items() if user_id in holders]

    # Running by itself.

    def start(self, seconds: float) -> DemoActivity:
        """Tick every ``seconds`` on a daemon thread until ``stop()``."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, args=(seconds,), name="demo-activity", daemon=True
            )
            self._thread.start()
        return self

    def _run(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            try:
                happened = self.tick()
            except Exception:  # the org may be stopping; a failed tick must not end the others
                log.exception("demo activity tick failed")
                continue
            if happened is not None:
                log.info("demo activity: %s in %s", happened.action, happened.org_id)

    def stop(self) -> None:
        """Stop ticking (waits for a tick under way)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
