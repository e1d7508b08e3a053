"""All of the user's data as one JSON file, and merging such a file back in.

Import merges, so a learner can move between two machines and back: rows are matched by
entry id (messages and review log rows by their content and time), the newer
``updated_at`` wins where a row has one, nothing is ever deleted, and the whole import
is one transaction (a bad file changes nothing).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_desk.atomic_file import write_text
from interview_desk.errors import StoreError
from interview_desk.store.schema import LATEST_VERSION
from interview_desk.store.user_store import UserStore
from interview_desk.strings import tr

FORMAT = "interview-desk-data"
FORMAT_VERSION = 1

# table -> columns exported (every column a later import needs)
TABLES: dict[str, tuple[str, ...]] = {
    "bookmarks": ("entry_id", "created_at"),
    "notes": ("entry_id", "text", "created_at", "updated_at"),
    "progress": ("entry_id", "seen", "known", "times_reviewed", "last_seen"),
    "messages": ("entry_id", "role", "content", "citations", "model", "created_at"),
    "drafts": ("entry_id", "text", "model", "created_at", "updated_at"),
    "cards": ("entry_id", "state", "step", "stability", "difficulty", "due", "last_review",
              "reps", "lapses", "suspended", "buried_until", "updated_at"),
    "review_log": ("entry_id", "rating", "reviewed_at", "duration_ms", "state_before",
                   "elapsed_days", "prev_card"),
    "decks": ("name", "spec", "options", "created_at", "updated_at"),
    "mock_sessions": ("id", "started_at", "updated_at", "data"),
}
# Keyed tables where the newer updated_at wins; their key column.
_NEWER_WINS = {"notes": "entry_id", "drafts": "entry_id", "cards": "entry_id",
               "decks": "name", "mock_sessions": "id"}
# Append-only tables: a row is new unless one with the same identity exists.
_IDENTITY = {"messages": ("entry_id", "role", "content", "created_at"),
             "review_log": ("entry_id", "reviewed_at", "rating")}


@dataclass
class ImportReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        parts = [f"{t}: +{self.added.get(t, 0)} new, {self.updated.get(t, 0)} newer"
                 for t in TABLES if self.added.get(t) or self.updated.get(t)]
        return "; ".join(parts) or "nothing new"


def export_data(store: UserStore) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    with store._db() as db:
        for table, columns in TABLES.items():
            rows = db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            tables[table] = [dict(zip(columns, r, strict=True)) for r in rows]
    return {"format": FORMAT, "version": FORMAT_VERSION, "schema": LATEST_VERSION,
            "exported_at": time.time(), "tables": tables}


def write_export(store: UserStore, path: Path) -> dict[str, int]:
    data = export_data(store)
    try:
        write_text(path, json.dumps(data, ensure_ascii=False, indent=1), private=False)
    except OSError as exc:
        raise StoreError(tr("err.export.write_failed", path=path,
                            reason=exc.strerror or exc)) from None
    return {t: len(rows) for t, rows in data["tables"].items()}


def read_export(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StoreError(tr("err.export.read_failed", path=path,
                            reason=exc.strerror or exc)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(tr("err.export.not_json", path=path, exc=exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(tr("err.export.not_export", path=path))
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise StoreError(tr("err.export.newer", path=path))
    if not isinstance(data.get("tables"), dict):
        raise StoreError(tr("err.export.no_tables", path=path))
    return data


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = data["tables"].get(table, [])
    needed = set(TABLES[table])
    if not isinstance(rows, list) or not all(isinstance(r, dict) and needed <= r.keys()
                                             for r in rows):
        raise StoreError(tr("err.export.bad_rows", table=table, columns=", ".join(TABLES[table])))
    return rows


def import_data(store: UserStore, data: dict[str, Any]) -> ImportReport:
    checked = {t: _rows(data, t) for t in TABLES}  # all checked before anything is written
    report = ImportReport()
    try:
        with store._db(write=True) as db:
            for table, rows in checked.items():
                added, updated = _merge(db, table, rows)
                report.added[table], report.updated[table] = added, updated
    except sqlite3.Error as exc:  # a value of the wrong type, say
        raise StoreError(tr("err.export.merge_failed", exc=exc)) from None
    return report


def _merge(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> tuple[int, int]:
    columns = TABLES[table]
    insert = (f"INSERT INTO {table} ({', '.join(columns)}) "
              f"VALUES ({', '.join('?' for _ in columns)})")
    added = updated = 0
    for row in rows:
        values = [row[c] for c in columns]
        if table in _IDENTITY:
            ident = _IDENTITY[table]
            where = " AND ".join(f"{c} IS ?" for c in ident)
            if db.execute(f"SELECT 1 FROM {table} WHERE {where}",
                          [row[c] for c in ident]).fetchone() is None:
                db.execute(insert, values)
                added += 1
            continue
        key = _NEWER_WINS.get(table, "entry_id")
        mine = db.execute(f"SELECT * FROM {table} WHERE {key} = ?", (row[key],)).fetchone()
        if mine is None:
            db.execute(insert, values)
            added += 1
        elif table in _NEWER_WINS:
            current = db.execute(f"SELECT updated_at FROM {table} WHERE {key} = ?",
                                 (row[key],)).fetchone()[0]
            if float(row["updated_at"]) > float(current):
                db.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
                           f"VALUES ({', '.join('?' for _ in columns)})", values)
                updated += 1
        elif table == "progress":
            updated += _merge_progress(db, row)
    return added, updated


def _merge_progress(db: sqlite3.Connection, row: dict[str, Any]) -> int:
    """Seen and counts only grow; ``known`` follows whichever side saw the entry last."""
    seen, known, times, last = db.execute(
        "SELECT seen, known, times_reviewed, last_seen FROM progress WHERE entry_id = ?",
        (row["entry_id"],)).fetchone()
    theirs_newer = (row["last_seen"] or 0) > (last or 0)
    merged = (max(seen, int(row["seen"])), int(row["known"]) if theirs_newer else known,
              max(times, int(row["times_reviewed"])), max(last or 0, row["last_seen"] or 0)
              or None)
    if merged == (seen, known, times, last):
        return 0
    db.execute("UPDATE progress SET seen = ?, known = ?, times_reviewed = ?, last_seen = ? "
               "WHERE entry_id = ?", (*merged, row["entry_id"]))
    return 1
