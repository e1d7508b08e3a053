"""Make users' notes readable line by line without moving any line.

Everything that is not Q&A text is blanked or unwrapped in place (so line numbers still
match the file): YAML front matter, HTML comments, Obsidian ``[[wikilinks]]``, and the
fences around a question list that an author put in a code block. Images stay as
written; they are never fetched.
"""

from __future__ import annotations

import re

from interview_desk.corpus.lines import code_mask

_FRONT_KEY_RE = re.compile(r"^\s*(?:[\w-]+\s*:.*|-\s+.*|\s*)$")
_WIKILINK_RE = re.compile(r"\[\[([^\]|#\n]*)(?:#[^\]|\n]*)?(?:\|([^\]\n]*))?\]\]")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE_INFO_RE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})\s*(\w*)")
# A fenced line that reads as a question-list item ("1. …", "- …", "问题1：…").
_ITEM_RE = re.compile(
    r"^\s*(?:[-*+•]\s+|\d{1,3}\s*[.、．)）]\s*|(?:Q|问题|问)\s*\d*\s*[:：.]\s*)\S")
_PROSE_FENCES = {"", "text", "txt", "markdown", "md", "plain"}
_MAX_FRONT_MATTER = 60


def _front_matter_end(lines: list[str]) -> int | None:
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, min(len(lines), _MAX_FRONT_MATTER)):
        if lines[i].strip() in ("---", "..."):
            return i
        if not _FRONT_KEY_RE.match(lines[i]):
            return None
    return None


def _blank_comments(lines: list[str], in_code: list[bool]) -> None:
    text_lines = [("" if in_code[i] else line) for i, line in enumerate(lines)]
    joined = "\n".join(text_lines)
    for m in _COMMENT_RE.finditer(joined):
        first = joined.count("\n", 0, m.start())
        last = first + m.group(0).count("\n")
        for i in range(first, last + 1):
            lines[i] = _COMMENT_RE.sub("", lines[i]) if first == last else ""


def _fenced_blocks(lines: list[str], in_code: list[bool]) -> list[tuple[int, int]]:
    blocks, i = [], 0
    while i < len(lines):
        if in_code[i]:
            j = i
            while j + 1 < len(lines) and in_code[j + 1] and not (
                    j > i and _FENCE_INFO_RE.match(lines[j])):
                j += 1
            blocks.append((i, j))
            i = j + 1
        else:
            i += 1
    return blocks


def _unfence_question_lists(lines: list[str], in_code: list[bool]) -> list[int]:
    """A block of list items and nothing else, in a fence with no language, is a
    question list its author kept in a code block: take the fences away. Returns the
    closing fences' lines: the list ends there."""
    ends = []
    for lo, hi in _fenced_blocks(lines, in_code):
        m = _FENCE_INFO_RE.match(lines[lo])
        if m is None or m.group(1).lower() not in _PROSE_FENCES or hi - lo < 2:
            continue
        inner = [x for x in lines[lo + 1:hi] if x.strip()]
        items = sum(1 for x in inner if _ITEM_RE.match(x))
        if items >= 2 and items == len(inner):
            lines[lo] = lines[hi] = ""
            ends.append(hi)
    return ends


def clean_lines(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines to read, and the lines where an unfenced question list ended."""
    out = list(lines)
    end = _front_matter_end(out)
    if end is not None:
        out[:end + 1] = [""] * (end + 1)
    in_code = code_mask(out)
    _blank_comments(out, in_code)
    ends = _unfence_question_lists(out, in_code)
    in_code = code_mask(out)
    for i, line in enumerate(out):
        if not in_code[i] and "[[" in line:
            out[i] = _WIKILINK_RE.sub(lambda m: (m.group(2) or m.group(1)).strip(), line)
    return out, ends
