"""The blind held-out set (relevance_colloquial_blind.json) is well formed: big enough and every
expectation names exactly one entry of the real corpus. Its recall is the benchmark's job."""

from __future__ import annotations

from relevance_eval import BLIND, load_set, resolve

from interview_desk.corpus.model import Corpus

BLIND_SET = load_set(BLIND)


def test_the_blind_set_is_big_and_every_query_expects_something() -> None:
    assert len(BLIND_SET) >= 45
    assert all(len(item["expect"]) >= 1 for item in BLIND_SET)


def test_every_blind_expectation_names_one_entry(real_corpus: Corpus) -> None:
    for item in BLIND_SET:
        for spec in item["expect"]:
            resolve(real_corpus, spec)
