"""What a search returns: hits with highlighted text, plus totals and a suggestion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    entry_id: str
    score: float
    question: str  # plain text (Markdown marks removed)
    source: str
    section: str
    number: str
    difficulty: int | None
    answered: bool
    snippet: str  # plain text, one line, "…" where cut
    snippet_html: str  # HTML-escaped, matches in <b class="hit">
    question_html: str  # likewise, the whole question
    snippet_from: str = "answer"  # "answer", "notes" or "" (no text to show)

    def to_json(self) -> dict[str, Any]:
        """The command line's JSON shape (``id`` rather than ``entry_id``)."""
        return {"id": self.entry_id, "question": self.question, "source": self.source,
                "section": self.section, "difficulty": self.difficulty,
                "answered": self.answered, "score": round(self.score, 4),
                "snippet": self.snippet}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # entries that match, of which ``hits`` are the best ``limit``
    suggestion: str | None = None  # "did you mean" query, or None
    elapsed_ms: float = 0.0
    notices: tuple[str, ...] = ()  # one-line remarks: ignored filters, shortened query
    total_exact: bool = True  # False on a large index, where ``total`` is an upper bound

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    @property
    def ids(self) -> list[str]:
        return [h.entry_id for h in self.hits]
