"""Markers -> entries: cut out answers, attach late answers, merge repeats, assign ids."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import pairwise

from interview_desk.corpus.boundaries import (
    outside_text,
    split_closing,
    split_hint,
    split_lead_in,
)
from interview_desk.corpus.katex import repair_katex
from interview_desk.corpus.lines import code_mask, is_badge, is_blank, is_rule, match_key
from interview_desk.corpus.markers import Kind, Marker
from interview_desk.corpus.model import Entry

_SLUG_RE = re.compile(r"[^\w.-]+")


@dataclass
class _Draft:
    question: str
    number: str
    section_path: tuple[str, ...]
    difficulty: int | None
    line: int  # 0-based
    answer: str | None = None
    answer_span: tuple[int, int] | None = None  # answer text lines, 0-based inclusive
    body_end: int | None = None  # last answer line when the answer follows directly
    hint: str = ""
    lead_in: str = ""

    @property
    def key(self) -> str:
        return match_key(self.question)


def _body(lines: list[str], start: int, stop: int) -> tuple[str | None, tuple[int, int] | None]:
    """The answer text in ``lines[start:stop]`` with blank, rule and badge lines trimmed
    from both ends, and the lines it spans; ``(None, None)`` when nothing is left."""
    lo, hi = start, stop - 1
    while lo <= hi and (is_blank(lines[lo]) or is_rule(lines[lo]) or is_badge(lines[lo])):
        lo += 1
    while hi >= lo and (is_blank(lines[hi]) or is_rule(lines[hi]) or is_badge(lines[hi])):
        hi -= 1
    if lo > hi:
        return None, None
    # Lines as written: trailing double spaces are Markdown line breaks.
    return "\n".join(lines[lo:hi + 1]), (lo, hi)


class _Unanswered:
    """Questions still waiting for an answer, found by number and wording or by wording."""

    def __init__(self) -> None:
        self._by_number: dict[tuple[str, str], list[_Draft]] = {}
        self._by_key: dict[str, list[_Draft]] = {}

    def add(self, draft: _Draft) -> None:
        self._by_number.setdefault((draft.number, draft.key), []).append(draft)
        self._by_key.setdefault(draft.key, []).append(draft)

    def take(self, marker: Marker) -> _Draft | None:
        key = match_key(marker.text)
        for bucket in (self._by_number.get((marker.number, key)), self._by_key.get(key)):
            while bucket:
                draft = bucket.pop(0)
                if draft.answer is None:
                    return draft
        return None


@dataclass
class BuiltDocument:
    entries: list[Entry]
    overview: str  # Markdown of the title, introduction and closing words


def _drafts(lines: list[str], markers: list[Marker]) -> tuple[list[_Draft], list[tuple[int, int]]]:
    """Drafts in document order, and the line spans outside every answer that speak
    for the whole document (text before the first marker, document titles)."""
    # A "question" of only punctuation ("## ?") is not one; its line stays answer text.
    markers = sorted((m for m in markers if m.kind in (Kind.SECTION, Kind.STOP, Kind.END)
                      or match_key(m.text)), key=lambda m: m.line)
    outside = [(0, (markers[0].line if markers else len(lines)) - 1)]
    stack: list[tuple[int, str]] = []
    drafts: list[_Draft] = []
    waiting = _Unanswered()
    for pos, marker in enumerate(markers):
        stop = markers[pos + 1].line if pos + 1 < len(markers) else len(lines)
        if marker.kind is Kind.SECTION:
            while stack and stack[-1][0] >= marker.level:
                stack.pop()
            stack.append((marker.level, marker.text))
            continue
        if marker.kind in (Kind.STOP, Kind.END):
            if marker.kind is Kind.STOP:
                stack.clear()
            outside.append((marker.line, stop - 1))
            continue
        if marker.closes is not None:
            while stack and stack[-1][0] >= marker.closes:
                stack.pop()
        answer, span = _body(lines, marker.line + 1, stop)
        if marker.inline_answer is not None:
            answer, span = marker.inline_answer.strip() or None, (marker.line, marker.line)
        if marker.kind is Kind.ANSWER:
            target = waiting.take(marker)
            if target is not None:
                target.answer, target.answer_span = answer, span
                continue
        path = tuple(title for _, title in stack)
        draft = _Draft(marker.text, marker.number, path, marker.difficulty, marker.line)
        draft.answer, draft.answer_span = answer, span
        draft.body_end = span[1] if span else None
        drafts.append(draft)
        if answer is None:
            waiting.add(draft)
    return _merge_repeats(drafts), outside


def _set_span(lines: list[str], draft: _Draft, span: tuple[int, int] | None) -> None:
    draft.answer, draft.answer_span = _body(lines, span[0], span[1] + 1) if span else (None, None)
    draft.body_end = draft.answer_span[1] if draft.answer_span else None


def _fix_boundaries(lines: list[str], drafts: list[_Draft]) -> str:
    """Move hint lines, lead-ins and a closing paragraph out of answers (see
    ``boundaries``); returns the closing text."""
    direct = sorted((d for d in drafts if d.body_end is not None and d.answer_span),
                    key=lambda d: d.line)
    by_line = sorted(drafts, key=lambda d: d.line)
    following = {id(d): n for d, n in pairwise(by_line)}
    in_code = code_mask(lines)
    closing = ""
    for d in direct:
        if d.answer_span is None:
            continue
        d.hint, span = split_hint(lines, d.line, d.answer_span)
        if d.hint:
            _set_span(lines, d, span)
        if d.answer_span is None:
            continue
        nxt = following.get(id(d))
        if nxt is None:
            span, closing = split_closing(lines, d.answer_span, in_code)
            if closing:
                _set_span(lines, d, span)
            continue
        span, lead_in = split_lead_in(lines, d.answer_span, in_code)
        if lead_in:
            _set_span(lines, d, span)
            nxt.lead_in = lead_in
    return closing


def _merge_repeats(drafts: list[_Draft]) -> list[_Draft]:
    """A question listed twice (a list on top repeated with answers further down) is one
    question: keep the answered copy, and its number when only the list had one."""
    by_key: dict[str, list[_Draft]] = {}
    for d in drafts:
        by_key.setdefault(d.key, []).append(d)
    dropped: set[int] = set()
    for group in by_key.values():
        answered = [d for d in group if d.answer is not None]
        if len(group) < 2 or not answered:
            continue
        keeper = answered[0]
        for d in group:
            if d is not keeper and d.answer is None:
                dropped.add(id(d))
                if not keeper.number and d.number:
                    keeper.number = d.number
    return [d for d in drafts if id(d) not in dropped]


def id_prefix(source: str) -> str:
    """``"003"`` for ``003_44fb7fc701a0187b.md``; a space-free slug of the stem otherwise."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = re.match(r"^(\d+)_[0-9a-f]{6,}$", stem)
    if m:
        return m.group(1)
    return _SLUG_RE.sub("-", stem).strip("-")[:24] or "doc"


