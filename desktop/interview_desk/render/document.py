"""An entry (question, answer, optional machine draft) -> one HTML document for the reader."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from interview_desk.corpus.model import Entry
from interview_desk.render.html import RenderContext, heading_levels, img_tag
from interview_desk.render.math import MathImage, TextMetrics
from interview_desk.render.mdparse import convert_script, parse, parser
from interview_desk.render.plain import visible_text
from interview_desk.render.theme import BODY_PX, Palette, palette
from interview_desk.script import convert, to_simplified


@dataclass(frozen=True)
class EntryLabels:
    """The two lines the renderer writes itself; the window passes its language's."""

    no_answer: str = "No answer in the source"
    draft: str = "Machine-drafted, not from the source"


ENGLISH = EntryLabels()
_IMG = re.compile(r'<img src="math:([0-9a-f]+)" width="[\d.]+" height="[\d.]+"( style="[^"]*")?>')


@dataclass
class RenderedDoc:
    """HTML for QTextBrowser plus the math images it refers to as ``math:NAME``."""

    html: str
    math: dict[str, MathImage] = field(default_factory=dict)
    theme: str = "light"
    script: str = "original"
    tables: int = 0
    code_blocks: int = 0
    formulas: int = 0
    math_fallbacks: list[str] = field(default_factory=list)
    # Which Han glyph forms the text uses, so the reader can pick a TC or SC font.
    han: str = "simplified"
    repaired: int = 0  # formulas reconstructed from copied KaTeX text (with a tooltip)
    math_tex: dict[str, str] = field(default_factory=dict)  # image name -> TeX
    # Formulas shown as TeX source because they were not rendered yet (text-first
    # rendering, ``cached_math_only``); 0 in a complete document.
    math_pending: int = 0

    @property
    def text(self) -> str:
        """The visible text, formulas as readable Unicode (see ``visible_text``)."""
        return visible_text(self.html, self.math_tex)

    @property
    def images(self) -> dict[str, bytes]:
        """SVG 1.1 bytes by resource name (``math:NAME`` in the HTML)."""
        return {name: image.svg for name, image in self.math.items()}

    def html_at(self, scale: float, text: TextMetrics | None = None,
                max_width: float = float("inf")) -> str:
        """The HTML with math sized for a zoom factor (text zooms with the default font).

        ``text``: the reader's font metrics at that zoom, so inline formulas land on the
        baseline; estimated for Noto Sans CJK if not given. Display formulas wider than
        ``max_width`` px are shrunk to fit.
        """
        metrics = text or TextMetrics.estimate(BODY_PX * scale)
        return _IMG.sub(lambda m: img_tag(self.math[m.group(1)], scale, metrics, max_width),
                        self.html)

    def widest_display(self, scale: float) -> float:
        """Width in px of the widest display formula at ``scale`` (0 if none)."""
        return max((m.width * scale for m in self.math.values() if m.display), default=0.0)


def _markdown_html(text: str, ctx: RenderContext, script: str) -> str:
    tokens = parse(text)
    convert_script(tokens, script)
    ctx.heading_levels = heading_levels(tokens)
    md = parser()
    return md.renderer.render(tokens, md.options, {"ctx": ctx})


def _inline_html(text: str, ctx: RenderContext, script: str) -> str:
    """A one-line Markdown string (a question) without the paragraph around it."""
    body = _markdown_html(text, ctx, script).strip()
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        body = body[3:-4]
    return body


def _notice(body: str, bg: str, border: str) -> str:
    # The background goes on the cell: Qt ignores it on the table itself.
    return (f'<table width="100%" cellspacing="0" cellpadding="10" style="margin-top:8px; '
            f'margin-bottom:8px; border: 1px solid {border}; border-collapse: collapse">'
            f'<tr><td style="background-color:{bg}">{body}</td></tr></table>\n')


