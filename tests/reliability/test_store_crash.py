"""kill -9 at random moments while notes, marks and conversations are written."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.crash import run_trials

TRIALS = 50


def test_every_write_reported_saved_survives_kill_9(tmp_path: Path) -> None:
    trials = run_trials(tmp_path, TRIALS, seed=18)
    acked = sum(t.acked for t in trials)
    lost = [item for t in trials for item in t.lost]
    assert all(t.integrity == "ok" for t in trials), [t.integrity for t in trials]
    assert lost == [], lost[:10]
    # Killed at random moments, not all before the first write: the trials wrote a lot.
    assert acked > TRIALS * 5, acked
    assert sum(1 for t in trials if t.acked > 0) >= TRIALS // 2
