"""The second blind colloquial relevance set is well formed against the real corpus.

The set (relevance_colloquial_blind2.json) was written blind, from the corpus alone; these
tests only check its shape and that its expectations name real entries, never how search
ranks it.
"""

from __future__ import annotations

from pathlib import Path

from relevance_eval import load_set, resolve

from interview_desk.corpus.model import Corpus

BLIND2 = Path(__file__).parent / "relevance_colloquial_blind2.json"


def test_blind2_has_at_least_50_queries_each_expecting_an_entry() -> None:
    queries = load_set(BLIND2)
    assert len(queries) >= 50
    for item in queries:
        assert item["q"].strip(), item
        assert item["expect"], f"{item['q']!r} expects no entry"


def test_blind2_expectations_each_name_exactly_one_real_entry(real_corpus: Corpus) -> None:
    ids = {e.id for e in real_corpus.entries}
    for item in load_set(BLIND2):
        for spec in item["expect"]:
            assert resolve(real_corpus, spec) in ids  # resolve asserts exactly one match
