"""Small derived-data files in the cache folder: written atomically, keyed by code.

The segmenter's dictionary shards and the built thesaurus are computed from shipped data
by this package's code; a cached copy is valid only for the code that made it, so its
key includes :func:`code_signature` (size and mtime of the modules that compute it).
"""

from __future__ import annotations

import os
from pathlib import Path

from interview_desk.atomic_file import write_bytes


def code_signature(*module_files: str) -> str:
    """Size and mtime of each file (``module.__file__``); ``name:-`` for one not there."""
    parts = []
    for name in module_files:
        try:
            st = os.stat(name)
        except OSError:
            parts.append(f"{Path(name).name}:-")
            continue
        parts.append(f"{Path(name).name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` (its folder made if need be) through a temporary file
    beside it (OSError on failure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)
