"""The build's fast paths give exactly what the plain paths give.

Folding skips OpenCC where its character table alone decides (``simplified``),
and a large corpus is written as a segment per spawned worker process
(``search/segment_workers``): both must leave the index unchanged, term for term and
posting for posting, hit for hit.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import random
import signal
import tempfile
import threading
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import IndexReader
from whoosh.writing import PostingPool, SegmentWriter

from interview_desk import script
from interview_desk.corpus.model import Corpus
from interview_desk.errors import SearchError
from interview_desk.search import IndexCancelled, SearchIndex, scorer, segment_workers, storage
from interview_desk.search.analyzer import _fold_script, fold
from interview_desk.search.bulk_writer import BulkSegmentWriter
from interview_desk.simplified import by_characters


def _opencc_keys() -> list[str]:
    spec = importlib.util.find_spec("opencc")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / "dictionary"
    keys = []
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (folder / name).read_text("utf-8").splitlines():
            if line.strip():
                keys.append(line.split("\t")[0])
    return keys


def test_fold_matches_opencc_on_every_table_key_and_the_corpus(real_corpus: Corpus) -> None:
    keys = _opencc_keys()
    # Every key alone, all of them run together (phrases across neighbours), and mixed
    # with Latin text, upper case and line breaks.
    texts = [*keys, "".join(keys), "\n".join(f"Key {k} 的 DATA" for k in keys[::7])]
    for e in real_corpus.entries:
        texts += [e.question, e.answer or "", e.section]
    for text in texts:  # the script step of fold (the NFKC step follows it)
        assert _fold_script(text) == script.fold(text), text[:40]



def test_display_conversion_matches_opencc(real_corpus: Corpus) -> None:
    """``script.to_simplified`` (the character table for each line no phrase rule
    touches) gives what OpenCC gives for the whole text."""
    keys = _opencc_keys()
    texts = [*keys, "".join(keys), "\n".join(f"Key {k} 的 DATA" for k in keys[::7]),
             "我們瞭解一下\n數據\n\n", "", "ascii only"]
    for e in real_corpus.entries:
        texts += [e.question, e.answer or "", e.section]
    opencc = script._converter("t2s").convert
    for text in texts:
        assert script.to_simplified(text) == (opencc(text) if text else text), text[:40]

def test_a_phrase_rule_is_left_to_opencc() -> None:
    assert by_characters("我們瞭解一下") is None  # 瞭解 -> 了解, though 瞭 alone stays
    assert by_characters("數據") == "数据"
    assert fold("我們瞭解一下") == script.fold("我們瞭解一下") == "我们了解一下"


def _postings(reader: IndexReader) -> list[tuple[str, bytes, list[tuple[int, bytes]]]]:
    out = []
    for fieldname, text in reader.all_terms():
        m = reader.postings(fieldname, text)
        items = []
        while m.is_active():
            items.append((m.id(), m.value()))
            m.next()
        out.append((fieldname, text, items))
    return out


QUERIES = ("RoPE 位置编码", "attention", "量化 int4", "幻觉", "KV cache", "梯度消失 LSTM",
           "\"self attention\"", "\"位置编码\"", "transformer NOT bert", "source:003 训练")


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_build_the_same_index(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """One segment per worker, listed in corpus order: the same postings, stored fields
    and lengths as one process's single segment, and the same hits with the same scores,
    read from the flat postings too (their threshold lowered to this corpus)."""
    monkeypatch.setattr(storage, "ARRAYS_FROM_DOCS", 0)
    monkeypatch.setattr(scorer, "ARRAYS_FROM_DOCS", 0)
    notes = {real_corpus.entries[0].id: "我的筆記 about RoPE",
             real_corpus.entries[-1].id: "最后一条的笔记"}
    serial = SearchIndex.open(real_corpus, notes=notes, index_dir=tmp_path / "serial")
    monkeypatch.setattr(segment_workers, "worker_count", lambda entries: workers)
    parallel = SearchIndex.open(real_corpus, notes=notes, index_dir=tmp_path / "workers")
    a, b = (whoosh_index.open_dir(str(ix.directory)) for ix in (serial, parallel))
    try:
        assert len(a.reader().leaf_readers()) == 1
        assert len(b.reader().leaf_readers()) == workers
        folder = parallel.directory
        assert sorted(p.suffix for p in folder.iterdir() if p.suffix != ".toc") == sorted(
            [".postings", ".seg", ".terms"] * workers + [".json"])  # nothing else left
        with a.reader() as ra, b.reader() as rb:
            assert _postings(ra) == _postings(rb)
            assert list(ra.all_stored_fields()) == list(rb.all_stored_fields())
            # A document without the field reads None; 0 where its segment has no
            # document with it (one of three slices of this corpus has no note).
            for name in ("question", "body", "notes"):
                assert [ra.doc_field_length(d, name) or 0 for d in range(ra.doc_count())] == [
                    rb.doc_field_length(d, name) or 0 for d in range(rb.doc_count())
                ]
        for q in QUERIES:
            want = [(h.entry_id, round(h.score, 9)) for h in serial.search(q, limit=20).hits]
            got = [(h.entry_id, round(h.score, 9)) for h in parallel.search(q, limit=20).hits]
            assert want and got == want, q
    finally:
        a.close()
        b.close()
        serial.close()
        parallel.close()


def test_slices_cover_the_corpus_in_order() -> None:
    for count, parts in ((10, 3), (2, 4), (41400, 2), (7, 1)):
        pieces = segment_workers.slices(count, parts)
        assert [i for p in pieces for i in p] == list(range(count))
        assert max(map(len, pieces)) - min(map(len, pieces)) <= 1


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of an index, a compound segment's as its parts (its directory also
    holds each part's modification time, which differs between two builds)."""
    store = FileStorage(str(folder))
    out = {}
    for name in store.list():
        if name.endswith(".seg"):
            parts = CompoundStorage(store.open_file(name), use_mmap=False)
            out |= {f"{name}/{part}": parts.open_file(part).read() for part in parts.list()}
            parts.close()
        elif name != storage.READY_FILE:  # it holds the build's time
            out[name] = (folder / name).read_bytes()
    return out


