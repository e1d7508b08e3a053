"""Plain queries are scored from the postings (search/scorer.py), not by Whoosh's
matchers: the same entries, order, scores and totals as Whoosh's own BM25F for the app's
real (expanded) queries, with and without a filter, on one segment and on several with
deletions (a note saved), with scores summed in a dict (a small index) or in numpy
arrays (a large one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from relevance_eval import COLLOQUIAL, EXISTING, UNSEEN, load_set

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex, scorer
from interview_desk.search import index as index_module

QUERIES = [q["q"] for path in (EXISTING, COLLOQUIAL, UNSEEN) for q in load_set(path)]
Outcome = tuple[list[tuple[str, float]], int]


def _results(index: SearchIndex, text: str) -> list[Outcome]:
    out = []
    for q in (text, text + " answered:yes"):
        found = index.search(q, limit=20)
        out.append(([(h.entry_id, h.score) for h in found.hits], found.total))
    return out


def _differences(index: SearchIndex, change: Callable[[], None]) -> list[str]:
    """Queries whose results differ once ``change()`` has been applied."""
    before = {q: _results(index, q) for q in QUERIES}
    change()
    after = {q: _results(index, q) for q in QUERIES}
    assert sum(1 for q in QUERIES if before[q][0][0]) > 100  # most queries find hits

    def same(a: list[Outcome], b: list[Outcome]) -> bool:
        return all(
            ta == tb and [i for i, _ in ha] == [i for i, _ in hb]
            and all(abs(sa - sb) <= 1e-9 * max(1.0, abs(sa))
                    for (_, sa), (_, sb) in zip(ha, hb, strict=True))
            for (ha, ta), (hb, tb) in zip(a, b, strict=True))

    return [q for q in QUERIES if not same(before[q], after[q])]


# Whoosh credits a word inside a phrase as matched wherever its matcher stood on the
# entry, phrase or not; the scorer credits a phrase's words only where the phrase
# matched (or where the word is a term of the query itself). Word coverage, and so the
# score after ranking, then comes out higher in Whoosh for these queries, never lower.
PHRASE_CREDIT = {"用 GPU 跑和用 CPU 跑差多少", "训练集上效果很好，一到测试集就拉胯"}


def test_the_scorer_ranks_as_whoosh_does(real_index: SearchIndex,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ours = {q: _results(real_index, q) for q in PHRASE_CREDIT}

    def whoosh() -> None:
        monkeypatch.setattr(index_module, "plain_leaves", lambda q: None)

    assert set(_differences(real_index, whoosh)) <= PHRASE_CREDIT
    for q in PHRASE_CREDIT:  # Whoosh on, now: the same matches, credited more
        for (mine, total), (theirs, whoosh_total) in zip(ours[q], _results(real_index, q),
                                                         strict=True):
            assert total == whoosh_total
            by_id = dict(theirs)
            assert all(by_id.get(i, score) >= score - 1e-9 for i, score in mine)


def test_arrays_sum_exactly_what_the_dict_sums(real_index: SearchIndex,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(real_index) < scorer.ARRAYS_FROM_DOCS
    assert _differences(real_index,
                        lambda: monkeypatch.setattr(scorer, "ARRAYS_FROM_DOCS", 0)) == []


@pytest.mark.parametrize("arrays", [False, True])
def test_segments_and_deletions_score_as_whoosh_does(real_corpus: Corpus, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     arrays: bool) -> None:
    if arrays:
        monkeypatch.setattr(scorer, "ARRAYS_FROM_DOCS", 0)
    with SearchIndex.open(real_corpus, index_dir=tmp_path) as index:
        entries = real_corpus.entries
        for entry in (entries[3], entries[40], entries[200]):  # each save: a new segment
            index.update_note(entry.id, "我的笔记：marmalade 注意力 attention 的复杂度，KV cache")
        searcher = index._searcher()
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        found = index.search("marmalade", limit=10)
        assert set(found.ids[:3]) == {entries[3].id, entries[40].id, entries[200].id}
        assert set(_differences(index, lambda: monkeypatch.setattr(
            index_module, "plain_leaves", lambda q: None))) <= PHRASE_CREDIT
        whoosh = index.search("marmalade", limit=10)
    assert [h.entry_id for h in whoosh.hits] == [h.entry_id for h in found.hits]
    assert whoosh.total == found.total


def test_related_entries_are_those_whoosh_would_rank(real_corpus: Corpus,
                                                     real_index: SearchIndex,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from whoosh import query

    entries = real_corpus.entries[::5]
    scored = {e.id: [h.entry_id for h in real_index.related(e.id, limit=5)] for e in entries}

    def whoosh(searcher: Any, leaves: list[query.Query], depth: int, **_: Any) -> Any:
        found = searcher.search(query.Or(leaves), limit=depth)
        return scorer.Scored([(h.docnum, h.score, frozenset()) for h in found], len(found))

    monkeypatch.setattr(index_module, "score_plain", whoosh)
    assert {e.id: [h.entry_id for h in real_index.related(e.id, limit=5)]
            for e in entries} == scored
    assert sum(1 for ids in scored.values() if len(ids) == 5) > 70
