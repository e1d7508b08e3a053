"""The reader's HTML -> the text a person sees (for scripts: ``corpus show --json``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from interview_desk.corpus.tex_text import tex_to_text

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "table", "br", "div",
           "ul", "ol", "blockquote", "hr"}
_SPACES = re.compile(r"[ \t\u00a0\u2009\u200a]+")
_LINES = re.compile(r"\n\s*\n+")


class _Text(HTMLParser):
    def __init__(self, math_tex: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.math_tex = math_tex
        self.parts: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "pre":
            self.pre += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "img":
            src = dict(attrs).get("src") or ""
            if src.startswith("math:"):
                self.parts.append(tex_to_text(self.math_tex.get(src[5:], "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data if self.pre else data.replace("\n", " "))


def visible_text(page: str, math_tex: dict[str, str]) -> str:
    """Text of ``page`` in reading order, one block a line, formulas in Unicode."""
    parser = _Text(math_tex)
    parser.feed(page)
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    return _LINES.sub("\n", "\n".join(lines)).strip()
