"""Traditional -> Simplified by OpenCC's own character table, in C.

OpenCC (pure Python) walks every character through its phrase and character tables:
most of an index build's folding time. Its ``t2s`` tables are a character table plus a
few hundred phrases; where no phrase whose conversion differs from converting its
characters one by one occurs in a text, OpenCC's result *is* the character table
applied to each character, which ``str.translate`` does at C speed. Otherwise (one line
of the whole corpus) the caller asks OpenCC. Both come from OpenCC's dictionary files.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Iterator
from pathlib import Path

# The files of opencc/config/t2s.json's conversion chain.
_PHRASES, _CHARACTERS = "TSPhrases.txt", "TSCharacters.txt"

_lock = threading.Lock()
_tables: tuple[dict[int, str], re.Pattern[str]] | None = None


def _entries(folder: Path, name: str) -> Iterator[tuple[str, str]]:
    with (folder / name).open(encoding="utf-8") as f:
        for line in f:
            key, _, values = line.strip().partition("\t")
            if key and values:
                yield key, values.split(" ")[0]  # OpenCC takes the first value


def _load() -> tuple[dict[int, str], re.Pattern[str]]:
    spec = importlib.util.find_spec("opencc")  # the data files, without importing OpenCC
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the opencc package is not installed")
    folder = Path(spec.origin).parent / "dictionary"
    characters = dict(_entries(folder, _CHARACTERS))
    table = {ord(k): v for k, v in characters.items() if len(k) == 1 and len(v) == 1}
    # Where the table alone would be wrong: phrases converted otherwise than character
    # by character, and keys or values that are not single characters.
    special = [k for k, v in characters.items() if len(k) != 1 or len(v) != 1]
    special += [k for k, v in _entries(folder, _PHRASES) if k.translate(table) != v]
    alternatives = sorted(set(special), key=len, reverse=True)
    return table, re.compile("|".join(map(re.escape, alternatives)) or "(?!)")


def _get_tables() -> tuple[dict[int, str], re.Pattern[str]]:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _load()
    return _tables


def by_characters(text: str) -> str | None:
    """``text`` in Simplified script as OpenCC's ``t2s`` gives it, or None where one of
    its phrase rules may apply (ask OpenCC then)."""
    table, special = _get_tables()
    if special.search(text) is not None:
        return None
    return text.translate(table)
