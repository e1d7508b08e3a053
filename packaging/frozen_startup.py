"""Start-up time of the frozen bundle beside the source install, in the same run.

    .venv/bin/python packaging/frozen_startup.py [--bundle packaging/dist/interview-desk]
        [--repeat 3] [--query attention]

Each run is a fresh process with ``INTERVIEW_DESK_STARTUP_PROBE=<query>`` (see
interview_desk/ui/shell/app.py): the GUI reports when ``show()`` returned, searches the query
once the index is ready and quits after the first results. "cold" is a brand-new home
(index and jieba cache built), "warm" the same home again (median of ``--repeat``), and
"version" is ``interview-desk --version`` (bootloader and interpreter start only). Both
apps run with the same platform plugin (offscreen unless QT_QPA_PLATFORM says otherwise,
e.g. xcb under xvfb-run). Prints JSON; ``ratio`` is frozen / source. Exit 1 if a run
failed to show results, so CI can use it as a GUI smoke test of the bundle.
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

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 300


def _env(home: Path, probe: str | None) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "INTERVIEW_DESK_HOME": str(home), "TMPDIR": str(home / "tmp"),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for name in ("DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    if probe is not None:
        env["INTERVIEW_DESK_STARTUP_PROBE"] = probe
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def run_once(cmd: list[str], home: Path, probe: str | None) -> dict[str, float | str]:
    """One process: seconds from spawn to each STARTUP mark (plus ``exit`` and RSS)."""
    start = time.time()
    try:
        proc = subprocess.run(cmd, env=_env(home, probe), capture_output=True, text=True,
                              timeout=TIMEOUT_S, cwd=home, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {TIMEOUT_S}s"}
    marks: dict[str, float | str] = {"exit": round(time.time() - start, 3)}
    for line in proc.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "STARTUP":
            value = float(parts[2])
            raw = parts[1] == "rss_mb" or parts[1].startswith("cpu_")  # not clock times
            marks[parts[1]] = round(value if raw else value - start, 3)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        marks["error"] = f"exit {proc.returncode}: {tail[:200]}"
    return marks


def measure(cmd: list[str], repeat: int, query: str, workdir: Path) -> dict[str, object]:
    home = workdir / "home"
    version = [run_once([*cmd, "--version"], home, None)["exit"] for _ in range(repeat)]
    cold = run_once(cmd, home, query)
    warm_runs = [run_once(cmd, home, query) for _ in range(repeat)]
    warm = {key: round(statistics.median(float(r[key]) for r in warm_runs), 3)  # type: ignore[arg-type]
            for key in ("window_shown", "first_results", "exit", "rss_mb")
            if all(key in r for r in warm_runs)}
    errors = [str(r.get("error", "no results shown")) for r in [cold, *warm_runs]
              if "error" in r or "first_results" not in r]
    return {"version_s": round(statistics.median(float(v) for v in version), 3), "cold": cold,
            "warm_median": warm, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "packaging/dist/interview-desk")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="attention")
    parser.add_argument("--frozen-only", action="store_true", help="skip the source run")
    args = parser.parse_args(argv)
    exe = args.bundle / ("interview-desk.exe" if sys.platform == "win32" else "interview-desk")
    if not exe.is_file():
        print(f"frozen_startup: no bundle at {args.bundle}; build it first", file=sys.stderr)
        return 2
    apps = {"frozen": [str(exe)]}
    if not args.frozen_only:
        apps["source"] = [sys.executable, "-m", "interview_desk"]
    load_before = os.getloadavg()[0]
    results: dict[str, object] = {}
    for name, cmd in apps.items():
        with tempfile.TemporaryDirectory(prefix=f"startup-{name}-") as tmp:
            results[name] = measure(cmd, args.repeat, args.query, Path(tmp))
    report: dict[str, object] = {
        "benchmark": "frozen_startup", "platform": os.environ.get("QT_QPA_PLATFORM",
                                                                  "offscreen"),
        "repeat": args.repeat, "query": args.query, "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2), **results,
    }
    if "source" in results:
        ratios: dict[str, float] = {}
        frozen, source = results["frozen"], results["source"]
        assert isinstance(frozen, dict) and isinstance(source, dict)
        ratios["version"] = round(frozen["version_s"] / source["version_s"], 2)
        for key in ("window_shown", "first_results"):
            f, s = frozen["warm_median"].get(key), source["warm_median"].get(key)
            if f and s:
                ratios[f"warm_{key}"] = round(f / s, 2)
        report["ratio_frozen_to_source"] = ratios
    print(json.dumps(report, indent=2))
    failed = [name for name, r in results.items() if isinstance(r, dict) and r["errors"]]
    return 1 if "frozen" in failed else 0


if __name__ == "__main__":
    sys.exit(main())
