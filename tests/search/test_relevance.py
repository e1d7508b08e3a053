"""Relevance on the real corpus: the queries in relevance.json find what a person expects."""

from __future__ import annotations

import pytest
import relevance_eval
from relevance_eval import COLLOQUIAL, EXISTING, UNSEEN, load_set, resolve, score

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex

RELEVANCE = {"queries": load_set(EXISTING)}
COLLOQUIAL_SET = load_set(COLLOQUIAL)
UNSEEN_SET = load_set(UNSEEN)
MIN_RECALL_AT_5 = 0.979  # what the set reached before the thesaurus: nothing may be lost
# The target for the learner's-own-words set: reached (0.906: tuned part 0.933,
# held-out part 0.861), from 0.823 before issue 17's query reading (thesaurus.read_query),
# spelling fix and the answered bonus dropped.
MIN_COLLOQUIAL_RECALL_AT_5 = 0.9
# The set written after that one reached 0.59 while never tuned on (0.48 with no
# expansion). Tuned on from 2026-12-02 (thesaurus enriched, lone-character terms made
# dictionary words, a common-word guard on triggers) it reaches 0.837: this floor guards
# what is, and says nothing of unseen material any more.
MIN_UNSEEN_RECALL_AT_5 = 0.83


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


def test_the_unseen_set_is_big_and_varied(real_corpus: Corpus) -> None:
    assert len(UNSEEN_SET) >= 25
    assert {"colloquial", "english", "paraphrase"} <= {q["kind"] for q in UNSEEN_SET}
    for item in UNSEEN_SET:
        for spec in item["expect"]:
            resolve(real_corpus, spec)


def test_recall_at_5_on_the_second_colloquial_set(real_corpus: Corpus,
                                                 real_index: SearchIndex) -> None:
    scores = score(real_corpus, real_index, UNSEEN_SET)
    assert scores.recall_at_5 >= MIN_UNSEEN_RECALL_AT_5, (
        f"recall@5 {scores.recall_at_5:.3f}; misses: {scores.misses}")


def test_a_word_the_thesaurus_knows_is_no_typo(real_index: SearchIndex) -> None:
    # No entry says 'work' or 'metric' in English; they were 'corrected' to word/matrix.
    for query in ("how does lora work", "a metric for perplexity"):
        assert real_index.search(query).suggestion is None


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


# The two tuning sets written on 2026-12-07 from the corpus alone: first scored 0.409 and
# 0.518 on a66622a (0.273 / 0.362 without the thesaurus), before anything was changed
# with them in hand; 0.444 / 0.584 once a question's closing "?" stopped being read as a
# wildcard. Floors against regressions, as for the sets above.
TRAIN_SETS = {"train_a": (relevance_eval.TRAIN_A, 0.44), "train_b": (relevance_eval.TRAIN_B, 0.58)}


@pytest.mark.parametrize("name", TRAIN_SETS)
def test_the_tuning_sets_are_big_varied_and_well_formed(name: str,
                                                        real_corpus: Corpus) -> None:
    queries = load_set(TRAIN_SETS[name][0])
    assert len(queries) >= 70
    assert {"colloquial", "paraphrase", "english_for_chinese", "mixed"} == {
        q["kind"] for q in queries}
    for item in queries:
        assert item["q"].strip() and 1 <= len(item["expect"]) <= 3, item
        for spec in item["expect"]:
            resolve(real_corpus, spec)  # names exactly one entry


@pytest.mark.parametrize("name", TRAIN_SETS)
def test_recall_on_the_tuning_sets_does_not_regress(name: str, real_corpus: Corpus,
                                                    real_index: SearchIndex) -> None:
    path, floor = TRAIN_SETS[name]
    assert score(real_corpus, real_index, load_set(path)).recall_at_5 >= floor