@pytest.mark.parametrize("limit_mb", [storage.WRITER_MB, 1])
def test_the_bulk_writer_writes_the_same_files(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit_mb: int
) -> None:
    """Its field lengths, read once per field, its blocks filled at once and its pool's
    runs (1 MB: the corpus's postings pass it several times) give Whoosh's own writer's
    index byte for byte (the segment's random name seeded alike for both)."""
    monkeypatch.setattr(storage, "WRITER_MB", limit_mb)
    runs: list[str] = []  # the pool class of each run saved
    save = PostingPool.save

    def counting(self: PostingPool) -> None:
        runs.append(type(self).__name__)
        save(self)

    monkeypatch.setattr(PostingPool, "save", counting)
    notes = {real_corpus.entries[0].id: "我的筆記 about RoPE", real_corpus.entries[9].id: ""}
    folders = {}
    for name, writer in (("whoosh", SegmentWriter), ("bulk", BulkSegmentWriter)):
        random.seed(7)
        monkeypatch.setattr("interview_desk.search.bulk_writer.BulkSegmentWriter", writer)
        storage.build(tmp_path / name, "k", real_corpus, notes)
        folders[name] = _files(tmp_path / name / "k")
    assert sum(".seg/" in n for n in folders["bulk"]) >= 8  # terms, postings, columns...
    assert folders["whoosh"] == folders["bulk"]
    if limit_mb == 1:  # both writers saved runs (the last save is the leftover at commit)
        assert runs.count("PostingPool") >= 3 and runs.count("_BulkPool") >= 3


def test_small_corpora_and_frozen_apps_build_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert segment_workers.worker_count(segment_workers.PARALLEL_FROM - 1) == 0
    monkeypatch.setattr("sys.frozen", True, raising=False)
    assert segment_workers.worker_count(segment_workers.PARALLEL_FROM * 10) == 0


def test_a_cancelled_build_stops_its_workers(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment_workers, "worker_count", lambda entries: 2)
    cancel = threading.Event()
    with pytest.raises(IndexCancelled):
        storage.build(tmp_path, "k", corpus, None, lambda done, total: cancel.set(), cancel)
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_killed_worker_fails_the_build_in_one_line(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment_workers, "worker_count", lambda entries: 2)
    killed: list[int] = []

    def kill_a_worker(done: int, total: int) -> None:
        if not killed:
            killed.append(multiprocessing.active_children()[0].pid or 0)
            os.kill(killed[0], signal.SIGKILL)

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    index_root = tmp_path / "index"
    with pytest.raises(SearchError, match="stopped; try again"):
        storage.build(index_root, "k", real_corpus, None, kill_a_worker)
    assert list(index_root.iterdir()) == []
    assert list(temp.iterdir()) == []  # the workers' result files too
    assert multiprocessing.active_children() == []


def test_a_worker_sends_back_only_a_short_message(real_corpus: Corpus, tmp_path: Path) -> None:
    """A pipe write of at most PIPE_BUF bytes (4096 on Linux, 512 by POSIX) is atomic: a
    worker killed while answering cannot leave half a message for the pool to wait on.
    A worker's answer is its segment (the documents stay in its files)."""
    import pickle

    jobs = [(e, i, None) for i, e in enumerate(real_corpus.entries[:40])]
    segment_workers._start(multiprocessing.Array("q", 1, lock=False), multiprocessing.Event())
    segment = segment_workers.write_segment(str(tmp_path), 0, jobs, 32, True)
    assert segment is not None and segment.doc_count() == 40
    assert len(pickle.dumps(segment)) < 512
    assert {p.suffix for p in tmp_path.iterdir()} >= {".seg", ".postings", ".terms"}
