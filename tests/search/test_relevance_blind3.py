"""The third blind colloquial relevance set is well formed against the real corpus.

The set (relevance_colloquial_blind3.json) was written blind, from the corpus alone; these
tests only check its shape and that its expectations name real entries, never how search
ranks it.
"""

from __future__ import annotations

from relevance_eval import BLIND3, load_set, resolve, score

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex


def test_blind3_has_at_least_60_queries_each_expecting_an_entry() -> None:
    queries = load_set(BLIND3)
    assert len(queries) >= 60
    for item in queries:
        assert item["q"].strip(), item
        assert item["expect"], f"{item['q']!r} expects no entry"


def test_blind3_expectations_each_name_exactly_one_real_entry(real_corpus: Corpus) -> None:
    ids = {e.id for e in real_corpus.entries}
    for item in load_set(BLIND3):
        for spec in item["expect"]:
            assert resolve(real_corpus, spec) in ids  # resolve asserts exactly one match


# First scored on 2026-12-07 on 2523539, the day it was written, with nothing changed
# after: 0.694 (0.434 without the thesaurus). A floor against regressions, never a
# target to tune towards: its misses are not printed anywhere (benchmarks/retrieval.py
# gives only the recall and its split by kind).
MIN_BLIND3_RECALL_AT_5 = 0.69


def test_recall_on_the_third_blind_set_does_not_regress(real_corpus: Corpus,
                                                         real_index: SearchIndex) -> None:
    assert score(real_corpus, real_index, load_set(BLIND3)).recall_at_5 \
        >= MIN_BLIND3_RECALL_AT_5
