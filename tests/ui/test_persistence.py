"""Bookmarks, notes and progress go to the real SQLite file and survive restarts."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from interview_desk.store import UserStore, default_path
from interview_desk.ui.study.notes import AUTOSAVE_MS


def test_bookmark_and_note_survive_a_restart(make_window, qtbot) -> None:
    first = make_window(wait_index=False)
    entry_id = first.tree.visible_entry_ids()[1]
    first.open_entry(entry_id)
    first.actions_["bookmark"].trigger()
    first.notes.editor.setFocus()
    qtbot.keyClicks(first.notes.editor, "KV cache ")
    first.notes.editor.insertPlainText("笔记")  # what an input method commits (QTest is ASCII)
    first.close()  # flushes the note and drains the writer thread

    second = make_window(wait_index=False)
    assert entry_id in second.desk.marks.bookmarked
    qtbot.waitUntil(lambda: second._current is not None)
    assert second._current.id == entry_id
    assert second.notes.text() == "KV cache 笔记"
    assert second.actions_["bookmark"].isChecked()
    assert "★" in second.tree._items[entry_id].text(1)
    assert "✎" in second.tree._items[entry_id].text(1)


def test_note_reaches_the_file_within_a_second_of_typing(make_window, qtbot) -> None:
    """What a kill -9 would keep: read the file from another connection, window open."""
    window = make_window(wait_index=False)
    entry_id = window.tree.visible_entry_ids()[0]
    window.open_entry(entry_id)
    window.notes.editor.setFocus()
    qtbot.keyClicks(window.notes.editor, "first words")
    typed_at = time.monotonic()

    def on_disk() -> str:
        with UserStore.open(default_path()) as other:
            note = other.note(entry_id)
        return note.text if note else ""

    qtbot.waitUntil(lambda: on_disk() == "first words", timeout=AUTOSAVE_MS + 1500)
    assert time.monotonic() - typed_at < AUTOSAVE_MS / 1000 + 1.0
    qtbot.waitUntil(lambda: window.notes.state.text().startswith("Saved"))
    assert "✎" in window.tree._items[entry_id].text(1)


def test_continuous_typing_still_saves_every_second(make_window, qtbot) -> None:
    window = make_window(wait_index=False)
    entry_id = window.tree.visible_entry_ids()[0]
    window.open_entry(entry_id)
    saved: list[str] = []
    window.notes.sigNoteEdited.connect(lambda _id, text: saved.append(text))
    start = time.monotonic()
    while time.monotonic() - start < 2.5:  # type a key every 100 ms, never pausing
        qtbot.keyClick(window.notes.editor, Qt.Key.Key_A)
        qtbot.wait(100)
    assert len(saved) >= 2


def test_a_corrupt_data_file_is_moved_aside_and_reported_once(make_window, qtbot,
                                                               desk_home) -> None:
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: window.findChild(object, "errorBox") is not None)
    box = window.findChild(object, "errorBox")
    assert "damaged" in box.text()
    assert list(path.parent.glob(path.name + ".corrupt-*"))
    entry_id = window.tree.visible_entry_ids()[0]
    window.open_entry(entry_id)
    window.actions_["bookmark"].trigger()
    window.close()
    with UserStore.open(path) as fresh:
        assert fresh.bookmarks() == [entry_id]
