"""The user's SQLite file: corrupt, locked, read-only, newer, two instances at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.reliability.conftest import REPO

from interview_desk.errors import StoreError
from interview_desk.store.user_store import UserStore

if TYPE_CHECKING:  # tests/conftest.py's fixture (importing it would run the set-up twice)
    from tests.conftest import Mounts


def _filled(path: Path, n: int = 200) -> None:
    with UserStore.open(path) as store:
        for i in range(n):
            store.save_note(f"e{i}", f"note {i} " + "x" * 300)
            store.set_bookmark(f"e{i}", True)
            store.add_message(f"e{i}", "user", f"question {i}")


DAMAGE = {
    "random-bytes": lambda p: p.write_bytes(os.urandom(64 * 1024)),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 3]),
    "text-file": lambda p: p.write_text("my notes, not a database\n" * 100),
    "zeroed-pages": lambda p: _zero_pages(p),
}


def _zero_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for start in range(8 * 4096, len(data), 8 * 4096):  # every 8th page, header kept
        data[start:start + 4096] = bytes(4096)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_file_is_moved_aside_with_a_message(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "data.sqlite3"
    _filled(path)
    DAMAGE[kind](path)
    before = path.read_bytes()
    with UserStore.open(path) as store:
        assert store.recovery_message and "\n" not in store.recovery_message
        store.save_note("new", "written after the recovery")
        assert store.note("new") is not None
    asides = list(tmp_path.glob("data.sqlite3.corrupt-*"))
    kept = [p for p in asides if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == before  # kept byte for byte


def test_a_newer_schema_is_refused_in_one_line_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite3"
    _filled(path, 5)
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version") as info:
        UserStore.open(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before


def test_a_folder_at_the_data_path_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite3"
    path.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        UserStore.open(path)


def _read_only_folder(folder: Path, mounts: Mounts) -> Callable[[], None]:
    """A folder nobody can write: chmod for a user; for root (whom chmod does not stop),
    a tmpfs remounted read-only (unmounted by the fixture). Returns the undo."""
    if os.geteuid() != 0:
        folder.mkdir()
        folder.chmod(0o500)
        return lambda: folder.chmod(0o700)
    mounts.read_only(mounts.tmpfs(folder))
    return lambda: None


def test_a_read_only_data_folder_is_one_line(tmp_path: Path, mounts: Mounts) -> None:
    folder = tmp_path / "ro"
    undo = _read_only_folder(folder, mounts)
    try:
        with pytest.raises(StoreError) as info:
            UserStore.open(folder / "data.sqlite3")
        assert "\n" not in str(info.value)
    finally:
        undo()


def test_a_file_locked_by_another_process_is_waited_for_then_a_clear_error(
        tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite3"
    _filled(path, 3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with UserStore.open(path) as store:  # WAL readers are not blocked by a writer
            assert store.note("e1") is not None
            with pytest.raises(StoreError, match="could not save") as info:
                store.save_note("e1", "changed while locked")
            assert "\n" not in str(info.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with UserStore.open(path) as store:
        store.save_note("e1", "changed after the lock")
        assert store.note("e1").text == "changed after the lock"  # type: ignore[union-attr]


_FIRST_OPEN = """
import sys
from pathlib import Path
from interview_desk.store.user_store import UserStore
store = UserStore.open(Path(sys.argv[1]))
store.save_note("shared-" + sys.argv[2], "from " + sys.argv[2])
print("saved")
"""


@pytest.mark.parametrize("round_", range(6))
def test_instances_starting_together_on_a_new_profile_all_save(tmp_path: Path,
                                                               round_: int) -> None:
    # Was: "table bookmarks already exists" or "database is locked" for some of them.
    path = tmp_path / "new" / "data.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    procs = [subprocess.Popen([sys.executable, "-c", _FIRST_OPEN, str(path), str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for i in range(6)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [r[0].strip() for r in results] == ["saved"] * 6, [r[1][-300:] for r in results]
    with UserStore.open(path) as store:
        assert {k for k in store.notes() if k.startswith("shared-")} == {
            f"shared-{i}" for i in range(6)}


def test_notes_readable_in_a_damaged_file_are_recovered_into_the_fresh_one(
        tmp_path: Path) -> None:
    # Was: moved aside and a fresh *empty* file started; 175-196 of 200 notes were
    # still readable in the damaged file and the app offered none of them.
    path = tmp_path / "data.sqlite3"
    _filled(path)
    _zero_pages(path)
    with sqlite3.connect(path) as raw:  # what SQLite itself can still read
        try:
            readable = raw.execute("SELECT count(*) FROM notes").fetchone()[0]
        except sqlite3.DatabaseError:
            readable = None
    with UserStore.open(path) as store:
        assert store.recovery_message and "recovered" in store.recovery_message
        notes = store.notes()
        assert len(notes) >= 100, (len(notes), readable)
        assert all(text.startswith(f"note {key[1:]} ") for key, text in notes.items())
        assert len(store.bookmarks()) >= 100
        assert store.conversation("e1") or store.conversation("e150")
