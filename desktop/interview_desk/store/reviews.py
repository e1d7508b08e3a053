"""Spaced-repetition data in the user's file: card states, the review log, saved decks.

Kept apart from ``user_store`` so the study feature's tables have one home; it shares the
``UserStore``'s connection and lock, so the one-writer rule holds. Times are UTC epoch
seconds. Qt-free; the scheduling itself lives in ``interview_desk.study``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from interview_desk.errors import StoreError
from interview_desk.store.user_store import UserStore
from interview_desk.strings import tr

STATE_NEW = 0  # no rating yet; 1-3 are fsrs.State (learning, review, relearning)

_CARD_COLUMNS = ("entry_id, state, step, stability, difficulty, due, last_review, reps, "
                 "lapses, suspended, buried_until, updated_at")
_LOG_COLUMNS = ("id, entry_id, rating, reviewed_at, duration_ms, state_before, elapsed_days, "
                "prev_card")


@dataclass(frozen=True, slots=True)
class CardRecord:
    entry_id: str
    state: int = STATE_NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: float | None = None
    last_review: float | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: float | None = None
    updated_at: float = 0.0

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> CardRecord:
        return cls(row[0], int(row[1]), row[2], row[3], row[4], row[5], row[6], int(row[7]),
                   int(row[8]), bool(row[9]), row[10], float(row[11]))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardRecord:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One rating, with the card as it was before (``prev``; None = it was new) for undo."""

    id: int
    entry_id: str
    rating: int  # 1 again, 2 hard, 3 good, 4 easy
    reviewed_at: float
    duration_ms: int | None
    state_before: int
    elapsed_days: float | None  # since the previous review; None for a new card
    prev: CardRecord | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> ReviewRecord:
        prev = CardRecord.from_dict(json.loads(row[7])) if row[7] else None
        return cls(int(row[0]), row[1], int(row[2]), float(row[3]), row[4], int(row[5]),
                   row[6], prev)


class LogRow(NamedTuple):
    """A review log row without its undo snapshot: what statistics read, 100,000 at a time."""

    entry_id: str
    rating: int
    reviewed_at: float
    state_before: int
    elapsed_days: float | None


class QueueInputs(NamedTuple):
    """What today's queue needs from the cards table, read in three indexed queries."""

    due: list[tuple[str, int, float]]  # (entry id, state, due) of started cards due by then
    started: set[str]  # rated at least once (not new)
    hidden: set[str]  # suspended or buried now


@dataclass(frozen=True, slots=True)
class DeckRecord:
    name: str
    spec: str
    options: dict[str, Any]
    created_at: float
    updated_at: float


def _card_values(card: CardRecord) -> tuple[Any, ...]:
    return (card.entry_id, card.state, card.step, card.stability, card.difficulty, card.due,
            card.last_review, card.reps, card.lapses, int(card.suspended), card.buried_until,
            card.updated_at)


