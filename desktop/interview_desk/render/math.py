"""LaTeX -> SVG 1.1 with ziamath (offline, bundled STIX font), cached, never raising.

Inline formulas sit on the text baseline through ``vertical-align: middle``, whose Qt 6
behaviour was measured (tests/ui/test_reader_math.py checks it): the image gets ascent
``(H + hx) / 2`` and descent ``(H - hx) / 2`` in the line (``hx`` = half the font's
integer x-height), but is drawn centred in the *line box*. An image that is at least as
tall as the font on both sides of the baseline sets that box itself, and then its centre
is exactly ``hx / 2`` above the baseline for every image on the line; ``MathImage.box``
pads each inline formula to that shape (lines with inline math grow a little below).

Chinese inside ``\\text{}`` has no glyph in STIX, so top-level Chinese runs are split
out and shown as ordinary text between the math images (Qt's font fallback draws them).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from interview_desk.render import math_cache

log = logging.getLogger(__name__)

_ZIAMATH_LOCK = threading.Lock()  # ziamath keeps module-level state; one render at a time

_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
MAX_TEX_CHARS = 1500
MAX_TEX_DEPTH = 8
_TEXT_COMMANDS = ("\\text", "\\textrm", "\\mathrm", "\\mbox", "\\textbf", "\\mathbf")


@dataclass(frozen=True, slots=True)
class MathImage:
    """One rendered formula: SVG bytes and its metrics in CSS px at zoom 1."""

    name: str
    svg: bytes
    width: float
    ascent: float  # above the formula's baseline
    descent: float  # below it
    display: bool

    def box(self, scale: float, text: TextMetrics,
            max_width: float = float("inf")) -> tuple[float, float, float]:
        """(width, height, top padding) in px at ``scale`` next to text with ``text``
        metrics (already at that scale). Display formulas are not padded, and shrink
        to ``max_width`` (the reader's width) rather than make the page scroll sideways."""
        ascent, descent = self.ascent * scale, self.descent * scale
        if self.display:
            fit = min(1.0, max_width / (self.width * scale)) if self.width else 1.0
            return self.width * scale * fit, (ascent + descent) * fit, 0.0
        # Padded ascent a' and descent d' with a' - d' == hx, both past the font's.
        hx = text.half_x
        padded_ascent = max(ascent, descent + hx, text.ascent, text.descent + hx)
        return self.width * scale, 2 * padded_ascent - hx, padded_ascent - ascent


@dataclass(frozen=True, slots=True)
class TextMetrics:
    """The text font beside inline math, in px: ascent, descent, half its x-height
    (Qt rounds the x-height to whole pixels first)."""

    ascent: float
    descent: float
    half_x: float

    @classmethod
    def estimate(cls, font_px: float) -> TextMetrics:
        """Noto Sans CJK's proportions, for HTML made without a reader at hand."""
        return cls(font_px * 1.160, font_px * 0.288, int(font_px * 0.543) / 2)


@dataclass(frozen=True, slots=True)
class MathPiece:
    """Part of a formula: an image, or a run of plain text (Chinese split out of it)."""

    image: MathImage | None = None
    text: str = ""


class NotCached(Exception):
    """A formula asked for with ``cached_only`` that would need rendering."""


@lru_cache(maxsize=2048)
def render_tex(tex: str, *, display: bool, color: str, size: float,
               cached_only: bool = False) -> MathImage | None:
    """Render one formula, or None when ziamath cannot (the caller shows the source).

    Cached in memory and on disk (``math_cache``); a cached SVG that does not parse is
    rendered again. ``cached_only``: raise :class:`NotCached` instead of rendering.
    """
    name = math_cache.key(tex, display, color, size)
    cached = math_cache.load(name)
    if cached is not None:
        image = _image(name, cached, display)
        if image is not None:
            return image
    if cached_only:
        raise NotCached(tex)
    try:
        with _ZIAMATH_LOCK:
            latex = _ziamath().Latex(tex, size=size, color=color, inline=not display, margin=1.0)
            svg = latex.svg()
    except Exception as exc:  # ziamath/latex2mathml raise many kinds; all mean "cannot"
        log.info("math: cannot render %r: %s: %s", tex[:80], type(exc).__name__, exc)
        return None
    image = _image(name, svg or "", display)
    if image is not None:
        math_cache.store(name, svg)
    return image


def _ziamath() -> Any:
    """ziamath, imported at the first formula that is not on disk: its import takes
    ~0.45 s (font tables, escape maps), which the window would otherwise pay before it
    shows, and cached formulas never need it. Called under ``_ZIAMATH_LOCK``."""
    import ziamath

    ziamath.config.svg2 = False  # SVG 1.1 (no <symbol>/<use> tricks QtSvg cannot draw)
    return ziamath


def _image(name: str, svg: str, display: bool) -> MathImage | None:
    m = _VIEWBOX.search(svg)
    if m is None or not svg.startswith("<svg"):
        return None
    _, top, width, height = (float(v) for v in m.groups())
    # ziamath puts the formula's baseline at y = 0 of its viewBox.
    return MathImage(name=name[:16], svg=svg.encode("utf-8"), width=width, ascent=-top,
                     descent=height + top, display=display)


def _group_end(tex: str, start: int) -> int:
    """Index just past the brace group opening at ``start``; -1 if unbalanced."""
    depth = 0
    i = start
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def split_cjk(tex: str) -> list[tuple[str, bool]] | None:
    """Split a formula into (piece, is_text) around top-level Chinese text.

    Returns None when Chinese sits where it cannot be split out (inside a fraction, a
    subscript...), so the caller falls back to showing the source.
    """
    pieces: list[tuple[str, bool]] = []
    math_start = 0
    depth = 0
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            cmd = next((c for c in _TEXT_COMMANDS if tex.startswith(c + "{", i)), None)
            if cmd is not None and depth == 0:
                end = _group_end(tex, i + len(cmd))
                if end < 0:
                    return None
                body = tex[i + len(cmd) + 1: end - 1]
                if _CJK.search(body):
                    pieces.append((tex[math_start:i], False))
                    pieces.append((body, True))
                    math_start = i = end
                    continue
                i = end
                continue
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif _CJK.match(ch):
            if depth:
                return None
            end = i
            while end < len(tex) and _CJK.match(tex[end]):
                end += 1
            pieces.append((tex[math_start:i], False))
            pieces.append((tex[i:end], True))
            math_start = i = end
            continue
        i += 1
    pieces.append((tex[math_start:], False))
    return [(p, t) for p, t in pieces if t or p.strip()]


def too_complex(tex: str) -> bool:
    """ziamath's layout time grows about 2.5x per nesting level (8 nested fractions:
    1.6 s here); beyond these bounds a formula is shown as source instead of stalling
    the render thread on someone's pathological Markdown."""
    if len(tex) > MAX_TEX_CHARS:
        return True
    depth = deepest = 0
    for ch in tex:
        if ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}":
            depth -= 1
    return deepest > MAX_TEX_DEPTH or tex.count("\\left") > MAX_TEX_DEPTH


def render_formula(tex: str, *, display: bool, color: str, size: float,
                   cached_only: bool = False) -> list[MathPiece] | None:
    """A formula as images and text runs; None when it cannot be rendered at all.

    ``cached_only``: raise :class:`NotCached` when any image would need rendering.
    """
    tex = tex.strip()
    if not tex or too_complex(tex):
        return None
    if not _CJK.search(tex):
        image = render_tex(tex, display=display, color=color, size=size,
                           cached_only=cached_only)
        return [MathPiece(image=image)] if image else None
    parts = split_cjk(tex)
    if not parts:
        return None
    pieces: list[MathPiece] = []
    for part, is_text in parts:
        if is_text:
            pieces.append(MathPiece(text=part))
            continue
        # Pieces sit in a line of text, so even display formulas render inline here.
        image = render_tex(part, display=False, color=color, size=size,
                           cached_only=cached_only)
        if image is None:
            return None
        pieces.append(MathPiece(image=image))
    return pieces
