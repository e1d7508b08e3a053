"""Rendered formulas kept on disk between sessions (the user cache folder).

ziamath needs 30-100 ms for a formula with nested fractions on a busy 2-core machine,
so the first look at a math-heavy answer would wait most of a second every session.
Each SVG is stored under a key of everything that shapes it (ziamath version, TeX,
style, colour, size); the cache can be deleted at any time, and a damaged or unwritable
one only costs the re-render. Writes are atomic (temporary file, then rename).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from functools import cache
from pathlib import Path

from interview_desk.atomic_file import write_text
from interview_desk.paths import user_cache_dir

log = logging.getLogger(__name__)

_lock = threading.Lock()
_folder: Path | None = None
_enabled = True


@cache
def _ziamath_version() -> str:
    """From the package's metadata: importing ziamath only for its version would cost
    the ~0.45 s a cached formula is there to save."""
    from importlib import metadata

    try:
        return metadata.version("ziamath")
    except metadata.PackageNotFoundError:  # a bundle without the metadata: ask ziamath
        import ziamath

        return str(getattr(ziamath, "__version__", "?"))


def key(tex: str, display: bool, color: str, size: float) -> str:
    version = _ziamath_version()
    return hashlib.sha1(f"{version}|{tex}|{display}|{color}|{size}".encode()).hexdigest()


def set_folder(folder: Path | None) -> None:
    """Use ``folder`` for the cache; ``None`` turns the disk cache off (benchmarks)."""
    global _folder, _enabled
    with _lock:
        _folder, _enabled = folder, folder is not None


def _path(name: str) -> Path | None:
    global _folder
    if not _enabled:
        return None
    if _folder is None:
        try:
            _folder = user_cache_dir() / "math"
        except OSError as exc:
            log.debug("math cache: no cache folder (%s)", exc)
            return None
    return _folder / f"{name}.svg"


def load(name: str) -> str | None:
    path = _path(name)
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.debug("math cache: cannot read %s (%s)", path, exc)
        return None


def store(name: str, svg: str) -> None:
    path = _path(name)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, svg)
    except OSError as exc:
        log.debug("math cache: cannot write %s (%s)", path, exc)
