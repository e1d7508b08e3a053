"""Building, reusing, repairing and updating the index; highlights; threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from interview_desk.corpus.model import Corpus
from interview_desk.errors import SearchError
from interview_desk.search import IndexCancelled, SearchIndex


def test_first_open_builds_then_reuses(corpus: Corpus, tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    with SearchIndex.open(corpus, index_dir=tmp_path, on_progress=lambda d, t:
                          progress.append((d, t))) as first:
        assert first.built and first.rebuilt_reason is None
        path = first.directory
    assert progress[-1] == (len(corpus.entries), len(corpus.entries))
    with SearchIndex.open(corpus, index_dir=tmp_path) as second:
        assert not second.built and second.directory == path
        assert second.search("RoPE").hits[0].entry_id == "900-0001"


def test_a_changed_corpus_gets_a_new_index_and_the_old_one_goes(
        corpus: Corpus, tmp_path: Path, entry_factory) -> None:
    with SearchIndex.open(corpus, index_dir=tmp_path) as first:
        old = first.directory
    extra = entry_factory(99, "什么是量化？", "把权重从 FP16 变成 INT4。")
    changed = Corpus([*corpus.entries, extra], corpus.sources, content_hash="changed")
    with SearchIndex.open(changed, index_dir=tmp_path) as second:
        assert second.built and second.directory != old
        assert second.search("量化").hits[0].entry_id == "900-0099"
    assert not old.exists()


def _damage(directory: Path) -> None:
    for f in directory.iterdir():
        if f.name != "ready.json" and f.is_file():
            f.write_bytes(b"\x00garbage" * 10)


def test_a_corrupt_index_is_rebuilt_and_reported(corpus: Corpus, tmp_path: Path) -> None:
    with SearchIndex.open(corpus, index_dir=tmp_path) as first:
        directory = first.directory
    _damage(directory)
    with SearchIndex.open(corpus, index_dir=tmp_path) as again:
        assert again.built
        assert again.rebuilt_reason and "\n" not in again.rebuilt_reason
        assert "rebuilt" in again.rebuilt_reason
        assert again.search("LoRA").hits


def test_a_build_that_never_finished_is_not_used(corpus: Corpus, tmp_path: Path) -> None:
    with SearchIndex.open(corpus, index_dir=tmp_path) as first:
        directory = first.directory
    (directory / "ready.json").unlink()  # as if the process died before the last step
    with SearchIndex.open(corpus, index_dir=tmp_path) as again:
        assert again.built and again.rebuilt_reason
        assert len(again.search("attention").hits) >= 2


def test_damage_found_while_searching_is_repaired(corpus: Corpus, tmp_path: Path) -> None:
    with SearchIndex.open(corpus, index_dir=tmp_path, notes={"901-0004": "核采样"}) as index:
        assert index.search("RMSNorm").hits
        index.update_note("900-0002", "分页注意力")  # the next search opens a new reader...
        _damage(index.directory)  # ...over files that are now garbage
        results = index.search("RMSNorm")
        assert results.ids[0] == "901-0005"
        assert index.rebuilt_reason and "rebuilt" in index.rebuilt_reason
        assert index.search("分页注意力").ids[:2].count("900-0002") == 1  # notes carried over
        assert index.search("核采样").ids[0] == "901-0004"


def test_cancel_leaves_nothing_behind(corpus: Corpus, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(IndexCancelled):
        SearchIndex.open(corpus, index_dir=tmp_path, cancel=cancel)
    assert [p.name for p in tmp_path.iterdir()] == []


def test_an_unwritable_folder_is_one_clear_error(corpus: Corpus, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SearchError) as err:
        SearchIndex.open(corpus, index_dir=blocker / "idx")
    assert "\n" not in str(err.value) and str(blocker) in str(err.value)


def test_notes_become_searchable_and_survive_reopening(corpus: Corpus, tmp_path: Path) -> None:
    # Medusa (decoding heads) is in no entry and no thesaurus concept; FlashAttention was,
    # until the thesaurus learnt that it is a kind of attention.
    with SearchIndex.open(corpus, index_dir=tmp_path) as index:
        assert index.search("medusa").hits == []
        index.update_note("900-0002", "面试官问过 Medusa 和 KV cache 的关系")
        hit = index.search("medusa").hits[0]
        assert hit.entry_id == "900-0002" and hit.snippet_from == "notes"
        assert '<b class="hit">Medusa</b>' in hit.snippet_html
    with SearchIndex.open(corpus, index_dir=tmp_path) as reopened:
        assert reopened.search("medusa").ids == ["900-0002"]
    # The store is the truth: notes given at open replace what the index held.
    notes = {"900-0003": "甲骨文 rank 8"}
    with SearchIndex.open(corpus, index_dir=tmp_path, notes=notes) as synced:
        assert synced.search("medusa").hits == []
        assert synced.search("甲骨文").ids[0] == "900-0003"
        synced.update_note("900-0003", "")
        assert synced.search("甲骨文").hits == []


def test_a_note_without_searchable_words_still_syncs(corpus: Corpus, tmp_path: Path) -> None:
    # Stop words and punctuation index no term: the note is there all the same.
    with SearchIndex.open(corpus, index_dir=tmp_path, notes={"901-0004": "的？"}) as index:
        assert index.search("top-p").hits[0].entry_id == "901-0004"
    with SearchIndex.open(corpus, index_dir=tmp_path) as reopened:  # what the index holds
        assert reopened.sync_notes({}) == 1  # the store dropped it: it leaves the index
    with SearchIndex.open(corpus, index_dir=tmp_path) as again:
        assert again.sync_notes({}) == 0


def test_update_note_for_an_unknown_entry_is_a_clear_error(index: SearchIndex) -> None:
    with pytest.raises(SearchError, match="no entry"):
        index.update_note("nope", "text")


def test_highlights_are_escaped_html(index: SearchIndex) -> None:
    hit = index.search("rmsnorm").hits[0]
    assert hit.question_html.count('<b class="hit">') == 1
    assert "<script>" not in hit.snippet_html
    snippet = index.search("friends").hits[0].snippet_html
    assert "p &lt; 0.5 &amp; q &gt; 1" in snippet  # text escaped, tags shown as text
    assert '<b class="hit">friends</b>' in snippet and "<script" not in snippet


def test_traditional_query_highlights_traditional_text(index: SearchIndex) -> None:
    hit = index.search("旋转位置编码").hits[0]  # Simplified query, Traditional document
    assert '<b class="hit">旋轉位置編碼</b>' in hit.question_html
    assert "旋轉位置編碼" in hit.snippet


def test_snippets_cut_at_sentence_ends(index: SearchIndex) -> None:
    hit = index.search("线性增长").hits[0]
    assert hit.entry_id == "900-0002"
    assert hit.snippet == "代价是显存随序列长度线性增长。"  # the matching sentence, whole
    assert hit.snippet_html == "代价是显存随序列长度<b class=\"hit\">线性增长</b>。"


def test_did_you_mean_for_english_typos(index: SearchIndex) -> None:
    results = index.search("atention")
    assert results.suggestion == "attention"
    assert results.hits  # the corrected word is searched too
    assert index.search("attention").suggestion is None
    assert index.search("注意").suggestion is None


def test_words_matched_count_more_than_one_word_repeated(index: SearchIndex) -> None:
    assert index.search("kv cache").ids[0] == "900-0002"
    assert index.search("LoRA 全参数微调").ids[0] == "900-0003"


def test_related_finds_other_entries_across_sources(index: SearchIndex) -> None:
    related = index.related("901-0007", limit=3)
    ids = [h.entry_id for h in related]
    assert "901-0007" not in ids and len(ids) == 3
    assert "900-0006" in ids  # the Chinese question on attention, from another source
    with pytest.raises(SearchError):
        index.related("missing")


def test_searching_from_several_threads(index: SearchIndex) -> None:
    expected = index.search("RoPE").ids
    errors: list[BaseException] = []
    seen: list[list[str]] = []

    def work() -> None:
        try:
            for _ in range(15):
                seen.append(index.search("RoPE").ids)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    index.update_note("901-0004", "nucleus 采样")  # a write while others read
    for t in threads:
        t.join()
    assert not errors and all(ids == expected for ids in seen)


def test_rebuild_keeps_notes(index: SearchIndex) -> None:
    index.update_note("901-0005", "均方根")
    index.rebuild()
    assert index.search("均方根").ids == ["901-0005"]



def test_an_empty_corpus_gives_an_empty_index(tmp_path: Path) -> None:
    empty = Corpus([], [], content_hash="")
    with SearchIndex.open(empty, index_dir=tmp_path) as index:
        results = index.search("anything at all")
        assert results.hits == [] and results.total == 0


def test_a_cancelled_rebuild_keeps_the_working_index(index: SearchIndex) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel.set()  # the user pressed Cancel as soon as the rebuild started

    with pytest.raises(IndexCancelled):
        index.rebuild(on_progress=progress, cancel=cancel)
    assert index.search("RoPE").ids[0] == "900-0001"
    assert not [p for p in index.directory.parent.iterdir() if p.name.startswith(".build-")]


def test_searches_during_a_rebuild_never_fail(index: SearchIndex) -> None:
    expected = index.search("LoRA").ids
    stop = threading.Event()
    outcomes: list[tuple[list[str], tuple[str, ...]]] = []

    def work() -> None:
        while not stop.is_set():
            results = index.search("LoRA")
            outcomes.append((results.ids, results.notices))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for _ in range(3):
        index.rebuild()
    stop.set()
    for t in threads:
        t.join()
    assert outcomes and all(ids == expected and not notices for ids, notices in outcomes)
    assert index.rebuilt_reason is None  # a swap seen mid-search is not "damage"


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count real index builds (the real storage.build still runs)."""
    from interview_desk.search import storage

    builds: list[int] = []
    real_build = storage.build

    def counting_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        builds.append(1)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(storage, "build", counting_build)
    return builds


