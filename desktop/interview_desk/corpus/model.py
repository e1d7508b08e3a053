"""The structured form of a Q&A document: entries and per-source summaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Entry:
    """One interview question with its answer, as found in a source document.

    ``id`` is stable across runs and across edits of other entries. ``question`` and
    ``answer`` keep the original text (for display); matching normalises with NFKC.
    """

    id: str
    source: str  # file name, e.g. "000_6e52044bc7ed58c7.md"
    section_path: tuple[str, ...]
    number: str  # as written: "1", "2.1.3", "" when the source has none
    question: str
    answer: str | None  # Markdown; None when the source gives no answer
    difficulty: int | None  # 1-5 from ★ marks, None when not given
    line_start: int  # 1-based, inclusive
    line_end: int  # 1-based, inclusive
    # Lines of the answer text (1-based, inclusive); apart from the question when the
    # answer comes later in the document (004's "### N." sections).
    answer_span: tuple[int, int] | None = None
    # The answer as written when the KaTeX repair changed it (``answer`` is then the
    # repaired text), and the TeX of each formula it reconstructed.
    source_answer: str | None = None
    repaired: tuple[str, ...] = ()
    hint: str = ""  # a line under the question that belongs to it ("* 這涉及到…")
    lead_in: str = ""  # a sentence before the question that introduces it

    @property
    def answered(self) -> bool:
        return bool(self.answer and self.answer.strip())

    @property
    def section(self) -> str:
        return " / ".join(self.section_path)

    def to_dict(self, *, with_answer: bool = True) -> dict[str, Any]:
        """A JSON-ready view (the command line's ``--json`` output)."""
        data: dict[str, Any] = {
            "id": self.id, "source": self.source, "section_path": list(self.section_path),
            "number": self.number, "question": self.question, "answered": self.answered,
            "difficulty": self.difficulty, "lines": [self.line_start, self.line_end],
            "answer_lines": list(self.answer_span) if self.answer_span else None,
        }
        if self.hint:
            data["hint"] = self.hint
        if self.lead_in:
            data["lead_in"] = self.lead_in
        if with_answer:
            data["answer"] = self.answer
            if self.source_answer is not None:
                data["source_answer"] = self.source_answer
        return data

    @property
    def shown_source(self) -> str:
        """The answer exactly as the document has it (before any repair)."""
        return self.source_answer if self.source_answer is not None else self.answer or ""


@dataclass(frozen=True, slots=True)
class SourceInfo:
    file: str
    path: str
    questions: int
    answered: int
    sections: int
    builtin: bool = True
    layout: str = ""  # which parser read it: starred, list-answers, ..., generic
    # Markdown that belongs to the document rather than to a question: its title,
    # introduction and closing words.
    overview: str = ""


@dataclass
class Corpus:
    entries: list[Entry]
    sources: list[SourceInfo]
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""  # changes when any document's bytes or the folder set change
    folders: list[str] = field(default_factory=list)  # user folders that were read
    # Files of user folders that gave nothing, one line each (see loader: not warnings).
    skipped: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def by_source(self, source: str) -> list[Entry]:
        return [e for e in self.entries if e.source == source]


def top_sections(entries: Iterable[Entry]) -> int:
    """Distinct top-level sections holding questions (003: its twelve "##" parts)."""
    return len({e.section_path[0] for e in entries if e.section_path})
