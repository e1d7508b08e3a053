"""Whoosh storage that maps private copies of the segment files.

Whoosh memory-maps each compound segment file (``*.seg``) for speed. A file that another
process (a second app instance rebuilding, a cleaner, a damaged disk) truncates under a
live map kills this process with SIGBUS on the next read of a page past the new end:
nothing in Python can catch that. Here each segment is copied once into memory the
outside world cannot reach (an anonymous ``memfd`` on Linux, an unlinked temporary file
on other POSIX systems) and Whoosh maps the copy, so reads keep the speed of a map.
Windows refuses to truncate a mapped file, so there the file itself is mapped.

Copies are made per segment name and shared by every reader of this storage (segment
files never change once written; a changed size or inode means a new file, copied again).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from typing import IO, Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

SEGMENT_SUFFIX = ".seg"
_COPY_CHUNK = 1 << 20


def _anonymous_file(name: str) -> IO[bytes]:
    """A read-write file nobody else can open by path."""
    if hasattr(os, "memfd_create"):
        try:
            return os.fdopen(os.memfd_create(name, os.MFD_CLOEXEC), "w+b")
        except OSError:  # an old kernel or a sandbox without memfd: a temp file will do
            pass
    return tempfile.TemporaryFile(prefix="interview-desk-seg-")  # unlinked on POSIX


class PrivateCopyStorage(FileStorage):
    """``FileStorage`` whose segment files are read from private in-memory copies."""

    copies_segments = sys.platform != "win32"

    def __init__(self, path: str, readonly: bool = False) -> None:
        super().__init__(path, supports_mmap=True, readonly=readonly)
        self._copies: dict[str, tuple[tuple[int, int, int], IO[bytes]]] = {}
        self._copies_lock = threading.Lock()

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        if not (self.copies_segments and name.endswith(SEGMENT_SUFFIX)):
            return super().open_file(name, **kwargs)
        return StructFile(self._reader(name), name=name, **kwargs)

    def _reader(self, name: str) -> IO[bytes]:
        """A handle of its own (own file offset) on the private copy of ``name``."""
        path = self._fpath(name)
        with open(path, "rb") as src:
            st = os.fstat(src.fileno())
            stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
            with self._copies_lock:
                known = self._copies.get(name)
                if known is None or known[0] != stamp:
                    if known is not None:
                        known[1].close()
                    copy = _anonymous_file(name)
                    shutil.copyfileobj(src, copy, _COPY_CHUNK)
                    copy.flush()
                    self._copies[name] = known = (stamp, copy)
                    self._drop_merged_away()
                return _reopen(known[1])

    def _drop_merged_away(self) -> None:
        """Release copies of segments a merge removed (their readers keep their maps)."""
        for other in [n for n in self._copies if not os.path.exists(self._fpath(n))]:
            self._copies.pop(other)[1].close()

    def close(self) -> None:
        """Drop the copies (maps already made from them stay valid until closed)."""
        with self._copies_lock:
            for _, copy in self._copies.values():
                copy.close()
            self._copies.clear()
        super().close()


def _reopen(copy: IO[bytes]) -> IO[bytes]:
    """A new open file on ``copy``: a ``dup`` would share the offset across threads."""
    fd_path = f"/proc/self/fd/{copy.fileno()}"
    if os.path.exists(fd_path):
        return open(fd_path, "rb")  # Whoosh closes it
    # No /proc (macOS): read the copy into a private buffer file of its own.
    clone = _anonymous_file("clone")
    copy.seek(0)
    shutil.copyfileobj(copy, clone, _COPY_CHUNK)
    clone.seek(0)
    return clone
