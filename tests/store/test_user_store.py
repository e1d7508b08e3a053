"""UserStore against real SQLite files in a temporary folder."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_desk.errors import StoreError
from interview_desk.store import FILE_NAME, UserStore
from interview_desk.store.schema import LATEST_VERSION, migrate


@pytest.fixture
def store(tmp_path: Path):
    with UserStore.open(tmp_path / FILE_NAME) as s:
        yield s


def test_default_path_is_in_the_user_data_folder(isolated_home: Path) -> None:
    with UserStore.open() as s:
        assert s.path == isolated_home / "data" / FILE_NAME
        assert s.recovery_message is None
    assert (isolated_home / "data" / FILE_NAME).is_file()


def test_file_is_wal_and_at_latest_schema(store: UserStore) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_bookmarks_toggle_and_order_newest_first(store: UserStore) -> None:
    for entry_id in ("a", "b", "c"):
        store.set_bookmark(entry_id, True)
    store.set_bookmark("a", True)  # again: keeps its original place
    assert store.bookmarks() == ["c", "b", "a"]
    store.set_bookmark("b", False)
    store.set_bookmark("zz", False)  # removing a missing one is fine
    assert store.bookmarks() == ["c", "a"]
    assert store.is_bookmarked("a") and not store.is_bookmarked("b")


def test_note_save_update_delete(store: UserStore) -> None:
    assert store.note("q1") is None
    store.save_note("q1", "first 第一")
    first = store.note("q1")
    assert first is not None and first.text == "first 第一"
    assert first.created_at == first.updated_at
    time.sleep(0.01)
    store.save_note("q1", "second")
    second = store.note("q1")
    assert second is not None and second.text == "second"
    assert second.created_at == first.created_at and second.updated_at > first.updated_at
    store.save_note("q1", "second")  # unchanged text does not touch updated_at
    assert store.note("q1") == second
    store.save_note("q2", "other")
    assert store.notes() == {"q1": "second", "q2": "other"}
    store.save_note("q1", "   \n")
    assert store.note("q1") is None
    assert store.notes() == {"q2": "other"}


def test_progress_seen_known_and_summary(store: UserStore) -> None:
    assert store.progress("x").seen is False and store.progress("x").times_reviewed == 0
    store.mark_seen("x")
    store.mark_seen("x")
    p = store.progress("x")
    assert p.seen and not p.known and p.times_reviewed == 2 and p.last_seen is not None
    store.set_known("y", True)
    assert store.progress("y").known and store.progress("y").seen
    store.set_known("x", True)
    store.set_known("x", False)
    assert not store.progress("x").known and store.progress("x").seen
    assert set(store.progress_all()) == {"x", "y"}
    store.set_bookmark("y", True)
    store.save_note("gone", "an entry no longer in the corpus")
    everything = store.summary()
    assert (everything.total, everything.seen, everything.known, everything.bookmarked,
            everything.noted) == (None, 2, 1, 1, 1)
    in_corpus = store.summary(["x", "y", "z"])
    assert (in_corpus.total, in_corpus.seen, in_corpus.known, in_corpus.noted) == (3, 2, 1, 0)


def test_conversations_per_entry_and_general(store: UserStore) -> None:
    cites = [{"entry_id": "q1", "title": "注意力"}]
    m1 = store.add_message("q1", "user", "什麼是注意力？")
    m2 = store.add_message("q1", "assistant", "It weighs values.", citations=cites,
                           model="smollm2")
    store.add_message(None, "user", "general question")
    assert m2 > m1
    chat = store.conversation("q1")
    assert [m.role for m in chat] == ["user", "assistant"]
    assert chat[1].citations == cites and chat[1].model == "smollm2"
    assert [m.content for m in store.conversation(None)] == ["general question"]
    assert store.conversation_entry_ids() == [None, "q1"]
    store.clear_conversation("q1")
    assert store.conversation("q1") == [] and len(store.conversation(None)) == 1


def test_bad_message_input_is_a_store_error(store: UserStore) -> None:
    with pytest.raises(StoreError, match="role"):
        store.add_message("q1", "robot", "hi")
    with pytest.raises(StoreError, match="JSON"):
        store.add_message("q1", "user", "hi", citations=[{"x": object()}])
    assert store.conversation("q1") == []


def test_drafts(store: UserStore) -> None:
    assert store.draft("q9") is None
    store.save_draft("q9", "A drafted answer.", "smollm2")
    store.save_draft("q9", "A better answer.", "qwen")
    d = store.draft("q9")
    assert d is not None and (d.text, d.model) == ("A better answer.", "qwen")
    assert set(store.drafts()) == {"q9"}
    store.delete_draft("q9")
    assert store.draft("q9") is None


def test_data_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with UserStore.open(path) as s:
        s.save_note("q1", "kept")
        s.set_bookmark("q1", True)
    with UserStore.open(path) as s:
        assert s.note("q1").text == "kept"  # type: ignore[union-attr]
        assert s.bookmarks() == ["q1"]


def test_not_a_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    garbage = b"this is not sqlite at all\n" * 200
    path.write_bytes(garbage)
    with UserStore.open(path) as s:
        assert s.recovery_message is not None and "\n" not in s.recovery_message
        s.save_note("q1", "fresh start")
        assert s.note("q1") is not None
    kept = list(tmp_path.glob(f"{FILE_NAME}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert kept[0].name in s.recovery_message


def test_damaged_pages_are_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with UserStore.open(path) as s:
        for i in range(400):
            s.save_note(f"q{i}", "long note text " * 40)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):  # scribble over every other page
        data[offset + 8: offset + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
    with UserStore.open(path) as s:
        assert s.recovery_message is not None
        assert s.notes() == {}
    assert len(list(tmp_path.glob(f"{FILE_NAME}.corrupt-*"))) == 1


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        UserStore.open(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_migrations_run_in_order_and_fail_atomically(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)

    def v1(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE t (x INTEGER)")

    def v2(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE t ADD COLUMN y TEXT")

    def v3_broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE u (z INTEGER)")
        raise RuntimeError("boom")

    assert migrate(conn, {1: v1, 2: v2}) == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert migrate(conn, {1: v1, 2: v2}) == 2  # nothing left to do
    with pytest.raises(RuntimeError):
        migrate(conn, {1: v1, 2: v2, 3: v3_broken})
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"t"}
    conn.close()


def test_wrong_paths_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        UserStore.open(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        UserStore.open(blocker / "sub" / FILE_NAME)


def test_closed_store_says_so(tmp_path: Path) -> None:
    s = UserStore.open(tmp_path / FILE_NAME)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.bookmarks()


def test_writes_from_several_threads_all_land(store: UserStore) -> None:
    def work(n: int) -> None:
        for i in range(50):
            store.mark_seen(f"t{n}-{i}")
            store.save_note(f"t{n}-{i}", f"note {n} {i}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.notes()) == 200 and len(store.progress_all()) == 200


def test_second_connection_sees_commits(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with UserStore.open(path) as writer, UserStore.open(path) as reader:
        writer.save_note("q1", "visible")
        assert reader.note("q1").text == "visible"  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1).filter(lambda t: t.strip()))
def test_any_note_text_round_trips(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("notes") / FILE_NAME
    with UserStore.open(path) as s:
        s.save_note("entry", text)
        assert s.note("entry").text == text  # type: ignore[union-attr]


def test_a_bound_store_refuses_other_threads(tmp_path: Path) -> None:
    import threading

    store = UserStore.open(tmp_path / "bound.sqlite3")
    errors: list[BaseException] = []

    def owner() -> None:
        store.bind_to_current_thread()
        store.set_bookmark("a", True)

    t = threading.Thread(target=owner, name="writer")
    t.start()
    t.join()
    try:
        store.bookmarks()
    except RuntimeError as exc:
        errors.append(exc)
    assert len(errors) == 1 and "'writer'" in str(errors[0])
    store._owner = None  # let the test close it here
    assert store.bookmarks() == ["a"]
    store.close()
