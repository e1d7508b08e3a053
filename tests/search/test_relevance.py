"""Relevance on the real corpus: the queries in relevance.json find what a person expects."""

from __future__ import annotations

import pytest
from relevance_eval import COLLOQUIAL, EXISTING, load_set, resolve, score

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex

RELEVANCE = {"queries": load_set(EXISTING)}
COLLOQUIAL_SET = load_set(COLLOQUIAL)
MIN_RECALL_AT_5 = 0.979  # what the set reached before the thesaurus: nothing may be lost
# The learner's-own-words set reached 0.82 with the thesaurus (tuned part 0.85, held-out
# part 0.78; 0.32 without expansion, 0.37 with the glossary it replaced). The issue's
# target of 0.9 is not reached yet: this floor guards what is.
MIN_COLLOQUIAL_RECALL_AT_5 = 0.8


def test_the_set_is_big_and_varied() -> None:
    queries = RELEVANCE["queries"]
    assert len(queries) >= 30
    kinds = {q["kind"] for q in queries}
    assert {"simplified", "traditional", "english", "mixed", "typo"} <= kinds


def test_every_expectation_names_one_entry(real_corpus: Corpus) -> None:
    for item in RELEVANCE["queries"]:
        for spec in item["expect"]:
            resolve(real_corpus, spec)


def test_recall_at_5(real_corpus: Corpus, real_index: SearchIndex) -> None:
    scores = score(real_corpus, real_index, RELEVANCE["queries"])
    assert scores.recall_at_5 >= MIN_RECALL_AT_5, (
        f"recall@5 {scores.recall_at_5:.3f}; misses: {scores.misses}")


def test_the_colloquial_set_is_big_varied_and_held_out(real_corpus: Corpus) -> None:
    assert len(COLLOQUIAL_SET) >= 40
    assert {"colloquial", "english", "paraphrase"} <= {q["kind"] for q in COLLOQUIAL_SET}
    assert sum(q["split"] == "holdout" for q in COLLOQUIAL_SET) >= 15
    for item in COLLOQUIAL_SET:
        for spec in item["expect"]:
            resolve(real_corpus, spec)


def test_recall_at_5_in_the_learners_own_words(real_corpus: Corpus,
                                               real_index: SearchIndex) -> None:
    scores = score(real_corpus, real_index, COLLOQUIAL_SET)
    assert scores.recall_at_5 >= MIN_COLLOQUIAL_RECALL_AT_5, (
        f"recall@5 {scores.recall_at_5:.3f}; misses: {scores.misses}")


@pytest.mark.parametrize(("query", "spec"), [
    ("旋轉位置編碼", "001#2.15.2"),  # Traditional query, Simplified document
    ("知识蒸馏", "000#4"),  # Simplified query, Traditional document
    ("RoPE", "001#2.15.2"),
    ("kv cache", "003~还有哪些关键的LLM推理优化技术"),  # English query, "KV缓存" document
])
def test_the_best_entry_comes_first(real_corpus: Corpus, real_index: SearchIndex,
                                    query: str, spec: str) -> None:
    top3 = real_index.search(query, limit=3).ids
    assert resolve(real_corpus, spec) in top3


def test_typos_get_a_suggestion_and_results(real_index: SearchIndex) -> None:
    results = real_index.search("atention")
    assert results.suggestion == "attention" and results.hits


def test_related_spans_sources(real_corpus: Corpus, real_index: SearchIndex) -> None:
    entry_id = resolve(real_corpus, "004#51")  # 模型蒸馏 (Traditional, no answer)
    related = real_index.related(entry_id, limit=5)
    assert len(related) == 5 and entry_id not in {h.entry_id for h in related}
    assert len({h.source for h in related}) >= 2
    assert any("蒸" in h.question for h in related)


def test_selfcheck_part_passes() -> None:
    from interview_desk.search.selfcheck import check

    assert "entries indexed" in check()
