"""Two app instances on one note: a save over text the other changed keeps both.

Each save says which stored text it was typed over (its ``base``: what this instance
loaded or last saved). When the stored text is no longer that base, another instance
(or the command line) changed the note in between: instead of the last writer silently
winning, the note becomes this save's text followed by the other text under a marked
line, and the caller is told (``NoteConflict``) so the editor can show it and say so.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

MARK = "----- also saved in another window"  # starts the line above the other text


@dataclass(frozen=True, slots=True)
class NoteConflict:
    """A save met a note another instance had changed; both texts were kept."""

    merged: str  # what is stored now: this save's text, then the other text
    theirs: str  # the other instance's text, as it was stored


def merge(mine: str, theirs: str, when: float) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(when))
    if not mine.strip():
        return theirs
    return f"{mine.rstrip()}\n\n{MARK} ({stamp}) -----\n\n{theirs.lstrip()}"


def write_note(db: sqlite3.Connection, entry_id: str, text: str, base: str | None,
               now: float) -> NoteConflict | None:
    """Store ``text`` inside the caller's write transaction; see the module docstring.

    ``base`` None: no check (a plain save). Blank text deletes the note, unless another
    instance changed it meanwhile (then its text stays).
    """
    row = db.execute("SELECT text FROM notes WHERE entry_id = ?", (entry_id,)).fetchone()
    stored = row[0] if row is not None else ""
    conflict = None
    if base is not None and stored != base and stored.strip() and stored not in text:
        kept = stored
        if base.strip() and stored.startswith(base) and MARK in stored[len(base):]:
            # Our earlier save was merged and this one was typed before we heard: the
            # other text is what came after our old text, not the whole note again.
            kept = stored[len(base):].lstrip("\n")
            merged = f"{text.rstrip()}\n\n{kept}" if text.strip() else stored
        else:
            merged = merge(text, stored, now)
        conflict = NoteConflict(merged, kept)
        text = merged
    if not text.strip():
        db.execute("DELETE FROM notes WHERE entry_id = ?", (entry_id,))
        return None
    db.execute(
        "INSERT INTO notes (entry_id, text, created_at, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
        "text = excluded.text, updated_at = excluded.updated_at "
        "WHERE notes.text != excluded.text",
        (entry_id, text, now, now),
    )
    return conflict
