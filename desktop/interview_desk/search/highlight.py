"""Highlighted snippets that cut at Chinese and English sentence ends.

Matching runs on the folded text stored in the index (same length as the original), so
the spans found there index the original text directly and nothing is re-segmented at
query time: Chinese terms are found as substrings, Latin words by stemming each word
of the candidate text and comparing with the query's stems.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from interview_desk.corpus.tex_text import math_spans, tex_to_text
from interview_desk.search.analyzer import stem

SNIPPET_CHARS = 160
_LATIN_PART = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
# A sentence ends after 。！？；!?; or an English full stop followed by a space, or a line.
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]?|\.(?=\s)|\n")
_SOFT_BREAK = re.compile(r"[，、,：:\s]")
# Math as the answers write it (see render/mdparse.py): shown as Unicode text.


def _has_han(text: str) -> bool:
    # Not a regular expression: compiling [\u3400-\u9fff] costs more than a query's use.
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


@dataclass(frozen=True)
class HighlightTerms:
    """Folded terms to mark: Chinese words and Latin stems (or compounds such as top-p)."""

    han: frozenset[str] = frozenset()
    latin: frozenset[str] = frozenset()
    _han_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _latin_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> HighlightTerms:
        han: set[str] = set()
        latin: set[str] = set()
        for term in terms:
            if not term:
                continue
            (han if _has_han(term) else latin).add(term)
        pattern = None
        if han:
            # Longest first, so 位置编码 wins over 位置 at the same place.
            alternatives = sorted(han, key=len, reverse=True)
            pattern = re.compile("|".join(re.escape(t) for t in alternatives))
        latin_pattern = None
        if latin:
            # Only words that start like a query term (a stem is a prefix of its words,
            # "top" of "top-p") are stemmed and checked: most words of an answer are not.
            starts = sorted({t.split("-")[0].split("_")[0][:4] for t in latin}, key=len,
                            reverse=True)
            latin_pattern = re.compile(
                r"(?<![a-z0-9])(?:" + "|".join(re.escape(t) for t in starts if t) +
                r")[a-z0-9]*(?:[-_][a-z0-9]+)*(?:\.\d+)?")
        return cls(frozenset(han), frozenset(latin), pattern, latin_pattern)

    def __bool__(self) -> bool:
        return bool(self.han or self.latin)

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) spans of matches in ``folded``."""
        found: list[tuple[int, int]] = []
        if self._han_re is not None:
            found.extend(m.span() for m in self._han_re.finditer(folded))
        if self._latin_re is not None:
            for m in self._latin_re.finditer(folded):
                word = m.group()
                if word in self.latin or stem(word) in self.latin:
                    found.append(m.span())
                    continue
                for part in _LATIN_PART.finditer(word):
                    if part.group() in self.latin or stem(part.group()) in self.latin:
                        found.append((m.start() + part.start(), m.start() + part.end()))
        return _merge(found)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mark_html(text: str, spans: Iterable[tuple[int, int]], offset: int = 0) -> str:
    """``text`` HTML-escaped with each span wrapped in ``<b class="hit">``."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= pos or start >= len(text):
            continue
        start = max(start, pos)
        out.append(html.escape(text[pos:start]))
        out.append(f'<b class="hit">{html.escape(text[start:end])}</b>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Snippet:
    text: str  # plain text, one line, "…" where it was cut
    html: str
    hits: int  # how many matches it shows


def _sentences(folded: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(folded):
        if m.end() > start:
            bounds.append((start, m.end()))
        start = m.end()
    if start < len(folded):
        bounds.append((start, len(folded)))
    return [(s, e) for s, e in bounds if folded[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def make_snippet(original: str, folded: str, terms: HighlightTerms,
                 max_chars: int = SNIPPET_CHARS) -> Snippet:
    """The best passage of ``original``: the sentence with the most distinct matches,
    continued with the following sentences up to ``max_chars``."""
    if not original:
        return Snippet("", "", 0)
    spans = terms.spans(folded) if terms else []
    sentences = _sentences(folded) or [(0, len(folded))]
    best = 0
    if spans:
        # One pass: spans and sentences are both in text order.
        distinct: dict[int, set[str]] = {}
        counts: dict[int, int] = {}
        i = 0
        for a, b in spans:
            while i < len(sentences) - 1 and a >= sentences[i][1]:
                i += 1
            distinct.setdefault(i, set()).add(folded[a:b])
            counts[i] = counts.get(i, 0) + 1
        best = max(distinct, key=lambda k: (len(distinct[k]), counts[k], -k))
    s_start, s_end = sentences[best]
    if s_end - s_start > max_chars:
        # A long sentence: a window around its first match, cut at a soft break.
        first = next((a for a, _ in spans if s_start <= a < s_end), s_start)
        start = max(s_start, first - max_chars // 4)
        if start > s_start:
            brk = _SOFT_BREAK.search(folded, start, first) if first > start else None
            start = brk.end() if brk else start
        end = min(s_end, start + max_chars)
        cut_before, cut_after = start > s_start, end < s_end
    else:
        start, end = s_start, s_end
        cut_before = cut_after = False
        for _, e in sentences[best + 1:]:
            if e - start > max_chars:
                break
            end = e
    maths = math_spans(original)
    start, end = _whole_formulas(maths, start, end)
    start, end = _trim(original, start, end)
    shown = [(a, b) for a, b in spans if a < end and b > start]
    body_text, body_html = _body(original, start, end, shown, maths)
    prefix = "…" if cut_before else ""
    suffix = "…" if cut_after else ""
    html_text = html.escape(prefix) + body_html + html.escape(suffix)
    return Snippet(prefix + body_text + suffix, html_text, body_html.count('<b class="hit">'))


def _whole_formulas(maths: list[tuple[int, int, str]], start: int,
                    end: int) -> tuple[int, int]:
    """Widen a window that cuts a formula so the formula is shown whole."""
    for a, b, _ in maths:
        if a < start < b:
            start = a
        if a < end < b:
            end = b
    return start, end


def _body(original: str, start: int, end: int, shown: list[tuple[int, int]],
          maths: list[tuple[int, int, str]]) -> tuple[str, str]:
    """Plain text and HTML of ``original[start:end]``: one line, formulas as readable
    Unicode text (a formula holding a match is marked whole)."""
    text_parts: list[str] = []
    html_parts: list[str] = []
    pos = start
    for a, b, tex in [*((a, b, t) for a, b, t in maths if start <= a and b <= end),
                      (end, end, "")]:
        piece = _one_line(original[pos:a])
        text_parts.append(piece)
        html_parts.append(mark_html(piece, shown, offset=pos))
        if b > a:
            readable = tex_to_text(tex)
            text_parts.append(readable)
            hit = any(x < b and y > a for x, y in shown)
            marked = html.escape(readable)
            html_parts.append(f'<b class="hit">{marked}</b>' if hit else marked)
        pos = b
    return "".join(text_parts), "".join(html_parts)


def _one_line(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
