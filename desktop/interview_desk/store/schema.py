"""The schema of the user's data file, as numbered migrations over ``PRAGMA user_version``.

Migration N takes a file at version N-1 to version N inside one transaction. Add a new
function to ``MIGRATIONS`` for every change; never edit one that has shipped, because
users' files were already migrated by it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would break the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_initial(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE bookmarks (
            entry_id   TEXT PRIMARY KEY,
            created_at REAL NOT NULL
        );
        CREATE TABLE notes (
            entry_id   TEXT PRIMARY KEY,
            text       TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE progress (
            entry_id       TEXT PRIMARY KEY,
            seen           INTEGER NOT NULL DEFAULT 0,
            known          INTEGER NOT NULL DEFAULT 0,
            times_reviewed INTEGER NOT NULL DEFAULT 0,
            last_seen      REAL
        );
        CREATE TABLE messages (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id   TEXT,
            role       TEXT NOT NULL,
            content    TEXT NOT NULL,
            citations  TEXT NOT NULL DEFAULT '[]',
            model      TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL
        );
        CREATE INDEX messages_by_entry ON messages (entry_id, id);
        CREATE TABLE drafts (
            entry_id   TEXT PRIMARY KEY,
            text       TEXT NOT NULL,
            model      TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        """
    )


def _v2_study(conn: sqlite3.Connection) -> None:
    """Study mode: card states (FSRS), the review log, saved decks, mock interviews.
    Times: UTC epoch seconds."""
    _run(
        conn,
        """
        CREATE TABLE cards (
            entry_id     TEXT PRIMARY KEY,
            state        INTEGER NOT NULL DEFAULT 0,  -- 0 new, then fsrs.State 1/2/3
            step         INTEGER,
            stability    REAL,
            difficulty   REAL,
            due          REAL,
            last_review  REAL,
            reps         INTEGER NOT NULL DEFAULT 0,
            lapses       INTEGER NOT NULL DEFAULT 0,
            suspended    INTEGER NOT NULL DEFAULT 0,
            buried_until REAL,
            updated_at   REAL NOT NULL
        );
        CREATE INDEX cards_by_due ON cards (due);
        CREATE TABLE review_log (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id     TEXT NOT NULL,
            rating       INTEGER NOT NULL,
            reviewed_at  REAL NOT NULL,
            duration_ms  INTEGER,
            state_before INTEGER NOT NULL,
            elapsed_days REAL,
            prev_card    TEXT
        );
        CREATE INDEX review_log_by_time ON review_log (reviewed_at);
        CREATE INDEX review_log_by_entry ON review_log (entry_id, reviewed_at);
        CREATE TABLE decks (
            name       TEXT PRIMARY KEY,
            spec       TEXT NOT NULL,
            options    TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE mock_sessions (
            id         TEXT PRIMARY KEY,
            started_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            data       TEXT NOT NULL
        );
        """
    )


# version -> migration that produces it (from version - 1)
MIGRATIONS: dict[int, Migration] = {
    1: _v1_initial,
    2: _v2_study,
}

LATEST_VERSION = max(MIGRATIONS)


def migrate(conn: sqlite3.Connection, migrations: dict[int, Migration] | None = None) -> int:
    """Bring the file up to the latest version; returns the version it started at."""
    migrations = MIGRATIONS if migrations is None else migrations
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    for version in range(start + 1, max(migrations) + 1):
        # Explicit transaction: DDL and the version bump land together or not at all.
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock (two
            # instances starting on a new profile): "table bookmarks already exists".
            if conn.execute("PRAGMA user_version").fetchone()[0] < version:
                migrations[version](conn)
                conn.execute(f"PRAGMA user_version = {int(version)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return start
