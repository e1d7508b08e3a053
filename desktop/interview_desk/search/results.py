"""What a search returns: hits with highlighted text, plus totals and a suggestion."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Hits the search box's results list shows, each with its snippet (ui.search.controller),
# and how many of them the search thread makes at once: the first screenful and more
# (5 rows fit at 1280x800); the list makes the others as it lays them out, a batch at
# a time. benchmarks/search.py times a search with that many made.
LIST_ROWS = 50
LIST_ROWS_FIRST = 12


@dataclass(frozen=True, slots=True)
class HitText:
    """What a hit shows besides its question: made from stored text, on first use."""

    snippet: str  # plain text, one line, "…" where cut
    snippet_html: str  # HTML-escaped, matches in <b class="hit">
    question_html: str  # likewise, the whole question
    snippet_from: str  # "answer", "notes" or "" (no text to show)


class LazyText:
    """``make()`` run when a hit's text is first asked for: a search's caller
    that wants only entries (the tutor, a study filter, ``limit=len(corpus)``) pays no
    snippets. Pure work on stored strings, so any thread may ask."""

    __slots__ = ("_make", "_text")

    def __init__(self, make: Callable[[], HitText]) -> None:
        self._make = make  # kept: two threads asking at once both make it, harmlessly
        self._text: HitText | None = None

    def get(self) -> HitText:
        text = self._text
        if text is None:
            text = self._text = self._make()
        return text


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
    text: LazyText = field(repr=False, compare=False)

    @property
    def snippet(self) -> str:
        return self.text.get().snippet

    @property
    def snippet_html(self) -> str:
        return self.text.get().snippet_html

    @property
    def question_html(self) -> str:
        return self.text.get().question_html

    @property
    def snippet_from(self) -> str:
        return self.text.get().snippet_from

    def to_json(self) -> dict[str, Any]:
        """The command line's JSON shape (``id`` rather than ``entry_id``)."""
        return {"id": self.entry_id, "question": self.question, "source": self.source,
                "section": self.section, "difficulty": self.difficulty,
                "answered": self.answered, "score": round(self.score, 4),
                "snippet": self.snippet}


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
