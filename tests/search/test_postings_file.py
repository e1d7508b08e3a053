"""A large index's flat postings (search/postings_file.py): written by the build, the
same postings Whoosh holds, the same search results as reading Whoosh's blocks, on one
segment and after a note saved (a new segment without them, a deletion in the old),
and a damaged file only sends the scorer back to Whoosh's blocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_scorer import QUERIES, _results

from interview_desk.corpus.model import Corpus
from interview_desk.search import SearchIndex, postings_file, scorer, storage
from interview_desk.search.schema import TEXT_FIELDS


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus treated as a large index: summed in arrays, built with flat postings."""
    monkeypatch.setattr(scorer, "ARRAYS_FROM_DOCS", 0)
    monkeypatch.setattr(storage, "ARRAYS_FROM_DOCS", 0)
    postings_file._load.cache_clear()


def _flat_files(index: SearchIndex) -> list[Path]:
    return sorted(index.directory.glob("*.postings"))


def _all_results(index: SearchIndex) -> dict[str, object]:
    return {q: _results(index, q) for q in QUERIES}


def _without_flat(index: SearchIndex, corpus: Corpus, folder: Path) -> dict[str, object]:
    """The results with the flat files moved away (the scorer reads Whoosh's blocks)."""
    moved = [p.rename(p.with_suffix(".away")) for p in _flat_files(index)]
    postings_file._load.cache_clear()
    try:
        with SearchIndex.open(corpus, index_dir=folder) as plain:
            assert all(leaf.flat() is None for leaf in scorer.leaves_of(plain._searcher()))
            return _all_results(plain)
    finally:
        for p in moved:
            p.rename(p.with_suffix(".postings"))
        postings_file._load.cache_clear()


def test_the_build_writes_whooshs_own_postings(real_corpus: Corpus, tmp_path: Path,
                                               large: None) -> None:
    with SearchIndex.open(real_corpus, index_dir=tmp_path) as index:
        assert len(_flat_files(index)) == 1
        (leaf,) = scorer.leaves_of(index._searcher())
        flat = leaf.flat()
        assert flat is not None
        reader, checked = leaf.reader, 0
        for field in TEXT_FIELDS:
            for btext in reader.lexicon(field):
                m = reader.postings(field, btext)
                ids, weights = [], []
                while m.is_active():
                    ids.append(m.id())
                    weights.append(m.weight())
                    m.next()
                found = flat.get(field, btext)
                assert found is not None
                assert found[0].tolist() == ids
                assert np.allclose(found[1], weights, rtol=0, atol=0)
                checked += 1
        assert checked > 5000
        assert flat.get("body", b"no-such-term-anywhere") is None


def test_search_gives_what_whooshs_blocks_give(real_corpus: Corpus, tmp_path: Path,
                                               large: None) -> None:
    with SearchIndex.open(real_corpus, index_dir=tmp_path) as index:
        flat = _all_results(index)
        entries = real_corpus.entries
        for entry in (entries[3], entries[200]):  # new segments, deletions in the first
            index.update_note(entry.id, "我的笔记：marmalade 注意力 attention，KV cache")
        searcher = index._searcher()
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        assert [leaf.flat() is not None for leaf in scorer.leaves_of(searcher)].count(True) == 1
        flat_after = _all_results(index)
        assert set(index.search("marmalade", limit=5).ids[:2]) == {entries[3].id,
                                                                   entries[200].id}
    assert flat != flat_after  # the notes count
    assert _without_flat(index, real_corpus, tmp_path) == flat_after


def test_a_damaged_flat_file_falls_back_to_whoosh(real_corpus: Corpus, tmp_path: Path,
                                                  large: None) -> None:
    with SearchIndex.open(real_corpus, index_dir=tmp_path) as index:
        expected = _all_results(index)
        (path,) = _flat_files(index)
    with path.open("r+b") as f:  # cut short, as a full disk or a crash would leave it
        f.truncate(path.stat().st_size // 2)
    postings_file._load.cache_clear()
    with SearchIndex.open(real_corpus, index_dir=tmp_path) as index:
        assert all(leaf.flat() is None for leaf in scorer.leaves_of(index._searcher()))
        assert _all_results(index) == expected
