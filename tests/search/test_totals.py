"""Totals on the corpus are exact, whether the collector counted or a count was run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_desk.search import SearchIndex

QUERIES = [item["q"] for item in json.loads(
    (Path(__file__).parent / "relevance.json").read_text("utf-8"))["queries"]]


@pytest.mark.parametrize("text", [*QUERIES, "attention", "source:001 注意力",
                                  "answered:no RoPE", "difficulty:3 微调", "source:001"])
def test_the_total_is_every_match(real_index: SearchIndex, text: str) -> None:
    shown = real_index.search(text, limit=5)
    everything = real_index.search(text, limit=1000)  # deeper than the corpus: all matches
    assert shown.total_exact
    assert shown.total == len(everything.hits) == everything.total
