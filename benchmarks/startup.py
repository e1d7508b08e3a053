"""Start-up time and memory of the real GUI, cold and warm, beside a bare Qt window.

Each run starts ``python -m interview_desk`` (the same entry point as ``interview-desk``)
in a fresh process, offscreen, with ``INTERVIEW_DESK_STARTUP_PROBE=<query>``: the app
prints when ``show()`` returned and when its event loop first ran, searches the query
once the index is ready, and quits after the first results, reporting its RSS.

* cold: a brand-new home (no search index, no jieba cache): the first start of a user.
* warm: the same home again (index cached), ``--repeat`` times, median reported.
* bare: a process that only imports PySide6 and shows an empty QMainWindow: the floor
  that no Qt app on this machine can beat; ``ratio_to_bare`` is ours divided by it.

Times are seconds from just before the process is spawned (``cpu_*``: the app's own CPU
seconds at that mark). Targets: window shown <= 1.0 s warm (``ratio_to_target`` < 1 meets
it); window shown -> first results <= 0.5 s warm, also given in CPU seconds and beside the
bare window's own start. The machine is shared, so the load
average before and after is recorded.

    .venv/bin/python benchmarks/startup.py [--repeat 5] [--query attention]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_WINDOW_S = 1.0
TARGET_FIRST_RESULT_S = 0.5  # after the window is shown
TIMEOUT_S = 300

_BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
print(f"STARTUP window_shown {time.time():.6f}", file=sys.stderr, flush=True)
def done():
    print(f"STARTUP event_loop {time.time():.6f}", file=sys.stderr, flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Spawn one process; returns its marks as seconds since the spawn (RSS in MB)."""
    start = time.time()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
                          cwd=REPO)
    marks: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "STARTUP":
            value = float(parts[2])
            raw = parts[1] == "rss_mb" or parts[1].startswith("cpu_")  # not clock times
            marks[parts[1]] = value if raw else value - start
    marks["exit"] = time.time() - start
    if proc.returncode != 0 or "window_shown" not in marks:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"start-up run failed (exit {proc.returncode}): {' | '.join(tail)}")
    return marks


def _summary(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = sorted({k for run in runs for k in run})
    return {k: round(statistics.median(run[k] for run in runs if k in run), 3) for k in keys}


def _span(runs: list[dict[str, float]], start: str, end: str) -> float:
    """The median over runs of ``end - start`` (0 where a run lacks ``end``)."""
    return round(statistics.median(r.get(end, r[start]) - r[start] for r in runs), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--query", default="attention")
    args = parser.parse_args()
    load_before = os.getloadavg()
    base_env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                    INTERVIEW_DESK_STARTUP_PROBE=args.query)
    base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "desktop"),
                                                         base_env.get("PYTHONPATH")]))
    app_cmd = [sys.executable, "-m", "interview_desk"]
    with tempfile.TemporaryDirectory(prefix="interview-desk-startup-") as home:
        env = dict(base_env, INTERVIEW_DESK_HOME=home)
        cold = _run(app_cmd, env)
        warm_runs = [_run(app_cmd, env) for _ in range(args.repeat)]
    bare_runs = [_run([sys.executable, "-c", _BARE], base_env) for _ in range(args.repeat)]
    warm, bare = _summary(warm_runs), _summary(bare_runs)

    spans = [round(r.get("first_results", r["window_shown"]) - r["window_shown"], 3)
             for r in warm_runs]
    to_results = _span(warm_runs, "window_shown", "first_results")

    def ratio(a: float, b: float) -> float:
        return round(a / b, 2) if b else float("nan")

    result = {
        "benchmark": "startup",
        "query": args.query,
        "repeat": args.repeat,
        "platform": "offscreen",
        "unit": "seconds since spawn (rss in MB)",
        "cold": {k: round(v, 3) for k, v in cold.items()},
        "warm_median": warm,
        "warm_runs_window_shown": [round(r["window_shown"], 3) for r in warm_runs],
        "bare_qt_median": bare,
        "target_window_shown_s": TARGET_WINDOW_S,
        "ratios": {
            "warm_window_shown_to_target": ratio(warm["window_shown"], TARGET_WINDOW_S),
            "warm_window_shown_to_bare_qt": ratio(warm["window_shown"], bare["window_shown"]),
            "cold_window_shown_to_warm": ratio(cold["window_shown"], warm["window_shown"]),
            "cold_first_results_to_warm": ratio(cold.get("first_results", 0.0),
                                                warm.get("first_results", 0.0)),
        },
        # Issue 15: window shown -> first search result <= 0.5 s warm (the median of each
        # run's span, in wall seconds and in CPU seconds of the app's process).
        "warm_window_to_first_results_s": to_results,
        "warm_window_to_first_results_runs": spans,
        "warm_window_to_first_results_cpu_s": _span(warm_runs, "cpu_window_shown",
                                                    "cpu_first_results"),
        "warm_window_to_first_results_to_bare_qt": ratio(to_results, bare["window_shown"]),
        "warm_window_to_first_results_to_target": ratio(to_results, TARGET_FIRST_RESULT_S),
        "meets_target": warm["window_shown"] <= TARGET_WINDOW_S,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
