"""The long version of tests/reliability: many more faults, counted per area, as JSON.

Areas (each reports tried / clean / traceback / hang / crash / lost):

* queries: the suite's odd queries plus ``--queries`` random ones (mixed scripts, operators,
  control characters, up to 10,000 characters) through one ``search --stdin --json``
  process, timed line by line; ``slowest_over_median`` is the slowest query's time over
  the median's (the promise: within a frame or two of it, i.e. slowest - median <= 33 ms).
* kill9: ``--kill-trials`` real store writers SIGKILLed at random moments (notes,
  bookmarks, seen/known, conversations); ``lost`` counts acknowledged writes missing.
* folders: ``--folders`` random note folders (random bytes, cut UTF-8, UTF-16, GBK,
  deep headings, FIFOs, device links, symlink loops) through ``corpus add`` in a process.
* models: ``--models`` random mutations of a tiny real GGUF (flipped header bytes, cut
  lengths, absurd counts) through ``models inspect`` in a process.
* settings: ``--settings`` random settings.json files (mutated JSON, wrong types) through
  ``settings show --json`` in a process.
* gui: ``--minutes`` of random actions in the real window (``benchmarks/gui_soak.py``:
  search, open entries, type notes, bookmark, review, theme, language, visualizer,
  tutor), counted per area of the window; ``lost`` checks the data file afterwards.

A case is clean when the process finished in time with exit 0 or 2, no traceback on
stderr and at most one stderr line for a refusal; a hang is a timeout, a crash a signal
or exit 1 (our own unexpected error).

    .venv/bin/python benchmarks/soak.py [--kill-trials 200] [--queries 2000] [--seed 1]
        [--minutes 10] [--areas gui,settings]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "desktop"))

from benchmarks.gui_soak import run_gui_soak  # noqa: E402
from tests.reliability.crash import run_trials  # noqa: E402
from tests.reliability.test_queries import ODD_QUERIES  # noqa: E402
from tests.tutor.tiny_gguf import write_tiny_gguf  # noqa: E402

HANG_S = 60.0
ALPHABET = ("abcdefghijklmnopqrstuvwxyz ", "注意力机制旋转位置编码缓存", "()\"'*?:~^[]{}",
            "\x00\x01\x1b\u200e\u202e", "😀🔥مرحباשלום", "AND OR NOT source: difficulty:>=")


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, INTERVIEW_DESK_HOME=str(home), PYTHONPATH=str(REPO / "desktop"),
                QT_QPA_PLATFORM="offscreen")


def _classify(rc: int | None, err: str) -> str:
    if rc is None:
        return "hang"
    if "Traceback" in err:
        return "traceback"
    if rc < 0 or rc == 1:
        return "crash"
    if rc == 2 and len([line for line in err.splitlines() if line.strip()]) > 1:
        return "traceback"  # not one line
    return "clean" if rc in (0, 2) else "crash"


def _cli(home: Path, *args: str) -> str:
    try:
        p = subprocess.run([sys.executable, "-m", "interview_desk", *args], env=_env(home),
                           capture_output=True, text=True, timeout=HANG_S, errors="replace")
    except subprocess.TimeoutExpired:
        return "hang"
    return _classify(p.returncode, p.stderr)


def _area(outcomes: Counter[str], **extra: object) -> dict[str, object]:
    base = {k: outcomes.get(k, 0) for k in ("clean", "traceback", "hang", "crash")}
    return {"tried": sum(outcomes.values()), **base, "lost": 0, **extra}


def _random_query(rng: random.Random) -> str:
    n = rng.choice((1, 3, 10, 40, 200, 10_000))
    return "".join(rng.choice(rng.choice(ALPHABET)) for _ in range(n)).replace("\n", " ")


def soak_queries(home: Path, n: int, rng: random.Random) -> dict[str, object]:
    queries = [q.replace("\n", " ") for q in ODD_QUERIES] + [_random_query(rng)
                                                              for _ in range(n)]
    proc = subprocess.Popen([sys.executable, "-m", "interview_desk", "search", "--stdin",
                             "--json", "--limit", "5"], env=_env(home), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, errors="replace")
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("warm up\n")
    proc.stdin.flush()
    proc.stdout.readline()  # index open, jieba loaded: time the queries only
    times: list[float] = []
    outcomes: Counter[str] = Counter()
    for query in queries:
        started = time.perf_counter()
        proc.stdin.write(query + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        times.append(time.perf_counter() - started)
        try:
            ok = isinstance(json.loads(line), list)
        except ValueError:
            ok = False
        outcomes["clean" if ok else "crash"] += 1
        if not line:
            break
    _, err = proc.communicate(timeout=HANG_S)
    if "Traceback" in err:
        outcomes["traceback"] += 1
    median = statistics.median(times)
    return _area(outcomes, median_ms=round(median * 1000, 2),
                 p95_ms=round(sorted(times)[int(len(times) * 0.95)] * 1000, 2),
                 slowest_ms=round(max(times) * 1000, 2),
                 slowest_over_median=round(max(times) / median, 2),
                 slowest_minus_median_ms=round((max(times) - median) * 1000, 2),
                 slowest_query_chars=len(queries[times.index(max(times))]))


def soak_kill9(folder: Path, n: int, seed: int) -> dict[str, object]:
    trials = run_trials(folder, n, seed=seed, max_kill_s=0.5)
    lost = sum(len(t.lost) for t in trials)
    bad = sum(1 for t in trials if t.integrity != "ok")
    return {"tried": n, "clean": n - bad - sum(1 for t in trials if t.lost),
            "traceback": 0, "hang": 0, "crash": 0, "lost": lost,
            "writes_acknowledged": sum(t.acked for t in trials), "integrity_failures": bad}


def _random_folder(root: Path, rng: random.Random) -> Path:
    folder = Path(tempfile.mkdtemp(dir=root))
    good = "## 1. 什么是注意力？\n\n注意力是加权。\n"
    for i in range(rng.randrange(1, 6)):
        kind = rng.choice(("bytes", "cut", "utf16", "gbk", "deep", "fifo", "dev", "loop",
                           "good"))
        path = folder / f"f{i}.md"
        if kind == "bytes":
            path.write_bytes(rng.randbytes(rng.randrange(0, 50_000)))
        elif kind == "cut":
            path.write_bytes(good.encode()[: rng.randrange(1, len(good.encode()))])
        elif kind == "utf16":
            path.write_bytes(good.encode("utf-16"))
        elif kind == "gbk":
            path.write_bytes(good.encode("gbk"))
        elif kind == "deep":
            path.write_text("".join("#" * rng.randrange(1, 9) + " h\n" for _ in range(500))
                            + good, encoding="utf-8")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev":
            path.symlink_to(rng.choice(("/dev/zero", "/dev/null", "/dev/urandom")))
        elif kind == "loop":
            (folder / f"loop{i}").symlink_to(folder, target_is_directory=True)
        else:
            path.write_text(good, encoding="utf-8")
    return folder


def soak_folders(home: Path, root: Path, n: int, rng: random.Random) -> dict[str, object]:
    outcomes: Counter[str] = Counter()
    for _ in range(n):
        outcomes[_cli(home, "corpus", "add", str(_random_folder(root, rng)))] += 1
    outcomes[_cli(home, "corpus", "stats")] += 1  # shipped corpus still loads after all
    return _area(outcomes)


def soak_models(home: Path, root: Path, n: int, rng: random.Random) -> dict[str, object]:
    tiny = write_tiny_gguf(root / "tiny.gguf").read_bytes()
    outcomes: Counter[str] = Counter()
    for i in range(n):
        data = bytearray(tiny)
        for _ in range(rng.randrange(1, 8)):  # mostly the header, where counts live
            at = rng.randrange(0, min(len(data), 4096 if rng.random() < 0.8 else len(data)))
            data[at] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(0, len(data))]
        path = root / f"m{i}.gguf"
        path.write_bytes(bytes(data))
        outcomes[_cli(home, "models", "inspect", str(path))] += 1
    return _area(outcomes)


def soak_settings(home: Path, n: int, rng: random.Random) -> dict[str, object]:
    fields = ["user_folders", "model_paths", "theme", "language", "n_ctx", "temperature",
              "chat_format", "remote_url", "unknown"]
    values: list[object] = [None, True, 0, -1, 10**12, 1e308, "", "x" * 10_000, [], [1],
                            [None], {"a": [1]}, "nonexistent", ["/nowhere"]]
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    outcomes: Counter[str] = Counter()
    for _ in range(n):
        text = json.dumps({rng.choice(fields): rng.choice(values) for _ in range(3)})
        if rng.random() < 0.3:
            cut = rng.randrange(0, len(text))
            text = text[:cut] + rng.choice(("", "{", "]", "\x00", "[" * 5000)) + text[cut:]
        (config / "settings.json").write_text(text, encoding="utf-8")
        outcomes[_cli(home, "settings", "show", "--json")] += 1
    return _area(outcomes)


def soak_gui(minutes: float, seed: int) -> dict[str, object]:
    result = run_gui_soak(minutes, seed)
    total = result.pop("total")
    assert isinstance(total, dict)
    return {**total, **result}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kill-trials", type=int, default=200)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--folders", type=int, default=40)
    ap.add_argument("--models", type=int, default=40)
    ap.add_argument("--settings", type=int, default=40)
    ap.add_argument("--minutes", type=float, default=0.5, help="of the window soak")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--areas", default="queries,kill9,folders,models,settings,gui",
                    help="which areas to run, comma-separated")
    args = ap.parse_args()
    wanted = set(args.areas.split(","))
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="interview-desk-soak-") as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        runs: dict[str, Callable[[], dict[str, object]]] = {
            "queries": lambda: soak_queries(home, args.queries, rng),
            "kill9": lambda: soak_kill9(root, args.kill_trials, args.seed),
            "folders": lambda: soak_folders(root / "folders-home", root, args.folders, rng),
            "models": lambda: soak_models(root / "models-home", root, args.models, rng),
            "settings": lambda: soak_settings(root / "settings-home", args.settings, rng),
            "gui": lambda: soak_gui(args.minutes, args.seed),
        }
        areas = {name: run() for name, run in runs.items() if name in wanted}
    totals = {k: sum(int(a[k]) for a in areas.values())  # type: ignore[call-overload]
              for k in ("tried", "clean", "traceback", "hang", "crash", "lost")}
    print(json.dumps({"seed": args.seed, "seconds": round(time.monotonic() - started, 1),
                      "load_average": os.getloadavg(), "areas": areas, "total": totals},
                     indent=2))


if __name__ == "__main__":
    main()
