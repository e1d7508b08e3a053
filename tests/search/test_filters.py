"""Filters in queries and as options, on a real (small) index."""

from __future__ import annotations

from interview_desk.search import SearchIndex


def test_source_filter_matches_part_of_the_file_name(index: SearchIndex) -> None:
    hits = index.search("source:901 attention").hits
    assert hits and all(h.source == "901_english.md" for h in hits)
    assert {h.source for h in index.search("attention", source="900").hits} == {"900_demo.md"}


def test_section_filter_matches_part_of_the_path_in_any_script(index: SearchIndex) -> None:
    hits = index.search("section:位置編碼").hits  # Traditional finds the Simplified section
    assert [h.entry_id for h in hits] == ["900-0001"]


def test_difficulty_filters(index: SearchIndex) -> None:
    hard = index.search("difficulty:>=4").hits
    assert {h.difficulty for h in hard} == {4, 5}
    assert all(h.difficulty == 2 for h in index.search("difficulty:2").hits)
    assert all(h.difficulty <= 3 for h in index.search("sampling", max_difficulty=3).hits)


def test_answered_filter(index: SearchIndex) -> None:
    hits = index.search("answered:no").hits
    assert [h.entry_id for h in hits] == ["900-0006"] and not hits[0].answered
    assert all(h.answered for h in index.search("注意力 answered:yes").hits)


def test_filters_alone_list_entries_in_document_order(index: SearchIndex) -> None:
    ids = [h.entry_id for h in index.search("source:900").hits]
    assert ids == sorted(ids)


def test_unknown_source_says_so(index: SearchIndex) -> None:
    results = index.search("source:nothing-like-it rope")
    assert results.hits == [] and results.notices
    assert "nothing-like-it" in results.notices[0]


def test_phrases_and_operators(index: SearchIndex) -> None:
    assert [h.entry_id for h in index.search('"attention mechanism"').hits] == ["901-0007"]
    ids = {h.entry_id for h in index.search("attention NOT transformers").hits}
    assert "901-0007" not in ids
    assert index.search("RMS*").hits[0].entry_id == "901-0005"


def test_totals_count_only_entries_that_pass_the_filters(index: SearchIndex) -> None:
    everything = index.search("attention")
    english = index.search("attention source:901")
    assert english.total == len(english.hits) < everything.total
    assert index.search("difficulty:5").total == 1
