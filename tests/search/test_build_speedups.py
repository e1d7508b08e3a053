"""The build's fast paths give exactly what the plain paths give.

Folding skips OpenCC where its character table alone decides (``simplified``),
and a large corpus is analyzed in spawned worker processes (``search/analyzed``): both
must leave the index unchanged, term for term and posting for posting.
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
from interview_desk.search import IndexCancelled, analyzed, storage
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


def test_workers_build_the_same_index(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = {corpus.entries[0].id: "我的筆記 about RoPE"}
    storage.build(tmp_path / "serial", "k", corpus, notes)
    monkeypatch.setattr(analyzed, "worker_count", lambda entries: 2)
    monkeypatch.setattr(analyzed, "CHUNK", 3)  # several tasks, returned in order
    storage.build(tmp_path / "workers", "k", corpus, notes)
    a = whoosh_index.open_dir(str(tmp_path / "serial" / "k"))
    b = whoosh_index.open_dir(str(tmp_path / "workers" / "k"))
    with a.reader() as ra, b.reader() as rb:
        assert _postings(ra) == _postings(rb)
        assert list(ra.all_stored_fields()) == list(rb.all_stored_fields())
        for name in ("question", "body", "notes"):
            assert [ra.doc_field_length(d, name) for d in range(ra.doc_count())] == [
                rb.doc_field_length(d, name) for d in range(rb.doc_count())
            ]
    a.close()
    b.close()



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


def test_small_corpora_and_frozen_apps_analyze_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert analyzed.worker_count(analyzed.PARALLEL_FROM - 1) == 0
    monkeypatch.setattr("sys.frozen", True, raising=False)
    assert analyzed.worker_count(analyzed.PARALLEL_FROM * 10) == 0


def test_a_cancelled_build_stops_its_workers(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analyzed, "worker_count", lambda entries: 2)
    monkeypatch.setattr(analyzed, "CHUNK", 2)
    cancel = threading.Event()
    with pytest.raises(IndexCancelled):
        storage.build(tmp_path, "k", corpus, None, lambda done, total: cancel.set(), cancel)
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_killed_worker_fails_the_build_in_one_line(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analyzed, "worker_count", lambda entries: 2)
    monkeypatch.setattr(analyzed, "CHUNK", 8)  # many more chunks than are in flight
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


def test_a_worker_sends_back_only_a_short_path(real_corpus: Corpus, tmp_path: Path) -> None:
    """A pipe write of at most PIPE_BUF bytes (4096 on Linux, 512 by POSIX) is atomic: a
    worker killed while answering cannot leave half a message for the pool to wait on."""
    import pickle

    jobs = [(e, i, None) for i, e in enumerate(real_corpus.entries[:8])]
    path = analyzed.analyze_to_file(jobs, str(tmp_path))
    assert len(pickle.dumps(path)) < 512
    assert analyzed._load(path) == analyzed.analyze(jobs)
    assert list(tmp_path.iterdir()) == []  # read once, then gone
