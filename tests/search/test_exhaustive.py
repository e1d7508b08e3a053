"""Scoring every match on a small index (search/index.py: _top_hits) must find what
Whoosh's block-skipping top-N search finds: the same entries, order, scores and totals,
for the app's real (expanded) queries, with and without a filter."""

from __future__ import annotations

import pytest
from relevance_eval import COLLOQUIAL, EXISTING, UNSEEN, load_set

from interview_desk.search import SearchIndex
from interview_desk.search import index as index_module

QUERIES = [q["q"] for path in (EXISTING, COLLOQUIAL, UNSEEN) for q in load_set(path)]


def _results(index: SearchIndex, text: str) -> list[object]:
    out: list[object] = []
    for q in (text, text + " answered:yes"):
        found = index.search(q, limit=20)
        out.append(([(h.entry_id, round(h.score, 9)) for h in found.hits], found.total))
    return out


def test_exhaustive_matches_block_skipping(real_index: SearchIndex,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(real_index._corpus.entries) < index_module.EXHAUSTIVE_BELOW_DOCS
    exhaustive = {q: _results(real_index, q) for q in QUERIES}
    monkeypatch.setattr(index_module, "EXHAUSTIVE_BELOW_DOCS", 0)
    skipping = {q: _results(real_index, q) for q in QUERIES}
    assert [q for q in QUERIES if exhaustive[q] != skipping[q]] == []
    assert sum(1 for q in QUERIES if exhaustive[q][0][0]) > 100  # most queries find hits
