"""From a query string to Whoosh queries, forgivingly.

``source:003 section:位置编码 difficulty:>=4 answered:no`` are taken out of the text
first (also written with a full-width colon, quoted values allowed); the rest goes to
Whoosh's parser over question/section/answer/notes, so quoted phrases, ``AND``/``OR``/
``NOT``, parentheses, ``word^2`` and ``prefix*`` work where written. Anything the parser
cannot make sense of, and any very long query, falls back to plain terms, so no
string ever raises. The parser itself (``operators``) is imported only for a query that
holds operators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from whoosh import query
from whoosh.query import Query
from whoosh.reading import IndexReader

from interview_desk.search.analyzer import bounded_groups, fold, han_fragments
from interview_desk.search.filters import Filters
from interview_desk.search.schema import FIELD_BOOSTS, TEXT_FIELDS
from interview_desk.strings import tr

if TYPE_CHECKING:
    from whoosh.qparser import QueryParser

MAX_PARSED_CHARS = 120  # longer text skips the operator parser and becomes plain terms
MAX_QUERY_CHARS = 400  # the rest of a pasted essay is ignored (and so are words past
# analyzer.MAX_GROUPS): each word costs segmenting, a phrase or a term, and snippet work
MAX_TERMS = 24  # weighted terms of a plain query (a word's forms and parts, thesaurus)
MAX_EXPANSION = 16  # words one prefix (a*) or wildcard stands for, per field
_EXPANSION_SCAN = 5000  # words of the lexicon read to find a prefix's most common
# Lone Han characters typed side by side (点积, split by jieba) score as a phrase with
# the weight of one real word; each character alone counts little (SINGLE_HAN_WEIGHT).
FRAGMENT_PHRASE_WEIGHT = 1.0

def shorten(text: str) -> tuple[str, list[dict[str, float]], str | None]:
    """(``text`` cut to the words a search uses, their groups (``query_groups``), a
    one-line notice when it was cut).

    Bounds the work one query can cause: a pasted 10,000-character answer costs what
    its first words cost, so the slowest query stays near the median.
    """
    kept = text[:MAX_QUERY_CHARS]
    groups, cut = bounded_groups(kept)
    if cut is not None:
        return kept[:cut].rstrip(), groups, tr("search.shortened_terms", n=len(groups))
    if len(text) > MAX_QUERY_CHARS:
        return kept, groups, tr("search.shortened_chars", n=MAX_QUERY_CHARS)
    return text, groups, None


def bound_expansions(q: Query, reader: IndexReader, notices: list[str]) -> Query:
    """``q`` with each prefix or wildcard replaced by the words it stands for, at most
    its ``MAX_EXPANSION`` most common ones (``a*`` alone read every posting of hundreds
    of words, 15 times a median search), with a notice when cut. The words are read from
    the lexicon once here: left a pattern, Whoosh read them four more times (matching,
    sizing, terms for snippets), and a pattern without a prefix (``?igh``, ``*bsy``)
    reads the whole lexicon each time (~20x a median search)."""
    cut: list[str] = []

    def bound(sub: Query) -> Query:
        if not isinstance(sub, query.PatternQuery):
            return sub
        words: list[bytes] = []
        for btext in sub._btexts(reader):
            words.append(btext)
            if len(words) >= _EXPANSION_SCAN:
                break
        if len(words) > MAX_EXPANSION:
            words = sorted(words, key=lambda b: -reader.doc_frequency(sub.fieldname, b))
            if sub.text not in cut:
                cut.append(sub.text)
        if not words:
            return query.NullQuery
        field = reader.schema[sub.fieldname]
        return query.Or([query.Term(sub.fieldname, field.from_bytes(b), boost=sub.boost)
                         for b in words[:MAX_EXPANSION]])

    bounded = q.accept(bound)
    for text in cut:
        notices.append(tr("search.too_many_words", text=text, n=MAX_EXPANSION))
    return bounded


def filter_query(filters: Filters, sources: list[str], sections: list[str],
                 notices: list[str]) -> Query | None:
    """Whoosh filter for ``filters``; ``NullQuery`` (and a notice) when nothing can match.

    Source and section match any part of the name, in any script or case.
    """
    parts: list[query.Query] = []
    if filters.source:
        needle = fold(filters.source)
        names = [s for s in sources if needle in fold(s)]
        if not names:
            notices.append(tr("search.no_source", source=filters.source))
            return query.NullQuery
        parts.append(query.Or([query.Term("source", s) for s in names]))
    if filters.section:
        needle = fold(filters.section).strip()
        names = [s for s in sections if needle in fold(s)]
        if not names:
            notices.append(tr("search.no_section", section=filters.section))
            return query.NullQuery
        parts.append(query.Or([query.Term("section_key", s) for s in names]))
    lo, hi = filters.min_difficulty, filters.max_difficulty
    if lo is not None or hi is not None:
        lo, hi = max(lo or 1, 1), min(hi or 5, 5)
        if lo > hi:
            notices.append(tr("search.no_difficulty"))
            return query.NullQuery
        parts.append(query.NumericRange("difficulty", lo, hi))
    if filters.answered is not None:
        parts.append(query.Term("answered", filters.answered))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


# --- the text part -------------------------------------------------------------------

COMMON_RATIO = 0.2  # a term in more than this share of entries barely ranks, but costs
PART_FLOOR = 0.5  # weights below this are parts of a word (see analyzer.PART_WEIGHT)


def prune_for_scale(groups: list[dict[str, float]],
                    share: Callable[[str], float]) -> list[dict[str, float]]:
    """``groups`` trimmed for a large index, where every posting costs Python time.

    Dropped: terms found in most entries (模型, llm: their idf is near zero, their posting
    lists long), and the parts of a word the index holds whole (位置 of 位置编码: they
    only add entries that lack the word). Nothing is dropped if nothing would be left.
    """
    kept = []
    for group in groups:
        whole = [t for t, w in group.items() if w >= 1.0 and share(t) > 0]
        g = {t: w for t, w in group.items()
             if share(t) <= COMMON_RATIO and (w >= PART_FLOOR or not whole)}
        if g:
            kept.append(g)
    return kept or groups


def plain_query(groups: list[dict[str, float]],
                fields: tuple[str, ...] = TEXT_FIELDS) -> Query | None:
    """OR of weighted terms over the text fields: plain words, and the fallback."""
    weights: dict[str, float] = {}
    for group in groups:
        for term, weight in group.items():
            weights[term] = max(weights.get(term, 0.0), weight)
    if not weights:
        return None
    terms = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    return query.Or([query.Term(f, t, boost=FIELD_BOOSTS[f] * w)
                     for t, w in terms for f in fields])


def is_plain(text: str) -> bool:
    """No operators, quotes, wildcards or field names: just words."""
    return not _OPERATOR_CHARS.search(as_written(text))


_OPERATOR_CHARS = re.compile(r"[\"()*?^~]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\w:")
# Characters of the operator syntax that a learner's question uses as punctuation: the
# question mark that ends a word ("Why divide by sqrt(d_k)?" searched d_k)? as a
# wildcard, 16 unrelated words), a function's brackets right after its name (sqrt(d_k),
# softmax(QK^T): groups open after a space), a caret before no number (QK^T; a boost
# is word^2). A ? inside or before a word (te?t, ?igh) stays a wildcard.
_PUNCTUATION = re.compile(r"(?<=\S)\?+(?=\s|$)|\^(?![\d.])")
_CALL = re.compile(r"(?<=\w)\(([^()]*)\)")


def as_written(text: str) -> str:
    """``text`` with the operator characters it uses as punctuation made spaces."""
    if not _OPERATOR_CHARS.search(text):
        return text
    return _CALL.sub(r" \1 ", _PUNCTUATION.sub(" ", text))


def text_query(text: str, groups: list[dict[str, float]], parser: Callable[[], QueryParser],
               fields: tuple[str, ...] = TEXT_FIELDS,
               share: Callable[[str], float] | None = None) -> tuple[Query | None, bool]:
    """(query, parsed) for the text part; ``parsed`` is False when operators written in
    it could not be read and its plain ``groups`` of terms were used instead.

    ``parser()`` gives Whoosh's query parser, asked for only when the text holds
    operators: plain words are built directly, without importing the parser.
    ``share``, on a large index: see ``with_fragment_phrases``."""
    if not text.strip():
        return None, True
    written = as_written(text)
    if len(text) <= MAX_PARSED_CHARS and _OPERATOR_CHARS.search(written):
        from interview_desk.search.operators import parse_operators  # Whoosh's parser

        q = parse_operators(written, parser())
        if q is not None:
            return q, True
        return plain_query(groups, fields), False
    return with_fragment_phrases(plain_query(groups, fields), text, fields, share), True


# On a large index, a run of lone Han characters whose rarest one is in more than this
# share of the entries is not searched as a phrase: 上不去, 越大 are everyday characters
# (a word jieba split, like 点积, has a rare one), and matching their positions read
# thousands of entries: 105 ms of a 126 ms query over 41,400 entries.
COMMON_FRAGMENT_SHARE = 0.01


def with_fragment_phrases(q: Query | None, text: str,
                          fields: tuple[str, ...] = TEXT_FIELDS,
                          share: Callable[[str], float] | None = None) -> Query | None:
    """``q`` plus an optional phrase for each run of lone Han characters in ``text``
    (``share(word)``, given on a large index: see ``COMMON_FRAGMENT_SHARE``)."""
    runs = [run for run in han_fragments(text)
            if share is None or min(share(c) for c in run) <= COMMON_FRAGMENT_SHARE]
    if q is None or not runs:
        return q
    phrases = [query.Phrase(f, run, boost=FIELD_BOOSTS[f] * FRAGMENT_PHRASE_WEIGHT)
               for run in runs for f in fields]
    return query.Or([q, *phrases])
