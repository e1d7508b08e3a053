"""The user's own data in one SQLite file: bookmarks, notes, progress, tutor chats, drafts.

Durability: WAL with ``synchronous=NORMAL`` and autocommit, so every call that writes is
committed when it returns; a crash or kill of the app right after keeps it (only a power
cut can lose the last commits, which WAL then rolls back cleanly).

Threads: one ``UserStore`` may be shared by threads; an internal lock serialises calls
on its single connection. The window goes further: it opens the store on one writer
thread (Anki-style) and ``bind_to_current_thread()`` makes any call from another thread
a ``RuntimeError``, so the GUI never waits on the disk and nothing bypasses the writer.
Other processes may open the same file (WAL, 5 s busy timeout).

Recovery: a file that is not SQLite or fails the integrity check at open is renamed
``<name>.corrupt-YYYYmmdd-HHMMSS`` (kept, never deleted), a fresh file is started with
every row still readable from the damaged one (``salvage``), and ``recovery_message``
says so in one line.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from interview_desk.errors import StoreError
from interview_desk.paths import USER_DATA_FILE, user_data_dir
from interview_desk.store.note_merge import NoteConflict, write_note
from interview_desk.store.records import (
    Draft,
    Message,
    Note,
    Progress,
    ProgressSummary,
    to_datetime,
)
from interview_desk.store.salvage import salvage
from interview_desk.store.schema import LATEST_VERSION, migrate
from interview_desk.strings import tr

log = logging.getLogger(__name__)

FILE_NAME = USER_DATA_FILE
ROLES = frozenset({"user", "assistant", "system"})
_SIDECARS = ("-wal", "-shm")
# SQLite primary result codes that mean "this file is damaged or not a database".
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
_OPEN_RETRY_S = 10.0


def default_path() -> Path:
    return user_data_dir() / FILE_NAME


class _Corrupt(Exception):
    """Internal: the file failed to open as a healthy database."""


class _Busy(Exception):
    """Internal: another process holds the file's lock right now."""


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in _CORRUPT_CODES


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate; raises ``_Corrupt`` for a damaged file.

    Two instances opening a new profile together: switching to WAL can get SQLITE_BUSY
    at once (no busy handler for it), so the open is retried for a while.
    """
    deadline = time.monotonic() + _OPEN_RETRY_S
    while True:
        try:
            return _connect_once(path)
        except _Busy as exc:
            if time.monotonic() > deadline:
                raise StoreError(tr("err.data.locked", path=path, exc=exc)) from exc
            time.sleep(0.05)


def _connect_once(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(tr("err.data.open_failed", path=path, exc=exc)) from exc
    try:
        # Checks first, read-only: a file we refuse must be left byte-for-byte as it was.
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            raise _Corrupt(str(rows[0][0]) if rows else "integrity check failed")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST_VERSION:
            raise StoreError(tr("err.data.newer", file=path.name, version=version,
                                latest=LATEST_VERSION))
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        start = migrate(conn)
        if 0 < start < LATEST_VERSION:
            log.info("store: migrated %s from schema %d to %d", path, start, LATEST_VERSION)
        return conn
    except sqlite3.Error as exc:
        conn.close()
        if _is_corruption(exc):
            raise _Corrupt(str(exc)) from exc
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _BUSY_CODES:
            raise _Busy(str(exc)) from exc
        raise StoreError(tr("err.data.open_failed", path=path, exc=exc)) from exc
    except BaseException:
        conn.close()
        raise


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.replace(aside)
        for suffix in _SIDECARS:  # the journal belongs to the damaged file, not the new one
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.replace(aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise StoreError(tr("err.data.damaged_stuck", path=path, exc=exc)) from exc
    return aside


class UserStore:
    """Bookmarks, notes, progress and tutor conversations of one user. Qt-free."""

    def __init__(self, conn: sqlite3.Connection, path: Path,
                 recovery_message: str | None = None) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._owner: threading.Thread | None = None  # see bind_to_current_thread
        self.path = path
        self.recovery_message = recovery_message

    @classmethod
    def open(cls, path: Path | None = None) -> UserStore:
        path = Path(path) if path is not None else default_path()
        if path.is_dir():
            raise StoreError(tr("err.data.is_folder", path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(tr("err.data.mkdir_failed", path=path, exc=exc)) from exc
        try:
            return cls(_connect(path), path)
        except _Corrupt as exc:
            aside = _move_aside(path)
            log.warning("store: %s is damaged (%s); moved to %s", path, exc, aside)
            conn = _connect(path)
            recovered = salvage(aside, conn)
            log.warning("store: recovered %d records from %s", recovered, aside)
            message = (f"Your data file was damaged; it was kept as {aside.name} "
                       f"and a fresh one was started" + (
                           f", with {recovered} records recovered from it." if recovered
                           else "; nothing in it could be read."))
            return cls(conn, path, recovery_message=message)

    # -- plumbing ------------------------------------------------------------------
    def bind_to_current_thread(self) -> None:
        """From now on only this thread may use the store (the window's writer)."""
        self._owner = threading.current_thread()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection under the lock; a write runs as one committed transaction."""
        owner = self._owner
        if owner is not None and threading.current_thread() is not owner:
            raise RuntimeError(f"the user store belongs to thread {owner.name!r}; "
                               f"{threading.current_thread().name!r} must go through it")
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreError(tr("err.data.closed"))
            try:
                if not write:
                    yield conn
                    return
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                key = "err.data.save_failed" if write else "err.data.read_failed"
                raise StoreError(tr(key, file=self.path.name, exc=exc)) from exc

    # -- bookmarks -----------------------------------------------------------------
    def set_bookmark(self, entry_id: str, on: bool) -> None:
        with self._db(write=True) as db:
            if on:
                db.execute("INSERT OR IGNORE INTO bookmarks (entry_id, created_at) "
                           "VALUES (?, ?)", (entry_id, time.time()))
            else:
                db.execute("DELETE FROM bookmarks WHERE entry_id = ?", (entry_id,))

    def is_bookmarked(self, entry_id: str) -> bool:
        with self._db() as db:
            row = db.execute("SELECT 1 FROM bookmarks WHERE entry_id = ?",
                             (entry_id,)).fetchone()
        return row is not None

    def bookmarks(self) -> list[str]:
        """Bookmarked entry ids, newest first."""
        with self._db() as db:
            rows = db.execute("SELECT entry_id FROM bookmarks "
                              "ORDER BY created_at DESC, rowid DESC").fetchall()
        return [r[0] for r in rows]

    # -- notes ---------------------------------------------------------------------
    def note(self, entry_id: str) -> Note | None:
        with self._db() as db:
            row = db.execute("SELECT entry_id, text, created_at, updated_at FROM notes "
                             "WHERE entry_id = ?", (entry_id,)).fetchone()
        if row is None:
            return None
        return Note(row[0], row[1], to_datetime(row[2]), to_datetime(row[3]))  # type: ignore[arg-type]

    def save_note(self, entry_id: str, text: str,
                  base: str | None = None) -> NoteConflict | None:
        """Save (autosave) a note; empty or blank text deletes it. Unchanged text is a no-op.

        ``base``: the text this writer loaded or last saved; when another instance changed
        the note since, both texts are kept (``note_merge``) and the conflict returned.
        """
        with self._db(write=True) as db:
            return write_note(db, entry_id, text, base, time.time())

    def notes(self) -> dict[str, str]:
        """Every note's text by entry id (the search index adds them to its documents)."""
        with self._db() as db:
            return dict(db.execute("SELECT entry_id, text FROM notes").fetchall())

    # -- progress ------------------------------------------------------------------
    def mark_seen(self, entry_id: str) -> None:
        """The entry was opened for study: seen, one more review, last seen now."""
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO progress (entry_id, seen, times_reviewed, last_seen) "
                "VALUES (?, 1, 1, ?) ON CONFLICT (entry_id) DO UPDATE SET seen = 1, "
                "times_reviewed = times_reviewed + 1, last_seen = excluded.last_seen",
                (entry_id, time.time()),
            )

    def set_known(self, entry_id: str, known: bool) -> None:
        """Mark the entry known (which implies seen) or not known any more."""
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO progress (entry_id, seen, known) VALUES (?, ?, ?) "
                "ON CONFLICT (entry_id) DO UPDATE SET known = excluded.known, "
                "seen = MAX(seen, excluded.seen)",
                (entry_id, int(known), int(known)),
            )

    @staticmethod
    def _progress(row: tuple[Any, ...]) -> Progress:
        return Progress(row[0], bool(row[1]), bool(row[2]), int(row[3]), to_datetime(row[4]))

    def progress(self, entry_id: str) -> Progress:
        with self._db() as db:
            row = db.execute("SELECT entry_id, seen, known, times_reviewed, last_seen "
                             "FROM progress WHERE entry_id = ?", (entry_id,)).fetchone()
        return self._progress(row) if row else Progress(entry_id)

    def progress_all(self) -> dict[str, Progress]:
        with self._db() as db:
            rows = db.execute("SELECT entry_id, seen, known, times_reviewed, last_seen "
                              "FROM progress").fetchall()
        return {r[0]: self._progress(r) for r in rows}

    def summary(self, entry_ids: Iterable[str] | None = None) -> ProgressSummary:
        """Counts of seen/known/bookmarked/noted entries, within ``entry_ids`` if given
        (ids of entries no longer in the corpus are then left out)."""
        with self._db() as db:
            seen = {r[0] for r in db.execute("SELECT entry_id FROM progress WHERE seen")}
            known = {r[0] for r in db.execute("SELECT entry_id FROM progress WHERE known")}
            marked = {r[0] for r in db.execute("SELECT entry_id FROM bookmarks")}
            noted = {r[0] for r in db.execute("SELECT entry_id FROM notes")}
        if entry_ids is None:
            return ProgressSummary(None, len(seen), len(known), len(marked), len(noted))
        ids = set(entry_ids)
        return ProgressSummary(len(ids), len(seen & ids), len(known & ids),
                               len(marked & ids), len(noted & ids))

    # -- tutor conversations -------------------------------------------------------
    def add_message(self, entry_id: str | None, role: str, content: str, *,
                    citations: list[dict[str, Any]] | None = None, model: str = "") -> int:
        """Append one chat message; returns its id. ``entry_id`` None = a general chat."""
        if role not in ROLES:
            raise StoreError(tr("err.data.chat_role", role=role, roles=", ".join(sorted(ROLES))))
        try:
            cites = json.dumps(citations or [], ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(tr("err.data.citations_json", exc=exc)) from exc
        with self._db(write=True) as db:
            cur = db.execute("INSERT INTO messages (entry_id, role, content, citations, model, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (entry_id, role, content, cites, model, time.time()))
            return int(cur.lastrowid or 0)

    def conversation(self, entry_id: str | None) -> list[Message]:
        """The messages about one entry (or the general chat for None), oldest first."""
        with self._db() as db:
            rows = db.execute("SELECT id, entry_id, role, content, citations, model, created_at "
                              "FROM messages WHERE entry_id IS ? ORDER BY id",
                              (entry_id,)).fetchall()
        return [Message(r[0], r[1], r[2], r[3], _load_citations(r[4]), r[5], to_datetime(r[6]))
                for r in rows]

    def conversation_entry_ids(self) -> list[str | None]:
        """Entries that have a conversation, most recently active first."""
        with self._db() as db:
            rows = db.execute("SELECT entry_id FROM messages GROUP BY entry_id "
                              "ORDER BY MAX(id) DESC").fetchall()
        return [r[0] for r in rows]

    def clear_conversation(self, entry_id: str | None) -> None:
        with self._db(write=True) as db:
            db.execute("DELETE FROM messages WHERE entry_id IS ?", (entry_id,))

    # -- machine drafts ------------------------------------------------------------
    def save_draft(self, entry_id: str, text: str, model: str) -> None:
        now = time.time()
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO drafts (entry_id, text, model, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
                "text = excluded.text, model = excluded.model, updated_at = excluded.updated_at",
                (entry_id, text, model, now, now),
            )

    def draft(self, entry_id: str) -> Draft | None:
        with self._db() as db:
            row = db.execute("SELECT entry_id, text, model, created_at, updated_at FROM drafts "
                             "WHERE entry_id = ?", (entry_id,)).fetchone()
        if row is None:
            return None
        return Draft(row[0], row[1], row[2], to_datetime(row[3]), to_datetime(row[4]))  # type: ignore[arg-type]

    def drafts(self) -> dict[str, Draft]:
        with self._db() as db:
            rows = db.execute("SELECT entry_id, text, model, created_at, updated_at "
                              "FROM drafts").fetchall()
        return {r[0]: Draft(r[0], r[1], r[2], to_datetime(r[3]), to_datetime(r[4]))  # type: ignore[arg-type]
                for r in rows}

    def delete_draft(self, entry_id: str) -> None:
        with self._db(write=True) as db:
            db.execute("DELETE FROM drafts WHERE entry_id = ?", (entry_id,))


def _load_citations(raw: str) -> list[dict[str, Any]]:
    try:
        value = json.loads(raw)
    except ValueError:
        log.warning("store: unreadable citations %r", raw[:80])
        return []
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []
