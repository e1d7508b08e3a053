"""Repair of math copied from a web page that KaTeX rendered (pure; no Qt).

Copying KaTeX output as text yields every formula three times: the MathML text (glyphs
in source order), the TeX annotation, and the HTML text (the same glyphs, fractions
denominator first): ``WiQW_i^QWiQ``, ``dkd_kdk``, ``hhh``. ``repair_katex`` finds such
rendered/TeX/rendered triples and keeps the TeX as ``$...$`` (or ``$$...$$`` when the
triples fill their line, as display equations do).

A triple is accepted only when the middle part reads as TeX whose visible glyphs are
exactly the text before it, and the text after it holds the same glyphs. Bare repeats
(``hhh``, ``pospospos``) carry no TeX to check, so they count only in a text that
already holds a checked triple, and only between non-Latin neighbours ("Charles III"
or a "HHH" in English prose never qualifies). Code, URLs and existing math are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from interview_desk.corpus.tex_glyphs import (
    ACCENTS,
    ESCAPED,
    FUNCTIONS,
    SILENT,
    SYMBOLS,
    TEXT_COMMANDS,
)

_WILD = "\x00"  # a command we have no glyph for: matches any one character
# Glyph variants KaTeX substitutes; both sides are folded before comparing.
_FOLD = str.maketrans({"−": "-", "∗": "*", "·": "⋅", "′": "'", "∣": "|", "：": ":"})
# MathML's invisible operators (function application after \max, invisible times):
# newer KaTeX puts them in the copied text, its HTML copy never has them.
_INVISIBLE = frozenset("\u2061\u2062\u2063\u2064")
_START = re.compile(r"[A-Za-z0-9\\(\[{|-]")
_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
# Where TeX may be: a backslash, script or brace; an operator between letters or digits
# ("n+1", "T = 0.7"); a minus not after a word ("m-n", not "GPT-3", "top-p"). A word
# boundary cannot be asked for: a formula's rendered copies touch it on both sides.
_TRIGGER = re.compile(r"[\\^_{]|[A-Za-z0-9] ?[+=<>] ?[A-Za-z0-9]"
                      r"|(?<![A-Za-z]{2})[A-Za-z0-9] ?- ?[A-Za-z0-9]")
_BARE = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9]{0,5}?)\1\1(?![A-Za-z0-9_])")
_LATIN = re.compile(r"[A-Za-z0-9]")
_EMPHASIS = ("*", "_", "~")
_NOT_SYMBOL = re.compile(r"[\w()\[\]{}（）【】「」，。、：；！？,.;:!?\"'“”‘’]")
# Spans never searched: code, existing math, links.
_PROTECTED = re.compile(
    r"`+[^`\n]*`+|\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]|https?://\S+|www\.\S+"
    r"|\[[^\]\n]*\]\([^)\n]*\)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
MAX_R1 = 240  # the longest rendered run considered (a long display equation)
_WINDOW = 24  # how far before its first TeX marker a formula may begin


@dataclass(frozen=True, slots=True)
class RepairedFormula:
    tex: str
    original: str  # the tripled text it replaced
    display: bool


@dataclass(frozen=True, slots=True)
class KatexRepair:
    text: str
    formulas: tuple[RepairedFormula, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.formulas)


@dataclass(frozen=True, slots=True)
class _Triple:
    start: int  # rendered text before the TeX
    tex_start: int
    tex_end: int
    end: int  # just past the rendered text after it
    checked: bool  # the TeX was read and matched; False for a bare repeat


def _visible(s: str, q: int, limit: int) -> tuple[str, list[int]]:
    """Glyphs of TeX read from ``s[q:]`` in MathML order, and for each glyph the position
    just past the TeX token that made it, where the TeX is brace-balanced (else -1)."""
    vis: list[str] = []
    ends: list[int] = []
    depth = 0
    text_depths: list[int] = []  # depths at which a \text{...} group is open
    i, n = q, len(s)

    def emit(chars: str, pos: int) -> None:
        for ch in chars:
            if not ch.isspace():
                vis.append(ch)
                ends.append(pos if depth == 0 else -1)

    accents: dict[int, str] = {}  # group depth -> accent glyph shown after the group
    while i < n and len(vis) <= limit:
        ch = s[i]
        if ch in "$\n`":
            break
        if text_depths and text_depths[-1] == depth:  # inside \text{...}
            if ch == "}":
                text_depths.pop()
                depth -= 1
                i += 1
                if depth == 0 and ends:
                    ends[-1] = i  # a glyph's formula closes here
                continue
            if ch == "\\" and i + 1 < n and s[i + 1] in ESCAPED:
                emit(s[i + 1], i + 2)
                i += 2
                continue
            emit(ch, i + 1)
            i += 1
            continue
        if ch == "\\":
            m = re.match(r"[A-Za-z]+", s[i + 1:i + 24])
            if m is None:
                nxt = s[i + 1] if i + 1 < n else ""
                i += 2
                if nxt in ESCAPED:
                    emit(ESCAPED[nxt], i)
                continue  # \, \; \! \\ spacing and line breaks
            name = m.group()
            i += 1 + len(name)
            if name in TEXT_COMMANDS:
                j = i
                while j < n and s[j] == " ":
                    j += 1
                if j >= n or s[j] != "{":
                    break
                depth += 1
                text_depths.append(depth)
                i = j + 1
            elif name in ACCENTS:  # MathML: the base, then the accent mark
                if s[i:i + 1] == "{":
                    accents[depth + 1] = ACCENTS[name]
                elif s[i:i + 1].isalpha():
                    emit(s[i] + ACCENTS[name], i + 1)
                    i += 1
                else:
                    break
            elif name in SYMBOLS:
                emit(SYMBOLS[name], i)
            elif name in FUNCTIONS:
                emit(name, i)
            elif name not in SILENT:
                emit(_WILD, i)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth in accents:
                emit(accents.pop(depth), i + 1)
            depth -= 1
            if depth < 0:
                break
            if depth == 0 and ends:
                ends[-1] = i + 1
        elif ch in "^_&~ \t":
            pass
        elif ch == "'":
            emit("′", i + 1)
        elif ch == "*":
            emit("∗", i + 1)
        elif ch == "-":
            emit("−", i + 1)
        else:
            emit(ch, i + 1)
        i += 1
    return "".join(vis).translate(_FOLD), ends


def _same(rendered: str, glyphs: str) -> bool:
    """Glyph for glyph; an unknown command stands for one math symbol (not a letter,
    digit, bracket or Chinese character), and at least one glyph must be known."""
    if len(rendered) != len(glyphs) or glyphs.count(_WILD) == len(glyphs):
        return False
    return all(g == r or (g == _WILD and not _NOT_SYMBOL.match(r))
               for r, g in zip(rendered, glyphs, strict=True))


def _nonspace_back(s: str, q: int, lo: int) -> tuple[str, list[int]]:
    """Non-space characters of ``s[lo:q]`` from ``q`` backwards, with their positions."""
    chars, where = [], []
    for i in range(q - 1, lo - 1, -1):
        if not s[i].isspace() and s[i] not in _INVISIBLE:
            chars.append(s[i])
            where.append(i)
    return "".join(chars).translate(_FOLD), where


def _rendered_after(s: str, e: int, count: int) -> tuple[str, int] | None:
    """The next ``count`` non-space characters from ``e`` (no leading space) and the end."""
    if e >= len(s) or s[e].isspace():
        return None
    chars: list[str] = []
    i = e
    while i < len(s) and len(chars) < count:
        if s[i] == "\n":
            return None
        if not s[i].isspace() and s[i] not in _INVISIBLE:
            chars.append(s[i])
        i += 1
    return ("".join(chars).translate(_FOLD), i) if len(chars) == count else None


def _checked_at(s: str, q: int, lo: int) -> _Triple | None:
    """The longest triple whose TeX starts at ``q`` (its rendered copy no earlier than
    ``lo``)."""
    # The rendered copy ends right before the TeX, and its last glyph is a Latin
    # letter, digit or symbol (Chinese only comes out of \text{...}).
    if q == 0 or not _START.match(s, q) or s[q - 1].isspace() or (
            _CJK_CHAR.match(s[q - 1]) and "\\text" not in s[q:q + MAX_R1]):
        return None
    lo = max(lo, q - 2 * MAX_R1)
    # TeX opening with a letter or digit renders it first: its copy must begin with it.
    if s[q].isalnum() and s.rfind(s[q], lo, q) < 0:
        return None
    before, where = _nonspace_back(s, q, lo)
    if not before:
        return None
    glyphs, ends = _visible(s, q, min(len(before), MAX_R1))
    if not glyphs:
        return None
    first = glyphs[0]
    best: _Triple | None = None
    for size in range(1, min(len(before), len(glyphs)) + 1):
        end = ends[size - 1]
        if end < 0 or (first != _WILD and first != before[size - 1]):
            continue
        rendered = before[:size][::-1]
        if not _same(rendered, glyphs[:size]):
            continue
        tex = s[q:end]
        if not _TRIGGER.search(tex) or tex[-1] in "^_\\" or where[size - 1] == q:
            continue
        after = _rendered_after(s, end, size)
        if after is None:
            continue
        # The HTML copy has the same glyphs, fractions and roots in another order.
        if Counter(after[0]) != Counter(rendered):
            continue
        best = _Triple(where[size - 1], q, end, after[1], True)
    return best


def _non_latin_neighbours(s: str, start: int, end: int) -> bool:
    """A bare repeat stands apart from Latin words: "有 hhh 個頭", "（Query, QQQ）"."""
    before = s[:start].rstrip(" ")
    after = s[end:].lstrip(" ")
    # Nor is a word in emphasis ("**HHH**: Helpful, Honest, Harmless").
    return not (_LATIN.match(before[-1:]) or _LATIN.match(after[:1])
                or s[start - 1:start] in _EMPHASIS or s[end:end + 1] in _EMPHASIS)


def _checked(segment: str) -> list[_Triple]:
    found: list[_Triple] = []
    pos = 0
    starts: set[int] = set()
    for m in _TRIGGER.finditer(segment):
        starts.update(range(max(0, m.start() - _WINDOW), m.start() + 1))
    for q in sorted(starts):
        if q < pos:
            continue
        triple = _checked_at(segment, q, pos)
        if triple is not None:
            found.append(triple)
            pos = triple.end
    return found


def _bare(segment: str, taken: list[_Triple]) -> list[_Triple]:
    found = []
    for m in _BARE.finditer(segment):
        a, b = m.span()
        if any(a < t.end and b > t.start for t in taken):
            continue
        if _non_latin_neighbours(segment, a, b):
            k = len(m.group(1))
            found.append(_Triple(a, a + k, a + 2 * k, b, False))
    return found


def _line_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line outside fenced code, split around protected spans."""
    out: list[tuple[int, int]] = []
    pos = 0
    fence: str | None = None
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        cut = start
        for p in _PROTECTED.finditer(line):
            out.append((cut, start + p.start()))
            cut = start + p.end()
        out.append((cut, start + len(line)))
    return [(a, b) for a, b in out if b > a]


