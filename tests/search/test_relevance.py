"""Relevance on the real corpus: the queries in relevance.json find what a person expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex
from interview_desk.search.analyzer import fold

RELEVANCE = json.loads((Path(__file__).parent / "relevance.json").read_text("utf-8"))
MIN_RECALL_AT_5 = 0.9


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
    per_query = {}
    for item in RELEVANCE["queries"]:
        expected = {resolve(real_corpus, spec) for spec in item["expect"]}
        top5 = set(real_index.search(item["q"], limit=5).ids)
        per_query[item["q"]] = len(expected & top5) / min(len(expected), 5)
    recall = sum(per_query.values()) / len(per_query)
    misses = {q: r for q, r in per_query.items() if r < 1}
    assert recall >= MIN_RECALL_AT_5, f"recall@5 {recall:.3f}; misses: {misses}"


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