def _meta_line(entry: Entry, p: Palette, script: str) -> str:
    # The section says where the question sits; the file name only when there is none.
    parts = [convert(" / ".join(entry.section_path), script) if entry.section_path
             else entry.source]
    if entry.number:
        parts.append(f"#{entry.number}")
    if entry.difficulty:
        parts.append("★" * entry.difficulty + "☆" * max(0, 5 - entry.difficulty))
    text = " · ".join(html.escape(x) for x in parts)
    return f'<p style="color:{p.muted}; margin-top:0; margin-bottom:10px">{text}</p>\n'


def render_markdown(text: str, *, script: str = "original", theme: str = "light") -> RenderedDoc:
    """Any Markdown (a note, a chat reply) as a standalone document."""
    p = palette(theme)
    ctx = RenderContext(palette=p, script=script)
    doc = _document(_markdown_html(text, ctx, script), ctx, theme, script)
    doc.han = _han(text[:400], script)
    return doc


def render_entry(entry: Entry, *, script: str = "original", theme: str = "light",
                 draft: str | None = None, cached_math_only: bool = False,
                 labels: EntryLabels = ENGLISH) -> RenderedDoc:
    """Question title, source line, the answer (or a plain 'no answer'), and a draft
    from the tutor, if any, in a box labelled as machine-drafted.

    ``cached_math_only``: formulas not in the math cache stay TeX source (counted in
    ``math_pending``): the text in milliseconds, for the reader to show first.
    """
    p = palette(theme)
    ctx = RenderContext(palette=p, script=script, repaired_tex=frozenset(entry.repaired),
                        cached_math_only=cached_math_only)
    parts = []
    if entry.lead_in:  # the sentence in the document that introduces this question
        parts.append(f'<p style="color:{p.muted}; margin-bottom:2px">'
                     f"{_inline_html(entry.lead_in, ctx, script)}</p>\n")
    parts.append(f'<h2 style="margin-bottom:4px">{_inline_html(entry.question, ctx, script)}'
                 f"</h2>\n")
    if entry.hint:  # written under the question in the document: part of the question
        parts.append(f'<p style="color:{p.muted}; margin-top:0; margin-bottom:4px"><i>'
                     f"{_inline_html(entry.hint, ctx, script)}</i></p>\n")
    parts.append(_meta_line(entry, p, script))
    if entry.answered:
        parts.append(_markdown_html(entry.answer or "", ctx, script))
    else:
        no_answer = html.escape(labels.no_answer)
        parts.append(_notice(f'<span style="color:{p.muted}">{no_answer}</span>',
                             p.note_bg, p.note_border))
    if draft and draft.strip():
        label = (f'<p style="color:{p.muted}; margin-top:0"><b>{html.escape(labels.draft)}'
                 f"</b></p>\n")
        parts.append(_notice(label + _markdown_html(draft, ctx, script),
                             p.draft_bg, p.draft_border))
    doc = _document("".join(parts), ctx, theme, script)
    doc.han = _han(entry.question + (entry.answer or "")[:400], script)
    return doc


def warm_math(entries: Iterable[Entry], *, theme: str = "light") -> int:
    """Render (and so cache, in memory and on disk) every formula in ``entries``.

    Meant for a background worker at start-up, so the first look at a math-heavy
    answer does not wait for ziamath. Returns the number of formulas seen.
    """
    formulas = 0
    for entry in entries:
        text = entry.answer or ""
        if "$" in text or "\\(" in text or "\\[" in text:
            formulas += render_entry(entry, theme=theme).formulas
    return formulas


def _han(sample: str, script: str) -> str:
    if script in ("simplified", "traditional"):
        return script
    return "traditional" if to_simplified(sample) != sample else "simplified"


def _document(body: str, ctx: RenderContext, theme: str, script: str) -> RenderedDoc:
    p = ctx.palette
    page = (f'<html><body style="color:{p.text}; background-color:{p.background}">\n'
            f"{body}</body></html>")
    return RenderedDoc(html=page, math=dict(ctx.images), theme=p.name, script=script,
                       tables=ctx.tables, code_blocks=ctx.code_blocks, formulas=ctx.formulas,
                       math_fallbacks=list(ctx.math_fallbacks), repaired=ctx.repaired,
                       math_tex=dict(ctx.image_tex), math_pending=ctx.math_pending)
