"""LaTeX -> readable plain Unicode text, for places that cannot show math images
(search snippets, the reader's text for scripts): ``\\text{softmax}\\left(\\frac{QK^T}
{\\sqrt{d_k}}\\right)V`` reads ``softmax(QKᵀ/√d_k)V``. Pure, never raises."""

from __future__ import annotations

import re

from interview_desk.corpus.tex_glyphs import FUNCTIONS, SYMBOLS

_SYMBOLS_TEXT = {**SYMBOLS, "cdot": "·", "ast": "*", "mid": "|", "vert": "|", "colon": ":",
                 "lbrace": "{", "rbrace": "}", "|": "‖", "quad": " ", "qquad": " "}
_STYLE = {"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "operatorname",
          "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "mathsf", "mathtt", "boldsymbol",
          "bm", "mathfrak", "displaystyle", "textstyle", "limits", "nolimits", "left", "right",
          "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "middle", "label",
          "overline", "underline", "widehat"}
# Combining marks: \hat{y} reads ŷ.
_COMBINING = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "vec": "\u20d7",
              "dot": "\u0307", "ddot": "\u0308", "check": "\u030c", "breve": "\u0306",
              "acute": "\u0301", "grave": "\u0300"}
_SUPER = str.maketrans("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SPACED = set("=+-<>×≤≥≠≈→←⇒∈≡∼±")
_FACTOR_SPACE = re.compile(r"(?<=[^\s=+\-<>×≤≥≠≈→←⇒∈≡∼±]) (?=[^\s=+\-<>×≤≥≠≈→←⇒∈≡∼±])")
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_&~]|\s+|.", re.S)


class _Reader:
    def __init__(self, tex: str) -> None:
        self.tokens = _TOKEN.findall(tex)
        self.i = 0

    def peek(self) -> str:
        return self.tokens[self.i] if self.i < len(self.tokens) else ""

    def take(self) -> str:
        tok = self.peek()
        self.i += 1
        return tok

    def group(self) -> str:
        """The next argument: a braced group or a single token, as text."""
        while self.peek().isspace() and self.peek():
            self.i += 1
        if self.peek() == "{":
            self.i += 1
            return self.sequence(stop="}")
        return self.atom(self.take())

    def sequence(self, stop: str = "") -> str:
        out: list[str] = []
        while self.i < len(self.tokens):
            tok = self.take()
            if tok == stop:
                break
            if tok in ("^", "_"):
                arg = self.group()
                out.append(_script(arg, sup=tok == "^"))
            else:
                out.append(self.atom(tok))
        return "".join(out)

    def atom(self, tok: str) -> str:
        if not tok or tok == "}":
            return ""
        if tok == "{":
            return self.sequence(stop="}")
        if tok.isspace() or tok in ("~", "&"):
            return " "
        if tok in ("\\\\", "\\newline"):
            return "; "
        if tok.startswith("\\"):
            return self.command(tok[1:])
        return f" {tok} " if tok in _SPACED else tok

    def command(self, name: str) -> str:
        if name in ("frac", "dfrac", "tfrac"):
            top, bottom = self.group(), self.group()
            return f"{_wrap(top)}/{_wrap(bottom)}"
        if name == "sqrt":
            index = ""
            if self.peek() == "[":
                self.i += 1
                while self.peek() not in ("]", ""):
                    index += self.take()
                self.i += 1
            return f"{index.translate(_SUPER)}√{_wrap(self.group())}"
        if name in ("text", "textrm", "textit", "textbf", "mbox", "operatorname"):
            return self.group()
        if name in _COMBINING:
            return self.group() + _COMBINING[name]
        if name in _STYLE:
            return ""
        if name in _SYMBOLS_TEXT:
            sym = _SYMBOLS_TEXT[name]
            return f" {sym} " if sym in _SPACED else sym
        if name in FUNCTIONS:
            return name
        if len(name) == 1 and not name.isalpha():
            return {",": " ", ";": " ", "!": "", ":": " ", " ": " "}.get(name, name)
        return name


def _script(arg: str, *, sup: bool) -> str:
    arg = re.sub(r"\s+", "", arg)
    table = _SUPER if sup else _SUB
    mapped = arg.translate(table)
    if arg and all(a != b for a, b in zip(arg, mapped, strict=True)):
        return mapped
    mark = "^" if sup else "_"
    return f"{mark}{arg}" if len(arg) <= 1 or arg.isalnum() else f"{mark}({arg})"


def _wrap(text: str) -> str:
    """Parentheses around a compound numerator, denominator or radicand; spaces between
    its factors go (``\\frac{Q K^T}{...}`` reads ``QKᵀ/...``)."""
    text = _FACTOR_SPACE.sub("", _tidy(text))
    simple = re.fullmatch(r"[\w·′ᵀⁿⁱ⁰-⁹₀-₉√^_]+", text) or re.fullmatch(r"\(.*\)", text)
    return text if simple else f"({text})"


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*([(\[])\s*", r"\1", text)
    text = re.sub(r"\s*([)\],])", r"\1", text)
    return re.sub(r"\s*([·/])\s*", r"\1", text)


def tex_to_text(tex: str) -> str:
    """A one-line readable form of ``tex`` (without the dollar signs)."""
    try:
        return _tidy(_Reader(tex).sequence())
    except RecursionError:  # absurd nesting: the source is still readable
        return tex


# A formula in Markdown: $$display$$, $inline$, \\(inline\\) or \\[display\\].
MATH_RE = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)


def math_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, TeX) of each formula in ``text``."""
    if "$" not in text and "\\" not in text:
        return []
    # "\\( $d_k$ \\)": brackets and dollars together, as one source writes (mdparse).
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None).strip().strip("$"))
            for m in MATH_RE.finditer(text)]


def with_readable_math(text: str) -> str:
    """``text`` with each formula in its one-line readable form: ``($Q$)`` reads ``(Q)``."""
    spans = math_spans(text)
    if not spans:
        return text
    parts, pos = [], 0
    for start, end, tex in spans:
        parts += [text[pos:start], tex_to_text(tex)]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
