"""Reading the shipped documents and the user's folders into one ``Corpus``.

Nothing here raises for a bad file or folder: each is skipped with a one-line warning
that names it (``Corpus.warnings``), and everything else still loads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from interview_desk.corpus.model import Corpus, Entry, SourceInfo
from interview_desk.corpus.parser import PARSER_VERSION, parse
from interview_desk.errors import CorpusError
from interview_desk.paths import qa_dir

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 8 * 1024 * 1024  # a Q&A document is tens of kB; larger is not one
MAX_FOLDER_FILES = 2000
MAX_FOLDER_DIRS = 5000  # "corpus add /" must not walk the whole disk
SUFFIXES = (".md", ".markdown")


def decode_document(data: bytes, name: str) -> str:
    """Bytes of a document -> text, or a ``CorpusError`` saying in one line why not."""
    if not data.strip():
        raise CorpusError(f"{name}: empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{name}: not valid UTF-16 text ({exc.reason})") from None
    if b"\x00" in data:
        raise CorpusError(f"{name}: binary file, not Markdown text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None


def read_document(path: Path) -> bytes:
    try:
        info = path.stat()
        # A FIFO blocks open() forever and /dev/zero reads until memory runs out.
        if not stat.S_ISREG(info.st_mode):
            raise CorpusError(f"{path}: not a regular file (a FIFO, device or socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise CorpusError(f"{path}: too large for a Q&A document ({info.st_size // 1024} kB)")
        with path.open("rb") as fh:  # bounded: the file may grow while it is read
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise CorpusError(f"{path}: too large for a Q&A document (grew while read)")
        return data
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})") from None


def folder_documents(folder: Path, warnings: list[str]) -> list[Path]:
    """Markdown files under ``folder`` (recursive, hidden folders skipped), sorted."""
    try:
        is_dir = folder.is_dir()
        exists = is_dir or folder.exists()
    except OSError as exc:  # e.g. a parent folder the user may not enter
        warnings.append(f"{folder}: cannot read folder ({exc.strerror or exc}), skipped")
        return []
    if not exists:
        warnings.append(f"{folder}: folder not found, skipped")
        return []
    if not is_dir:
        warnings.append(f"{folder}: not a folder, skipped")
        return []
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        warnings.append(f"{exc.filename}: cannot read folder ({exc.strerror}), skipped")

    for visited, (root, dirs, files) in enumerate(os.walk(folder, onerror=on_error), 1):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files)
                     if f.lower().endswith(SUFFIXES) and not f.startswith("."))
        if len(found) > MAX_FOLDER_FILES or visited >= MAX_FOLDER_DIRS:
            warnings.append(f"{folder}: too many files or folders; only the first "
                            f"{min(len(found), MAX_FOLDER_FILES)} Markdown files are read")
            found = found[:MAX_FOLDER_FILES]
            break
    return sorted(found)


def _unique_ids(entries: list[Entry]) -> list[Entry]:
    # Two user folders can hold files of the same name; keep ids unique corpus-wide.
    seen: dict[str, int] = {}
    out = []
    for e in entries:
        seen[e.id] = seen.get(e.id, 0) + 1
        out.append(e if seen[e.id] == 1 else dataclasses.replace(e, id=f"{e.id}-{seen[e.id]}"))
    return out


def _resolve(folder: str | Path) -> Path:
    path = Path(folder)
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # unknown "~user", symlink loop
        return path.absolute()


def load_corpus(extra_folders: Sequence[str | Path] | None = None, *,
                include_builtin: bool = True) -> Corpus:
    """The shipped documents plus the user's folders (``None``: from the settings)."""
    if extra_folders is None:
        from interview_desk.settings import load_settings

        extra_folders = load_settings().user_folders
    digest = hashlib.sha256(f"parser {PARSER_VERSION}\n".encode())
    warnings: list[str] = []
    jobs: list[tuple[Path, str, bool]] = []  # path, source name, builtin
    if include_builtin:
        builtin = qa_dir()
        # Not the folder's path: a frozen build may unpack to a new place every run,
        # and the index must not be rebuilt for that.
        digest.update(b"builtin\n")
        files = sorted(builtin.glob("*.md")) if builtin.is_dir() else []
        if not files:
            warnings.append(f"{builtin}: the built-in Q&A documents are missing")
        jobs.extend((p, p.name, True) for p in files)
    folders: list[str] = []
    wanted: list[Path] = []
    for f in extra_folders:
        if not str(f).strip() or "\x00" in str(f):
            warnings.append(f"{f!r}: not a folder path, skipped")
        else:
            wanted.append(_resolve(f))
    for folder in dict.fromkeys(wanted):
        if include_builtin and folder == _resolve(qa_dir()):
            warnings.append(f"{folder}: holds the built-in documents, already read")
            continue
        folders.append(str(folder))
        digest.update(f"folder {folder}\n".encode())
        for path in folder_documents(folder, warnings):
            jobs.append((path, f"{folder.name}/{path.relative_to(folder).as_posix()}", False))

    entries: list[Entry] = []
    sources: list[SourceInfo] = []
    for path, name, is_builtin in jobs:
        digest.update(f"file {name}\n".encode())
        try:
            data = read_document(path)
            digest.update(hashlib.sha256(data).digest())
            parsed = parse(decode_document(data, str(path)), name)
        except CorpusError as exc:
            warnings.append(f"{exc}, skipped")
            continue
        except Exception as exc:  # a parser bug must not cost the user the other files
            log.exception("parsing %s failed", path)
            warnings.append(f"{path}: could not be parsed ({type(exc).__name__}), skipped")
            continue
        if not parsed.entries:
            warnings.append(f"{path}: no questions found, skipped")
            continue
        entries.extend(parsed.entries)
        sources.append(SourceInfo(
            file=name, path=str(path), questions=len(parsed.entries),
            answered=sum(1 for e in parsed.entries if e.answered),
            sections=parsed.sections, builtin=is_builtin, layout=parsed.layout,
            overview=parsed.overview))
    for message in warnings:
        log.warning("corpus: %s", message)
    return Corpus(entries=_unique_ids(entries), sources=sources, warnings=warnings,
                  content_hash=digest.hexdigest(), folders=folders)
