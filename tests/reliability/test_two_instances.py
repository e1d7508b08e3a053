"""Two app instances on the same note: nothing either of them typed is lost, and the
editor says so in one line. Real SQLite writers on one file, real windows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.reliability.conftest import REPO
from tests.ui.conftest import desk_home, make_window  # noqa: F401 (fixtures)

from interview_desk.store import UserStore
from interview_desk.store.note_merge import MARK
from interview_desk.store.user_store import default_path
from interview_desk.ui.i18n import tr


def _other_process_saves(path: Path, entry_id: str, text: str) -> None:
    """Another instance: a separate process with its own connection to the file."""
    code = ("import sys; from interview_desk.store import UserStore\n"
            "with UserStore.open(__import__('pathlib').Path(sys.argv[1])) as s:\n"
            "    s.save_note(sys.argv[2], sys.argv[3])\n")
    subprocess.run([sys.executable, "-c", code, str(path), entry_id, text], check=True,
                   timeout=60, env={"PYTHONPATH": str(REPO / "desktop"), "PATH": "/usr/bin"})


def test_a_save_over_a_note_changed_elsewhere_keeps_both(tmp_path: Path) -> None:
    # Was: the last writer won silently and the other text was gone.
    path = tmp_path / "user.sqlite3"
    with UserStore.open(path) as a, UserStore.open(path) as b:
        a.save_note("q1", "shared start")
        loaded = b.note("q1")
        assert loaded is not None and loaded.text == "shared start"
        assert b.save_note("q1", "shared start, B's line", base="shared start") is None
        conflict = a.save_note("q1", "shared start, A's line", base="shared start")
        assert conflict is not None
        stored = b.note("q1")
        assert stored is not None and stored.text == conflict.merged
        assert stored.text.startswith("shared start, A's line")
        assert "shared start, B's line" in stored.text and MARK in stored.text
        assert conflict.theirs == "shared start, B's line"


def test_no_conflict_without_another_writer(tmp_path: Path) -> None:
    with UserStore.open(tmp_path / "user.sqlite3") as store:
        base = ""
        for text in ("a", "ab", "abc", "ab"):
            assert store.save_note("q1", text, base=base) is None
            base = text
        note = store.note("q1")
        assert note is not None and note.text == "ab"
        assert store.save_note("q1", "", base="ab") is None  # a delete is a delete
        assert store.note("q1") is None


def test_deleting_a_note_another_instance_changed_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite3"
    with UserStore.open(path) as a:
        a.save_note("q1", "old")
        _other_process_saves(path, "q1", "rewritten elsewhere")
        conflict = a.save_note("q1", "", base="old")
        assert conflict is not None and conflict.merged == "rewritten elsewhere"
        note = a.note("q1")
        assert note is not None and note.text == "rewritten elsewhere"


def test_a_save_typed_before_the_merge_was_seen_keeps_the_other_text_once(
        tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite3"
    with UserStore.open(path) as a:
        a.save_note("q1", "start")
        _other_process_saves(path, "q1", "theirs")
        assert a.save_note("q1", "start 1", base="start") is not None
        # The next autosave was queued over "start 1" before the editor heard.
        conflict = a.save_note("q1", "start 12", base="start 1")
        assert conflict is not None
        note = a.note("q1")
        assert note is not None
        assert note.text.startswith("start 12") and note.text.count("theirs") == 1
        assert note.text.count(MARK) == 1


def test_two_windows_typing_into_one_note_lose_nothing(make_window, qtbot,  # noqa: F811
                                                       desk_home: Path) -> None:  # noqa: F811
    first = make_window(wait_index=False)
    second = make_window(wait_index=False)  # a second instance on the same data file
    entry_id = first.tree.visible_entry_ids()[0]
    first.open_entry(entry_id)
    second.open_entry(entry_id)
    qtbot.keyClicks(first.notes.editor, "typed in the first window")
    first.notes.flush()
    qtbot.waitUntil(lambda: "Saved" in first.notes.state.text(), timeout=10_000)
    qtbot.keyClicks(second.notes.editor, "typed in the second window")
    second.notes.flush()
    # The second window's save met the first one's text: both kept, said in one line.
    qtbot.waitUntil(lambda: second.notes.state.text() == tr("note.merged"), timeout=10_000)
    shown = second.notes.text()
    assert "typed in the first window" in shown and "typed in the second window" in shown
    # Typing on (the cursor stays after this window's text) saves over the merged note
    # without another merge.
    qtbot.keyClicks(second.notes.editor, " and more")
    second.notes.flush()
    qtbot.wait(300)
    second.close()
    first.close()
    with UserStore.open(default_path()) as store:
        note = store.note(entry_id)
    assert note is not None
    mine = "typed in the second window"
    assert note.text == shown.replace(mine, mine + " and more")
    assert note.text.count("typed in the first window") == 1


def test_the_review_screens_note_box_shows_a_merge(make_window, qtbot,  # noqa: F811
                                                   desk_home: Path) -> None:  # noqa: F811
    # Was: the review screen's own note box kept its text after a save merged with
    # another instance's, so its next save overwrote the other text.
    window = make_window(wait_index=False)
    screen = window.study.open_review(window.script)
    qtbot.waitUntil(lambda: bool(screen.current_entry_id), timeout=10_000)
    entry_id = screen.current_entry_id
    qtbot.keyClicks(screen.note, "typed in review")
    screen.note_editor.flush()
    qtbot.waitUntil(lambda: window.desk.marks.notes.get(entry_id) == "typed in review",
                    timeout=10_000)
    qtbot.waitUntil(lambda: "Saved" in screen.note_editor.state.text(), timeout=10_000)
    # Another instance (its own process and connection) writes the same note.
    _other_process_saves(default_path(), entry_id, "typed in review, then elsewhere")
    qtbot.keyClicks(screen.note, " and on")
    screen.note_editor.flush()
    qtbot.waitUntil(lambda: screen.note_editor.state.text() == tr("note.merged"),
                    timeout=10_000)
    shown = screen.note.toPlainText()
    assert shown.startswith("typed in review and on") and MARK in shown
    assert "typed in review, then elsewhere" in shown
    qtbot.keyClicks(screen.note, "!")  # typing on saves over the merged note, once
    screen.note_editor.flush()
    qtbot.waitUntil(lambda: window.desk.marks.notes.get(entry_id, "").startswith(
        "typed in review and on!"), timeout=10_000)
    screen.close()
    window.close()
    with UserStore.open(default_path()) as store:
        note = store.note(entry_id)
    assert note is not None
    assert note.text == shown.replace("typed in review and on", "typed in review and on!")
    assert note.text.count("then elsewhere") == 1 and note.text.count(MARK) == 1
