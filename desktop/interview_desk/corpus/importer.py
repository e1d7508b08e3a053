"""Reading one user folder: what it would add, file by file, before it is added.

The same per-file reading serves the loader, so the preview shows exactly what the
folder will give once added.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from interview_desk.corpus.build import build_document
from interview_desk.corpus.loader_io import decode_document, folder_documents, read_document
from interview_desk.corpus.model import Entry
from interview_desk.corpus.parser import ParsedDocument, parse, split_lines
from interview_desk.corpus.rules import AUTO, Rule
from interview_desk.corpus.tabular import read_table
from interview_desk.errors import CorpusError
from interview_desk.strings import tr

log = logging.getLogger(__name__)
TABLE_SUFFIXES = (".csv", ".tsv")


def parse_file(path: Path, name: str, rule: Rule = AUTO, data: bytes | None = None
               ) -> ParsedDocument:
    """One file (its ``data`` when already read) -> its entries; a one-line
    ``CorpusError`` when it cannot be read or holds no question."""
    text = decode_document(read_document(path) if data is None else data, str(path))
    try:
        if path.suffix.lower() in TABLE_SUFFIXES:
            lines = split_lines(text)
            built = build_document(lines, read_table(lines, path.suffix.lower()), name)
            parsed = ParsedDocument("table", built.entries)
        else:
            parsed = parse(text, name, rule=rule)
    except Exception as exc:  # a parser bug must not cost the user the other files
        log.exception("parsing %s failed", path)
        raise CorpusError(tr("err.doc.parse_failed", path=path, kind=type(exc).__name__)) from None
    if not parsed.entries:
        raise CorpusError(tr("err.doc.no_questions", path=path))
    return parsed


@dataclass(frozen=True, slots=True)
class FilePreview:
    path: str
    rule: Rule
    name: str  # as a source: "<folder>/<relative path>"
    entries: list[Entry]
    layout: str = ""
    skipped: str = ""  # why nothing is taken from it ("" when read)

    @property
    def questions(self) -> int:
        return len(self.entries)

    @property
    def answered(self) -> int:
        return sum(1 for e in self.entries if e.answered)

    def to_dict(self, first: int = 3) -> dict[str, object]:
        return {"path": self.path, "source": self.name, "rule": str(self.rule),
                "layout": self.layout,
                "questions": self.questions, "answered": self.answered,
                "skipped": self.skipped or None,
                "entries": [{"question": e.question, "answer_start": _start(e.answer)}
                            for e in self.entries[:first]]}


def _start(answer: str | None, width: int = 80) -> str | None:
    if not answer:
        return None
    text = " ".join(answer.split())
    return text if len(text) <= width else text[:width - 1] + "…"


@dataclass
class FolderPreview:
    folder: str
    rule: Rule
    files: list[FilePreview] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the folder itself

    @property
    def entries(self) -> list[Entry]:
        return [e for f in self.files for e in f.entries]

    @property
    def skipped(self) -> list[str]:
        return [f"{f.path}: {f.skipped}" for f in self.files if f.skipped]

    def to_dict(self) -> dict[str, object]:
        return {"folder": self.folder, "rule": str(self.rule),
                "questions": len(self.entries),
                "answered": sum(f.answered for f in self.files),
                "files": [f.to_dict() for f in self.files], "warnings": self.warnings,
                "entries": [e.to_dict(with_answer=False) for e in self.entries[:10]]}


def _reason(exc: CorpusError, path: Path) -> str:
    text = str(exc)
    for colon in (": ", "："):  # English or Chinese wording
        text = text.removeprefix(f"{path}{colon}")
    return text


def preview_folder(folder: Path, rule: Rule = AUTO,
                   file_rules: dict[str, Rule] | None = None) -> FolderPreview:
    """Every Markdown/CSV/TSV file under ``folder`` read by ``rule`` (or its own rule in
    ``file_rules``, keyed by the file's full path)."""
    preview = FolderPreview(str(folder), rule)
    for path in folder_documents(folder, preview.warnings):
        name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
        own = (file_rules or {}).get(str(path), rule)
        try:
            parsed = parse_file(path, name, own)
        except CorpusError as exc:
            preview.files.append(FilePreview(str(path), own, name, [],
                                             skipped=_reason(exc, path)))
            continue
        preview.files.append(FilePreview(str(path), own, name, parsed.entries, parsed.layout))
    return preview
