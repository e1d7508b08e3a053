"""BM25F for a plain query, read straight from the postings.

A plain query (words, no operators) is an OR of weighted terms over the text fields,
plus a phrase for each run of lone Han characters. Whoosh scores such a union by walking
a binary tree of matchers, one Python call per posting per level: on the corpus, with a
query expanded to ~40 terms, that is ~11,000 ``is_active`` calls and 60% of a search.
Here each term's postings are read a block at a time and scored in one loop, with the
same formula, statistics and boosts as Whoosh's ``BM25F`` (tests/search/test_scorer.py
compares every relevance query with Whoosh's own scores). Phrases, rare, are left to
Whoosh's matchers. The result also says which terms each entry matched (ranking's word
coverage needs it) and counts every match, so no second pass counts the total.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from interview_desk.search import postings_file
from interview_desk.search.postings_file import PostingsFile

# From this many entries, scores are summed in numpy arrays (see _ArrayTally).
ARRAYS_FROM_DOCS = 2000


@dataclass(frozen=True, slots=True)
class Scored:
    """The best ``depth`` entries of a query, with what ranking needs of each."""

    top: list[tuple[int, float, frozenset[str]]]  # (docnum, score, terms it matched)
    total: int  # entries matching at all (after the filter)


def plain_leaves(q: query.Query) -> list[query.Query] | None:
    """The leaves of ``q`` when it is an OR of terms and phrases (how ``text_query``
    writes a plain query), else None: anything else goes to Whoosh as it is."""
    leaves: list[query.Query] = []
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, query.Or) and node.boost == 1.0 and not node.minmatch \
                and node.scale is None:
            stack.extend(reversed(node.subqueries))
        elif isinstance(node, query.Term | query.Phrase):
            leaves.append(node)
        else:
            return None
    return leaves


def read_postings(matcher: Any, arrays: bool = False) -> tuple[Any, Sequence[float]]:
    """All (docnums, weights) of one term's matcher, a block at a time; the docnums as
    a numpy array when ``arrays`` (decoded there: Whoosh's decoder is a Python loop).
    Deleted entries are kept (ranking drops them)."""
    if isinstance(matcher, FilterMatcher):  # deletions
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        ids: list[int] = []  # with ``arrays``, each block's deltas, chained
        weights: list[float] = []
        last = 0  # the last docnum of the block before
        while True:
            if arrays:
                if matcher._data is None:
                    matcher._read_data()
                start = len(ids)
                ids.extend(matcher._data[0])  # deltas, the first one from 0
                ids[start] -= last
                last = matcher._maxid
            else:
                matcher._read_ids()
                ids.extend(matcher._ids)
            matcher._read_weights()
            weights.extend(matcher._weights)
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
        if arrays:
            import numpy as np

            return np.cumsum(np.array(ids, dtype=np.int64)), weights
        return ids, weights
    if isinstance(matcher, ListMatcher):  # postings inlined in the term's info
        ids = list(matcher._ids)
        weights = list(matcher._weights) if matcher._weights is not None else [1.0] * len(ids)
        return ids, weights
    ids, weights = [], []
    while matcher.is_active():  # any other matcher: one posting at a time
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


_NO_FILE = object()


class _Leaf:
    """One segment's reader with its field lengths and deletions, read once."""

    def __init__(self, searcher: Searcher, offset: int) -> None:
        self.searcher = searcher
        self.reader: IndexReader = searcher.reader()
        self.offset = offset
        r = self.reader
        self.deleted = (frozenset(range(r.doc_count_all())) - frozenset(r.all_doc_ids())
                        if r.has_deletions() else frozenset())
        self._lengths: dict[str, list[int]] = {}
        self._arrays: dict[str, Any] = {}
        self._flat: Any = _NO_FILE

    def flat(self) -> PostingsFile | None:
        """The segment's flat postings, when its build wrote them (a large index)."""
        if self._flat is _NO_FILE:
            self._flat = postings_file.for_reader(self.reader)
        return self._flat

    def lengths_array(self, fieldname: str) -> Any:
        """``lengths`` as a numpy array."""
        found = self._arrays.get(fieldname)
        if found is None:
            import numpy as np

            found = self._arrays[fieldname] = np.array(self.lengths(fieldname),
                                                       dtype=np.int64)
        return found

    def lengths(self, fieldname: str) -> list[int]:
        """Each document's length in ``fieldname`` as Whoosh scores it (1 when unknown)."""
        found = self._lengths.get(fieldname)
        if found is None:
            r = self.reader
            found = [r.doc_field_length(d, fieldname, 1) or 1
                     for d in range(r.doc_count_all())]
            self._lengths[fieldname] = found
        return found


_LEAVES = "_desk_leaves"  # attribute on a searcher: its _Leaf list


def leaves_of(searcher: Searcher) -> list[_Leaf]:
    """The searcher's segments, kept on it: lengths are read once per searcher (each
    thread has its own, replaced after a write). Not a weak-keyed table: a leaf holds
    its searcher (a one-segment index is its own leaf), so the key would never go; on
    the searcher they are a cycle the collector frees with it."""
    cached: list[_Leaf] | None = getattr(searcher, _LEAVES, None)
    if cached is None:
        cached = [_Leaf(s, offset) for s, offset in searcher.leaf_searchers()]
        setattr(searcher, _LEAVES, cached)
    return cached


def read_flat_postings(searcher: Searcher) -> None:
    """Read a large index's flat postings now (26 MB at ×100), if its build wrote them."""
    if searcher.doc_count_all() >= ARRAYS_FROM_DOCS:
        for leaf in leaves_of(searcher):
            leaf.flat()


@dataclass(frozen=True, slots=True)
class _Bm25:
    """One term's BM25F constants, as Whoosh's ``BM25FScorer`` holds them."""

    idf: float
    avgfl: float
    b: float
    k1: float
    boost: float


class _DictTally:
    """Scores in a dict: a small index, where importing numpy (~75 ms) would cost
    more than every posting of a query."""

    def __init__(self, n_docs: int) -> None:
        self.scores: dict[int, float] = {}
        self.found: dict[str, set[int]] = {}  # term -> entries holding it (any field)

    def add_term(self, text: str, base: int, ids: Sequence[int], tfs: Sequence[float],
                 lengths: Sequence[int], c: _Bm25) -> None:
        scores, get = self.scores, self.scores.get
        idf, avgfl, b, k1, boost = c.idf, c.avgfl, c.b, c.k1, c.boost
        k1p1, norm = k1 + 1, 1 - b
        for docnum, tf in zip(ids, tfs, strict=True):
            d = base + docnum  # Whoosh's bm25(), operation for operation, times the boost
            scores[d] = get(d, 0.0) + (
                idf * ((tf * k1p1) / (tf + k1 * (norm + b * lengths[docnum] / avgfl))) * boost)
        self.found.setdefault(text, set()).update(base + d for d in ids)

    def add_scored(self, texts: set[str], docs: list[int], scores: list[float]) -> None:
        for d, score in zip(docs, scores, strict=True):
            self.scores[d] = self.scores.get(d, 0.0) + score
        for text in texts:
            self.found.setdefault(text, set()).update(docs)

    def top(self, depth: int, deleted: set[int], allowed: set[int] | None,
            required: list[set[str]] | None, required_from: int) -> Scored:
        scores = {d: s for d, s in self.scores.items()
                  if d not in deleted and (allowed is None or d in allowed)}
        candidates = scores
        if required:
            every = set(scores)
            for group in required:
                every &= set().union(*(self.found.get(t, ()) for t in group))
            if len(every) >= required_from:
                candidates = {d: scores[d] for d in every}
        top = heapq.nsmallest(depth, candidates.items(), key=lambda ds: (-ds[1], ds[0]))
        return Scored([(d, s, frozenset(t for t, docs in self.found.items() if d in docs))
                       for d, s in top], len(scores))


class _ArrayTally:
    """Scores in a numpy array: a large index, where a Python step per posting (tens
    of thousands a query) is what a search costs."""

    def __init__(self, n_docs: int) -> None:
        import numpy as np

        self.np = np
        self.scores = np.zeros(n_docs)
        self.found: dict[str, list[Any]] = {}  # term -> sorted arrays of entries

    def add_term(self, text: str, base: int, ids: Sequence[int], tfs: Sequence[float],
                 lengths: Any, c: _Bm25) -> None:
        np = self.np
        local = np.asarray(ids, dtype=np.int64)
        tf = np.array(tfs, dtype=np.float64)
        fl = lengths[local]
        k1p1, norm = c.k1 + 1, 1 - c.b
        docs = local + base
        self.scores[docs] += c.idf * ((tf * k1p1) / (tf + c.k1 * (norm + c.b * fl / c.avgfl))
                                      ) * c.boost
        self.found.setdefault(text, []).append(docs)

    def add_scored(self, texts: set[str], docs: list[int], scores: list[float]) -> None:
        np = self.np
        at = np.array(docs, dtype=np.int64)
        self.scores[at] += np.array(scores, dtype=np.float64)
        for text in texts:
            self.found.setdefault(text, []).append(at)

    def _holding(self, text: str, docs: Any) -> Any:
        np = self.np
        held = np.zeros(len(docs), dtype=bool)
        for arr in self.found.get(text, ()):
            if len(arr):
                at = np.minimum(np.searchsorted(arr, docs), len(arr) - 1)
                held |= arr[at] == docs
        return held

    def top(self, depth: int, deleted: set[int], allowed: set[int] | None,
            required: list[set[str]] | None, required_from: int) -> Scored:
        np = self.np
        scores = self.scores  # every BM25F score is positive: 0 means no match
        if deleted:
            scores[np.fromiter(deleted, dtype=np.int64)] = 0.0
        if allowed is not None:
            keep = np.zeros(len(scores), dtype=bool)
            keep[np.fromiter(allowed, dtype=np.int64)] = True
            scores[~keep] = 0.0
        matched = np.flatnonzero(scores > 0)
        candidates = matched
        if required:
            every = np.ones(len(scores), dtype=bool)
            for group in required:
                held = np.zeros(len(scores), dtype=bool)
                for text in group:
                    for arr in self.found.get(text, ()):
                        held[arr] = True
                every &= held
            chosen = matched[every[matched]]
            if len(chosen) >= required_from:
                candidates = chosen
        values = scores[candidates]
        if len(candidates) > depth:  # the best depth, and any tied with the last
            cut = np.partition(-values, depth - 1)[depth - 1]
            keep_top = -values <= cut
            candidates, values = candidates[keep_top], values[keep_top]
        order = np.lexsort((candidates, -values))[:depth]
        docs, best = candidates[order], values[order]
        held = {text: self._holding(text, docs) for text in self.found}
        return Scored([(int(d), float(v), frozenset(t for t, h in held.items() if h[i]))
                       for i, (d, v) in enumerate(zip(docs, best, strict=True))],
                      len(matched))


def _term(leaf: _Leaf, weighting: BM25F, term: query.Term, tally: _DictTally | _ArrayTally,
          arrays: bool) -> None:
    """Adds the term's BM25F score to each entry of ``leaf`` holding it."""
    field = leaf.searcher.schema[term.fieldname]
    btext = field.to_bytes(term.text)
    flat = leaf.flat() if arrays else None
    if flat is not None:  # sliced from arrays, not unpickled block by block
        found = flat.get(term.fieldname, btext)
        if found is None:  # not in this segment
            return
        ids, weights = found
    else:
        try:  # one look-up of the term, not a membership test and then another
            matcher = leaf.reader.postings(term.fieldname, btext)
        except TermNotFound:  # not in this segment
            return
        ids, weights = read_postings(matcher, arrays)
    scorer = weighting.scorer(leaf.searcher, term.fieldname, btext)
    lengths = leaf.lengths_array(term.fieldname) if arrays else leaf.lengths(term.fieldname)
    tally.add_term(term.text, leaf.offset, ids, weights, lengths,
                   _Bm25(scorer.idf, scorer.avgfl, scorer.B, scorer.K1, term.boost))


def _other(leaf: _Leaf, sub: query.Query, tally: _DictTally | _ArrayTally) -> None:
    """A phrase (or any leaf) scored by Whoosh's own matcher."""
    m = sub.matcher(leaf.searcher)
    docs: list[int] = []
    scores: list[float] = []
    while m.is_active():
        docs.append(leaf.offset + m.id())
        scores.append(m.score())
        m.next()
    texts = {t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)
             for _, t in sub.terms()}
    tally.add_scored(texts, docs, scores)


def score_plain(searcher: Searcher, leaves: list[query.Query], depth: int, *,
                allowed: set[int] | None = None,
                required: list[set[str]] | None = None, required_from: int = 1) -> Scored:
    """The ``depth`` best entries for the union of ``leaves``, as Whoosh's BM25F scores
    it (ties by document order). ``allowed``: docnums a filter lets through.
    ``required``: groups of terms; when at least ``required_from`` entries match a term
    of every group, only those are ranked (on a large index, an entry with every word
    beats one with some)."""
    n_docs = searcher.reader().doc_count_all()
    arrays = n_docs >= ARRAYS_FROM_DOCS
    tally: _DictTally | _ArrayTally = (_ArrayTally if arrays else _DictTally)(n_docs)
    deleted: set[int] = set()
    for leaf in leaves_of(searcher):
        for sub in leaves:
            if isinstance(sub, query.Term):
                _term(leaf, searcher.weighting, sub, tally, arrays)
            else:
                _other(leaf, sub, tally)
        deleted.update(leaf.offset + d for d in leaf.deleted)
    return tally.top(depth, deleted, allowed, required, required_from)
