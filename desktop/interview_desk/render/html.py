"""Markdown tokens -> the HTML subset QTextDocument understands (HTML4 + a little CSS2).

No stylesheets, no flexbox, no padding on inline elements: colours and spacing go inline,
boxes (code, notices) are one-cell tables because table cells are the only blocks that
take padding, borders and a background together.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from interview_desk.render.code_language import guess_language
from interview_desk.render.highlight import highlight
from interview_desk.render.limits import HIDDEN_META, more_characters
from interview_desk.render.math import MathImage, NotCached, TextMetrics, render_formula
from interview_desk.render.theme import BODY_PX, MATH_SCALE, Palette
from interview_desk.script import convert

# The tooltip of a formula the corpus rebuilt from copied KaTeX text (corpus/katex.py).
REPAIRED_TIP = ("Reconstructed from text copied from a web page; the reader's "
                "\"Show source text\" shows it as written. / 由網頁複製的文字重建，"
                "「顯示原文」可看原樣")
MONO = "'JetBrains Mono','DejaVu Sans Mono','Cascadia Mono',Consolas,Menlo,monospace"


@dataclass
class RenderContext:
    """Per-document state shared by the render rules (passed in markdown-it's env)."""

    palette: Palette
    script: str = "original"  # Chinese split out of formulas is prose: it follows suit
    images: dict[str, MathImage] = field(default_factory=dict)
    heading_levels: dict[int, int] = field(default_factory=dict)
    tables: int = 0
    code_blocks: int = 0
    formulas: int = 0
    math_fallbacks: list[str] = field(default_factory=list)
    # TeX of formulas the corpus reconstructed from copied text (Entry.repaired); each
    # is shown with a tooltip saying so.
    repaired_tex: frozenset[str] = frozenset()
    repaired: int = 0
    image_tex: dict[str, str] = field(default_factory=dict)  # image name -> its TeX
    # Text first: formulas not yet in the math cache are shown as their TeX source and
    # counted, so the reader can show the page at once and the math a moment later.
    cached_math_only: bool = False
    math_pending: int = 0

    def math_html(self, tex: str, *, display: bool) -> str:
        """Images (and split-out Chinese text) for a formula, or its source as code."""
        body = self._formula_html(tex, display=display)
        if tex.strip() not in self.repaired_tex:
            return body
        self.repaired += 1
        return f'<span title="{html.escape(REPAIRED_TIP)}">{body}</span>'

    def _formula_html(self, tex: str, *, display: bool) -> str:
        self.formulas += 1
        try:
            pieces = render_formula(tex, display=display, color=self.palette.text,
                                    size=round(BODY_PX * MATH_SCALE, 2),
                                    cached_only=self.cached_math_only)
        except NotCached:
            self.math_pending += 1
            return self.tex_source_html(tex, display=display)
        if pieces is None:
            self.math_fallbacks.append(tex)
            return self.tex_source_html(tex, display=display)
        out = []
        for piece in pieces:
            if piece.image is None:
                text = convert(piece.text.strip(), self.script)
                out.append(f"&#8201;{html.escape(text)}&#8201;")
                continue
            self.images[piece.image.name] = piece.image
            self.image_tex.setdefault(piece.image.name, tex.strip())
            out.append(img_tag(piece.image, 1.0, TextMetrics.estimate(BODY_PX)))
        return "".join(out)

    def tex_source_html(self, tex: str, *, display: bool) -> str:
        code = html.escape(tex.strip())
        style = (f"font-family:{MONO}; background-color:{self.palette.inline_code_bg}; "
                 f"color:{self.palette.text}")
        if display:
            return f'<span style="{style}">$$ {code} $$</span>'
        return f'<span style="{style}">${code}$</span>'


def img_tag(image: MathImage, scale: float, text: TextMetrics,
            max_width: float = float("inf")) -> str:
    """The tag the reader resolves (``math:NAME``); see ``RenderedDoc.html_at``."""
    width, height, _ = image.box(scale, text, max_width)
    align = "" if image.display else ' style="vertical-align: middle"'
    return (f'<img src="math:{image.name}" width="{width:.2f}" height="{height:.2f}"'
            f"{align}>")


def _ctx(env: Any) -> RenderContext:
    return env["ctx"]


def _code_box(body: str, p: Palette, hidden: int = 0) -> str:
    more = (f'<p style="color:{p.muted}; margin-top:4px; margin-bottom:0">'
            f"{html.escape(more_characters(hidden))}</p>" if hidden else "")
    return (f'<table width="100%" cellspacing="0" cellpadding="8" '
            f'style="margin-top:6px; margin-bottom:10px; border: 1px solid {p.border}; '
            f'border-collapse: collapse"><tr><td style="background-color:{p.code_bg}">'
            f'<pre style="font-family:{MONO}; margin:0; white-space: pre-wrap">{body}</pre>'
            f"{more}</td></tr></table>\n")


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    ctx = _ctx(env)
    token = tokens[idx]
    ctx.code_blocks += 1
    info = token.info.strip() if token.type == "fence" else ""
    language = info or guess_language(token.content)  # untagged: the likely language
    return _code_box(highlight(token.content, language, ctx.palette.pygments_style),
                     ctx.palette, (token.meta or {}).get(HIDDEN_META, 0))


def _code_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    p = _ctx(env).palette
    text = html.escape(tokens[idx].content)
    return (f'<span style="font-family:{MONO}; background-color:{p.inline_code_bg}">'
            f"&#8202;{text}&#8202;</span>")


def _math_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return _ctx(env).math_html(tokens[idx].content, display=False)


def _math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    body = _ctx(env).math_html(tokens[idx].content, display=True)
    label = tokens[idx].info
    if tokens[idx].type == "math_block_label" and label:
        body += f"&nbsp;&nbsp;&nbsp;({html.escape(label)})"
    return f'<p align="center" style="margin-top:8px; margin-bottom:8px">{body}</p>\n'


def _table_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    ctx = _ctx(env)
    ctx.tables += 1
    return (f'<table border="1" cellspacing="0" cellpadding="6" style="border-collapse: '
            f'collapse; border-color:{ctx.palette.border}; margin-top:6px; '
            f'margin-bottom:10px">\n')


def _cell_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    p = _ctx(env).palette
    attrs = ""
    style = str(token.attrs.get("style", ""))
    if "text-align:" in style:
        attrs += f' align="{style.split("text-align:")[1].strip(" ;")}"'
    # Per-cell borders: Qt draws the table's own border only around the outside.
    style = f"border: 1px solid {p.border}"
    if token.tag == "th":
        style += f"; background-color:{p.header_bg}"
    return f'<{token.tag}{attrs} style="{style}">'


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                  env: Any) -> str:
    level = _ctx(env).heading_levels.get(int(tokens[idx].tag[1]), 4)
    return f'<h{level} style="margin-top:14px; margin-bottom:6px">'


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                   env: Any) -> str:
    level = _ctx(env).heading_levels.get(int(tokens[idx].tag[1]), 4)
    return f"</h{level}>\n"


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    # Offline app: pictures on the web are never fetched; show what they were.
    token = tokens[idx]
    alt = "".join(c.content for c in token.children or []) or token.attrGet("src") or ""
    return f'<span style="color:{_ctx(env).palette.muted}">[{html.escape(str(alt))}]</span>'


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    href = html.escape(str(tokens[idx].attrGet("href") or ""))
    return f'<a href="{href}" style="color:{_ctx(env).palette.link}">'


def install_rules(md: MarkdownIt) -> None:
    rules = {
        "fence": _fence, "code_block": _fence, "code_inline": _code_inline,
        "math_inline": _math_inline, "math_inline_double": _math_inline,
        "math_block": _math_block, "math_block_label": _math_block,
        "table_open": _table_open, "th_open": _cell_open, "td_open": _cell_open,
        "heading_open": _heading_open, "heading_close": _heading_close,
        "image": _image, "link_open": _link_open,
    }
    for name, rule in rules.items():
        md.add_render_rule(name, rule)


def heading_levels(tokens: Sequence[Token]) -> dict[int, int]:
    """Answer headings sit under the question title: the biggest becomes h3, the rest h4
    (QTextDocument draws h5/h6 smaller than body text)."""
    used = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    return {level: 3 if rank == 0 else 4 for rank, level in enumerate(used)}
