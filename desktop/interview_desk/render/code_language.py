"""The language of a code block written without one, among the likely ones.

Pygments' own ``guess_lexer`` weighs hundreds of lexers and picks odd ones for short
snippets (a prompt example comes out as some config dialect); here only the languages
an LLM-interview answer shows are considered, each on evidence it cannot miss: the
text parses (JSON, Python) and has the language's own keywords or line shapes. Anything
else stays plain text, which is never wrong.
"""

from __future__ import annotations

import ast
import json
import re
import warnings

_PY_LINE = re.compile(
    r"^\s*(?:import \w|from [\w.]+ import |def \w+\(|class \w+[(:]|return\b|"
    r"print\(|for \w+(?:, \w+)* in |with .+ as \w+:|if __name__|@\w|async def |raise |"
    r"elif |except\b|try:|lambda )", re.M)
_SHELL_LINE = re.compile(
    r"^\s*(?:\$ |#!/bin/(?:ba)?sh|(?:sudo )?(?:pip3?|conda|apt(?:-get)?|git|cd|export|"
    r"curl|wget|docker|python3?|bash|chmod|mkdir|ls|echo|make|cmake|npm|huggingface-cli|"
    r"torchrun|accelerate|deepspeed|nvidia-smi)\b)", re.M)
_C_LINE = re.compile(r"^\s*(?:#include\s*[<\"]|int main\s*\(|std::|template\s*<|"
                     r"(?:void|int|float|double|char|auto)\s+\**\w+\s*[(=;]|printf\s*\()", re.M)
_JS_LINE = re.compile(r"^\s*(?:function \w+\(|const \w+ = |let \w+ = |console\.log\(|"
                      r"export (?:default |const )|import .+ from ['\"])", re.M)
_SQL = re.compile(r"^\s*(?:SELECT\s.+\sFROM|INSERT INTO|CREATE TABLE|UPDATE \w+ SET)\b",
                  re.M | re.I | re.S)
_YAML_LINE = re.compile(r"^\s*(?:- )?[\w.-]+:(?:\s+\S.*)?$")


def _parses_as_python(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "invalid escape sequence" in a snippet
            ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _is_json(code: str) -> bool:
    text = code.strip()
    if not text or text[0] not in "[{":
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def guess_language(code: str) -> str:
    """A Pygments lexer name (``python``, ``bash``, ``json``, ``yaml``, ``cpp``,
    ``javascript``, ``sql``) or ``""`` for plain text."""
    if not code.strip() or len(code) > 200_000:
        return ""
    if _is_json(code):
        return "json"
    lines = [x for x in code.split("\n") if x.strip()]
    py = len(_PY_LINE.findall(code))
    # Python by its keywords: two lines of them, or one when the whole block parses.
    if py >= 2 or (py and _parses_as_python(code)):
        return "python"
    shell = len(_SHELL_LINE.findall(code))
    if shell and shell * 2 >= len(lines):
        return "bash"
    if len(_C_LINE.findall(code)) >= 2 or "#include" in code:
        return "cpp"
    if len(_JS_LINE.findall(code)) >= 2:
        return "javascript"
    if _SQL.search(code):
        return "sql"
    if len(lines) >= 2 and all(_YAML_LINE.match(x) or x.lstrip().startswith("#")
                               for x in lines):
        return "yaml"
    return ""