def test_a_truncated_segment_is_rebuilt_once_and_answers(
        corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with SearchIndex.open(corpus, index_dir=tmp_path) as index:
        assert index.search("RMSNorm").hits
        builds = _count_builds(monkeypatch)
        index.update_note("900-0002", "分页注意力")  # the next search opens a new reader
        segments = [f for f in index.directory.iterdir() if f.suffix == ".seg"]
        assert segments
        for f in segments:  # cut each segment in half, as a crash mid-copy would
            f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
        results = index.search("RMSNorm")
        assert results.ids[0] == "901-0005" and not results.notices
        assert builds == [1] and index.rebuilt_reason
        assert index.search("LoRA").hits and builds == [1]  # once, not on every query


def test_a_garbled_postings_block_is_damage_not_a_bug(
        corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoosh says a postings block's tag is wrong with a bare ``Exception`` ("Block tag
    error"): random bytes over a segment hit it now and then; here every tag is hit."""
    with SearchIndex.open(corpus, index_dir=tmp_path) as index:
        assert index.search("attention").hits
        builds = _count_builds(monkeypatch)
        index.update_note("900-0002", "分页注意力")  # the next search opens a new reader
        garbled = 0
        for f in (f for f in index.directory.iterdir() if f.suffix == ".seg"):
            data = f.read_bytes()
            garbled += data.count(b"W3Bl")
            f.write_bytes(data.replace(b"W3Bl", b"E\x8f\xa3."))
        assert garbled
        results = index.search("attention")
        assert results.hits and not results.notices
        assert builds == [1] and index.rebuilt_reason


def test_a_bug_of_ours_is_not_taken_for_damage(
        index: SearchIndex, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    import interview_desk.search.index as index_module

    builds = _count_builds(monkeypatch)

    def buggy_make_hit(*_args: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'snippet'")

    monkeypatch.setattr(index_module, "make_hit", buggy_make_hit)
    for _ in range(3):
        results = index.search("LoRA")
        assert results.notices == ("search failed: AttributeError",) and not results.hits
    assert builds == [] and index.rebuilt_reason is None
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1  # reported once, with its traceback
    assert "buggy_make_hit" in caplog.text
    attention = next(e for e in index.corpus.entries if "attention" in e.question)
    with pytest.raises(AttributeError):  # related() lets the caller report it
        index.related(attention.id)
    assert builds == []


def test_a_hit_makes_its_snippet_only_when_asked(real_index: SearchIndex) -> None:
    found = real_index.search("位置编码", limit=len(real_index))  # a study filter's search
    assert len(found.ids) > 10
    assert all(h.text._text is None for h in found.hits)  # entries only: no snippet made
    first = found.hits[0]
    assert "<b class=\"hit\">" in first.snippet_html + first.question_html
    assert first.text._text is not None and found.hits[1].text._text is None
    assert first.snippet_html is first.snippet_html  # made once


def test_searchers_replaced_after_writes_are_let_go(real_corpus: Corpus, tmp_path: Path) -> None:
    # Each saved note replaces the thread's searcher; the old ones (and the lengths the
    # scorer keeps on them) were all kept in a list until the index closed.
    import gc

    from interview_desk.search.scorer import _Leaf

    gc.collect()
    others = {id(o) for o in gc.get_objects() if isinstance(o, _Leaf)}  # other tests'
    with SearchIndex.open(real_corpus, index_dir=tmp_path) as index:
        for i in range(8):
            index.update_note(real_corpus.entries[i].id, f"note {i} attention")
            assert index.search("attention 注意力").hits
        assert len(index._searchers) == 1
        gc.collect()
        live = [o for o in gc.get_objects() if isinstance(o, _Leaf) and id(o) not in others]
        assert len(live) == len(index._searcher().leaf_searchers())
