"""A disk cache of parsed documents, so a command need not import or run the parser.

Parsing the shipped documents (layouts, then the KaTeX repair pass) and importing the
parser cost ~0.1-0.2 s per process; the command line pays it on every search. The cache
is one pickle per set of documents, keyed by each document's name and bytes and by the
parser's own source files (size and mtime), so any code change, even one that forgets
``PARSER_VERSION``, parses afresh. It is only a cache: any failure reading it means
parsing again; without the parser's sources (a frozen build) it is not used.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interview_desk.atomic_file import replacing

if TYPE_CHECKING:
    from interview_desk.corpus.model import Entry

log = logging.getLogger(__name__)

FORMAT = 1
KEEP = 4
# One document's parse as plain data (layout, entries, overview): unpickling the parser's
# own ParsedDocument would import the parser.
Parsed = tuple[str, list["Entry"], str]
# The cached value: the parser version that made it, and per document either its parse
# or the one-line reason it was skipped.
Cached = tuple[int, list["Parsed | str"]]


def code_signature() -> str | None:
    """Size and mtime of every module of the corpus package (None: no sources here)."""
    folder = Path(__file__).parent
    try:
        parts = [f"{p.name}:{st.st_size}:{st.st_mtime_ns}"
                 for p in sorted(folder.glob("*.py")) for st in (p.stat(),)]
    except OSError:
        return None
    return "|".join(parts) if parts else None


def cache_key(signature: str, documents: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{signature}".encode())
    for name, data in documents:
        digest.update(f"\x1f{name}\x1f{len(data)}\x1f".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


def load(folder: Path, key: str) -> Cached | None:
    path = folder / f"parsed-{key}.pickle"
    try:
        with path.open("rb") as f:
            value = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: parse again
        log.warning("ignoring the parsed-corpus cache %s: %s", path, exc)
        return None
    if (not isinstance(value, tuple) or len(value) != 2 or not isinstance(value[0], int)
            or not isinstance(value[1], list)):
        return None
    return value


def save(folder: Path, key: str, value: Cached) -> None:
    """Write the cache atomically; keep the few newest (best effort)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        name = f"parsed-{key}.pickle"
        with replacing(folder / name) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        others = sorted((p for p in folder.glob("parsed-*.pickle") if p.name != name),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP - 1:]:  # e.g. with and without the user's folders
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot cache the parsed corpus in %s: %s", folder, exc)
