"""The demo org's SQLite database: schema, one shared connection, one transaction per request.

Threads: werkzeug serves every request on a thread of its own, and all of them share one connection behind
one re-entrant lock. A request holds the lock for as long as it touches state, inside one transaction, so its
checks and writes see one consistent org and commit together or not at all. One connection rather than one
per thread because an in-memory database (no data directory) is private to the connection that made it, and
because SQLite runs one writer at a time anyway; the demo org serves a handful of clients, not a crowd.

On disk the database runs in WAL mode with synchronous=NORMAL: a commit is atomic, and once it has returned
it survives the process being killed (it can only be lost to a power cut before the next checkpoint).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_NAME = "demo-org.sqlite3"
SCHEMA_VERSION = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (
    org_id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, pod TEXT NOT NULL,
    is_sandbox INTEGER NOT NULL, last_serial INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    user_id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs, position INTEGER NOT NULL,
    username TEXT NOT NULL UNIQUE, password TEXT NOT NULL, display_name TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, nickname TEXT NOT NULL, title TEXT NOT NULL,
    email TEXT NOT NULL, about_me TEXT NOT NULL, city TEXT NOT NULL, country TEXT NOT NULL,
    phone TEXT NOT NULL, photo_version_id TEXT NOT NULL, color TEXT NOT NULL, timezone TEXT NOT NULL,
    locale TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    record_id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs, position INTEGER NOT NULL,
    object_type TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    item_id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs, actor_id TEXT NOT NULL,
    parent_id TEXT NOT NULL, created_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL,
    segments TEXT NOT NULL, app_name TEXT, kind TEXT NOT NULL DEFAULT 'TextPost',
    element_type TEXT NOT NULL DEFAULT 'FeedItem', extra TEXT);
CREATE INDEX IF NOT EXISTS items_by_created ON items (org_id, created_ms, item_id);
CREATE INDEX IF NOT EXISTS items_by_modified ON items (org_id, modified_ms, item_id);
CREATE INDEX IF NOT EXISTS items_by_actor ON items (actor_id);
CREATE TABLE IF NOT EXISTS comments (
    comment_id TEXT PRIMARY KEY, item_id TEXT NOT NULL REFERENCES items ON DELETE CASCADE,
    org_id TEXT NOT NULL, user_id TEXT NOT NULL, created_ms INTEGER NOT NULL, segments TEXT NOT NULL,
    app_name TEXT, file_id TEXT);
CREATE INDEX IF NOT EXISTS comments_by_item ON comments (item_id, created_ms, comment_id);
CREATE INDEX IF NOT EXISTS comments_by_user ON comments (user_id);
CREATE TABLE IF NOT EXISTS likes (
    seq INTEGER PRIMARY KEY, like_id TEXT NOT NULL UNIQUE,
    item_id TEXT NOT NULL REFERENCES items ON DELETE CASCADE, org_id TEXT NOT NULL, user_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL, UNIQUE (item_id, user_id));
CREATE TABLE IF NOT EXISTS poll_votes (
    item_id TEXT NOT NULL REFERENCES items ON DELETE CASCADE, user_id TEXT NOT NULL,
    choice_id TEXT NOT NULL, PRIMARY KEY (item_id, user_id));
CREATE TABLE IF NOT EXISTS files (
    file_id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs, version_id TEXT NOT NULL UNIQUE,
    owner_id TEXT NOT NULL, title TEXT NOT NULL, extension TEXT NOT NULL, file_type TEXT NOT NULL,
    mime_type TEXT NOT NULL, size INTEGER NOT NULL, checksum TEXT NOT NULL, created_ms INTEGER NOT NULL,
    recipe TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS access_tokens (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, scope TEXT NOT NULL, issued REAL NOT NULL,
    family TEXT);
CREATE INDEX IF NOT EXISTS access_by_family ON access_tokens (family);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, scope TEXT NOT NULL, family TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS refresh_by_family ON refresh_tokens (family);
CREATE TABLE IF NOT EXISTS codes (
    code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, scope TEXT NOT NULL,
    challenge TEXT, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (sid_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (
    ticket_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, params TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS otps (otp_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS approvals (
    user_id TEXT NOT NULL, client_id TEXT NOT NULL, PRIMARY KEY (user_id, client_id));
CREATE TABLE IF NOT EXISTS api_usage (
    org_id TEXT NOT NULL, day INTEGER NOT NULL, calls INTEGER NOT NULL, PRIMARY KEY (org_id, day));
CREATE TABLE IF NOT EXISTS chatter_hits (
    user_id TEXT NOT NULL, hour INTEGER NOT NULL, calls INTEGER NOT NULL, PRIMARY KEY (user_id, hour));
"""


class SchemaError(RuntimeError):
    """The data directory holds a database this version of the demo org cannot read."""


def remove(directory: Path) -> None:
    """Delete the database (and its WAL and shared-memory files) in a data directory, if any."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        (directory / (FILE_NAME + suffix)).unlink(missing_ok=True)


class Database:
    """The demo org's state: in memory when `directory` is None, else in DIR/demo-org.sqlite3."""

    def __init__(self, directory: Path | None) -> None:
        self.path = None if directory is None else directory / FILE_NAME
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        target = ":memory:" if self.path is None else str(self.path)
        # Autocommit mode: transactions are opened and closed here, explicitly, one per request.
        self._conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        self._lock = threading.RLock()
        self._depth = 0
        # Checked first: data of another schema is refused, never altered (not even its journal mode).
        version = self._stored_version()
        if version is not None and version != SCHEMA_VERSION:
            self._conn.close()
            raise SchemaError(
                f"{self.path} has demo org data of schema {version}, not {SCHEMA_VERSION}; "
                "start with --reset to begin afresh"
            )
        if self.path is not None:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        if self.path is not None:
            self.path.chmod(0o600)  # the org's consumer secret lives here
        # Outside a transaction: executescript commits any open one first. Every statement is idempotent.
        self._conn.executescript(_SCHEMA)
        if version is None:
            self.set_meta("schema_version", SCHEMA_VERSION)

    def _stored_version(self) -> str | None:
        has_meta = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if has_meta is None:
            return None
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return None if row is None else str(row[0])

    @property
    def lock(self) -> threading.RLock:
        """Held by whoever uses the connection; transaction() takes it."""
        return self._lock

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, in a transaction committed on success and rolled back on error.

        Nested calls join the outer transaction.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def meta(self, key: str) -> str | None:
        """A stored setting of the org (seed, ports, consumer secret, ...)."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting of the org."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close the connection; on disk the WAL is checkpointed into the database file."""
        with self._lock:
            self._conn.close()
