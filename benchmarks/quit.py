"""How long quitting takes: window close -> process gone, beside a bare Qt window.

Each run is a fresh offscreen process that goes through the real ``run_gui`` (so the real
exit path: ``closeEvent``, the Desk's workers, the tutor's model thread, the pool wait)
and closes the window at a chosen moment:

* building: a brand-new home, 0.2 s after the index started opening (jieba warm-up or the
  first build still running): the case that took 2.5 s.
* ready: the index cached and open, nothing running.
* tutor: as ready, with the tutor's model loaded (``--model``, default: the test model
  found through ``INTERVIEW_DESK_TEST_MODEL``; skipped when there is none).
* bare: a process that only shows an empty QMainWindow and closes it: the floor.

``close_s`` is ``window.close()`` itself, ``exit_s`` from just before it until the
process is gone; ``ratios`` divide ``exit_s`` by the bare window's. ``tracebacks``
counts what the runs printed to stderr as a traceback or "Exception ignored" (0 is
right: a quit must print nothing).

    .venv/bin/python benchmarks/quit.py [--repeat 3] [--model PATH]
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
TIMEOUT_S = 300

_PROBE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from interview_desk.ui.shell.app import run_gui
from interview_desk.ui.shell.window import MainWindow

scenario = sys.argv[1]
app = QApplication(sys.argv[:1])  # run_gui reuses it

def mark(name):
    print(f"QUIT {name} {time.time():.6f}", file=sys.stderr, flush=True)

def close(window):
    mark("close_start")
    window.close()
    mark("close_end")
    app.quit()

def poll():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows:
        return QTimer.singleShot(20, poll)
    w = windows[0]
    state = w.desk.index_state
    if scenario == "building" and state == "opening":
        return QTimer.singleShot(200, lambda: close(w))
    if scenario in ("ready", "tutor") and state == "ready":
        tutor = w.side.tutor
        if scenario == "ready":
            return QTimer.singleShot(300, lambda: close(w))
        if tutor is not None and tutor.loaded_model is not None:
            return QTimer.singleShot(300, lambda: close(w))
        if tutor is not None and not getattr(poll, "asked", False):
            poll.asked = True
            tutor.load_model()
    QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
run_gui([])
"""

_BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
def close():
    print(f"QUIT close_start {time.time():.6f}", file=sys.stderr, flush=True)
    w.close()
    print(f"QUIT close_end {time.time():.6f}", file=sys.stderr, flush=True)
    app.quit()
QTimer.singleShot(300, close)
app.exec()
"""


def _run(args: list[str], env: dict[str, str]) -> dict[str, float]:
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
                          cwd=REPO)
    gone = time.time()
    marks = {}
    for line in proc.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "QUIT":
            marks[parts[1]] = float(parts[2])
    if proc.returncode != 0 or "close_end" not in marks:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"quit run failed (exit {proc.returncode}): {' | '.join(tail)}")
    # What a learner who started the app from a terminal would see printed on the way out.
    tracebacks = sum(line.startswith("Traceback") or "Exception ignored" in line
                     for line in proc.stderr.splitlines())
    return {"close_s": marks["close_end"] - marks["close_start"],
            "exit_s": gone - marks["close_start"], "tracebacks": tracebacks}


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    out = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    out["tracebacks"] = sum(r["tracebacks"] for r in runs)  # over all runs, not a median
    return out


def _write_settings(home: Path, model: Path) -> None:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"model": str(model), "n_threads": 1}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default=os.environ.get("INTERVIEW_DESK_TEST_MODEL", ""))
    args = parser.parse_args()
    load_before = os.getloadavg()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "desktop"),
                                                    env.get("PYTHONPATH")]))
    probe = [sys.executable, "-c", _PROBE]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="interview-desk-quit-") as tmp:
        building = []
        for i in range(args.repeat):  # a brand-new home each time: the index is building
            building.append(_run([*probe, "building"],
                                 dict(env, INTERVIEW_DESK_HOME=f"{tmp}/fresh-{i}")))
        results["building"] = _median(building)
        home = Path(tmp) / "warm"
        model = Path(args.model) if args.model else None
        if model is not None and model.is_file():
            _write_settings(home, model)
        warm_env = dict(env, INTERVIEW_DESK_HOME=str(home))
        _run([*probe, "ready"], warm_env)  # builds the index once
        results["ready"] = _median([_run([*probe, "ready"], warm_env)
                                    for _ in range(args.repeat)])
        if model is not None and model.is_file():
            results["tutor"] = _median([_run([*probe, "tutor"], warm_env)
                                        for _ in range(args.repeat)])
    results["bare_qt"] = _median([_run([sys.executable, "-c", _BARE], env)
                                  for _ in range(args.repeat)])
    bare = results["bare_qt"]["exit_s"]
    out = {
        "benchmark": "quit",
        "repeat": args.repeat,
        "platform": "offscreen",
        "unit": "seconds (median)",
        "results": results,
        "ratios": {f"{k}_exit_to_bare_qt": round(v["exit_s"] / bare, 2) if bare else None
                   for k, v in results.items() if k != "bare_qt"},
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
