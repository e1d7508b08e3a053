"""Where an answer really ends: text at its edges that belongs to something else.

Three shapes seen in the shipped documents, each checked on line shapes only:
- a hint line right under the question (002: `` * 這涉及到…`` then a blank line) belongs
  to the question;
- a last paragraph ending in a colon (002: "當然，這是另一個重要的 LLM 技術挑戰問題：")
  introduces the next question, not this answer;
- a paragraph after a wider gap (two or more blank lines) closing the last answer of a
  document (000: "這些問題深入探討了…") speaks about the whole document.
"""

from __future__ import annotations

import re

from interview_desk.corpus.lines import is_blank, parse_heading

Span = tuple[int, int]  # 0-based, inclusive
_BULLET = re.compile(r"^\s*[-*+•]\s+(\S.*)$")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_INTRODUCES = re.compile(r"[:：]\s*$")


def _trimmed(lines: list[str], lo: int, hi: int) -> Span | None:
    while lo <= hi and is_blank(lines[lo]):
        lo += 1
    while hi >= lo and is_blank(lines[hi]):
        hi -= 1
    return (lo, hi) if lo <= hi else None


def split_hint(lines: list[str], question_line: int, span: Span) -> tuple[str, Span | None]:
    """(hint, rest of the answer) when the answer opens with a one-line bullet right
    under the question, set off by a blank line, and prose (not more list) follows."""
    lo, hi = span
    m = _BULLET.match(lines[lo])
    if lo != question_line + 1 or m is None or lo + 1 > hi or not is_blank(lines[lo + 1]):
        return "", span
    rest = _trimmed(lines, lo + 1, hi)
    if rest is None or _LIST.match(lines[rest[0]]):
        return "", span
    return m.group(1).strip(), rest


def _last_paragraph(lines: list[str], span: Span, in_code: list[bool]) -> int | None:
    """First line of the answer's last paragraph, when it is not its only one and not
    code (``in_code``: ``lines.code_mask`` of the document)."""
    lo, hi = span
    if in_code[hi]:
        return None
    i = hi
    while i > lo and not is_blank(lines[i - 1]):
        i -= 1
    return i if i > lo else None


def split_lead_in(lines: list[str], span: Span, in_code: list[bool]) -> tuple[Span, str]:
    """(rest of the answer, lead-in) when the last paragraph is one line of prose
    ending in a colon: it announces what follows, the next question."""
    start = _last_paragraph(lines, span, in_code)
    if start is None or start != span[1]:
        return span, ""
    line = lines[start]
    if (not _INTRODUCES.search(line) or _LIST.match(line) or parse_heading(line)
            or line.lstrip().startswith(("|", ">", "**"))):
        return span, ""
    rest = _trimmed(lines, span[0], start - 1)
    return (rest, line.strip()) if rest is not None else (span, "")


def split_closing(lines: list[str], span: Span, in_code: list[bool]) -> tuple[Span, str]:
    """(rest of the answer, closing text) when the last answer's final paragraph sits
    after two or more blank lines and is plain prose."""
    start = _last_paragraph(lines, span, in_code)
    if start is None or start - 2 < span[0]:
        return span, ""
    if not (is_blank(lines[start - 1]) and is_blank(lines[start - 2])):
        return span, ""
    body = lines[start:span[1] + 1]
    if any(_LIST.match(x) or parse_heading(x) or x.lstrip().startswith(("|", "```", "~~~"))
           for x in body):
        return span, ""
    rest = _trimmed(lines, span[0], start - 1)
    if rest is None:
        return span, ""
    return rest, "\n".join(x.rstrip() for x in body).strip()


def outside_text(lines: list[str], spans: list[Span]) -> str:
    """The document's lines in ``spans`` (title, introduction), trimmed, in order."""
    parts = []
    for lo, hi in spans:
        trimmed = _trimmed(lines, lo, hi)
        if trimmed is not None:
            parts.append("\n".join(x.rstrip() for x in lines[trimmed[0]:trimmed[1] + 1]))
    return "\n\n".join(parts)
