"""The Whoosh schema and how an :class:`Entry` (plus the user's note) becomes a document.

Answers are indexed as plain text (Markdown marks, link targets and fences removed) so
that snippets read well and URLs do not pollute the vocabulary. The folded plain text is
stored beside the original so that highlighting never has to fold at query time.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.fields import BOOLEAN, ID, NUMERIC, STORED, TEXT, Schema

from interview_desk.corpus.model import Entry
from interview_desk.search.analyzer import ANALYZER_VERSION, fold, spelling_analyzer, text_analyzer

# Bump when fields or document preparation change: the index cache key includes it.
SCHEMA_VERSION = 5  # 5: TEXT fields (no DeskText); a large build in segments
INDEX_FORMAT = f"s{SCHEMA_VERSION}a{ANALYZER_VERSION}"

# Relative weight of a match in each field (BM25F field boosts at query time).
# ``body`` is the section path and the answer: one field keeps queries to few matchers.
FIELD_BOOSTS: dict[str, float] = {"question": 4.0, "body": 1.0, "notes": 2.0}
TEXT_FIELDS: tuple[str, ...] = tuple(FIELD_BOOSTS)


def build_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        order=NUMERIC(int, bits=32, stored=True, sortable=True),
        source=ID(stored=True),
        section_key=ID(),  # the exact section path, for section: filters
        number=STORED,
        section=STORED,
        question=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer),
        answer=STORED,
        notes=TEXT(analyzer=analyzer, stored=True),
        words=TEXT(analyzer=spelling_analyzer(), phrase=False),
        # Folded copies for highlighting; 0 difficulty means "not given".
        question_folded=STORED,
        answer_folded=STORED,
        notes_folded=STORED,
        difficulty=NUMERIC(int, bits=8, stored=True),
        answered=BOOLEAN(stored=True),
        has_note=BOOLEAN(),
    )


_FENCE = re.compile(r"^\s*(```|~~~).*$", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+•][ \t]+|\d+[.)][ \t]+|\|)+", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|\*|`+|~~)")
_TABLE_RULE = re.compile(r"^[\s|:\-]+$", re.M)
_PIPES = re.compile(r"[ \t]*\|[ \t]*")
_SPACES = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n{2,}")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")


def plain_text(markdown: str | None) -> str:
    """Readable plain text from Markdown: marks, link targets and fences removed. Tags
    stay: the reader shows raw HTML as text, and answers name tokens such as ``<s>``."""
    if not markdown:
        return ""
    text = _FENCE.sub("", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    text = _TABLE_RULE.sub("", text)
    text = _LINE_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _PIPES.sub("  ", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    return text.strip()


def entry_document(entry: Entry, order: int, note: str | None = None) -> dict[str, Any]:
    """The fields Whoosh stores and indexes for one entry."""
    question = plain_text(entry.question)
    answer = plain_text(entry.answer)
    note_text = (note or "").strip()
    question_folded, answer_folded, notes_folded = fold(question), fold(answer), fold(note_text)
    # ASCII-only word list: the spelling field then skips script folding entirely.
    words = " ".join(_LATIN_WORD.findall(
        f"{fold(entry.section)}\n{question_folded}\n{answer_folded}\n{notes_folded}"))
    return {
        "id": entry.id,
        "order": order,
        "source": entry.source,
        "number": entry.number,
        "section": entry.section,
        "section_key": entry.section,
        "question": question,
        "answer": answer,
        # The hint under a question and a lead-in before it are found with the answer.
        "body": "\n".join(x for x in (entry.section, entry.lead_in, entry.hint, answer) if x),
        "notes": note_text,
        "words": words,
        "question_folded": question_folded,
        "answer_folded": answer_folded,
        "notes_folded": notes_folded,
        "difficulty": entry.difficulty or 0,
        "answered": entry.answered,
        "has_note": bool(note_text),
    }
