"""The documents an index build writes, analyzed in worker processes when there are many.

Folding and segmenting the text is most of a build's time, in pure Python, while
Whoosh's writer is one process. A large corpus is therefore analyzed by a pool of
processes while this one writes: each text field comes back as the postings Whoosh's own
field makes from it (``DeskText.index`` on the same schema, so the index is the same
byte for byte), which the writer takes as they are. Workers are spawned, not forked:
the app builds from a worker thread of a Qt process; a worker that dies fails the
build (``BrokenProcessPool``) rather than hanging it. A frozen app (no interpreter to
spawn) and small corpora (where starting workers costs more than it saves) analyze here.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Generator, Mapping
from functools import lru_cache
from itertools import islice
from typing import Any

from whoosh.fields import Schema

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.search.schema import DeskText, PreIndexed, build_schema, entry_document

PARALLEL_FROM = 2000  # entries; below, spawning workers costs more than it saves
MAX_WORKERS = 4
CHUNK = 32  # entries per task: large enough to amortise pickling, small for cancel
AHEAD = 3  # tasks queued per worker

Job = tuple[Entry, int, str | None]


def worker_count(entries: int) -> int:
    """How many processes to analyze ``entries`` documents with (0: in this one)."""
    cpus = os.cpu_count() or 1
    if entries < PARALLEL_FROM or cpus < 2 or getattr(sys, "frozen", False):
        return 0
    return min(cpus, MAX_WORKERS)


@lru_cache(maxsize=1)
def _text_fields() -> tuple[Schema, tuple[str, ...]]:
    schema = build_schema()
    return schema, tuple(n for n in schema.names() if isinstance(schema[n], DeskText))


def analyze(jobs: list[Job]) -> list[dict[str, Any]]:
    """Documents for ``jobs`` with their text fields as postings (runs in a worker)."""
    schema, names = _text_fields()
    docs = []
    for entry, order, note in jobs:
        doc = entry_document(entry, order, note)
        for name in names:
            value = doc[name]
            field = schema[name]
            doc[name] = PreIndexed(list(field.index(value)))
            if field.stored:
                doc[f"_stored_{name}"] = value
        docs.append(doc)
    return docs


def analyze_to_file(jobs: list[Job], folder: str) -> str:
    """``analyze(jobs)`` pickled into a new file in ``folder``; its path (runs in a worker).

    The result travels as a file, and only its short path through the pool's pipe: a
    pipe write of a few bytes is atomic, so a worker killed at any moment cannot leave
    half a message there. A half-sent result (tens of kilobytes) left the pool's reader
    waiting forever for the rest, and the build hung instead of failing (seen once in a
    CI run of ``test_a_killed_worker_fails_the_build_in_one_line``).
    """
    import pickle
    import tempfile

    with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".pickle", delete=False) as f:
        pickle.dump(analyze(jobs), f, protocol=pickle.HIGHEST_PROTOCOL)
    return f.name


def _load(path: str) -> list[dict[str, Any]]:
    import pickle

    with open(path, "rb") as f:
        docs: list[dict[str, Any]] = pickle.load(f)  # our own worker's file
    os.unlink(path)
    return docs


def documents(
    corpus: Corpus,
    notes: Mapping[str, str],
    workers: int,
) -> Generator[dict[str, Any], None, None]:
    """The corpus's documents in order; close the iterator to stop the workers early."""
    jobs = [(entry, i, notes.get(entry.id)) for i, entry in enumerate(corpus.entries)]
    if workers <= 0:
        for entry, order, note in jobs:
            yield entry_document(entry, order, note)
        return
    # Imported here: multiprocessing pulls in socket, pickle and more, which a
    # command-line search (it opens this module through storage) never needs.
    import multiprocessing
    import shutil
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    chunks = iter([jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)])
    context = multiprocessing.get_context("spawn")
    folder = tempfile.mkdtemp(prefix="desk-analyzed-")
    # Not multiprocessing.Pool: a worker that dies (killed, out of memory) leaves its task
    # waiting forever there; here its future fails with BrokenProcessPool.
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        # A few chunks ahead per worker, not all: analyzed documents waiting for a slow
        # writer would otherwise pile up in memory.
        pending = deque(pool.submit(analyze_to_file, chunk, folder)
                        for chunk in islice(chunks, AHEAD * workers))
        while pending:
            docs = _load(pending.popleft().result())
            for chunk in islice(chunks, 1):
                pending.append(pool.submit(analyze_to_file, chunk, folder))
            yield from docs
    finally:  # closed early: queued chunks are dropped, running ones (short) finish
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(folder, ignore_errors=True)  # results never read, a killed one's part
