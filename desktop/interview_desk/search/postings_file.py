"""Each term's docnums and weights in flat arrays beside a large index's segment.

Whoosh stores a term's postings in blocks of 128, each one pickled and compressed with
its positions: to score a term, every block is decompressed and unpickled, positions and
all (about 54 µs a block; 455 blocks, 26 ms of a 43 ms query at ×100). Plain queries
need only docnums and weights, so a build of a large index writes them
once more for its segment (from ``scorer.ARRAYS_FROM_DOCS`` entries, where the scorer
sums in numpy), without positions, as two arrays the scorer slices:

* ``<segment id>.postings``: every term's docnums (int32), then every term's weights
  (float32), term after term;
* ``<segment id>.terms``: ``{field: {term bytes: (start, count)}}`` (marshal) and the
  number of postings.

Segments written later (a note saved) have no such file and are read through Whoosh;
so is any segment whose files are missing, short or unreadable. The file is read
whole into memory, not mapped: a file truncated under a map would kill the process.
"""

from __future__ import annotations

import marshal
from functools import lru_cache
from pathlib import Path
from typing import Any

_POSTINGS, _TERMS = ".postings", ".terms"
_FORMAT = 1


class PostingsFile:
    """One segment's flat postings: ``get(field, term bytes)`` -> (docnums, weights)."""

    def __init__(self, terms: dict[str, dict[bytes, tuple[int, int]]], ids: Any,
                 weights: Any) -> None:
        self._terms = terms
        self._ids = ids
        self._weights = weights

    def get(self, fieldname: str, btext: bytes) -> tuple[Any, Any] | None:
        """The term's postings in this segment, or None when it has none."""
        found = self._terms.get(fieldname, {}).get(btext)
        if found is None:
            return None
        start, count = found
        return self._ids[start:start + count], self._weights[start:start + count]


def write(folder: Path, reader: Any, fields: tuple[str, ...]) -> None:
    """The flat postings of ``reader``'s segment (one segment: a fresh build) of ``fields``."""
    import numpy as np

    from interview_desk.search.scorer import read_postings

    terms: dict[str, dict[bytes, tuple[int, int]]] = {}
    id_parts: list[Any] = []
    weight_parts: list[Any] = []
    total = 0
    for fieldname in fields:
        if fieldname not in reader.schema:
            continue
        table = terms[fieldname] = {}
        for btext in reader.lexicon(fieldname):
            ids, weights = read_postings(reader.postings(fieldname, btext), arrays=True)
            table[btext] = (total, len(ids))
            id_parts.append(np.asarray(ids, dtype=np.int32))
            weight_parts.append(np.asarray(weights, dtype=np.float32))
            total += len(ids)
    segment = reader._segment.segment_id()
    data = folder / (segment + _POSTINGS)
    with data.open("wb") as f:
        for part in id_parts:
            f.write(part.tobytes())
        for part in weight_parts:
            f.write(part.tobytes())
    (folder / (segment + _TERMS)).write_bytes(marshal.dumps((_FORMAT, total, terms)))


def for_reader(reader: Any) -> PostingsFile | None:
    """The flat postings of a segment reader's segment, if its build wrote them."""
    storage: Any = getattr(reader, "_storage", None)
    for _ in range(3):  # a compound segment's reader reads through an overlay of two
        if hasattr(storage, "folder") or not hasattr(storage, "b"):
            break
        storage = storage.b
    folder = getattr(storage, "folder", None)
    segment = getattr(reader, "_segment", None)
    if folder is None or segment is None:
        return None
    data = Path(folder) / (segment.segment_id() + _POSTINGS)
    try:
        stat = data.stat()
    except OSError:
        return None
    return _load(str(data), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=2)  # a searcher per thread and per write: read the file once
def _load(path: str, size: int, mtime_ns: int) -> PostingsFile | None:
    import numpy as np

    data = Path(path)
    try:
        version, total, terms = marshal.loads(data.with_suffix(_TERMS).read_bytes())
        raw = data.read_bytes()
        if version != _FORMAT or len(raw) != 8 * total or not isinstance(terms, dict):
            return None
        ids = np.frombuffer(raw, dtype=np.int32, count=total)
        weights = np.frombuffer(raw, dtype=np.float32, count=total, offset=4 * total)
    except (OSError, ValueError, EOFError, TypeError):
        return None  # Whoosh's own postings serve
    return PostingsFile(terms, ids, weights)
