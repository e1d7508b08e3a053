"""Retrieval quality with and without the concept thesaurus, side by side in one run.

Prints JSON: recall@5 and MRR on the existing relevance set (tests/search/relevance.json),
on the learner's-own-words set (tests/search/relevance_colloquial.json, also split into
the queries the thesaurus was tuned on and the held-out ones) and on a second set written
later (tests/search/relevance_colloquial_unseen.json: held out until 2026-12-01, tuned on
from 2026-12-02, so it no longer measures unseen material) and on a blind set
(tests/search/relevance_colloquial_blind.json: written on 2026-12-02 from the corpus
alone, without seeing the search code or the thesaurus, and never tuned on; its misses
are not printed, so that nobody tunes on them by accident) and a second blind set
(tests/search/relevance_colloquial_blind2.json: written on 2026-12-03 the same way, by
someone who had seen no search code, thesaurus or ranking; likewise never tuned on and
its misses never printed) and a third (tests/search/relevance_colloquial_blind3.json,
written on 2026-12-07 the same way; likewise), and two tuning sets written the same
way on 2026-12-07 (tests/search/relevance_colloquial_train_a.json, _train_b.json: tuned
on from the day they were written, their misses printed), each with the thesaurus
(resources/thesaurus/concepts.tsv) and without any query expansion, plus the queries
each variant misses, and the search time each variant costs on the same queries (p50/p95
of ``search(q, limit=20)`` over three passes, and the ratio: the thesaurus adds postings
to read). One index, built once.

    .venv/bin/python benchmarks/retrieval.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))
sys.path.insert(0, str(REPO / "tests" / "search"))

from relevance_eval import (  # noqa: E402
    BLIND,
    BLIND2,
    BLIND3,
    COLLOQUIAL,
    EXISTING,
    TRAIN_A,
    TRAIN_B,
    UNSEEN,
    load_set,
    score,
)

from bench_home import use_bench_home  # noqa: E402
from interview_desk.corpus.loader import load_corpus  # noqa: E402
from interview_desk.search import SearchIndex  # noqa: E402
from interview_desk.search import thesaurus as thesaurus_module  # noqa: E402


def main() -> int:
    use_bench_home()
    corpus = load_corpus([])
    colloquial = load_set(COLLOQUIAL)
    sets = {
        "existing": load_set(EXISTING),
        "colloquial": colloquial,
        "colloquial_tune": [q for q in colloquial if q["split"] == "tune"],
        "colloquial_holdout": [q for q in colloquial if q["split"] == "holdout"],
        "unseen": load_set(UNSEEN),
        "train_a": load_set(TRAIN_A),
        "train_b": load_set(TRAIN_B),
        "blind": load_set(BLIND),
        "blind2": load_set(BLIND2),
        "blind3": load_set(BLIND3),
    }
    with_thesaurus = thesaurus_module.expand_groups
    report: dict[str, object] = {"benchmark": "retrieval",
                                 "queries": {k: len(v) for k, v in sets.items()}}
    with tempfile.TemporaryDirectory(prefix="desk-bench-index-") as tmp:
        index = SearchIndex.open(corpus, index_dir=Path(tmp))
        try:
            for variant, expand in (("thesaurus", with_thesaurus),
                                    ("no_expansion", lambda groups, **_: groups)):
                # The one hook where queries expand (read_query calls it).
                thesaurus_module.expand_groups = expand
                results = {}
                for name, queries in sets.items():
                    s = score(corpus, index, queries)
                    results[name] = {"recall_at_5": round(s.recall_at_5, 3),
                                     "mrr": round(s.mrr, 3)}
                    if name.startswith("blind"):
                        results[name]["by_kind"] = {
                            kind: round(score(corpus, index, [q for q in queries
                                                              if q["kind"] == kind]
                                              ).recall_at_5, 3)
                            for kind in sorted({q["kind"] for q in queries})}
                        results[name]["missed_queries"] = len(s.misses)
                    else:
                        results[name]["misses"] = {q: round(r, 2)
                                                   for q, r in s.misses.items()}
                latencies = []
                for _ in range(3):
                    for item in sets["existing"] + colloquial + sets["unseen"]:
                        started = time.perf_counter()
                        for hit in index.search(item["q"], limit=20).hits:
                            hit.snippet_html  # noqa: B018 (made when first shown)
                        latencies.append((time.perf_counter() - started) * 1000)
                latencies.sort()
                results["search_ms"] = {"p50": round(statistics.median(latencies), 2),
                                        "p95": round(latencies[int(0.95 * len(latencies))], 2)}
                report[variant] = results
        finally:
            thesaurus_module.expand_groups = with_thesaurus
            index.close()
    t, n = report["thesaurus"], report["no_expansion"]
    report["side_by_side"] = {
        name: {"recall_at_5": [t[name]["recall_at_5"], n[name]["recall_at_5"]],  # type: ignore[index]
               "mrr": [t[name]["mrr"], n[name]["mrr"]]}  # type: ignore[index]
        for name in sets}
    report["side_by_side_columns"] = ["thesaurus", "no_expansion"]
    report["search_time_ratio"] = {
        k: round(t["search_ms"][k] / n["search_ms"][k], 2) for k in ("p50", "p95")}  # type: ignore[index]
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
