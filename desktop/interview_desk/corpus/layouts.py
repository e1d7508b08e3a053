"""The layouts of the shipped documents (users' own notes: ``notes``).

Each ``find_*`` function turns a document's lines into markers; ``detect_layout`` picks
the layout from the content (never from the file name, so renamed files still parse).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from interview_desk.corpus.lines import (
    code_mask,
    is_blank,
    is_question_text,
    match_key,
    parse_heading,
    strip_emphasis,
)
from interview_desk.corpus.markers import Kind, Marker

# "★★★★☆ **3. text**", "### ★★★★★ **1. text**", "★★★☆☆ 19**. text**"
_STAR_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+)?(?:[-*+]\s+)?([★☆]{1,10})\s*(.*)$")
# "2.1.3 text", "3. text", "3、text", "12) text" (after emphasis is stripped); not the
# "1" of "1.5B 模型" nor the "2024" of "2024 年".
_NUMBER_RE = re.compile(
    r"^(?:(\d{1,4}(?:\.\d{1,4})+)\s+|(\d{1,4}(?:\.\d{1,4})*)\s*[.、．:：)）](?!\d)\s*)(.+)$")
_DOTTED_RE = re.compile(r"^(\d{1,4}(?:\.\d{1,4})+)\s*[.、．]?\s+(.+)$")
# "**1.text？**", "- **1. text？**", " **6. text？**"
_BOLD_NUMBERED_RE = re.compile(
    r"^\s*(?:[-*+]\s+)?\*\*\s*(\d{1,4})\s*[.、．]\s*(.+?)\s*\*\*\s*[:：]?\s*$")
_BOLD_LINE_RE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*([^*]+?)\*\*\s*[:：]?\s*$")
_BOLD_BULLET_RE = re.compile(r"^\s*[-*+]\s+\*\*([^*]+?)\*\*\s*[:：]?\s*$")
_PLAIN_NUMBERED_RE = re.compile(r"^\s{0,3}(\d{1,4})[.、．)]\s+(.+?)\s*$")


def _structural(lines: list[str]) -> list[int]:
    """Indices of lines outside fenced code."""
    mask = code_mask(lines)
    return [i for i in range(len(lines)) if not mask[i]]


def split_number(text: str) -> tuple[str, str]:
    m = _NUMBER_RE.match(text)
    if m and m.group(3).strip():
        return m.group(1) or m.group(2), m.group(3).strip()
    return "", text.strip()


def star_question(line: str) -> tuple[int, str, str] | None:
    m = _STAR_RE.match(line)
    if not m or "★" not in m.group(1):
        return None
    number, text = split_number(strip_emphasis(m.group(2)))
    # A starred line is a question when numbered or asked; "★★★ 总结" is not.
    if not text or not (number or is_question_text(text)):
        return None
    return min(m.group(1).count("★"), 5), number, text


def _next_nonblank(lines: list[str], idx: list[int], pos: int) -> int | None:
    for i in idx[pos + 1:]:
        if not is_blank(lines[i]):
            return i
    return None


# --- 003: starred items in "##" sections -------------------------------------------------

def find_starred(lines: list[str]) -> list[Marker]:
    idx = _structural(lines)
    questions = {i: q for i in idx if (q := star_question(lines[i])) is not None}
    first_q = min(questions, default=len(lines))
    # The section level is the heading level just above the first question; shallower
    # headings are document titles, deeper ones belong to answers.
    section_level = 2
    for i in reversed(idx):
        if i < first_q and (h := parse_heading(lines[i])) and i not in questions:
            section_level = h.level
            break
    markers: list[Marker] = []
    for i in idx:
        if i in questions:
            stars, number, text = questions[i]
            markers.append(Marker(i, Kind.QUESTION, text, number, difficulty=stars))
        elif (h := parse_heading(lines[i])) is not None and h.text:
            if h.level == section_level:
                markers.append(Marker(i, Kind.SECTION, strip_emphasis(h.text)))
            elif h.level < section_level:
                markers.append(Marker(i, Kind.STOP))
    return markers


# --- 001: "### 2.x.y" question headings under "##" chapters ------------------------------

def find_numbered_headings(lines: list[str]) -> list[Marker]:
    idx = _structural(lines)
    heads = [(i, h) for i in idx if (h := parse_heading(lines[i])) is not None and h.text]
    numbered = [(i, h, m) for i, h in heads if (m := _DOTTED_RE.match(strip_emphasis(h.text)))]
    chapter_level = min((h.level for _, h, _ in numbered), default=2)
    q_heads = [(i, h, m) for i, h, m in numbered if h.level > chapter_level]
    kinds: dict[int, Marker] = {}
    for pos, (i, _h, m) in enumerate(q_heads):
        number, text = m.group(1), m.group(2).strip()
        nxt = q_heads[pos + 1][2].group(1) if pos + 1 < len(q_heads) else ""
        # "2.17.1 BPE篇" followed by "2.17.1.1 ..." is a group title, not a question.
        if nxt.startswith(number + ".") and not is_question_text(text):
            kinds[i] = Marker(i, Kind.SECTION, f"{number} {text}", level=2)
        else:
            kinds[i] = Marker(i, Kind.QUESTION, text, number)
    question_lines = {i for i, m in kinds.items() if m.kind is Kind.QUESTION}
    markers: list[Marker] = []
    for pos, i in enumerate(idx):
        if i in kinds:
            markers.append(kinds[i])
            continue
        h = parse_heading(lines[i])
        if h is not None and h.text and h.level <= chapter_level:
            markers.append(Marker(i, Kind.SECTION, strip_emphasis(h.text), level=1))
            continue
        # "  - **LoRA篇**" right above a question heading titles a group of questions.
        m = _BOLD_BULLET_RE.match(lines[i])
        if m and not is_question_text(m.group(1)):
            nxt = _next_nonblank(lines, idx, pos)
            title_next = nxt is not None and _BOLD_BULLET_RE.match(lines[nxt])
            if nxt in question_lines or title_next:
                markers.append(Marker(i, Kind.SECTION, m.group(1).strip(), level=2))
    return markers


# --- 000 / 002: bold numbered questions, a repeated list on top, bold group titles -------

def _bold_numbered_questions(lines: list[str], idx: list[int]) -> dict[int, Marker]:
    found: dict[int, Marker] = {}
    last = 0
    for pos, i in enumerate(idx):
        line = lines[i]
        bold = _BOLD_NUMBERED_RE.match(line)
        m = bold or (_PLAIN_NUMBERED_RE.match(line) if found else None)
        if not m:
            continue
        number, text = m.group(1), strip_emphasis(m.group(2))
        if not text or not is_question_text(text):
            continue
        # A whole bold numbered question is one wherever it is. A plain numbered line
        # could be an item of a list inside an answer (those restart at 1), so it must
        # continue the numbering: the next number, or after a gap of up to two missing
        # questions when it starts a paragraph at the margin.
        n = int(number)
        starts_paragraph = (pos == 0 or is_blank(lines[idx[pos - 1]])) and line[:1].isdigit()
        if bold or n == last + 1 or (last < n <= last + 3 and starts_paragraph):
            found[i] = Marker(i, Kind.QUESTION, text, number)
            last = n
    return found


def find_bold_numbered(lines: list[str]) -> list[Marker]:
    idx = _structural(lines)
    questions = _bold_numbered_questions(lines, idx)
    first_q = min(questions, default=len(lines))
    markers: list[Marker] = list(questions.values())
    head_levels = sorted({h.level for i in idx if i < first_q
                          and (h := parse_heading(lines[i])) is not None and h.text})
    for pos, i in enumerate(idx):
        if i in questions:
            continue
        h = parse_heading(lines[i])
        if h is not None:
            # Headings above the first question are sections; later ones are answer text.
            if i < first_q and h.text:
                level = head_levels.index(h.level) + 1
                markers.append(Marker(i, Kind.SECTION, strip_emphasis(h.text), level=level))
            continue
        m = _BOLD_LINE_RE.match(lines[i])
        if not m:
            continue
        title = m.group(1).strip()
        if i < first_q and _BOLD_BULLET_RE.match(lines[i]) and is_question_text(title):
            # The question list on top: merged with the numbered question later on.
            markers.append(Marker(i, Kind.QUESTION, title))
        elif not is_question_text(title) and _next_nonblank(lines, idx, pos) in questions:
            markers.append(Marker(i, Kind.SECTION, title, level=len(head_levels) + 1))
    return markers


# --- 004: a numbered list of questions, answers later as "### N." sections ---------------

def _answer_headings(lines: list[str], idx: list[int]) -> list[tuple[int, int, str, str]]:
    out = []
    for i in idx:
        h = parse_heading(lines[i])
        if h is None or not h.text:
            continue
        number, text = split_number(strip_emphasis(h.text))
        if number.isdigit():
            out.append((i, h.level, number, text))
    return out


def _question_list(lines: list[str], idx: list[int]) -> dict[int, Marker]:
    """Numbered list items. Numbers must grow (a missing item loses nothing else) and
    may restart under a new heading."""
    found: dict[int, Marker] = {}
    last = 0
    for i in idx:
        if parse_heading(lines[i]) is not None:
            last = 0
            continue
        m = _PLAIN_NUMBERED_RE.match(lines[i])
        if m and int(m.group(1)) > last:
            text = strip_emphasis(m.group(2))
            if match_key(text):
                found[i] = Marker(i, Kind.QUESTION, text, m.group(1))
                last = int(m.group(1))
    return found


def _list_answer_pairs(lines: list[str]) -> tuple[dict[int, Marker], list[Marker], int]:
    """The question list, the answer headings after it, and how many of those repeat a
    listed question (number and wording) -- the evidence for this layout."""
    idx = _structural(lines)
    heads = _answer_headings(lines, idx)
    if not heads:
        return {}, [], 0
    items = _question_list(lines, idx)
    first_seen = {(m.number, match_key(m.text)): i for i, m in sorted(items.items(),
                                                                        reverse=True)}
    matched = [(i, level) for i, level, number, text in heads
               if first_seen.get((number, match_key(text)), i) < i]
    if not matched:
        return {}, [], 0
    start, level = matched[0]
    listed = {i: m for i, m in items.items() if i < start}
    # Every "### N." at the answers' level is an answer: one whose list item is gone
    # still becomes an entry of its own instead of vanishing.
    answers = [Marker(i, Kind.ANSWER, text, number, level=lvl)
               for i, lvl, number, text in heads if i >= start and lvl == level]
    return listed, answers, len(matched)


def find_list_answers(lines: list[str]) -> list[Marker]:
    idx = _structural(lines)
    listed, answers, _ = _list_answer_pairs(lines)
    answer_level = min((m.level for m in answers), default=3)
    answer_lines = {m.line for m in answers}
    markers: list[Marker] = [*listed.values(), *answers]
    levels = sorted({h.level for i in idx if i not in answer_lines
                     and (h := parse_heading(lines[i])) is not None and h.text
                     and h.level <= answer_level})
    for i in idx:
        if i in answer_lines:
            continue
        h = parse_heading(lines[i])
        if h is not None and h.text and h.level <= answer_level:
            markers.append(Marker(i, Kind.SECTION, h.text, level=levels.index(h.level) + 1))
    return markers


# --- detection ---------------------------------------------------------------------------

Finder = Callable[[list[str]], list[Marker]]

LAYOUTS: dict[str, Finder] = {
    "starred": find_starred,
    "list-answers": find_list_answers,
    "numbered-headings": find_numbered_headings,
    "bold-numbered": find_bold_numbered,
}


def detect_layout(lines: list[str]) -> str:
    idx = _structural(lines)
    if sum(1 for i in idx if star_question(lines[i])) >= 3:
        return "starred"
    if _list_answer_pairs(lines)[2] >= 3:
        return "list-answers"
    heads = [h for i in idx if (h := parse_heading(lines[i])) is not None and h.text]
    dotted = [h for h in heads if _DOTTED_RE.match(strip_emphasis(h.text))]
    if dotted:
        top = min(h.level for h in dotted)
        if sum(1 for h in dotted if h.level > top) >= 5:
            return "numbered-headings"
    if len(_bold_numbered_questions(lines, idx)) >= 3:
        return "bold-numbered"
    return "generic"
