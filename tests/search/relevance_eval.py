"""Scoring a relevance set against an index: shared by the relevance tests and
benchmarks/retrieval.py, so both measure the same thing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex
from interview_desk.search.analyzer import fold

HERE = Path(__file__).parent
EXISTING = HERE / "relevance.json"
COLLOQUIAL = HERE / "relevance_colloquial.json"
# Written after the thesaurus was tuned on COLLOQUIAL; never tuned on until 2026-12-01,
# tuned on from 2026-12-02 (issue 17's second round): no longer a held-out set.
UNSEEN = HERE / "relevance_colloquial_unseen.json"
# Written blind, from the corpus alone (no search code, no thesaurus); never tuned on.
BLIND = HERE / "relevance_colloquial_blind.json"
# A second one, written blind on 2026-12-03 by someone who had seen neither the search
# code, the thesaurus nor any ranking; first scored 0.585 on 951f4ab. Never tuned on.
BLIND2 = HERE / "relevance_colloquial_blind2.json"
# A third, written blind on 2026-12-07 the same way (corpus only, no code, thesaurus,
# other sets or rankings), after the thesaurus and ranking stopped changing. Never tuned on.
BLIND3 = HERE / "relevance_colloquial_blind3.json"
# Two sets written on 2026-12-07 from the corpus alone (no search code, thesaurus, other
# sets or rankings), 75 queries each, for tuning: the blind sets stay the held-out check.
# First scored 0.409 and 0.518 on a66622a, before anything was changed with them in hand.
TRAIN_A = HERE / "relevance_colloquial_train_a.json"
TRAIN_B = HERE / "relevance_colloquial_train_b.json"


def load_set(path: Path) -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["queries"]
    return queries


def resolve(corpus: Corpus, spec: str) -> str:
    """``001#2.15.2`` (source prefix + number) or ``003~words of the question``."""
    if "#" in spec:
        prefix, number = spec.split("#", 1)
        found = [e for e in corpus.entries
                 if e.source.startswith(prefix) and e.number == number]
    else:
        prefix, words = spec.split("~", 1)
        found = [e for e in corpus.entries
                 if e.source.startswith(prefix) and fold(words) in fold(e.question)]
    assert len(found) == 1, f"{spec!r} names {len(found)} entries"
    return found[0].id


@dataclass(frozen=True)
class Scores:
    recall_at_5: float
    mrr: float
    per_query: dict[str, float]  # recall@5 of each query

    @property
    def misses(self) -> dict[str, float]:
        return {q: r for q, r in self.per_query.items() if r < 1}


def score(corpus: Corpus, index: SearchIndex, queries: list[dict[str, Any]]) -> Scores:
    """recall@5 (share of each query's expected entries in its top 5, averaged) and MRR
    (reciprocal rank of the first expected entry in the top 10)."""
    recall: dict[str, float] = {}
    reciprocal: list[float] = []
    for item in queries:
        expected = {resolve(corpus, spec) for spec in item["expect"]}
        ids = index.search(item["q"], limit=10).ids
        recall[item["q"]] = len(expected & set(ids[:5])) / min(len(expected), 5)
        reciprocal.append(next((1 / r for r, i in enumerate(ids, 1) if i in expected), 0.0))
    n = max(len(queries), 1)
    return Scores(sum(recall.values()) / n, sum(reciprocal) / n, recall)
