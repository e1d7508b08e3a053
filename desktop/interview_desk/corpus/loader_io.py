"""Files and folders -> document bytes and text, each problem a one-line ``CorpusError``
or warning naming the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from interview_desk.errors import CorpusError
from interview_desk.strings import tr

MAX_FILE_BYTES = 8 * 1024 * 1024  # a Q&A document is tens of kB; larger is not one
MAX_FOLDER_FILES = 2000
MAX_FOLDER_DIRS = 5000  # "corpus add /" must not walk the whole disk
SUFFIXES = (".md", ".markdown", ".csv", ".tsv")


def decode_document(data: bytes, name: str) -> str:
    """Bytes of a document -> text, or a ``CorpusError`` saying in one line why not."""
    if not data.strip():
        raise CorpusError(tr("err.doc.empty", name=name))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError(tr("err.doc.utf16", name=name, reason=exc.reason)) from None
    if b"\x00" in data:
        raise CorpusError(tr("err.doc.binary", name=name))
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
    raise CorpusError(tr("err.doc.encoding", name=name, bad=bad))


def read_document(path: Path) -> bytes:
    try:
        info = path.stat()
        # A FIFO blocks open() forever and /dev/zero reads until memory runs out.
        if not stat.S_ISREG(info.st_mode):
            raise CorpusError(tr("err.doc.not_regular", path=path))
        if info.st_size > MAX_FILE_BYTES:
            raise CorpusError(tr("err.doc.too_large", path=path, kb=info.st_size // 1024))
        with path.open("rb") as fh:  # bounded: the file may grow while it is read
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise CorpusError(tr("err.doc.grew", path=path))
        return data
    except OSError as exc:
        raise CorpusError(tr("err.doc.unreadable", path=path, reason=exc.strerror or exc)) from None


def folder_documents(folder: Path, warnings: list[str]) -> list[Path]:
    """Markdown, CSV and TSV files under ``folder`` (recursive, hidden folders skipped), sorted."""
    try:
        is_dir = folder.is_dir()
        exists = is_dir or folder.exists()
    except OSError as exc:  # e.g. a parent folder the user may not enter
        warnings.append(tr("err.folder.unreadable", folder=folder, reason=exc.strerror or exc))
        return []
    if not exists:
        warnings.append(tr("err.folder.not_found", folder=folder))
        return []
    if not is_dir:
        warnings.append(tr("err.folder.not_folder", folder=folder))
        return []
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        warnings.append(tr("err.folder.unreadable", folder=exc.filename, reason=exc.strerror))

    for visited, (root, dirs, files) in enumerate(os.walk(folder, onerror=on_error), 1):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files)
                     if f.lower().endswith(SUFFIXES) and not f.startswith("."))
        if len(found) > MAX_FOLDER_FILES or visited >= MAX_FOLDER_DIRS:
            warnings.append(tr("err.folder.too_many", folder=folder,
                               n=min(len(found), MAX_FOLDER_FILES)))
            found = found[:MAX_FOLDER_FILES]
            break
    return sorted(found)
