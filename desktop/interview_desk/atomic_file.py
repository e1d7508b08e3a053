"""Replace a file all at once: write a temporary file beside it, then rename it over.

A reader, or the next start after a crash, sees the old file or the new one, never half
of one. Any failure on the way (the writer raising, a full disk, a read-only folder, a
cancel) leaves the old file as it was and removes the temporary file. The error is the
one raised (``OSError`` or the writer's own): each caller turns it into its own message.

The temporary file is ``.NAME.XXXXXXXX.tmp`` beside ``NAME``, created exclusively, or one
fixed name the caller gives (a large download's ``NAME.part``, so an interrupted run's
leftover is overwritten by the next try rather than piling up). It is private (0600),
like ``tempfile.mkstemp``'s, unless ``private=False`` gives it the permissions of a file
``open()`` would create (0666 less the umask).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

_FLAGS = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
          | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0))
_ATTEMPTS = 100


@contextmanager
def replacing(path: Path, *, fsync: bool = False, fsync_folder: bool = False,
              private: bool = True, temp_name: str | None = None) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new contents into; they replace ``path`` when
    the block ends without an exception, and are discarded when it raises.

    ``fsync``: the contents reach the disk before the rename (a power cut leaves the
    old or the new file, not an empty one). ``fsync_folder``: the rename itself too (on
    POSIX; best effort, the new file is in place whatever that says).
    """
    fd, tmp = _create(path, private, temp_name)
    try:
        with open(fd, "wb") as f:
            yield f
            f.flush()
            if fsync:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    if fsync_folder:
        _sync_folder(path.parent)


def write_bytes(path: Path, data: bytes, *, fsync: bool = False, fsync_folder: bool = False,
                private: bool = True) -> None:
    """``data`` as the new contents of ``path`` (see :func:`replacing`)."""
    with replacing(path, fsync=fsync, fsync_folder=fsync_folder, private=private) as f:
        f.write(data)


def write_text(path: Path, text: str, *, encoding: str = "utf-8", fsync: bool = False,
               fsync_folder: bool = False, private: bool = True) -> None:
    """``text`` as the new contents of ``path``, each newline written as the platform's
    (as ``open(path, "w")`` does); see :func:`replacing`."""
    if os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    write_bytes(path, text.encode(encoding), fsync=fsync, fsync_folder=fsync_folder,
                private=private)


def _create(path: Path, private: bool, temp_name: str | None) -> tuple[int, Path]:
    mode = 0o600 if private else 0o666  # os.open applies the umask
    if temp_name is not None:
        tmp = path.with_name(temp_name)
        return os.open(tmp, _FLAGS | os.O_TRUNC, mode), tmp
    for _ in range(_ATTEMPTS):
        tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, _FLAGS | os.O_EXCL, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError as exc:  # the original error matters more
        log.warning("cannot remove the temporary file %s: %s", tmp, exc)


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # a folder cannot be opened for fsync there
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        log.debug("cannot open %s to sync it: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems do not sync folders (EINVAL)
        log.debug("cannot sync %s: %s", folder, exc)
    finally:
        os.close(fd)
