"""Files and folders -> document bytes and text, each problem a one-line ``CorpusError``
or warning naming the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from interview_desk.errors import CorpusError

MAX_FILE_BYTES = 8 * 1024 * 1024  # a Q&A document is tens of kB; larger is not one
MAX_FOLDER_FILES = 2000
MAX_FOLDER_DIRS = 5000  # "corpus add /" must not walk the whole disk
SUFFIXES = (".md", ".markdown", ".csv", ".tsv")


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
        bad = exc.start
    # Notes saved on Chinese Windows are often GBK; GB18030 reads GBK and more. Accept
    # it only when what it decodes is mostly Chinese, not mojibake of some other code page.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if wide and sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                    or "\uff00" <= ch <= "\uffef") >= 0.8 * len(wide):
        return text
    raise CorpusError(f"{name}: not UTF-8 or GBK text (bad byte at offset {bad})")


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
    """Markdown, CSV and TSV files under ``folder`` (recursive, hidden folders skipped), sorted."""
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
