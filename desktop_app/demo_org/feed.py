"""One org's feed in the database: the news feed a page at a time, posts, comments, likes, votes, activity."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from . import ids, orgstore, rows
from .models import Comment, FeedItem, Like, OrgData, Person, Segment
from .paging import cursor_token, parse_cursor

SORTS = {"CreatedDateDesc": "created", "LastModifiedDateDesc": "modified"}
DEFAULT_SORT = "CreatedDateDesc"


class FeedStore:
    """An org's feed items, comments and likes, read and written inside the caller's transaction.

    A news feed page costs three indexed queries whatever the feed's length: the page's items, then all
    comments and all likes of those items.
    """

    def __init__(self, conn: sqlite3.Connection, org: OrgData) -> None:
        self.conn = conn
        self.org = org
        self.org_id = org.info.org_id

    def news_feed(
        self,
        *,
        sort: str,
        size: int,
        page: str | None,
        since: datetime | None,
        hidden: frozenset[str] = frozenset(),
    ) -> tuple[list[FeedItem], str | None]:
        """One page of the news feed (everyone in the org follows everyone) and the next page's token.

        Elements posted on a ``hidden`` parent (a private group the viewer is not in) are left out.
        """
        attribute = SORTS[sort]
        column = f"{attribute}_ms"
        clauses = ["org_id = ?"]
        params: list[object] = [self.org_id]
        if hidden:
            clauses.append(f"parent_id NOT IN ({','.join('?' * len(hidden))})")
            params += sorted(hidden)
        if since is not None:
            clauses.append(f"{column} > ?")
            params.append(rows.to_ms(since))
        if page is not None:
            moment, item_id = parse_cursor(page)
            clauses.append(f"({column}, item_id) < (?, ?)")
            params += [rows.to_ms(moment), item_id]
        found = self.conn.execute(
            f"SELECT {rows.ITEM_COLUMNS} FROM items WHERE {' AND '.join(clauses)} "  # noqa: S608
            f"ORDER BY {column} DESC, item_id DESC LIMIT ?",
            (*params, size + 1),
        ).fetchall()
        items = rows.load_items(self.conn, found[:size])
        if len(found) > size:
            last = items[-1]
            return items, cursor_token(getattr(last, attribute), last.item_id)
        return items, None

    def item(self, item_id: str) -> FeedItem | None:
        """The feed item with this id, with its comments and likes."""
        found = self.conn.execute(
            f"SELECT {rows.ITEM_COLUMNS} FROM items WHERE org_id = ? AND item_id = ?",  # noqa: S608
            (self.org_id, item_id),
        ).fetchall()
        items = rows.load_items(self.conn, found)
        return items[0] if items else None

    def post(
        self,
        actor: Person,
        parent_id: str,
        segments: list[Segment],
        *,
        app_name: str,
        now: datetime,
        kind: str = "TextPost",
        extra: dict[str, Any] | None = None,
    ) -> FeedItem:
        """Create a feed item (a text post, or of another kind with its `extra` data)."""
        item = FeedItem(
            kind=kind,
            extra=dict(extra or {}),
            item_id=orgstore.new_id(self.conn, self.org, ids.FEED_ITEM),
            actor_id=actor.user.user_id,
            created=now,
            modified=now,
            segments=segments,
            parent_id=parent_id,
            app_name=app_name,
        )
        rows.insert_item(self.conn, self.org_id, item)
        return item

    def delete_item(self, item_id: str) -> None:
        """Delete a feed item with its comments and likes."""
        self.conn.execute("DELETE FROM items WHERE org_id = ? AND item_id = ?", (self.org_id, item_id))

    def add_comment(
        self, item: FeedItem, author: Person, segments: list[Segment], *, app_name: str, now: datetime
    ) -> Comment:
        """Add a comment; the item's modified date moves with it."""
        comment_id = orgstore.new_id(self.conn, self.org, ids.COMMENT)
        entry = Comment(comment_id, item.item_id, author.user.user_id, now, segments, app_name)
        rows.insert_comment(self.conn, self.org_id, entry)
        self.conn.execute(
            "UPDATE items SET modified_ms = ? WHERE item_id = ?", (rows.to_ms(now), item.item_id)
        )
        item.comments.append(entry)
        item.modified = now
        return entry

    def comment(self, comment_id: str) -> Comment | None:
        """The comment with this id."""
        row = self.conn.execute(
            f"SELECT {rows.COMMENT_COLUMNS} FROM comments WHERE org_id = ? AND comment_id = ?",  # noqa: S608
            (self.org_id, comment_id),
        ).fetchone()
        return None if row is None else rows.comment_from(row)

    def delete_comment(self, comment_id: str) -> None:
        """Delete a comment (the item's modified date stays, as before)."""
        self.conn.execute(
            "DELETE FROM comments WHERE org_id = ? AND comment_id = ?", (self.org_id, comment_id)
        )

    def like(self, item: FeedItem, user_id: str, now: datetime) -> Like:
        """Like an item; liking twice returns the existing like."""
        existing = next((entry for entry in item.likes if entry.user_id == user_id), None)
        if existing is not None:
            return existing
        entry = Like(orgstore.new_id(self.conn, self.org, ids.LIKE), user_id, item.item_id, now)
        rows.insert_like(self.conn, self.org_id, entry)
        item.likes.append(entry)
        return entry

    def find_like(self, like_id: str) -> Like | None:
        """The like with this id."""
        row = self.conn.execute(
            f"SELECT {rows.LIKE_COLUMNS} FROM likes WHERE org_id = ? AND like_id = ?",  # noqa: S608
            (self.org_id, like_id),
        ).fetchone()
        return None if row is None else rows.like_from(row)

    def delete_like(self, like_id: str) -> None:
        """Take a like back."""
        self.conn.execute("DELETE FROM likes WHERE org_id = ? AND like_id = ?", (self.org_id, like_id))

    def vote(self, item: FeedItem, user_id: str, choice_id: str) -> None:
        """Cast a user's vote in a poll, or move it to another choice (one vote per person)."""
        self.conn.execute(
            "INSERT INTO poll_votes (item_id, user_id, choice_id) VALUES (?, ?, ?) "
            "ON CONFLICT (item_id, user_id) DO UPDATE SET choice_id = excluded.choice_id",
            (item.item_id, user_id, choice_id),
        )
        item.votes[user_id] = choice_id

    def stats(self, user_id: str) -> dict[str, int]:
        """Chatter activity numbers for a user's profile."""
        posts_by = dict(
            self.conn.execute(
                "SELECT actor_id, count(*) FROM items WHERE org_id = ? GROUP BY actor_id", (self.org_id,)
            ).fetchall()
        )
        comments = self._count("SELECT count(*) FROM comments WHERE org_id = ? AND user_id = ?", user_id)
        received = self._count(
            "SELECT count(*) FROM comments JOIN items USING (item_id) "
            "WHERE items.org_id = ? AND items.actor_id = ?",
            user_id,
        )
        liked = self._count(
            "SELECT count(*) FROM likes JOIN items USING (item_id) "
            "WHERE items.org_id = ? AND items.actor_id = ?",
            user_id,
        )
        ranking = sorted(self.org.people, key=lambda other: -posts_by.get(other, 0))
        rank = ranking.index(user_id) + 1
        percentile = round(100 * (len(ranking) - rank + 1) / len(ranking))
        return {
            "posts": posts_by.get(user_id, 0),
            "comments": comments,
            "comments_received": received,
            "likes_received": liked,
            "rank": rank,
            "percentile": percentile,
        }

    def _count(self, sql: str, user_id: str) -> int:
        found: int = self.conn.execute(sql, (self.org_id, user_id)).fetchone()[0]
        return found
