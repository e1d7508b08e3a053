"""Where the index lives on disk, how it is keyed, built atomically and checked.

Layout: ``<cache>/search/<key>/`` with ``key = <format>-<digest of the entries>``. The
digest covers what is indexed (ids, text, metadata), so a changed document, user folder
or corpus parser gives a new key; the format covers schema and analyzer versions. A build
writes into a hidden sibling folder, records ``ready.json`` last, then renames the folder
into place: a crash mid-build leaves only a hidden folder, removed on the next build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.query import Term

from interview_desk.corpus.model import Corpus
from interview_desk.errors import SearchError
from interview_desk.paths import user_cache_dir
from interview_desk.search import segment_workers
from interview_desk.search.private_copy import PrivateCopyStorage
from interview_desk.search.schema import INDEX_FORMAT, TEXT_FIELDS, build_schema, entry_document
from interview_desk.search.scorer import ARRAYS_FROM_DOCS
from interview_desk.strings import tr

if TYPE_CHECKING:
    from whoosh.scoring import WeightingModel
    from whoosh.searching import Searcher

log = logging.getLogger(__name__)

READY_FILE = "ready.json"
WRITER_MB = 256  # Whoosh's posting pool, sorted in memory up to this, then in runs on disk
ProgressFn = Callable[[int, int], None]


class IndexCancelled(SearchError):
    """Building the index was cancelled; nothing on disk changed."""


class IndexCorrupt(SearchError):
    """The index on disk cannot be used (missing, damaged or from another build)."""


def default_root() -> Path:
    return user_cache_dir() / "search"


def corpus_key(corpus: Corpus) -> str:
    digest = hashlib.sha256(INDEX_FORMAT.encode())
    for e in corpus.entries:
        digest.update("\x1f".join((e.id, e.source, e.section, e.number, e.question,
                                   e.answer or "", str(e.difficulty))).encode("utf-8",
                                                                               "replace"))
        digest.update(b"\x1e")
    return f"{INDEX_FORMAT}-{digest.hexdigest()[:20]}"


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _unique(prefix: str) -> str:
    import uuid  # only a build needs it (and it imports ``platform``)

    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _write_flat_postings(folder: Path) -> None:
    """``postings_file`` beside the new index's segment."""
    from interview_desk.search import postings_file

    ix = whoosh_index.open_dir(str(folder))
    try:
        with ix.reader() as reader:
            for leaf, _offset in reader.leaf_readers():
                postings_file.write(folder, leaf, TEXT_FIELDS)
    finally:
        ix.close()


