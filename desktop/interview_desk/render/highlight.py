"""Code blocks -> HTML spans with inline colours (QTextDocument has no stylesheets)."""

from __future__ import annotations

import html
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from pygments.util import ClassNotFound


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer:
    if not language:
        return TextLexer()
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer()


@lru_cache(maxsize=1024)
def _span_style(style_name: str, token: _TokenType) -> str:
    rule = get_style_by_name(style_name).style_for_token(token)
    parts = []
    if rule["color"]:
        parts.append(f"color:#{rule['color']}")
    if rule["bold"]:
        parts.append("font-weight:bold")
    if rule["italic"]:
        parts.append("font-style:italic")
    return ";".join(parts)


def highlight(code: str, language: str, style_name: str) -> str:
    """Escaped, coloured HTML for ``code`` (no wrapper; newlines kept for ``<pre>``)."""
    lang = (language or "").strip().split()[0].lower() if language.strip() else ""
    out: list[str] = []
    for token, value in _lexer(lang).get_tokens(code.rstrip("\n")):
        text = html.escape(value, quote=False)
        style = _span_style(style_name, token)
        out.append(f'<span style="{style}">{text}</span>' if style and text.strip() else text)
    return "".join(out)

