"""Whoosh's segment writer for a whole build, with its per-posting Python work done in bulk.

Whoosh's writer spends a Python call or several on every posting, 4.2 million of them at
×100: adding it to the sorting pool (a size estimate, asserts), dumping it to a run file
and loading it back one ``marshal`` call each once the pool passes its memory limit, and
at commit passing it to the postings writer with a seek and a one-byte read for its
field length. Here:

- the pool's ``add`` is the bare ``list.append`` (the writer reads it once per document),
  its size is counted once per document, and a run file holds batches of postings, one
  ``marshal`` call per batch;
- each field's lengths column is read once, into a list;
- postings are grouped by term and each block of 128 is filled at once.

The blocks, their statistics and every other byte are what Whoosh writes
(``tests/search/test_build_speedups.py`` compares every file, with and without runs).
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

# What Whoosh's doc_field_length gives for each stored byte: 0 (no terms) gives None.
_LENGTH_OF_BYTE: list[int | None] = [None] + [byte_to_length(b) for b in range(1, 256)]
# Whoosh's own estimate of one posting's memory in the pool, for a typical term: the pool
# saves a run at the same memory limit as before, give or take the terms' lengths.
_POSTING_BYTES = 170
_RUN_BATCH = 8192  # postings per marshal call in a run file
Posting = tuple[str, bytes, int, float, bytes | None]  # field, term, docnum, weight, value


class _Lengths:
    """The per-document reader's field lengths, from whole columns in memory."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, list[int | None]] = {}

    def column(self, fieldname: str) -> list[int | None]:
        """Every document's length in ``fieldname`` ([] for a field with no lengths
        column: not scorable, where Whoosh gives 0)."""
        lengths = self._fields.get(fieldname)
        if lengths is None:
            lengths = self._fields[fieldname] = self._load(fieldname)
        return lengths

    def _load(self, fieldname: str) -> list[int | None]:
        reader = self._reader
        column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)  # as Whoosh's
        if column is None:
            return []
        return [_LENGTH_OF_BYTE[column[d]] for d in range(reader.doc_count_all())]

    def close(self) -> None:
        self._reader.close()


class _BulkPool(PostingPool):
    """Whoosh's posting pool with ``add`` a bare append, its size counted per document,
    and run files written and read a batch of postings at a time."""

    @property
    def add(self) -> Any:  # the list in use now: save() starts a new one
        return self.current.append

    def grew(self, postings: int) -> None:
        self.currentsize += postings * _POSTING_BYTES
        if self.currentsize > self.limit:
            self.save()

    def _write_run(self, f: Any, items: list[Posting]) -> None:
        for start in range(0, len(items), _RUN_BATCH):
            marshal.dump(items[start : start + _RUN_BATCH], f)
        f.close()

    def _read_run(self, path: str) -> Iterator[Posting]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = marshal.load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


def _add_postings(fieldwriter: Any, schema: Any, lengths: _Lengths | None,
                  items: Iterable[Posting]) -> None:
    """Whoosh's ``FieldWriter.add_postings`` (sorted postings in, terms and blocks out),
    a term and a block at a time instead of a posting at a time."""
    lastfield = None
    column: list[int | None] = []
    for (fieldname, btext), group in groupby(items, key=itemgetter(0, 1)):
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            lastfield = fieldname
            column = lengths.column(fieldname) if lengths is not None else []
        postings = [p for p in group if p[2] != -1]  # Whoosh's marker for spelling words
        if not postings:
            continue
        fieldwriter.start_term(btext)
        writer = fieldwriter._postwriter
        blocklimit = writer._blocklimit
        for start in range(0, len(postings), blocklimit):
            if start:  # Whoosh writes a full block when the next posting comes
                writer._write_block()
            _fill_block(writer, postings[start : start + blocklimit], column)
        fieldwriter.finish_term()
    if lastfield is not None:
        fieldwriter.finish_field()


def _fill_block(writer: Any, postings: list[Posting], column: list[int | None]) -> None:
    """Put ``postings`` in the postings writer's empty block buffer, with the statistics
    that adding them one by one keeps (``W3PostingsWriter.add_posting``)."""
    ids = [p[2] for p in postings]
    weights = [p[3] for p in postings]
    writer._ids = array("I", ids)
    writer._weights = array("f", weights)
    writer._values = [p[4] for p in postings if p[4]]
    top = max(weights)
    writer._maxweight = top if top > 0 else 0  # the first of equal maxima, as there
    lengths = [n for n in (column[d] for d in ids) if n] if column else []
    if lengths:
        writer._minlength = min(lengths)
        writer._maxlength = max(lengths)


class BulkSegmentWriter(SegmentWriter):
    """``ix.writer()`` for a build: the same segment, written with less work."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _BulkPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields: Any) -> None:
        pool = self.pool
        before = len(pool.current)
        super().add_document(**fields)
        pool.grew(len(pool.current) - before)

    def finish_segment(self) -> Any:
        """Write the segment out and release the writer, without a commit: the segment,
        for a parent that lists several in one index (``segment_workers``)."""
        segment = self._finalize_segment()
        self._finish()
        return segment

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _Lengths(self.per_document_reader()) if self.codec.length_stats else None
        _add_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()