def _triples(text: str) -> list[tuple[int, _Triple]]:
    """(segment offset, triple) in text order; bare repeats only when a checked triple
    is somewhere in ``text``."""
    segments = [(a, text[a:b]) for a, b in _line_ranges(text)]
    checked = [(a, seg, _checked(seg)) for a, seg in segments]
    if not any(found for _, _, found in checked):
        return []
    hits: list[tuple[int, _Triple]] = []
    for a, seg, found in checked:
        both = sorted([*found, *_bare(seg, found)], key=lambda t: t.start)
        hits.extend((a, t) for t in both)
    return hits


def repair_katex(text: str) -> KatexRepair:
    """``text`` with copied-KaTeX triples replaced by their TeX (see the module doc)."""
    if not text or not _TRIGGER.search(text):
        return KatexRepair(text)
    hits = _triples(text)
    if not hits:
        return KatexRepair(text)
    out: list[str] = []
    formulas: list[RepairedFormula] = []
    pos = 0
    for offset, t in hits:
        start, end = offset + t.start, offset + t.end
        tex = text[offset + t.tex_start: offset + t.tex_end].strip()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        out.append(text[pos:start])
        display = _fills_line(text, line_start, line_end, hits)
        if display:
            # Display equations get a line each, indented like their line.
            indent = text[line_start:len(text) - len(text[line_start:].lstrip(" "))]
            sep = "" if start == line_start + len(indent) else "\n\n" + indent
            if sep:
                out[-1] = out[-1].rstrip(" ")
            out.append(f"{sep}$${tex}$$")
        else:
            out.append(f"${tex}$")
        formulas.append(RepairedFormula(tex, text[start:end], display))
        pos = end
    out.append(text[pos:])
    return KatexRepair("".join(out), tuple(formulas))


def _fills_line(text: str, line_start: int, line_end: int,
                hits: list[tuple[int, _Triple]]) -> bool:
    """True when the line holds nothing but checked triples (and spaces)."""
    rest = list(text[line_start:line_end])
    for off, t in hits:
        a, b = off + t.start, off + t.end
        if b <= line_start or a >= line_end:
            continue
        if not t.checked:
            return False
        for i in range(a, b):
            rest[i - line_start] = " "
    return not "".join(rest).strip()
