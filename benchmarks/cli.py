"""Whole-process time of the commands a learner types, against Python's own floor.

Runs each command as a fresh process (interleaved, so the shared machine's load falls on
all alike) and prints JSON: the median and best wall time of each, and its ratio to
``python -c "import whoosh"`` (the target: <= 2.5x for a Latin search and ``corpus
stats``, <= 4x for a Chinese search) and to ``python -c pass``. A bare-Whoosh floor (open
the same cached index and run the query with Whoosh alone) shows what the engine itself
costs. The package is byte-compiled first, as an installed one is; the caches (index,
parsed corpus, segmenter dictionary) are warmed by one untimed run of each command, in a
throwaway home. ``--before DIR`` times the same commands from another checkout (e.g.
``git archive main | tar -x -C /tmp/old``) in the same run, in a home of its own, and
compares what both print for every query of both relevance sets (``search --stdin
--json``): ``same_output_as_before`` says whether the results are byte-identical.

    .venv/bin/python benchmarks/cli.py [--runs 9] [--before /tmp/old]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
DESK = [PY, "-m", "interview_desk"]
TARGETS = {"search_latin": 2.5, "search_chinese": 4.0, "corpus_stats": 2.5}

# Whoosh alone on the app's cached index: the engine's own floor for one query.
BARE_WHOOSH = """
import sys
from pathlib import Path
from whoosh.index import open_dir
from whoosh.qparser import QueryParser
root = Path(sys.argv[1])
ix = open_dir(str(next(p for p in root.iterdir() if (p / "ready.json").exists())))
with ix.searcher() as s:
    hits = s.search(QueryParser("question", ix.schema).parse(sys.argv[2]), limit=10)
    print(len(hits))
"""


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds from start to exit. Not ``subprocess.run(timeout=...)``: waiting with
    a timeout polls, sleeping up to 50 ms between looks, which rounded every figure up
    to the next ~50 ms (``python -c pass`` read 32 or 64 ms). A blocking wait returns at
    the exit; a timer kills a command that hangs."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        code = proc.wait()
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - started
    if code != 0:
        raise subprocess.CalledProcessError(code, argv)
    return elapsed


def relevance_queries() -> str:
    sets = ("relevance.json", "relevance_colloquial.json")
    queries = [q["q"] for name in sets
               for q in json.loads((REPO / "tests" / "search" / name).read_text("utf-8"))[
                   "queries"]]
    return "\n".join(queries) + "\n"


def search_output(env: dict[str, str], queries: str) -> str:
    return subprocess.run([*DESK, "search", "--stdin", "--json"], env=env, input=queries,
                          capture_output=True, text=True, check=True, timeout=600).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each command")
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    trees = {"": REPO} | ({"before_": args.before.resolve()} if args.before else {})
    homes = tempfile.TemporaryDirectory(prefix="desk-bench-cli-")
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python_pass": ([PY, "-c", "pass"], dict(os.environ)),
        "import_whoosh": ([PY, "-c", "import whoosh"], dict(os.environ)),
    }
    for prefix, tree in trees.items():
        compileall.compile_dir(str(tree / "desktop" / "interview_desk"), quiet=1)
        home = Path(homes.name) / (prefix or "now")
        # The platform's folders, as a learner's install finds them (INTERVIEW_DESK_HOME
        # would skip platformdirs, 6-7 ms a command), under a home of this run's own.
        env = {k: v for k, v in os.environ.items() if k != "INTERVIEW_DESK_HOME"}
        env |= {"PYTHONPATH": str(tree / "desktop"),
                **{f"XDG_{kind.upper()}_HOME": str(home / kind)
                   for kind in ("data", "cache", "config", "state")}}
        commands |= {
            f"{prefix}search_latin": ([*DESK, "search", "--json", "RoPE"], env),
            f"{prefix}search_chinese": ([*DESK, "search", "--json", "位置编码"], env),
            f"{prefix}corpus_stats": ([*DESK, "corpus", "stats"], env),
        }
        for name in ("search_latin", "search_chinese", "corpus_stats"):  # warm; not timed
            run_once(*commands[prefix + name])
        if not prefix:
            commands["bare_whoosh_search"] = (
                [PY, "-c", BARE_WHOOSH, str(home / "cache" / "interview-desk" / "search"),
                 "rope"], env)
            run_once(*commands["bare_whoosh_search"])
    times: dict[str, list[float]] = {name: [] for name in commands}
    load_before = [round(x, 2) for x in os.getloadavg()]
    for _ in range(args.runs):
        for name, (argv, env) in commands.items():
            times[name].append(run_once(argv, env))
    median = {name: statistics.median(ts) for name, ts in times.items()}
    floor = median["import_whoosh"]
    report = {
        "benchmark": "cli",
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "runs": args.runs,
        "median_ms": {n: round(t * 1000, 1) for n, t in median.items()},
        "best_ms": {n: round(min(ts) * 1000, 1) for n, ts in times.items()},
        "ratio_vs_import_whoosh": {n: round(t / floor, 2) for n, t in median.items()},
        "ratio_vs_python_pass": {n: round(t / median["python_pass"], 2)
                                 for n, t in median.items()},
        "targets": {n: {"max_ratio": limit, "ratio": round(median[n] / floor, 2),
                        "met": median[n] / floor <= limit} for n, limit in TARGETS.items()},
        "app_over_bare_whoosh_search": round(median["search_latin"]
                                             / median["bare_whoosh_search"], 2),
    }
    if args.before:
        report["speedup_vs_before"] = {n: round(median["before_" + n] / median[n], 2)
                                       for n in TARGETS}
        queries = relevance_queries()
        outputs = [search_output(commands[prefix + "search_latin"][1], queries)
                   for prefix in trees]
        report["same_output_as_before"] = {"queries": queries.count("\n"),
                                           "identical": outputs[0] == outputs[1]}
    homes.cleanup()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
