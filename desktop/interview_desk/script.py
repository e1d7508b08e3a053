"""Chinese script conversion (Traditional <-> Simplified) and matching normalisation.

OpenCC's t2s/s2t tables are character-for-character for this corpus, so offsets
computed on folded text stay valid for the original (search highlights rely on it;
``fold`` checks the length and falls back per character if a phrase rule changed it).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from opencc import OpenCC

Script = Literal["original", "simplified", "traditional"]


@lru_cache(maxsize=2)
def _converter(config: str) -> OpenCC:
    from opencc import OpenCC  # its tables are read on first use: ASCII text never needs them

    return OpenCC(config)


def to_simplified(text: str) -> str:
    """OpenCC's t2s; by its character table in C (``simplified``) for each line none of
    its phrase rules touches. OpenCC converts the pieces between separators (line
    breaks among them) on their own, so line by line gives what the whole text gives.
    Pure-Python OpenCC took 17 ms to convert the 50 rows of a results list."""
    if not text or text.isascii():
        return text
    from interview_desk.simplified import by_characters

    out = []
    for line in text.split("\n"):
        simplified = by_characters(line)
        out.append(simplified if simplified is not None else _converter("t2s").convert(line))
    return "\n".join(out)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text) if text else text


def convert(text: str, script: Script | str) -> str:
    """Text for display in the chosen script; ``original`` returns it unchanged."""
    if script == "simplified":
        return to_simplified(text)
    if script == "traditional":
        return to_traditional(text)
    return text


def nfkc(text: str) -> str:
    """NFKC: turns mathematical-bold letters, full-width forms and ligatures into plain ones."""
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """Same-length folding for matching: Simplified script, lower case.

    Keeps ``len(fold(t)) == len(t)`` so token offsets map back to the original text.
    """
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch
                             for ch in text)
    lowered = simplified.lower()
    if len(lowered) != len(text):  # e.g. "İ".lower() grows; keep such chars as they are
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in simplified)
    return lowered
