"""The degeneration guard scored on labelled replies: precision and recall, side by side.

Prints JSON. Sets: ``tests/tutor/guard_labelled.json`` (real SmolLM2-135M replies labelled
by hand; the guard's long-passage threshold was chosen on it), ``guard_heldout.json``
(more replies to other questions, labelled after that choice and never tuned on), and
every answer of the shipped corpus (written by people: each one the guard stops is a
false alarm). For the stream guard (fed word-sized pieces, as a stream brings them) and
for ``is_degenerate`` (a finished reply, as drafts and the mock critic are judged): true
and false positives, precision, recall; for the loops caught, the share of the reply a
learner reads before the stream stops (lower is better). Variants: the guard as it is,
and without its long-passage rule (``LONG_REPEAT`` out of reach), which is what the
guard was before 2026-12-07.

    .venv/bin/python benchmarks/guard.py
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))

from bench_home import use_bench_home  # noqa: E402
from interview_desk.tutor import guard as guard_module  # noqa: E402

SETS = {"labelled": REPO / "tests" / "tutor" / "guard_labelled.json",
        "heldout": REPO / "tests" / "tutor" / "guard_heldout.json"}


def _stream_stop(text: str) -> int | None:
    """Characters read when the stream guard stops ``text``; None if it never does."""
    guard = guard_module.RepetitionGuard()
    read = 0
    for piece in guard_module._PIECE.findall(text):
        read += len(piece)
        if guard.feed(piece):
            return read
    return None


def _score(items: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("stream", "whole"):
        tp = fp = fn = 0
        read: list[float] = []
        for item in items:
            if name == "stream":
                stop = _stream_stop(item["text"])
                flagged = stop is not None
                if flagged and item["loop"]:
                    read.append(stop / max(len(item["text"]), 1))
            else:
                flagged = guard_module.is_degenerate(item["text"])
            tp += flagged and item["loop"]
            fp += flagged and not item["loop"]
            fn += (not flagged) and item["loop"]
        row: dict[str, Any] = {"loops": tp + fn, "caught": tp, "false_alarms": fp,
                               "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                               "recall": round(tp / (tp + fn), 3) if tp + fn else None}
        if name == "stream" and read:
            row["share_read_before_stop_median"] = round(statistics.median(read), 3)
        out[name] = row
    return out


def _corpus_items() -> list[dict[str, Any]]:
    use_bench_home()
    from interview_desk.corpus.loader import load_corpus

    return [{"text": e.answer, "loop": False} for e in load_corpus([]).entries if e.answer]


def main() -> int:
    sets = {name: json.loads(path.read_text("utf-8"))["items"]
            for name, path in SETS.items() if path.exists()}
    sets["corpus_answers"] = _corpus_items()
    report: dict[str, Any] = {"sizes": {k: len(v) for k, v in sets.items()}}
    long_repeat = guard_module.LONG_REPEAT
    for variant, value in (("now", long_repeat), ("without_long_passage_rule", 10**9)):
        guard_module.LONG_REPEAT = value
        report[variant] = {name: _score(items) for name, items in sets.items()}
    guard_module.LONG_REPEAT = long_repeat
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