class ReviewStore:
    """The study tables of one ``UserStore`` (same connection, same lock)."""

    def __init__(self, store: UserStore) -> None:
        self._store = store

    def _db(self, write: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        # The store's own lock and transaction: one writer, one connection.
        return self._store._db(write)

    # -- cards -----------------------------------------------------------------------
    def card(self, entry_id: str) -> CardRecord | None:
        with self._db() as db:
            row = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE entry_id = ?",
                             (entry_id,)).fetchone()
        return CardRecord.from_row(row) if row else None

    def cards(self) -> dict[str, CardRecord]:
        with self._db() as db:
            rows = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards").fetchall()
        return {r[0]: CardRecord.from_row(r) for r in rows}

    def cards_for(self, entry_ids: Collection[str]) -> dict[str, CardRecord]:
        ids = list(entry_ids)
        found: dict[str, CardRecord] = {}
        with self._db() as db:
            for i in range(0, len(ids), 500):  # SQLite's bound-parameter limit
                chunk = ids[i:i + 500]
                rows = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE entry_id IN "
                                  f"({', '.join('?' for _ in chunk)})", chunk).fetchall()
                found.update((r[0], CardRecord.from_row(r)) for r in rows)
        return found

    def queue_inputs(self, now: float, until: float) -> QueueInputs:
        with self._db() as db:
            due = db.execute(
                "SELECT entry_id, state, due FROM cards WHERE due <= ? AND state != ? "
                "AND NOT suspended AND (buried_until IS NULL OR buried_until <= ?)",
                (until, STATE_NEW, now)).fetchall()
            started = {r[0] for r in db.execute("SELECT entry_id FROM cards WHERE state != ?",
                                                (STATE_NEW,))}
            hidden = {r[0] for r in db.execute(
                "SELECT entry_id FROM cards WHERE suspended OR buried_until > ?", (now,))}
        return QueueInputs(due, started, hidden)

    def put_card(self, card: CardRecord) -> None:
        with self._db(write=True) as db:
            self._upsert(db, card)

    @staticmethod
    def _upsert(db: Any, card: CardRecord) -> None:
        db.execute(f"INSERT OR REPLACE INTO cards ({_CARD_COLUMNS}) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _card_values(card))

    def record_review(self, card: CardRecord, rating: int, reviewed_at: float,
                      prev: CardRecord | None, *, elapsed_days: float | None = None,
                      duration_ms: int | None = None) -> int:
        """Save the rated card and its log row in one transaction; returns the log id."""
        if rating not in (1, 2, 3, 4):
            raise StoreError(tr("err.data.bad_rating", rating=rating))
        prev_json = json.dumps(prev.to_dict()) if prev is not None else None
        state_before = prev.state if prev is not None else STATE_NEW
        with self._db(write=True) as db:
            self._upsert(db, card)
            cur = db.execute(
                "INSERT INTO review_log (entry_id, rating, reviewed_at, duration_ms, "
                "state_before, elapsed_days, prev_card) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card.entry_id, rating, reviewed_at, duration_ms, state_before, elapsed_days,
                 prev_json))
            return int(cur.lastrowid or 0)

    def undo_review(self, log_id: int | None = None) -> ReviewRecord | None:
        """Take back one rating (the latest if ``log_id`` is None): the card returns to
        its state before it and the log row goes. None when there is nothing to undo."""
        with self._db(write=True) as db:
            if log_id is None:
                row = db.execute(f"SELECT {_LOG_COLUMNS} FROM review_log "
                                 "ORDER BY id DESC LIMIT 1").fetchone()
            else:
                row = db.execute(f"SELECT {_LOG_COLUMNS} FROM review_log WHERE id = ?",
                                 (log_id,)).fetchone()
            if row is None:
                return None
            record = ReviewRecord.from_row(row)
            if record.prev is None:
                db.execute("DELETE FROM cards WHERE entry_id = ?", (record.entry_id,))
            else:
                self._upsert(db, record.prev)
            db.execute("DELETE FROM review_log WHERE id = ?", (record.id,))
        return record

    def set_suspended(self, entry_id: str, on: bool) -> None:
        self._update_flags(entry_id, "suspended = ?", int(on))

    def set_buried(self, entry_id: str, until: float | None) -> None:
        """Hide the card until ``until`` (the next study day); None un-buries it."""
        self._update_flags(entry_id, "buried_until = ?", until)

    def _update_flags(self, entry_id: str, assignment: str, value: Any) -> None:
        now = time.time()
        with self._db(write=True) as db:
            db.execute("INSERT OR IGNORE INTO cards (entry_id, state, updated_at) "
                       "VALUES (?, ?, ?)", (entry_id, STATE_NEW, now))
            db.execute(f"UPDATE cards SET {assignment}, updated_at = ? WHERE entry_id = ?",
                       (value, now, entry_id))

    # -- the review log --------------------------------------------------------------
    def reviews(self, since: float | None = None, until: float | None = None,
                entry_id: str | None = None) -> list[ReviewRecord]:
        """Log rows in time order, within ``[since, until)`` and for one entry if given."""
        clauses: list[str] = []
        params: list[float | str] = []
        if since is not None:
            clauses.append("reviewed_at >= ?")
            params.append(since)
        if until is not None:
            clauses.append("reviewed_at < ?")
            params.append(until)
        if entry_id is not None:
            clauses.append("entry_id = ?")
            params.append(entry_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._db() as db:
            rows = db.execute(f"SELECT {_LOG_COLUMNS} FROM review_log {where} "
                              "ORDER BY reviewed_at, id", params).fetchall()
        return [ReviewRecord.from_row(r) for r in rows]

    def log_rows(self) -> list[LogRow]:
        """Every log row, in no particular order (a table scan: no index lookups)."""
        with self._db() as db:
            rows = db.execute("SELECT entry_id, rating, reviewed_at, state_before, elapsed_days "
                              "FROM review_log").fetchall()
        return [LogRow(*r) for r in rows]

    def counts_since(self, since: float) -> list[tuple[str, int]]:
        """(entry id, state before) of every rating since ``since``: the daily limits'
        input, without decoding the undo snapshots."""
        with self._db() as db:
            return db.execute("SELECT entry_id, state_before FROM review_log "
                              "WHERE reviewed_at >= ?", (since,)).fetchall()

    def last_review_id(self) -> int | None:
        with self._db() as db:
            row = db.execute("SELECT MAX(id) FROM review_log").fetchone()
        return row[0]

    # -- saved decks -----------------------------------------------------------------
    def save_deck(self, name: str, spec: str, options: dict[str, Any] | None = None) -> None:
        if not name.strip():
            raise StoreError(tr("err.data.deck_name"))
        now = time.time()
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO decks (name, spec, options, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, "
                "options = excluded.options, updated_at = excluded.updated_at",
                (name, spec, json.dumps(options or {}), now, now))

    def decks(self) -> list[DeckRecord]:
        with self._db() as db:
            rows = db.execute("SELECT name, spec, options, created_at, updated_at FROM decks "
                              "ORDER BY name").fetchall()
        return [DeckRecord(r[0], r[1], _options(r[2]), r[3], r[4]) for r in rows]

    def delete_deck(self, name: str) -> None:
        with self._db(write=True) as db:
            db.execute("DELETE FROM decks WHERE name = ?", (name,))

    # -- mock interviews -------------------------------------------------------------
    def save_mock(self, data: dict[str, Any]) -> None:
        """Insert or update one session (``MockSession.to_dict()``)."""
        try:
            text = json.dumps(data, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(tr("err.data.mock_json", exc=exc)) from exc
        with self._db(write=True) as db:
            db.execute("INSERT INTO mock_sessions (id, started_at, updated_at, data) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                       "updated_at = excluded.updated_at, data = excluded.data",
                       (data["id"], data["started_at"], time.time(), text))

    def mocks(self) -> list[dict[str, Any]]:
        """Every session, newest first."""
        with self._db() as db:
            rows = db.execute("SELECT data FROM mock_sessions "
                              "ORDER BY started_at DESC").fetchall()
        return [v for v in (_options(r[0]) for r in rows) if v]


def _options(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
