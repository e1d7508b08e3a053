"""Line shapes of users' notes: list items, Q:/A: lines, question/answer tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_desk.corpus.cues import plain

_NUMBERED_RE = re.compile(
    r"^(\s*)(?:[-*+•]\s+)?(?:\*\*)?\s*(\d{1,3})\s*[.、．)）:：](?!\d)\s*(?:\*\*)?\s*(\S.*)$")
_BULLET_RE = re.compile(r"^(\s*)[-*+•]\s+(\S.*)$")
# "Q:", "问：", "问题1：", "Q1." -- a bare label needs a colon ("Q、K、V 由…" is not one).
_Q_RE = re.compile(
    r"^(\s*)(?:[-*+]\s+)?(?:\*\*)?\s*(?:Q|问题|問題|问|問|题目|題目)\s*"
    r"(?:(\d{1,3})\s*(?:\*\*)?\s*[:：.．、]|(?:\*\*)?\s*[:：])\s*(?:\*\*)?\s*(\S.*)$")
_A_RE = re.compile(
    r"^(\s*)(?:[-*+]\s+)?(?:\*\*)?\s*(?:A|答|回答|答案)\s*\d{0,3}\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*")
_INLINE_A_RE = re.compile(r"(?:\*\*\s*|\s)(?:\*\*)?(?:A|答)\s*(?:\*\*)?[:：]\s*(?:\*\*)?\s*")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_Q_HEADERS = {"问题", "問題", "题目", "題目", "question", "questions", "q", "问", "問", "front"}
_A_HEADERS = {"答案", "回答", "answer", "answers", "a", "答", "back"}


@dataclass(frozen=True, slots=True)
class Item:
    """A list item: ``kind`` is "numbered" or "bullet"; ``indent`` in columns."""

    line: int
    kind: str
    indent: int
    number: str
    text: str


def _width(space: str) -> int:
    return len(space.expandtabs(4))


def list_item(line: str, i: int) -> Item | None:
    m = _NUMBERED_RE.match(line)
    if m:
        return Item(i, "numbered", _width(m.group(1)), m.group(2), m.group(3))
    m = _BULLET_RE.match(line)
    if m and not _TABLE_SEP_RE.match(line):
        return Item(i, "bullet", _width(m.group(1)), "", m.group(2))
    return None


def q_line(line: str) -> tuple[str, str, str | None] | None:
    """``(number, question, answer on the same line or None)`` for a ``Q:`` line."""
    m = _Q_RE.match(line)
    if not m:
        return None
    text = m.group(3)
    answer = None
    a = _INLINE_A_RE.search(text)
    if a and a.start() > 0:
        text, answer = text[:a.start()], text[a.end():].strip() or None
    question = plain(text)
    return (m.group(2) or "", question, answer) if question else None


def strip_answer_prefix(line: str) -> str | None:
    """The line without its ``A:`` / ``答：`` label, or None when it has none."""
    m = _A_RE.match(line)
    return m.group(1) + line[m.end():] if m else None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def qa_table_rows(lines: list[str], structural: list[bool]) -> list[tuple[int, str, str]]:
    """``(line, question, answer)`` for the body rows of tables whose header names a
    question column and an answer column."""
    rows: list[tuple[int, str, str]] = []
    i = 0
    while i + 1 < len(lines):
        if not (structural[i] and "|" in lines[i] and _TABLE_SEP_RE.match(lines[i + 1])):
            i += 1
            continue
        header = [plain(c).casefold() for c in _cells(lines[i])]
        q = next((k for k, c in enumerate(header) if c in _Q_HEADERS), None)
        a = next((k for k, c in enumerate(header) if c in _A_HEADERS), None)
        j = i + 2
        while j < len(lines) and structural[j] and lines[j].strip().startswith("|"):
            cells = _cells(lines[j])
            if q is not None and a is not None and max(q, a) < len(cells) and plain(cells[q]):
                rows.append((j, plain(cells[q]), cells[a]))
            j += 1
        i = j
    return rows
