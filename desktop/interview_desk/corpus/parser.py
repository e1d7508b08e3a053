"""Text of one Markdown document -> entries (pure, never raises on odd text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_desk.corpus.build import build_document
from interview_desk.corpus.layouts import LAYOUTS, detect_layout
from interview_desk.corpus.model import Entry, top_sections
from interview_desk.corpus.notes import read_notes
from interview_desk.corpus.rules import AUTO, Rule

# Bump when parsing changes so caches keyed on Corpus.content_hash (the search index)
# are rebuilt.
PARSER_VERSION = 4
NOTES = "generic"  # the layout name of users' own notes (read by ``notes``)

# Only real line breaks: str.splitlines() also splits on form feeds and U+2028, which
# would make line numbers disagree with every editor.
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    layout: str
    entries: list[Entry]
    overview: str = ""  # the document's own title, introduction and closing words

    @property
    def sections(self) -> int:
        return top_sections(self.entries)


def split_lines(text: str) -> list[str]:
    return _NEWLINE_RE.split(text.removeprefix("\ufeff"))


def parse(text: str, source: str, layout: str | None = None, rule: Rule = AUTO) -> ParsedDocument:
    """Entries of one document. ``rule`` other than auto reads it as notes by that
    rule; otherwise the layout is detected from the content (``NOTES`` when no shipped
    layout fits)."""
    lines = split_lines(text)
    if rule != AUTO:
        layout = NOTES
    layout = layout or detect_layout(lines)
    if layout == NOTES:
        lines, markers = read_notes(lines, rule)
    else:
        markers = LAYOUTS[layout](lines)
    built = build_document(lines, markers, source)
    return ParsedDocument(layout if rule == AUTO else f"{NOTES} ({rule})", built.entries,
                          built.overview)


def parse_document(text: str, source: str) -> list[Entry]:
    """Entries of one document; ``source`` names it (the file name) and seeds the ids."""
    return parse(text, source).entries
