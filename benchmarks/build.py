"""Index build time at a scale, this checkout against another, alternating in one run.

Each build runs in a fresh process (``--one``) with its own empty home and index folder,
so nothing is cached between them but the segmenter's dictionary file, which every
build finds already made (a first launch makes it once: ~3 s). The corpus is the shipped
one replicated ``--scale`` times (as ``search.py`` does). Prints JSON: wall and CPU
seconds (the process and its analysis workers) per build, each side's median, the ratio
now / before, the 60 s target at x100, and the load average around each build, because
these machines are shared. Both sides must give the same top hits for a probe query.

    .venv/bin/python benchmarks/build.py [--scale 100] [--rounds 2] [--before /tmp/old]

(``git archive <commit> | tar -x -C /tmp/old`` makes a checkout to compare with.)
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
TARGET_S = {100: 60.0}
PROBE = "RoPE 位置编码"


def build_once(scale: int, index_dir: Path) -> dict[str, object]:
    """One build with the package on ``sys.path`` (``--one``: the checkout under test)."""
    import interview_desk
    from interview_desk.corpus.loader import load_corpus
    from interview_desk.search import SearchIndex

    # After the package: search.py puts this checkout's desktop/ first on sys.path, but
    # the package and its submodules now come from the checkout under test.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search import cpu_s, replicate

    # Spawned build workers import the package afresh from this sys.path: the checkout
    # under test must come first there too, not this one's desktop/ that search.py added.
    sys.path.insert(0, str(Path(interview_desk.__file__).parents[1]))

    corpus = replicate(load_corpus([]), scale)
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), cpu_s()
    index = SearchIndex.open(corpus, index_dir=index_dir)
    wall, cpu = time.perf_counter() - started, cpu_s() - cpu
    top = index.search(PROBE, limit=5).ids
    index.close()
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load": round(load, 2),
            "entries": len(corpus.entries), "top": top,
            "package": str(Path(interview_desk.__file__).parents[2])}


def _run(tree: Path, scale: int, home: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="desk-build-") as tmp:
        env = dict(os.environ, INTERVIEW_DESK_HOME=str(home),
                   PYTHONPATH=str(tree / "desktop"))
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--one", "--scale", str(scale),
             "--index", str(Path(tmp) / "index")],
            env=env, cwd=tree, capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(out.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="copies of the corpus")
    parser.add_argument("--rounds", type=int, default=2, help="builds of each side")
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(build_once(args.scale, args.index), ensure_ascii=False))
        return 0
    sides = {"now": REPO} | ({"before": args.before.resolve()} if args.before else {})
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory(prefix="desk-build-home-") as tmp:
        homes = {name: Path(tmp) / name for name in sides}
        for name, tree in sides.items():  # makes each side's segmenter dictionary file
            _run(tree, 1, homes[name])
        for _ in range(args.rounds):
            for name, tree in sides.items():
                runs[name].append(_run(tree, args.scale, homes[name]))
    median = {name: {k: round(statistics.median(float(r[k]) for r in rs), 2)  # type: ignore[arg-type]
                     for k in ("wall_s", "cpu_s")} for name, rs in runs.items()}
    report: dict[str, object] = {
        "benchmark": "build", "scale": args.scale, "cpus": os.cpu_count(),
        "entries": runs["now"][0]["entries"], "runs": runs, "median": median,
    }
    if "before" in runs:
        report["now_over_before"] = {k: round(median["now"][k] / median["before"][k], 2)
                                     for k in ("wall_s", "cpu_s")}
        report["same_top_hits"] = all(r["top"] == runs["now"][0]["top"]
                                      for rs in runs.values() for r in rs)
    if args.scale in TARGET_S:
        report["target"] = {"wall_s_max": TARGET_S[args.scale],
                            "met": median["now"]["wall_s"] <= TARGET_S[args.scale]}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
