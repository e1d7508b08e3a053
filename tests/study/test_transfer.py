"""Export all user data as JSON and merge it into another file: newer wins, never deletes."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interview_desk.errors import StoreError
from interview_desk.store import UserStore
from interview_desk.store.transfer import import_data, read_export, write_export
from interview_desk.study import Grade, StudyService


def test_round_trip_between_two_machines(tmp_path: Path, corpus) -> None:
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with UserStore.open(tmp_path / "a.sqlite3") as a, UserStore.open(tmp_path / "b.sqlite3") as b:
        a.set_bookmark("e0001", True)
        a.save_note("e0001", "old note")
        b.save_note("e0002", "only on b")
        b.set_bookmark("e0009", True)
        a.add_message("e0001", "user", "what is rope?")
        a.save_draft("e0020", "draft", "m")
        StudyService(corpus, a, tz=UTC).rate("e0001", Grade.GOOD, at)
        time.sleep(0.01)
        b.save_note("e0001", "newer note on b")  # b edited it later: b's text must stay
        write_export(a, tmp_path / "a.json")
        data = read_export(tmp_path / "a.json")
        report = import_data(b, data)
        assert report.added["review_log"] == 1 and report.added["cards"] == 1
        assert b.notes() == {"e0001": "newer note on b", "e0002": "only on b"}
        assert set(b.bookmarks()) == {"e0001", "e0009"}  # nothing deleted
        assert [m.content for m in b.conversation("e0001")] == ["what is rope?"]
        assert b.draft("e0020") is not None
        assert StudyService(corpus, b).reviews.card("e0001").reps == 1
        again = import_data(b, data)  # importing twice adds nothing
        assert sum(again.added.values()) == 0 and sum(again.updated.values()) == 0
        assert again.line() == "nothing new"
        # And back: a gets b's newer note.
        write_export(b, tmp_path / "b.json")
        import_data(a, read_export(tmp_path / "b.json"))
        assert a.notes()["e0001"] == "newer note on b"


@pytest.mark.parametrize("content, message", [
    ("not json", "not a JSON export"),
    (json.dumps({"format": "other"}), "not an interview-desk data export"),
    (json.dumps({"format": "interview-desk-data", "version": 99, "tables": {}}), "newer version"),
    (json.dumps({"format": "interview-desk-data", "version": 1,
                 "tables": {"notes": [{"entry_id": "x"}]}}), "notes rows are malformed"),
])
def test_bad_files_are_refused_and_change_nothing(tmp_path: Path, content: str,
                                                  message: str) -> None:
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    with UserStore.open(tmp_path / "s.sqlite3") as store:
        store.save_note("k", "kept")
        with pytest.raises(StoreError, match=message):
            import_data(store, read_export(path))
        assert store.notes() == {"k": "kept"}
