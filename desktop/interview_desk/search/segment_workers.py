"""A large corpus's index written as one segment per worker process.

Whoosh's writer is one process, and its commit (every posting sorted, then written block
by block) is about a third of a build that nothing else can overlap. When analysis ran
in workers and writing here, the documents crossed a pipe (pickled twice) and the commit
ran alone at the end: at ×100 on 2 cores, 121 s of CPU for an 80 s build. Here a large
corpus is cut into consecutive slices, one per worker, and each worker analyzes and
writes its slice as a segment of its own (the same ``BulkSegmentWriter`` as a build in
one process), with the segment's flat postings beside it. The parent moves the segments
into the new index and lists them in slice order, so document numbers, and so ranking
ties, follow the corpus. Scores use the whole index's statistics (Whoosh's scorers ask
the top searcher), and searching already reads several segments (a note's update adds
one). Workers are spawned, not forked: the app builds from a worker thread of a Qt
process. A worker that dies fails the build (``BrokenProcessPool``); cancelling stops
every worker within a few documents. Each worker writes in a folder of its own inside
the build's folder, so nothing is left outside it.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, Future, wait
from pathlib import Path
from typing import Any

from interview_desk.corpus.model import Corpus, Entry

PARALLEL_FROM = 2000  # entries; below, spawning workers costs more than it saves
MAX_WORKERS = 4
CHECK_EVERY = 16  # documents between a worker's looks at the stop flag
POLL_S = 0.1  # the parent's progress and cancel checks

Job = tuple[Entry, int, str | None]
Segment = Any  # whoosh.codec.base.Segment (untyped)

# Set in each worker by _start: its progress slots and the build's stop flag.
_progress: Any = None
_stop: Any = None


def worker_count(entries: int) -> int:
    """How many processes to build an index of ``entries`` documents with (0: this one)."""
    cpus = os.cpu_count() or 1
    if entries < PARALLEL_FROM or cpus < 2 or getattr(sys, "frozen", False):
        return 0
    return min(cpus, MAX_WORKERS)


def slices(count: int, parts: int) -> list[range]:
    """``range(count)`` cut into ``parts`` consecutive pieces whose sizes differ by ≤ 1."""
    size, extra = divmod(count, parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (k < extra)
        out.append(range(start, end))
        start = end
    return out


def _start(progress: Any, stop: Any) -> None:
    global _progress, _stop
    _progress, _stop = progress, stop


def write_segment(folder: str, slot: int, jobs: list[Job], limit_mb: int,
                  flat_postings: bool) -> Segment | None:
    """Index ``jobs`` as one segment in a new index in ``folder`` (runs in a worker);
    the segment, or None when the build was stopped. Its files begin with its id."""
    from whoosh import index as whoosh_index
    from whoosh.reading import SegmentReader

    from interview_desk.search import postings_file
    from interview_desk.search.bulk_writer import BulkSegmentWriter
    from interview_desk.search.schema import TEXT_FIELDS, build_schema, entry_document

    ix = whoosh_index.create_in(folder, build_schema())
    writer = BulkSegmentWriter(ix, limitmb=limit_mb)
    try:
        for i, (entry, order, note) in enumerate(jobs):
            if i % CHECK_EVERY == 0:
                _progress[slot] = i
                if _stop.is_set():
                    writer.cancel()
                    return None
            writer.add_document(**entry_document(entry, order, note))
        segment = writer.finish_segment()
    except BaseException:
        writer.cancel()
        raise
    if flat_postings:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        try:
            postings_file.write(Path(folder), reader, TEXT_FIELDS)
        finally:
            reader.close()
    ix.close()
    _progress[slot] = len(jobs)
    return segment


def write_segments(
    folder: Path,
    corpus: Corpus,
    notes: Mapping[str, str],
    workers: int,
    limit_mb: int,
    flat_postings: bool,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[Segment] | None:
    """The corpus's segments, written by ``workers`` processes and moved into the index
    folder ``folder``, in corpus order; None when ``cancel`` was set first."""
    # Imported here: multiprocessing pulls in socket, pickle and more, which a
    # command-line search (it opens this module through storage) never needs.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    entries = corpus.entries
    total = len(entries)
    parts = [p for p in slices(total, workers) if p]
    context = multiprocessing.get_context("spawn")
    progress = context.Array("q", len(parts), lock=False)  # each worker writes its own slot
    stop = context.Event()
    pool = ProcessPoolExecutor(len(parts), mp_context=context, initializer=_start,
                               initargs=(progress, stop))
    try:
        futures: list[Future[Segment | None]] = []
        for k, part in enumerate(parts):
            (folder / f"part-{k}").mkdir()
            jobs = [(entries[i], i, notes.get(entries[i].id)) for i in part]
            futures.append(pool.submit(write_segment, str(folder / f"part-{k}"), k, jobs,
                                       max(32, limit_mb // len(parts)), flat_postings))
        while True:
            done, pending = wait(futures, timeout=POLL_S, return_when=FIRST_EXCEPTION)
            for future in done:
                future.result()  # a worker's error, or BrokenProcessPool, now
            if on_progress is not None:
                on_progress(min(total, sum(progress)), total)
            if cancel is not None and cancel.is_set():
                return None  # the finally below stops the workers
            if not pending:
                break
        results = [f.result() for f in futures]
    finally:
        stop.set()  # a failed build: the other workers stop too
        pool.shutdown(wait=True, cancel_futures=True)
    segments = [s for s in results if s is not None]
    if len(segments) < len(results):  # stopped (only a cancel sets the flag before)
        return None
    for k, segment in enumerate(segments):
        own = folder / f"part-{k}"
        prefix = segment.segment_id()
        for path in own.iterdir():
            if path.name.startswith(prefix):
                path.rename(folder / path.name)
        shutil.rmtree(own)  # its own table of contents and lock
    return segments