def _cancelled(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise IndexCancelled(tr("err.index.cancelled"))


def _write_here(folder: Path, corpus: Corpus, notes: Mapping[str, str],
                on_progress: ProgressFn | None, cancel: threading.Event | None) -> None:
    """The index of ``corpus`` in ``folder``, written by this process: one segment."""
    from interview_desk.search.bulk_writer import BulkSegmentWriter  # builds only

    total = len(corpus.entries)
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = BulkSegmentWriter(ix, limitmb=WRITER_MB)
    try:
        for i, entry in enumerate(corpus.entries):
            _cancelled(cancel)
            writer.add_document(**entry_document(entry, i, notes.get(entry.id)))
            if on_progress is not None and (i % 64 == 0 or i + 1 == total):
                on_progress(i + 1, total)
        _cancelled(cancel)  # the last chance before the swap
        writer.commit()
    except BaseException:
        # After a commit that failed half-way (ENOSPC while closing a segment file)
        # cancelling trips over the files it closed: the first error is the one to tell.
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    finally:
        ix.close()
    if total >= ARRAYS_FROM_DOCS:  # where the scorer reads them
        _write_flat_postings(folder)


def _write_in_workers(folder: Path, corpus: Corpus, notes: Mapping[str, str], workers: int,
                      on_progress: ProgressFn | None, cancel: threading.Event | None) -> None:
    """The index of ``corpus`` in ``folder``: a segment from each of ``workers``
    processes (``segment_workers``), listed in corpus order."""
    ix = whoosh_index.create_in(str(folder), build_schema())
    try:
        segments = segment_workers.write_segments(
            folder, corpus, notes, workers, WRITER_MB,
            len(corpus.entries) >= ARRAYS_FROM_DOCS, on_progress, cancel)
        _cancelled(cancel)  # set before the workers finished
        assert segments is not None
        generation = ix.latest_generation() + 1
        whoosh_index.TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
        whoosh_index.clean_files(ix.storage, ix.indexname, generation, segments)  # the empty TOC
    finally:
        ix.close()


def build(root: Path, key: str, corpus: Corpus, notes: Mapping[str, str] | None,
          on_progress: ProgressFn | None = None,
          cancel: threading.Event | None = None) -> Path:
    """Build the index for ``corpus`` beside ``root/key`` and move it into place."""
    root.mkdir(parents=True, exist_ok=True)
    final = root / key
    tmp = root / _unique(f".build-{key}")
    total = len(corpus.entries)
    started = time.perf_counter()
    try:
        tmp.mkdir()
        workers = segment_workers.worker_count(total)
        if workers:
            _write_in_workers(tmp, corpus, notes or {}, workers, on_progress, cancel)
        else:
            _write_here(tmp, corpus, notes or {}, on_progress, cancel)
        (tmp / READY_FILE).write_text(json.dumps({"key": key, "entries": total,
                                                  "built": time.time()}), encoding="utf-8")
        if final.exists():
            trash = root / _unique(f".old-{key}")
            try:
                final.rename(trash)
            except OSError:  # another process has it open (Windows); it stays the index
                log.info("index %s in use; keeping it", final)
                _remove(tmp)
                return final
            _remove(trash)
        try:
            tmp.rename(final)
        except OSError:
            if not (final / READY_FILE).exists():
                raise
            _remove(tmp)  # another process finished the same build first
    except IndexCancelled:
        _remove(tmp)
        raise
    except OSError as exc:
        _remove(tmp)
        raise SearchError(tr("err.index.write_failed", root=root, reason=exc.strerror or exc)
                          ) from None
    except BrokenExecutor:  # a worker process was killed (out of memory, by hand)
        _remove(tmp)
        raise SearchError(tr("err.index.worker_died")) from None
    log.info("built search index %s: %d entries in %.2fs", key, total,
             time.perf_counter() - started)
    return final


def open_checked(path: Path, key: str, expected_entries: int,
                 weighting: WeightingModel | None = None) -> tuple[Index, Searcher]:
    """Open the index at ``path`` and check it answers; :class:`IndexCorrupt` if not.

    Returns the index and the searcher (with ``weighting``) that checked it, for the
    caller to search with: opening a second one would read the segment files again.
    """
    if not path.is_dir():
        raise IndexCorrupt(tr("err.index.none_yet"))
    try:
        ready = json.loads((path / READY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(tr("err.index.marker_unreadable", exc=exc)) from None
    if not isinstance(ready, dict) or ready.get("key") != key:
        raise IndexCorrupt(tr("err.index.other_build"))
    try:
        ix = PrivateCopyStorage(str(path)).open_index()
    except Exception as exc:  # whoosh raises many kinds for damaged files
        raise IndexCorrupt(tr("err.index.cannot_open", kind=type(exc).__name__, exc=exc)) from None
    s: Searcher | None = None
    try:
        s = ix.searcher() if weighting is None else ix.searcher(weighting=weighting)
        count = s.doc_count()
        if count != expected_entries:
            raise IndexCorrupt(tr("err.index.wrong_count", count=count,
                                  expected_entries=expected_entries))
        if expected_entries:
            # Touch the term dictionary, postings and stored fields once.
            s.stored_fields(0)
            first = next(iter(s.lexicon("question")), None)
            if first is not None:
                list(s.postings("question", first).all_ids())
            s.search(Term("answered", True), limit=1)
    except BaseException as exc:
        if s is not None:
            s.close()
        close_index(ix)
        if isinstance(exc, IndexCorrupt) or not isinstance(exc, Exception):
            raise
        raise IndexCorrupt(tr("err.index.cannot_read", kind=type(exc).__name__, exc=exc)) from None
    return ix, s


def close_index(ix: Index) -> None:
    """Close ``ix`` and release its storage's private segment copies."""
    ix.close()
    ix.storage.close()


def sweep(root: Path, keep: str) -> None:
    """Remove other keys' indexes and leftovers of crashed builds (best effort)."""
    try:
        children = list(root.iterdir())
    except OSError:
        return
    for child in children:
        if child.name != keep and child.is_dir():
            if child.name.startswith(".build-") and _younger_than(child, 3600):
                continue  # maybe another process is building right now
            _remove(child)


def _younger_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


def ensure_root(index_dir: Path | None) -> Path:
    try:  # default_root() creates the cache folder: a file there is an OSError too
        root = Path(index_dir) if index_dir is not None else default_root()
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = index_dir if index_dir is not None else "in the cache folder"
        raise SearchError(tr("err.index.mkdir_failed", where=where, reason=exc.strerror or exc,
                             file=exc.filename)) from None
    # Not writable (a read-only cache): a good index there is still read; a build
    # says in one line that it cannot write (``build``).
    return root