def build_entries(lines: list[str], markers: list[Marker], source: str) -> list[Entry]:
    return build_document(lines, markers, source).entries


def build_document(lines: list[str], markers: list[Marker], source: str) -> BuiltDocument:
    prefix = id_prefix(source)
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    drafts, outside = _drafts(lines, markers)
    closing = _fix_boundaries(lines, drafts)
    overview = "\n\n".join(x for x in (outside_text(lines, outside), closing) if x)
    for d in drafts:
        # The id hashes the question's own words only, so edits elsewhere never move it;
        # a repeated question gets "-2", "-3" in document order.
        digest = hashlib.sha1(f"{source}\n{d.key or d.question}".encode()).hexdigest()[:8]
        base = f"{prefix}-{digest}"
        seen[base] = seen.get(base, 0) + 1
        entry_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        line_end = d.body_end if d.body_end is not None else d.line
        span = (d.answer_span[0] + 1, d.answer_span[1] + 1) if d.answer_span else None
        repair = repair_katex(d.answer) if d.answer else None
        entries.append(Entry(
            id=entry_id, source=source, section_path=d.section_path, number=d.number,
            question=d.question, answer=repair.text if repair else d.answer,
            difficulty=d.difficulty, line_start=d.line + 1, line_end=line_end + 1,
            answer_span=span, hint=d.hint, lead_in=d.lead_in,
            source_answer=d.answer if repair and repair.changed else None,
            repaired=tuple(f.tex for f in repair.formulas) if repair else (),
        ))
    return BuiltDocument(entries, repair_katex(overview).text)
