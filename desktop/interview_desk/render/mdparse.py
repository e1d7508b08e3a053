"""The Markdown parser for answers: CommonMark + tables + every math form in the corpus.

Math forms found in resources/qa: ``$$`` blocks (also indented inside list items),
``$x$`` inline, ``$$x$$`` inline within a sentence (rendered inline, as its author
meant), ``\\[ ... \\]`` on a line inside a paragraph (display), and ``\\( $d_k$ \\)``
(bracket and dollars together; the inner dollars are dropped). ``$$`` opened at the end
of a text line (no blank line before it) parses as inline math; it is display math.

Tables: two sources write the delimiter row as ``|  |  |  |`` or ``| -- |  |  |``, which
no CommonMark/GFM parser accepts; ``repair_tables`` rewrites such a row (only right
under a header row, outside code fences) to ``| --- | --- | --- |``. Raw HTML is shown as
text: answers talk about tokens such as ``<s>`` that must not vanish as tags.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from interview_desk.render.html import install_rules
from interview_desk.render.limits import cap_source, limit_sizes
from interview_desk.script import convert

DISPLAY_INLINE = "math_display_inline"  # \[...\] met inside a paragraph
_MATHY = re.compile(r"[\\^_=+\-*/<>{}|]")  # \[CLS\] or \[1\] are escaped brackets, not math
_WRAPPING_DOLLARS = re.compile(r"^\s*(\$\$?)(.+?)\1\s*$", re.S)


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ROW = re.compile(r"^\s{0,3}\|.*\|\s*$")
_LOOSE_DELIMITER = re.compile(r"^\s{0,3}\|(\s*:?-*:?\s*\|)+\s*$")


def _cells(row: str) -> int:
    return row.strip().strip("|").count("|") + 1  # escaped pipes are rare enough here


def repair_tables(text: str) -> str:
    """Fix the loose table delimiter rows some sources use (see the module doc)."""
    lines = text.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if (in_fence or i == 0 or not _LOOSE_DELIMITER.match(line)
                or not _ROW.match(lines[i - 1]) or _LOOSE_DELIMITER.match(lines[i - 1])):
            continue
        cells = line.strip().strip("|").split("|")
        if all("-" in c for c in cells) or _cells(lines[i - 1]) != len(cells):
            continue  # already valid, or not a table after all
        lines[i] = "|" + "|".join(c if "-" in c else " --- " for c in cells) + "|"
    return "\n".join(lines)


def _strip_dollars(content: str) -> str:
    m = _WRAPPING_DOLLARS.match(content)
    return m.group(2) if m else content


def _bracket_math(state: StateInline, silent: bool) -> bool:
    """``\\( ... \\)`` inline and ``\\[ ... \\]`` display math inside a paragraph."""
    src, pos = state.src, state.pos
    if not (src.startswith("\\(", pos) or src.startswith("\\[", pos)):
        return False
    display = src[pos + 1] == "["
    end = src.find("\\]" if display else "\\)", pos + 2)
    if end < 0:
        return False
    content = src[pos + 2:end]
    if not content.strip() or not _MATHY.search(content):
        return False
    if not silent:
        token = state.push(DISPLAY_INLINE if display else "math_inline", "math", 0)
        token.content = _strip_dollars(content).strip()
        token.markup = "\\[" if display else "\\("
    state.pos = end + 2
    return True


def _is_blank(token: Token) -> bool:
    return token.type in ("softbreak", "hardbreak") or (
        token.type == "text" and not token.content.strip())


def _trim(children: list[Token]) -> list[Token]:
    while children and _is_blank(children[0]):
        children = children[1:]
    while children and _is_blank(children[-1]):
        children = children[:-1]
    return children


def _is_display(token: Token) -> bool:
    return token.type == DISPLAY_INLINE or (
        token.type == "math_inline_double" and token.content.startswith("\n"))


def _split_paragraph(opening: Token, inline: Token, closing: Token) -> list[Token]:
    """One paragraph holding display math -> paragraphs and math blocks in order."""
    out: list[Token] = []
    runs: list[list[Token]] = [[]]
    for child in inline.children or []:
        if _is_display(child):
            runs.append([child])
            runs.append([])
        else:
            runs[-1].append(child)
    for run in runs:
        if len(run) == 1 and _is_display(run[0]):
            out.append(Token("math_block", "math", 0, content=run[0].content, markup="\\[",
                             block=True, map=inline.map, level=opening.level))
            continue
        children = _trim(run)
        if children:
            part = Token("inline", "", 0, content="", children=children, map=inline.map,
                         level=inline.level, block=True)
            out.extend([opening, part, closing])
    return out


def _split_display_math(state: StateCore) -> None:
    """Lift display math out of paragraphs into blocks of their own, so it can centre."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        inline = tokens[i + 1] if i + 1 < len(tokens) else None
        if (tok.type == "paragraph_open" and inline is not None and inline.type == "inline"
                and any(_is_display(c) for c in inline.children or [])):
            out.extend(_split_paragraph(tok, inline, tokens[i + 2]))
            i += 3
        else:
            out.append(tok)
            i += 1
    state.tokens = out


def _show_paragraphs_after_code(state: StateCore) -> None:
    """In a tight list item, text after a code block must be a paragraph of its own:
    bare text after the code box (a table) is laid out by QTextDocument at the left
    margin, outside the list (002-29e0773f)."""
    after_code: list[bool] = []  # per open list item: a code block seen in it
    for token in state.tokens:
        if token.type == "list_item_open":
            after_code.append(False)
        elif token.type == "list_item_close" and after_code:
            after_code.pop()
        elif token.type in ("fence", "code_block") and after_code:
            after_code[-1] = True
        elif token.type in ("paragraph_open", "paragraph_close") and after_code \
                and after_code[-1]:
            token.hidden = False


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    dollarmath_plugin(md, allow_labels=True, allow_space=True, allow_digits=False,
                      double_inline=True)
    md.inline.ruler.before("escape", "bracket_math", _bracket_math)
    md.core.ruler.after("inline", "split_display_math", _split_display_math)
    md.core.ruler.after("block", "paragraphs_after_code", _show_paragraphs_after_code)
    md.core.ruler.push("limit_sizes", limit_sizes)  # last: after the inline parse
    install_rules(md)
    return md


def parse(text: str) -> list[Token]:
    return parser().parse(repair_tables(cap_source(text)))


def convert_script(tokens: list[Token], script: str) -> None:
    """Convert prose (text tokens only) to the display script; code and math stay as is."""
    if script == "original":
        return
    for token in tokens:
        for child in token.children or []:
            if child.type == "text":
                child.content = convert(child.content, script)
            elif child.type == "image":  # alt text lives in the image's children
                for alt in child.children or []:
                    if alt.type == "text":
                        alt.content = convert(alt.content, script)
