"""``study`` and ``data`` commands on the real corpus and a real user file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_desk.cli import main

AT = "2026-12-01T09:00:00Z"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str):
    rc, out, err = _run(capsys, *argv, "--json")
    assert rc == 0, err
    return json.loads(out)


def test_due_review_and_stats_shapes(isolated_home: Path, capsys) -> None:
    due = _json(capsys, "study", "due", "--at", AT)
    assert len(due) == 20  # the default 20 new cards a day
    assert set(due[0]) == {"id", "question", "due", "state"}
    assert due[0]["state"] == "new" and due[0]["due"] is None
    first = due[0]["id"]
    rated = _json(capsys, "study", "review", first, "--rating", "good", "--at", AT)
    assert rated == {"id": first, "rating": "good", "state": "learning",
                     "next_due": "2026-12-01T09:10:00Z", "interval_days": 0.0069}
    # Strict: not due again until 09:10; and one new card of today's 20 is used.
    assert first not in [d["id"] for d in _json(capsys, "study", "due", "--at", AT)]
    later = _json(capsys, "study", "due", "--at", "2026-12-01T09:10:00Z")
    assert later[0] == {"id": first, "question": due[0]["question"],
                        "due": "2026-12-01T09:10:00Z", "state": "learning"}
    assert len(later) == 20  # 1 learning + the 19 new left
    stats = _json(capsys, "study", "stats", "--at", "2026-12-01T09:10:00Z")
    assert stats["summary"]["reviews_today"] == 1 and stats["summary"]["learning"] == 1
    assert len(stats["reviews_per_day"]) == 90 and stats["reviews_per_day"][-1]["reviews"] == 1
    assert len(stats["due_forecast"]) == 30 and stats["due_forecast"][0][1] == 1


def test_deck_and_limit_options(isolated_home: Path, capsys) -> None:
    rows = _json(capsys, "study", "due", "--deck", "source:003 difficulty:>=4", "--limit", "3",
                 "--at", AT)
    assert len(rows) == 3
    assert _json(capsys, "study", "due", "--deck", "Bookmarked", "--at", AT) == []


@pytest.mark.parametrize("argv, message", [
    (("study", "due", "--at", "soon"), "not an ISO 8601 time"),
    (("study", "due", "--deck", "is:later"), "unknown deck filter"),
    (("study", "due", "--limit", "-1"), "--limit must be 0 or more"),
    (("study", "review", "nope", "--rating", "good"), "no entry with id 'nope'"),
    (("study", "review", "x", "--rating", "meh"), "unknown rating"),
    (("study", "review", "x"), "required: --rating"),
    (("data", "import", "/no/such/file.json"), "cannot read"),
])
def test_bad_use_is_exit_2_with_one_line(isolated_home: Path, capsys, argv, message) -> None:
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse's own errors
        rc = exc.code
    err = capsys.readouterr().err
    assert rc == 2
    assert message in err and err.count("\n") == 1


def test_export_anki_and_data_round_trip(isolated_home: Path, tmp_path: Path, capsys) -> None:
    rc, out, err = _run(capsys, "study", "export-anki", str(tmp_path / "rope.apkg"),
                        "--deck", "source:003")
    assert rc == 0, err
    assert out.startswith("wrote ") and (tmp_path / "rope.apkg").stat().st_size > 1000
    first = _json(capsys, "study", "due", "--at", AT, "--limit", "1")[0]["id"]
    _json(capsys, "study", "review", first, "--rating", "easy", "--at", AT)
    exported = _json(capsys, "data", "export", str(tmp_path / "me.json"))
    assert exported["rows"]["review_log"] == 1 and exported["rows"]["cards"] == 1
    merged = _json(capsys, "data", "import", str(tmp_path / "me.json"))
    assert sum(merged["added"].values()) == 0  # the same data: nothing new, nothing lost


def test_decks_can_be_saved_with_options_and_used(isolated_home: Path, capsys) -> None:
    rc, out, err = _run(capsys, "study", "deck", "RoPE", "source:003 difficulty:>=4",
                        "--new-per-day", "2", "--retention", "0.85")
    assert rc == 0, err
    decks = {d["name"]: d for d in _json(capsys, "study", "decks")}
    assert decks["RoPE"]["spec"] == "source:003 difficulty:>=4"
    assert decks["RoPE"]["options"]["new_per_day"] == 2
    assert decks["RoPE"]["options"]["desired_retention"] == 0.85
    assert len(_json(capsys, "study", "due", "--deck", "rope", "--at", AT)) == 2
    _run(capsys, "study", "deck", "RoPE", "--day-start", "6")  # spec kept
    again = {d["name"]: d for d in _json(capsys, "study", "decks")}["RoPE"]
    assert again["spec"] == "source:003 difficulty:>=4"
    assert again["options"]["day_start_hour"] == 6 and again["options"]["new_per_day"] == 2
    rc, _out, err = _run(capsys, "study", "deck", "Bad", "--retention", "2")
    assert rc == 2 and "needs a SPEC" in err
    rc, _out, err = _run(capsys, "study", "deck", "Bad", "source:003", "--retention", "2")
    assert rc == 2 and "desired retention" in err
    rc, out, _err = _run(capsys, "study", "deck", "RoPE", "--delete")
    assert rc == 0 and out == "deleted the deck RoPE\n"
    assert "RoPE" not in {d["name"] for d in _json(capsys, "study", "decks")}
