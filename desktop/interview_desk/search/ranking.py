"""Ranking beyond BM25F: word coverage, and how related entries spread."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from whoosh import scoring

# Questions vary from 5 to 80 characters; full length normalisation (B=0.75) would bury
# a long question that names the term under every short one that does too.
WEIGHTING = scoring.BM25F(B=0.75, K1=1.2, question_B=0.3)
RERANK_DEPTH = 30  # how many top hits the coverage re-ranking looks at
PRUNE_FROM_DOCS = 2000  # below this, every term is cheap enough to keep


Candidate = tuple[int, float, frozenset[str]]  # (docnum, BM25F score, terms matched)


def matched_hits(found: Any) -> list[Candidate]:
    """Whoosh's hits (searched with ``terms=True``) as ranking's candidates."""
    return [(hit.docnum, hit.score or 0.0,
             frozenset(t.decode("utf-8", "replace") if isinstance(t, bytes) else t
                       for _, t in hit.matched_terms()))
            for hit in found]


def rerank(found: Iterable[Candidate], groups: list[dict[str, float]]
           ) -> list[tuple[int, float]]:
    """(docnum, score): the BM25F score scaled by how many of the query's words an
    entry matches. Entries with an answer get no bonus: a bare question that matches is
    what was asked about (many entries are bare questions), and the tutor puts
    answered entries first itself.

    With ``kv cache``, an entry about the KV cache beats one that says "cache" ten times.
    """
    out = []
    # Each word counts by its weight: a lone Han character (点 of 缩放点积) far less
    # than 缩放, so matching only it covers little of the query.
    full = sum(max(g.values(), default=0.0) for g in groups) or 1.0
    for docnum, score, matched in found:
        if len(groups) > 1:
            coverage = sum(max((w for t, w in g.items() if t in matched), default=0.0)
                           for g in groups) / full
            score *= 0.5 + 0.5 * coverage
        out.append((docnum, score))
    out.sort(key=lambda ds: -ds[1])
    return out


def spread_sources(found: list[tuple[Mapping[str, Any], float]], limit: int
                   ) -> list[tuple[Mapping[str, Any], float]]:
    """The best ``limit`` of ``found`` (stored fields, score), at most about half from any
    one source while others have candidates: related entries should show the other
    documents' take."""
    cap = max(1, math.ceil(limit / 2))
    chosen: list[tuple[Mapping[str, Any], float]] = []
    spill: list[tuple[Mapping[str, Any], float]] = []
    per_source: dict[str, int] = {}
    for hit in found:
        source = hit[0]["source"]
        if per_source.get(source, 0) < cap:
            per_source[source] = per_source.get(source, 0) + 1
            chosen.append(hit)
        else:
            spill.append(hit)
    picked = chosen[:limit]
    picked += spill[:limit - len(picked)]
    picked.sort(key=lambda h: -h[1])
    return picked
