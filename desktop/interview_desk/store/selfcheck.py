"""Self-test part "store": a temporary data file round-trips a note and a bookmark."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from interview_desk.store.user_store import FILE_NAME, UserStore


def check() -> str:
    with tempfile.TemporaryDirectory(prefix="interview-desk-selftest-") as tmp:
        path = Path(tmp) / FILE_NAME
        with UserStore.open(path) as store:
            store.save_note("selftest", "注意力 attention")
            store.set_bookmark("selftest", True)
            store.mark_seen("selftest")
        with UserStore.open(path) as store:
            note = store.note("selftest")
            if note is None or note.text != "注意力 attention":
                raise RuntimeError("a saved note did not survive reopening the data file")
            if store.bookmarks() != ["selftest"]:
                raise RuntimeError("a saved bookmark did not survive reopening the data file")
            if store.progress("selftest").times_reviewed != 1:
                raise RuntimeError("progress did not survive reopening the data file")
    return f"note, bookmark and progress round-trip (sqlite {sqlite3.sqlite_version})"

