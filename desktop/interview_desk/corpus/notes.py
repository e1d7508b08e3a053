"""Users' notes -> markers: which headings and list items are questions, and where
their answers end.

Decided by structure first and wording second (``cues``):
- a heading is a question when it asks, or is numbered, or sits at the level where
  the document's other question headings sit -- and is followed by text, not by deeper
  headings (then it titles a group); deeper headings under it are part of its answer;
- list items are judged as a run (the siblings of one list): a numbered run where half
  the items ask is an interview log or question list and every item is a question; a
  bullet run needs most items to ask. Items under a question are its answer; a group
  title ("Layer Norm 篇") over a run of questions is a section;
- ``Q:`` lines are questions, ``A:`` labels are dropped from answers, and tables with a
  question and an answer column give one question per row;
- a thematic break (``---``) after a list of questions ends the last answer: what
  follows is the author's remark about the whole document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from interview_desk.corpus.cleanup import clean_lines
from interview_desk.corpus.cues import asks, has_question_mark, is_group_title, plain
from interview_desk.corpus.items import Item, list_item, q_line, qa_table_rows, strip_answer_prefix
from interview_desk.corpus.layouts import split_number, star_question
from interview_desk.corpus.lines import (
    Heading,
    code_mask,
    is_blank,
    is_rule,
    parse_heading,
    strip_emphasis,
)
from interview_desk.corpus.markers import Kind, Marker
from interview_desk.corpus.rules import AUTO, Rule

_GROUP_LEVEL = 7  # section level of a group-title list item: below every heading
_NUMBER_ONLY_RE = re.compile(r"^(?:答案\s*)?(\d{1,3})\s*[.、．:：)）]?$")


@dataclass
class _Run:
    items: list[Item] = field(default_factory=list)
    parent: Item | None = None
    under_question_heading: bool = False


def _heading_question(text: str) -> tuple[str, str]:
    """(number, question) of a question heading: "Q1: …", "3. …" or just the text."""
    labelled = q_line(text)
    if labelled is not None:
        return labelled[0], labelled[1]
    return split_number(plain(text))


class _Notes:
    def __init__(self, lines: list[str], rule: Rule) -> None:
        self.lines, self.list_ends = clean_lines(lines)
        self.rule = rule
        mask = code_mask(self.lines)
        self.idx = [i for i in range(len(self.lines)) if not mask[i]]
        self.structural = [not m for m in mask]
        self.heads = {i: h for i in self.idx if (h := parse_heading(self.lines[i])) and h.text}
        self.markers: dict[int, Marker] = {}

    # -- headings ----------------------------------------------------------------------
    def _next_line(self, i: int) -> int | None:
        return next((j for j in range(i + 1, len(self.lines)) if not is_blank(self.lines[j])),
                    None)

    def _titles_a_group(self, i: int, h: Heading) -> bool:
        nxt = self._next_line(i)
        if nxt is None:
            return True
        below = self.heads.get(nxt)
        return below is not None and (below.level > h.level or not has_question_mark(h.text))

    def _heading_questions(self) -> set[int]:
        if self.rule.kind == "headings":
            return {i for i, h in self.heads.items() if h.level == self.rule.level}
        if self.rule.kind != "auto":
            return set()
        found: set[int] = set()
        for i, h in self.heads.items():
            text = plain(h.text)
            if is_group_title(text) or (h.level == 1 and not has_question_mark(text)):
                continue
            if self._titles_a_group(i, h) and not has_question_mark(text):
                continue
            if asks(text) or split_number(text)[0] or q_line(text):
                found.add(i)
        # Siblings at the question level are questions too ("### Linear Attention").
        levels = Counter(self.heads[i].level for i in found)
        if levels:
            level, count = levels.most_common(1)[0]
            if count >= 2:
                found |= {i for i, h in self.heads.items() if h.level == level
                          and not is_group_title(h.text) and not self._titles_a_group(i, h)}
        return found

    def _mark_headings(self, questions: set[int]) -> dict[int, int | None]:
        """Emit heading markers; return, per structural line, the level of the
        question heading whose answer it is in (None when outside one)."""
        scope: dict[int, int | None] = {}
        open_level: int | None = None
        for i in self.idx:
            h = self.heads.get(i)
            if h is not None:
                deeper = open_level is not None and h.level > open_level
                text = strip_emphasis(h.text)
                if i in questions or (deeper and self.rule.kind == "auto"
                                      and has_question_mark(text)):
                    number, question = _heading_question(text)
                    if question:
                        self.markers[i] = Marker(i, Kind.QUESTION, question, number,
                                                 closes=h.level)
                        open_level = h.level
                elif not deeper:
                    self.markers[i] = Marker(i, Kind.SECTION, plain(text), level=h.level)
                    open_level = None
            scope[i] = open_level
        return scope

    # -- lists -------------------------------------------------------------------------
    def _runs(self, scope: dict[int, int | None]) -> tuple[list[_Run], dict[int, list[Item]]]:
        runs: dict[tuple[object, ...], _Run] = {}
        order: list[_Run] = []
        children: dict[int, list[Item]] = {}
        stack: list[Item] = []
        block = 0
        last_number: dict[tuple[object, ...], int] = {}
        for i in self.idx:
            line = self.lines[i]
            if i in self.heads or is_rule(line):
                block, stack = block + 1, []
                continue
            item = list_item(line, i) if q_line(line) is None else None
            if item is None:
                if line.strip() and not line[:1].isspace():
                    stack = []  # prose at the margin ends any nesting
                continue
            while stack and stack[-1].indent >= item.indent:
                stack.pop()
            parent = stack[-1] if stack else None
            key: tuple[object, ...] = (block, parent.line if parent else None, item.kind,
                                       item.indent)
            if item.kind == "numbered":
                n = int(item.number)
                if n <= last_number.get(key, -1):
                    block += 1  # the numbering restarts: a new list
                    key = (block, *key[1:])
                last_number[key] = n
            run = runs.get(key)
            if run is None:
                run = runs[key] = _Run(parent=parent,
                                       under_question_heading=scope.get(i) is not None)
                order.append(run)
            run.items.append(item)
            if parent is not None:
                children.setdefault(parent.line, []).append(item)
            stack.append(item)
        return order, children

    def _run_questions(self, run: _Run) -> list[Item]:
        kind = self.rule.kind
        cand = [it for it in run.items if not is_group_title(it.text)]
        if kind == "numbered":
            return cand if run.items[0].kind == "numbered" else []
        if kind != "auto" or not cand:
            return []
        asking = [it for it in cand if asks(it.text)]
        share = len(asking) / len(cand)
        numbered = run.items[0].kind == "numbered"
        if run.under_question_heading:
            # Inside an answer only a list of obvious questions starts new ones.
            if run.items[0].indent > 0 or len(cand) < 2:
                return []
            if numbered:
                return cand if share >= 0.7 else []
            return cand if all(has_question_mark(it.text) for it in cand) else []
        if len(cand) == 1:
            return asking
        return cand if share >= (0.5 if numbered else 0.7) else []

    def _mark_lists(self, scope: dict[int, int | None]) -> None:
        if self.rule.kind not in ("auto", "numbered", "bullets"):
            return
        runs, children = self._runs(scope)
        decided: dict[int, str] = {}  # item line -> "question" | "group" | "text"
        for run in runs:
            parent = run.parent
            if parent is not None and decided.get(parent.line) != "group":
                for it in run.items:
                    decided[it.line] = "text"
                continue
            if self.rule.kind == "bullets":
                if run.items[0].kind != "bullet":
                    continue
                questions = [it for it in run.items if it.line not in children]
            elif self.rule.kind == "numbered" and parent is not None:
                questions = []  # numbered: only the outermost numbered list
            else:
                questions = self._run_questions(run)
            chosen = {it.line for it in questions}
            for it in run.items:
                text = plain(it.text)
                if it.line in chosen and text:
                    decided[it.line] = "question"
                    # Outside any group title, it ends the groups above it.
                    closes = _GROUP_LEVEL if parent is None else None
                    self.markers[it.line] = Marker(it.line, Kind.QUESTION, text, it.number,
                                                   closes=closes)
                elif it.line in children:
                    decided[it.line] = "group"
                    level = _GROUP_LEVEL + it.indent // 2
                    self.markers[it.line] = Marker(it.line, Kind.SECTION, text, level=level)
                else:
                    decided[it.line] = "text"
        self._drop_empty_groups(children, decided)

    def _drop_empty_groups(self, children: dict[int, list[Item]], decided: dict[int, str]) -> None:
        """A group item none of whose descendants is a question is answer text."""
        def holds_question(line: int) -> bool:
            return any(decided.get(c.line) == "question" or holds_question(c.line)
                       for c in children.get(line, []))
        for line, what in decided.items():
            if what == "group" and not holds_question(line):
                self.markers.pop(line, None)

    # -- Q:/A:, tables, bold and starred lines -------------------------------------------
    def _mark_pairs(self) -> None:
        if self.rule.kind not in ("auto", "qa"):
            return
        for i in self.idx:
            line = self.lines[i]
            q = q_line(line)
            if q is not None:
                number, question, answer = q
                self.markers[i] = Marker(i, Kind.QUESTION, question, number,
                                         inline_answer=answer, closes=_GROUP_LEVEL)
                continue
            bare = strip_answer_prefix(line)
            if bare is not None and i not in self.heads:
                self.lines[i] = bare
                continue
            if self.rule.kind != "auto" or i in self.markers:
                continue
            star = star_question(line)
            if star is not None:
                self.markers[i] = Marker(i, Kind.QUESTION, star[2], star[1], difficulty=star[0])
                continue
            stripped = line.strip()
            if (stripped.startswith("**") and stripped.rstrip(":：").endswith("**")
                    and has_question_mark(stripped) and i not in self.heads):
                number, question = split_number(plain(stripped))
                if question:
                    self.markers[i] = Marker(i, Kind.QUESTION, question, number)
        for row, question, answer in qa_table_rows(self.lines, self.structural):
            self.markers[row] = Marker(row, Kind.QUESTION, question, inline_answer=answer,
                                       closes=_GROUP_LEVEL)

    def _mark_breaks(self) -> None:
        """``---`` right after a list question: the rest is a remark, not its answer."""
        ordered = sorted(self.markers)
        for i in self.idx:
            if not is_rule(self.lines[i]) or i in self.markers:
                continue
            before = [m for m in ordered if m < i]
            if not before or list_item(self.lines[before[-1]], before[-1]) is None:
                continue
            marker = self.markers[before[-1]]
            nxt = self._next_line(i)
            if (marker.kind is Kind.QUESTION and nxt is not None and nxt not in self.markers
                    and list_item(self.lines[nxt], nxt) is None):
                self.markers[i] = Marker(i, Kind.END)

    def _dedent_list_answers(self, items: set[int]) -> None:
        """The indented lines under a list question are its answer: drop the indent
        they share, or Markdown would read them as code."""
        ordered = sorted(self.markers)
        for pos, start in enumerate(ordered):
            if start not in items:
                continue
            stop = ordered[pos + 1] if pos + 1 < len(ordered) else len(self.lines)
            body = range(start + 1, stop)
            widths = [len(self.lines[i]) - len(self.lines[i].lstrip()) for i in body
                      if self.lines[i].strip()]
            cut = min(widths, default=0)
            for i in body:
                self.lines[i] = self.lines[i][cut:] if self.lines[i].strip() else ""

    def _mark_late_answers(self) -> None:
        """``### 3.`` after a list of questions: the answer to question 3, given later
        (the shape of the shipped 004, with only the number repeated)."""
        asked: dict[str, Marker] = {}
        for i in sorted(self.markers):
            marker = self.markers[i]
            if marker.kind is Kind.QUESTION and marker.number and i not in self.heads:
                asked[marker.number] = marker
            elif marker.kind is Kind.SECTION and i in self.heads:
                m = _NUMBER_ONLY_RE.match(marker.text)
                if m and m.group(1) in asked:
                    q = asked.pop(m.group(1))
                    self.markers[i] = Marker(i, Kind.ANSWER, q.text, q.number)

    def read(self) -> tuple[list[str], list[Marker]]:
        scope = self._mark_headings(self._heading_questions())
        self._mark_lists(scope)
        self._mark_late_answers()
        items = {i for i, m in self.markers.items()
                 if m.kind is Kind.QUESTION and i not in self.heads}
        self._mark_pairs()
        for end in self.list_ends:
            self.markers.setdefault(end, Marker(end, Kind.END))
        self._mark_breaks()
        self._dedent_list_answers(items)
        return self.lines, sorted(self.markers.values(), key=lambda m: m.line)


def read_notes(lines: list[str], rule: Rule = AUTO) -> tuple[list[str], list[Marker]]:
    """The document's lines as the answers should be cut from (front matter, comments
    and ``A:`` labels blanked in place) and its markers."""
    return _Notes(lines, rule).read()
