"""Splitting the visualizer's input text into tokens when no model tokenizer is loaded.

Latin words, numbers and punctuation marks are one token each; CJK text is one token per
character (close to what BPE vocabularies do for Chinese, and instant, unlike a word
segmenter's dictionary load on the GUI thread).
"""

from __future__ import annotations

import re

from interview_desk.strings import tr
from interview_desk.viz.errors import VizError

MAX_TOKENS = 512  # keeps one redraw of 8 heads inside a frame (benchmarks/viz.py)

_TOKEN_RE = re.compile(
    r"[A-Za-z]+(?:'[A-Za-z]+)?"  # words, with an English contraction
    r"|\d+(?:\.\d+)?"  # numbers
    r"|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one CJK ideograph
    r"|[^\sA-Za-z\d]"  # any other visible symbol
)


def tokenize(text: str, max_tokens: int = MAX_TOKENS) -> list[str]:
    """Tokens of ``text``, at most ``max_tokens``; raises ``VizError`` when there are none."""
    tokens = _TOKEN_RE.findall(text)
    if not tokens:
        raise VizError(tr("err.viz.no_text"))
    return tokens[:max_tokens]


def sample_text(n_tokens: int) -> list[str]:
    """``n_tokens`` tokens of a repeating English sentence (benchmarks, long-sequence demos)."""
    words = ("the", "cat", "sat", "on", "the", "mat", "because", "it", "was", "warm", "and",
             "the", "dog", "slept")
    return [words[i % len(words)] for i in range(n_tokens)]
