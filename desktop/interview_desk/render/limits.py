"""Bounds on what the renderer hands Qt, so no answer can freeze the GUI thread.

QTextDocument lays a block out in time that grows with its length (a 1 MB line in a
code block took seconds even after the worst of it was fixed; a 50 KB paragraph and a
tutor reply holding a 1 MB ``data:`` URI took tens of seconds). After parsing, a core
rule here:

* soft-wraps code lines longer than ``CODE_LINE_CHARS`` into lines of that length, and
  keeps the first ``CODE_BLOCK_CHARS`` characters of a code block;
* keeps the first ``PARAGRAPH_CHARS`` characters of a paragraph's text (or a table
  cell's, a heading's);
* keeps the first ``LINK_CHARS`` characters of a link target and the first
  ``WORD_CHARS`` of an unbroken run of prose (Qt has nowhere to break it).

Before parsing, ``cap_source`` cuts unbroken runs longer than ``SOURCE_RUN_CHARS`` in the
Markdown itself: markdown-it took ~3 s over a link holding a 1 MB ``data:`` URI.

What is cut is counted and shown where it was, as "… N more characters"; the reader's
source view and copy still have the whole text. No answer in the shipped corpus comes
near these limits.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

CODE_LINE_CHARS = 1_000
CODE_BLOCK_CHARS = 10_000
PARAGRAPH_CHARS = 10_000
LINK_CHARS = 2_000
WORD_CHARS = 1_000  # an unbroken run of prose (a pasted data: URI, a hash, a minified line)
SOURCE_RUN_CHARS = 4_000  # unbroken runs in the Markdown source, cut before parsing
HIDDEN_META = "hidden_chars"  # token.meta key: characters cut from a code block


def more_characters(n: int) -> str:
    """The marker put where text was cut."""
    return f"… 另有 {n:,} 个字符 / … {n:,} more characters"


# Qt breaks a line at spaces and between CJK characters; a run of anything else is one
# word it can only lay out whole.
_UNBROKEN = r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
_LONG_RUN = re.compile(f"{_UNBROKEN}{{{SOURCE_RUN_CHARS + 1},}}")
_LONG_WORD = re.compile(f"{_UNBROKEN}{{{WORD_CHARS + 1},}}")


def cap_source(text: str) -> str:
    """``text`` with unbroken runs over ``SOURCE_RUN_CHARS`` cut and marked."""
    if len(text) <= SOURCE_RUN_CHARS:
        return text
    return _LONG_RUN.sub(lambda m: _cut_run(m.group(), SOURCE_RUN_CHARS), text)


def _cut_run(run: str, keep: int) -> str:
    return f"{run[:keep]} {more_characters(len(run) - keep)}"


def cap_text(text: str, limit: int = PARAGRAPH_CHARS) -> str:
    """Plain text (a reply while it streams, a question typed) within the same limits."""
    if len(text) > WORD_CHARS:
        text = _LONG_WORD.sub(lambda m: _cut_run(m.group(), WORD_CHARS), text)
    return _cut_run(text, limit) if len(text) > limit else text


def wrap_code(
    code: str, width: int = CODE_LINE_CHARS, limit: int = CODE_BLOCK_CHARS
) -> tuple[str, int]:
    """(``code`` with long lines wrapped and cut at ``limit`` characters, how many were
    cut). Text within the limits comes back unchanged."""
    if len(code) <= limit and all(len(line) <= width for line in code.split("\n")):
        return code, 0
    kept, hidden = code[:limit], max(0, len(code.rstrip("\n")) - limit)
    lines: list[str] = []
    for line in kept.split("\n"):
        lines.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(lines), hidden


def _cap_inline(children: list[Token], limit: int) -> list[Token]:
    """``children`` (an inline run) with text past ``limit`` characters cut and marked."""
    used = 0
    for i, child in enumerate(children):
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if len(href) > LINK_CHARS:
                child.attrSet("href", href[:LINK_CHARS])
        if child.type == "text" and len(child.content) > WORD_CHARS:
            child.content = _LONG_WORD.sub(lambda m: _cut_run(m.group(), WORD_CHARS), child.content)
        size = len(child.content)
        if used + size <= limit:
            used += size
            continue
        room = limit - used
        hidden = size - room + sum(len(c.content) for c in children[i + 1 :])
        kept = children[:i]
        if child.type == "text" and room > 0:
            child.content = child.content[:room]
            kept.append(child)
        marker = Token("text", "", 0, content=" " + more_characters(hidden))
        # Close what was opened in the kept part (links, emphasis) so the HTML stays whole.
        closers = [Token(t.type.replace("_open", "_close"), t.tag, -1) for t in _still_open(kept)]
        return [*kept, *closers, marker]
    return children


def _still_open(tokens: list[Token]) -> list[Token]:
    stack: list[Token] = []
    for t in tokens:
        if t.nesting == 1:
            stack.append(t)
        elif t.nesting == -1 and stack:
            stack.pop()
    return stack[::-1]


def limit_sizes(state: StateCore) -> None:
    """markdown-it core rule: apply the limits above to every block of the document."""
    for token in state.tokens:
        if token.type in ("fence", "code_block"):
            token.content, hidden = wrap_code(token.content)
            if hidden:
                token.meta = {**(token.meta or {}), HIDDEN_META: hidden}
        elif token.type == "inline" and token.children and _over(token.children):
            token.children = _cap_inline(token.children, PARAGRAPH_CHARS)


def _over(children: list[Token]) -> bool:
    return sum(len(c.content) for c in children) > PARAGRAPH_CHARS or any(
        c.type == "link_open" or len(c.content) > WORD_CHARS for c in children
    )
