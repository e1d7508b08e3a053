"""``interview-desk`` with no arguments starts the GUI through ``run_gui`` and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_gui_entry_point_shows_the_window_searches_and_quits(tmp_path: Path,
                                                                  repo_root: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INTERVIEW_DESK_HOME=str(tmp_path),
               INTERVIEW_DESK_STARTUP_PROBE="LoRA")
    proc = subprocess.run([sys.executable, "-m", "interview_desk"], env=env, cwd=repo_root,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    marks = [line.split()[1] for line in proc.stderr.splitlines()
             if line.startswith("STARTUP ")]
    events = [name for name in marks if not name.startswith("cpu_")]
    assert events[:2] == ["window_shown", "event_loop"]
    assert {"cpu_window_shown", "cpu_first_results"} <= set(marks)  # CPU beside wall
    assert "index_ready" in events and "first_results" in events
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "config" / "window.ini").is_file()  # view state saved on close
