"""Display labels for entries, headings and sources (plain text, no Qt)."""

from __future__ import annotations

import re

from interview_desk.corpus.model import Entry, SourceInfo
from interview_desk.script import nfkc

_MARKUP_RE = re.compile(r"\*\*|__|`")


def plain_question(entry: Entry) -> str:
    """The question as one line of plain text (emphasis markers dropped)."""
    return clean_heading(entry.question)


def entry_label(entry: Entry) -> str:
    question = plain_question(entry)
    if entry.number and not question.startswith(entry.number):
        return f"{entry.number} {question}"
    return question


def clean_heading(text: str) -> str:
    """A heading as plain text: no emphasis markers, maths-bold letters made plain."""
    return " ".join(nfkc(_MARKUP_RE.sub("", text)).split())


def source_label(info: SourceInfo, entries: list[Entry]) -> str:
    """A readable name for a source: its only (or first) top section."""
    title = ""
    tops = list(dict.fromkeys(e.section_path[0] for e in entries if e.section_path))
    if tops:
        title = clean_heading(tops[0]) + (" …" if len(tops) > 1 else "")
    stem = info.file.split("_")[0] if "_" in info.file else info.file.removesuffix(".md")
    return f"{stem} · {title}" if title else info.file
