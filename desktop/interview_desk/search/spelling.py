""""Did you mean": corrections for misspelled English words, from the index's own words.

Only Latin words are corrected (for Chinese, edit distance suggests noise). A word is
misspelled when the corpus never uses it; its correction is the most frequent corpus
word at the smallest edit distance (1, then 2 for longer words), sharing the first
letter. The corrected words are searched in place of the misspelled ones (which no
entry holds anyway), so a typo still finds the entries it meant. A word the concept
thesaurus knows is no typo even when no entry holds it: 'how does lora work' over
Chinese notes means 原理 (the thesaurus's word), not 'word'.
"""

from __future__ import annotations

import re

from whoosh.searching import Searcher

from interview_desk.search.analyzer import QUERY_FILLER, STOP_WORDS, stem
from interview_desk.search.schema import TEXT_FIELDS
from interview_desk.search.thesaurus import load as load_thesaurus

SPELL_FIELD = "words"
# A plain word: not part of a longer one, a prefix search (atten*) or a field name.
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{4,24}(?![A-Za-z0-9_*?:])")
_FILTER_KEY = re.compile(r"^[A-Za-z]+[:：]")
MAX_WORDS = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _best(searcher: Searcher, word: str) -> str | None:
    reader = searcher.reader()
    for dist in (1, 2) if len(word) >= 6 else (1,):
        candidates = [w for w in reader.terms_within(SPELL_FIELD, word, dist, prefix=1)
                      if w != word]
        if candidates:
            return max(candidates, key=lambda w: (reader.frequency(SPELL_FIELD, w), w))
    return None


def correct(searcher: Searcher, text: str, raw: str) -> tuple[str | None, str | None]:
    """(suggested query string, ``text`` corrected), or (None, None) when nothing to fix."""
    words = list(dict.fromkeys(m.group().lower() for m in _WORD.finditer(text)))[:MAX_WORDS]
    if not words:
        return None, None
    reader = searcher.reader()
    known = load_thesaurus().words
    fixes: dict[str, str] = {}
    for word in words:
        if word in STOP_WORDS or reader.doc_frequency(SPELL_FIELD, word) > 0:
            continue
        stemmed = stem(word)  # another form of a corpus word is not a typo
        if stemmed in known or stemmed in QUERY_FILLER or any(
                reader.doc_frequency(f, stemmed) > 0 for f in TEXT_FIELDS):
            continue
        best = _best(searcher, word)
        if best:
            fixes[word] = best
    if not fixes:
        return None, None
    suggestion = _WORD.sub(lambda m: fixes.get(m.group().lower(), m.group()), raw)
    # The suggestion is echoed to a terminal and a label: no raw ESC, NUL or bidi controls.
    suggestion = " ".join(_CONTROL.sub(" ", suggestion).split())
    return suggestion, _WORD.sub(lambda m: fixes.get(m.group().lower(), m.group()), text)
