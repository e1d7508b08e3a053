"""Telling a damaged index from a bug of ours.

Damaged files make Whoosh (or the stdlib readers it calls: struct, zlib, pickle, open)
raise many kinds of error, and our own code can raise the very same kinds. So the kind
decides nothing alone: damage is a read error raised *inside Whoosh* (the deepest frame
that is Whoosh's or ours is Whoosh's). The index is a cache, so damage means a rebuild;
a bug means a log entry with its traceback, once per place, and no rebuild.
"""

from __future__ import annotations

import logging
import pickle
import struct
import traceback
import zlib

from whoosh import index as whoosh_index

from interview_desk.search.storage import IndexCorrupt

_READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, TypeError,
                AttributeError, MemoryError, struct.error, pickle.UnpicklingError, zlib.error,
                whoosh_index.IndexError)
_OURS = __name__.split(".")[0]


def _owner(module: str) -> str:
    """Whose code a frame runs, by module name (file paths differ in frozen builds)."""
    top = module.split(".")[0]
    return top if top in ("whoosh", _OURS) else ""


def is_index_damage(exc: BaseException) -> bool:
    """True when ``exc`` arose inside Whoosh reading the index: a read error whose
    deepest frame that is Whoosh's or ours is Whoosh's. Raised in our code, it is a bug."""
    if isinstance(exc, IndexCorrupt):
        return True
    # Whoosh reports a bad file format with a bare Exception ("Block tag error" for a
    # postings block whose tag is garbled); only the exact type counts, not subclasses.
    if not (isinstance(exc, _READ_ERRORS) or type(exc) is Exception):
        return False
    deepest = ""
    for frame, _line in traceback.walk_tb(exc.__traceback__):
        deepest = _owner(str(frame.f_globals.get("__name__", ""))) or deepest
    return deepest == "whoosh"


class BugLog:
    """Logs a bug's traceback the first time per place it is raised; a line after that
    (a bug hit by every keystroke must not fill the log)."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        self._seen: set[tuple[str, str, int]] = set()

    def log(self, exc: BaseException, what: str) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        last = frames[-1] if frames else None
        where = (type(exc).__name__, last.filename if last else "",
                 (last.lineno or 0) if last else 0)
        if where in self._seen:
            self._log.warning("%s again: %s: %s", what, where[0], exc)
            return
        self._seen.add(where)
        self._log.error("%s (a bug, not index damage)", what,
                        exc_info=(type(exc), exc, exc.__traceback__))
