"""Copied-KaTeX repair on a labelled set it was not built from: precision and recall.

``benchmarks/data/katex_labelled.json`` holds passages written by hand the way a KaTeX
page copies (MathML text in source order, the TeX, the HTML text with fractions
denominator first) on topics the shipped documents do not cover, plus lines that are
not triples and must stay byte for byte (regnal numbers, ratings, placeholders, code,
URLs, existing math, Chinese repeats). Prints JSON: formula precision/recall, how many
non-triple passages were left exactly alone, the misses and false alarms by note, the
same figures for a naive peer in the same run (exact rendered == rendered repeats, the
first thing one would write), and the repair's time on the real corpus against a floor
(one regex pass over the same text).

    .venv/bin/python benchmarks/katex_repair.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))

from interview_desk.corpus.katex import repair_katex  # noqa: E402

DATA = REPO / "benchmarks" / "data" / "katex_labelled.json"
_NAIVE = re.compile(r"([^\s$]{1,80}?)([^\s$]*?[\\^_{][^$\n]*?|[A-Za-z])\1")


def naive(text: str) -> list[str]:
    """The peer: a run, some TeX-looking text, the same run again (no TeX reading)."""
    return [m.group(2) for m in _NAIVE.finditer(text)]


def ours(text: str) -> list[str]:
    return [f.tex for f in repair_katex(text).formulas]


def score(find: Callable[[str], list[str]], cases: list[dict]) -> dict[str, object]:
    hit = found = wanted = untouched = negatives = 0
    misses, alarms = [], []
    for case in cases:
        got, want = Counter(find(case["text"])), Counter(case["expected"])
        ok = sum((got & want).values())
        hit, found, wanted = hit + ok, found + sum(got.values()), wanted + sum(want.values())
        if sum(want.values()) > ok:
            misses.append(case["note"])
        if sum(got.values()) > ok:
            alarms.append(case["note"])
        if not case["expected"]:
            negatives += 1
            untouched += not got
    return {"precision": round(hit / found, 3) if found else 1.0,
            "recall": round(hit / wanted, 3) if wanted else 1.0,
            "formulas_expected": wanted, "formulas_found": found, "correct": hit,
            "non_triple_passages_untouched": f"{untouched}/{negatives}",
            "missed_in": misses, "false_alarms_in": alarms}


def corpus_time() -> dict[str, float]:
    from interview_desk.corpus import load_corpus

    answers = [e.shown_source for e in load_corpus([]).entries if e.answer]
    floor_re = re.compile(r"[\\^_{]")
    t0 = time.perf_counter()
    for a in answers:
        repair_katex(a)
    t1 = time.perf_counter()
    for a in answers:
        floor_re.findall(a)
    t2 = time.perf_counter()
    return {"answers": len(answers), "repair_ms": round((t1 - t0) * 1000, 1),
            "floor_regex_ms": round((t2 - t1) * 1000, 2),
            "ratio_to_floor": round((t1 - t0) / max(t2 - t1, 1e-9), 1)}


def main() -> int:
    cases = json.loads(DATA.read_text(encoding="utf-8"))
    lines = sum(c["text"].count("\n") + 1 for c in cases)
    print(json.dumps({"cases": len(cases), "lines": lines,
                      "with_triples": sum(1 for c in cases if c["expected"]),
                      "repair": score(ours, cases), "naive_peer": score(naive, cases),
                      "corpus": corpus_time()}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
