"""Study mode speed: today's queue over 10,000 cards with 100,000 review logs, and the
review screen from a rating to the next card painted, and (when the default model is
installed) a mock-interview critique's time to first token beside a plain tutor answer's.

Prints JSON. The queue is timed against a floor measured in the same run (its own three
indexed SQLite reads, without the Python around them), and beside reading every card
row decoded, so a slow or busy machine shows in the floor too, not only as a missed
target. Targets: queue p95 <= 50 ms; rating -> next card p95 <= 16 ms.

    .venv/bin/python benchmarks/study.py [--cards 10000] [--logs 100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUEUE_TARGET_MS = 50.0
NEXT_CARD_TARGET_MS = 16.0


def _corpus(n: int):
    from interview_desk.corpus.model import Corpus, Entry, SourceInfo

    sources = [f"00{i}_bench.md" for i in range(5)]
    entries = [Entry(id=f"b{i:05d}", source=sources[i % 5], section_path=(f"s{i % 40}",),
                     number=str(i), question=f"Benchmark question {i}?",
                     answer=f"Answer {i}: **bold**, `code` and $x_{{{i}}}$.",
                     difficulty=1 + i % 5, line_start=i, line_end=i) for i in range(n)]
    return Corpus(entries, [SourceInfo(s, s, n // 5, n // 5, 40) for s in sources])


def _fill(store, corpus, n_logs: int, at: datetime) -> None:
    """Cards in every state and a year of logs, written in bulk (not the measured path)."""
    rng = random.Random(14)
    now = at.timestamp()
    cards, logs = [], []
    for i, entry in enumerate(corpus.entries):
        if i % 10 == 0:
            continue  # 10 % still new
        state = 2 if i % 7 else rng.choice((1, 3))
        due = now + rng.uniform(-20, 60) * 86400 if state == 2 else now + rng.uniform(-1, 1) * 3600
        cards.append((entry.id, state, None if state == 2 else 0, rng.uniform(1, 200),
                      rng.uniform(1, 10), due, now - rng.uniform(1, 60) * 86400,
                      rng.randint(1, 30), rng.randint(0, 3), int(i % 97 == 0), None, now))
    ids = [c[0] for c in cards]
    for k in range(n_logs):
        when = now - rng.uniform(0, 365) * 86400 if k % 500 else now - rng.uniform(0, 3) * 3600
        logs.append((rng.choice(ids), rng.randint(1, 4), when, 8000, rng.choice((0, 1, 2, 2, 2)),
                     rng.uniform(0, 90), None))
    with store._db(write=True) as db:
        db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
        db.executemany("INSERT INTO review_log (entry_id, rating, reviewed_at, duration_ms, "
                       "state_before, elapsed_days, prev_card) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       logs)


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3)}


def _next_card(corpus, store_path: Path, at: datetime, repeat: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from interview_desk.study import Grade
    from interview_desk.ui.runtime.desk import Desk
    from interview_desk.ui.study.access import StudyAccess
    from interview_desk.ui.study.review import ReviewScreen

    app = QApplication.instance() or QApplication([])
    desk = Desk(store_path, corpus_loader=lambda: corpus)
    desk.start()
    deadline = time.monotonic() + 60
    while (desk.corpus is None or not desk.marks_loaded) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    screen = ReviewScreen(desk, StudyAccess(desk), clock=lambda: at)
    screen.show()
    screen.load()
    while not screen.current_entry_id and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    samples = []
    for _ in range(repeat):
        screen.reveal()
        app.processEvents()
        t0 = time.perf_counter()
        screen.rate(Grade.GOOD)
        screen.repaint()  # painted, not just queued
        samples.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    screen.close()
    desk.close()
    return _summary(samples)


def _critique_ttft(model: str) -> dict[str, float | str] | None:
    """Time to first token of a critique vs the tutor answering the same question about
    the same entry (its prompt carries the entry too): the peer with the same reading."""
    from interview_desk.corpus import load_corpus
    from interview_desk.study.mock import critique
    from interview_desk.tutor.backend import GenParams, LoadParams
    from interview_desk.tutor.local import LocalBackend
    from interview_desk.tutor.prompt import Conversation
    from interview_desk.tutor.session import Tutor

    corpus = load_corpus()
    entry = next(e for e in corpus.entries if e.answered and len(e.answer or "") > 600)
    backend = LocalBackend.load(model, LoadParams(n_ctx=4096, n_threads=1))
    try:
        tutor = Tutor(backend, None)
        params = GenParams(temperature=0.0, max_tokens=8, seed=1)
        tutor.ask(Conversation(None), "warm up", params).run()  # llama.cpp's one-off warm-up
        generation, _ = critique(tutor, entry, "Attention mixes values by query-key "
                                 "similarity, scaled by the square root of d_k.", params)
        generation.run()
        answer = tutor.ask(Conversation(entry), entry.question, params)
        answer.run()
        c, a = generation.stats.first_token_s or 0.0, answer.stats.first_token_s or 0.0
        return {"model": backend.model_name, "critique_ttft_s": round(c, 3),
                "tutor_ttft_s": round(a, 3), "ratio": round(c / max(a, 1e-6), 2)}
    finally:
        backend.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--model", default=os.environ.get("INTERVIEW_DESK_TEST_MODEL", ""),
                        help="GGUF for the critique timing (default: INTERVIEW_DESK_TEST_MODEL)")
    args = parser.parse_args()
    load_before = os.getloadavg()

    from interview_desk.store import UserStore
    from interview_desk.study import Deck, StudyService

    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    corpus = _corpus(args.cards)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        with UserStore.open(path) as store:
            t0 = time.perf_counter()
            _fill(store, corpus, args.logs, at)
            fill_s = time.perf_counter() - t0
            service = StudyService(corpus, store, tz=UTC)
            whole = Deck("all", "")
            filtered = Deck("filtered", "source:002 difficulty:>=3")
            horizon = (at + timedelta(days=1)).timestamp()
            floor = _timed(lambda: service.reviews.queue_inputs(at.timestamp(), horizon),
                           args.repeat)
            all_cards = _timed(service.reviews.cards, args.repeat)
            strict = _timed(lambda: service.queue(whole, at), args.repeat)
            screen = _timed(lambda: service.queue(whole, at, learn_ahead=True), args.repeat)
            deck = _timed(lambda: service.queue(filtered, at), args.repeat)
            queue = service.queue(whole, at, learn_ahead=True)
            stats = _timed(lambda: service.stats(whole, at + timedelta(seconds=1)), 3)
        next_card = _next_card(corpus, path, at, min(args.repeat, 40))

    result = {
        "cards": args.cards, "review_logs": args.logs, "fill_s": round(fill_s, 2),
        "queue_len": len(queue), "queue_counts": queue.counts,
        "floor_queue_sql": _summary(floor),
        "read_every_card": _summary(all_cards),
        "queue_strict": _summary(strict),
        "queue_review_screen": _summary(screen),
        "queue_filtered_deck": _summary(deck),
        "stats_all": _summary(stats),
        "rating_to_next_card": next_card,
        "critique": _critique_ttft(args.model) if args.model and Path(args.model).is_file()
        else None,
        "targets": {"queue_p95_ms": QUEUE_TARGET_MS, "next_card_p95_ms": NEXT_CARD_TARGET_MS},
        "load_avg": {"before": load_before, "after": os.getloadavg()},
    }
    q95 = result["queue_review_screen"]["p95_ms"]
    result["ratios"] = {
        "queue_vs_floor": round(q95 / max(result["floor_queue_sql"]["p95_ms"], 1e-6), 2),
        "queue_vs_target": round(q95 / QUEUE_TARGET_MS, 3),
        "next_card_vs_target": round(next_card["p95_ms"] / NEXT_CARD_TARGET_MS, 3),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
