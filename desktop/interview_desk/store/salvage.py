"""Rows rescued from a damaged data file into the fresh one that replaces it.

Anki-style "check database": recover as far as the file allows, never less than nothing.
A damaged page stops a plain scan; we go on past it by rowid, so the rows on the pages
after it are kept too.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

TABLES = ("bookmarks", "notes", "progress", "messages", "drafts")
_FIRST = -(2**63)


def salvage(damaged: Path, fresh: sqlite3.Connection) -> int:
    """Copy every row SQLite can still read from ``damaged`` into ``fresh``; the count."""
    # Read a copy: opening the damaged file itself would add -shm/-wal files next to the
    # kept one (a WAL file cannot be opened read-only without them).
    with tempfile.TemporaryDirectory(prefix="interview-desk-salvage-") as tmp:
        copy = Path(tmp) / "damaged.sqlite3"
        try:
            shutil.copyfile(damaged, copy)
            wal = damaged.with_name(damaged.name + "-wal")
            if wal.exists():  # the last commits live there until a checkpoint
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
            old = sqlite3.connect(copy)
        except (OSError, sqlite3.Error) as exc:
            log.info("store: nothing salvaged from %s (%s)", damaged, exc)
            return 0
        try:
            return sum(_copy_table(old, fresh, table) for table in TABLES)
        finally:
            old.close()


def _copy_table(old: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> int:
    wanted = [r[1] for r in fresh.execute(f"PRAGMA table_info({table})")]
    try:
        present = {r[1] for r in old.execute(f"PRAGMA table_info({table})")}
    except sqlite3.Error as exc:  # the schema itself is unreadable
        log.info("store: salvage of %s impossible (%s)", table, exc)
        return 0
    columns = [c for c in wanted if c in present]
    if not columns:
        return 0
    insert = (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
              f"VALUES ({', '.join('?' * len(columns))})")
    copied = 0
    for row in _readable_rows(old, table, columns):
        try:
            copied += fresh.execute(insert, row).rowcount
        except sqlite3.Error:  # a row of the wrong type or shape: skip that one
            continue
    return copied


def _readable_rows(old: sqlite3.Connection, table: str, columns: list[str],
                   max_hops: int = 2000) -> Iterator[tuple[object, ...]]:
    """Rows in rowid order; at a damaged page, hop ahead by growing rowid steps."""
    select = (f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? "
              "ORDER BY rowid")
    last, step = _FIRST, 1
    for _ in range(max_hops):
        try:
            for row in old.execute(select, (last,)):
                last, step = row[0], 1
                yield tuple(row[1:])
            return
        except sqlite3.Error:
            last = max(last, 0) + step  # damage before the first row: rowids start at 1
            step *= 2
            if last >= 2**62:
                return
