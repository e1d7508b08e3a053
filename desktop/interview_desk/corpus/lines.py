"""Line-level Markdown reading shared by every layout: code fences, headings, normalising.

The parsers work line by line rather than on a Markdown AST because the question
structure in these documents lives in line shapes (a bold numbered line, a starred line)
that a CommonMark tree flattens or mangles; all that matters from CommonMark here is
which lines sit inside fenced code (never structure) and which lines are ATX headings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_EMPHASIS_RE = re.compile(r"\*\*|__")
_SPACE_RE = re.compile(r"\s+")
# A question ends with a question mark, full-width or not (also "？）" and "?**").
_QUESTION_END_RE = re.compile(r"[?？][\s)）\]】」』\"'”’*_]*$")
_BADGE_RE = re.compile(r"^\s*(\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\))\s*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str  # as written, trailing "#"s removed


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def strip_emphasis(text: str) -> str:
    """``**bold**`` and ``__bold__`` markers removed; other text as written."""
    return _SPACE_RE.sub(" ", _EMPHASIS_RE.sub("", text)).strip()


def match_key(text: str) -> str:
    """Normalised form for matching two spellings of one question: NFKC, no markup,
    no spaces or punctuation, lower case."""
    folded = nfkc(strip_emphasis(text)).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def is_question_text(text: str) -> bool:
    return bool(_QUESTION_END_RE.search(text))


def is_blank(line: str) -> bool:
    return not line.strip()


def is_badge(line: str) -> bool:
    """An image or badge link on a line of its own (e.g. a "GitHub stars" shield)."""
    return bool(_BADGE_RE.match(line))


def is_rule(line: str) -> bool:
    return bool(_RULE_RE.match(line))


def parse_heading(line: str) -> Heading | None:
    m = _HEADING_RE.match(line)
    if not m:
        return None
    text = _CLOSING_HASHES_RE.sub("", m.group(2) or "").strip()
    return Heading(len(m.group(1)), text)


def code_mask(lines: list[str]) -> list[bool]:
    """True for lines inside (or delimiting) fenced code blocks.

    A fence that is never closed is treated as plain text rather than swallowing the
    rest of the document: losing every later question to one stray ``` is worse.
    """
    mask = [False] * len(lines)
    # Shortest fence per character known to have no closer further down: a longer or
    # later one cannot have one either, which keeps odd input linear instead of quadratic.
    unclosable: dict[str, int] = {}
    i = 0
    while i < len(lines):
        m = _FENCE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        marker = m.group(1)
        char, size = marker[0], len(marker)
        end = None
        if size < unclosable.get(char, size + 1):
            close = re.compile(r"^ {0,3}" + re.escape(char) + "{" + str(size) + r",}\s*$")
            end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), None)
        if end is None:
            unclosable[char] = min(size, unclosable.get(char, size))
            i += 1
            continue
        for j in range(i, end + 1):
            mask[j] = True
        i = end + 1
    return mask
