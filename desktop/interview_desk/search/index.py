"""``SearchIndex``: the one object the window, the tutor and the command line search with.

Thread model: any thread may call :meth:`search` / :meth:`related`; each thread gets its
own Whoosh searcher (Whoosh readers share file handles and are not safe across
threads), replaced after any write. Writes (notes, rebuilds) are serialised by a lock.
A damaged index found while searching is rebuilt once and the search retried; damage is
told from our own bugs by where the error was raised (``is_index_damage``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import query
from whoosh.index import Index
from whoosh.searching import Searcher

from interview_desk.corpus.model import Corpus
from interview_desk.errors import SearchError
from interview_desk.search import storage
from interview_desk.search.analyzer import iter_terms
from interview_desk.search.damage import BugLog, is_index_damage
from interview_desk.search.evidence import marked_sentences
from interview_desk.search.filters import Filters, split_filters
from interview_desk.search.highlight import HighlightTerms
from interview_desk.search.hits import highlight_terms, make_hit
from interview_desk.search.query import (
    COMMON_RATIO,
    bound_expansions,
    filter_query,
    is_plain,
    prune_for_scale,
    shorten,
    text_query,
)
from interview_desk.search.ranking import (
    PRUNE_FROM_DOCS,
    RERANK_DEPTH,
    WEIGHTING,
    matched_hits,
    rerank,
    spread_sources,
)
from interview_desk.search.results import Hit, SearchResults
from interview_desk.search.schema import FIELD_BOOSTS, TEXT_FIELDS, entry_document
from interview_desk.search.scorer import plain_leaves, read_flat_postings, score_plain
from interview_desk.search.spelling import correct
from interview_desk.search.thesaurus import expand_groups, read_query
from interview_desk.search.thesaurus import load as load_thesaurus
from interview_desk.strings import tr

if TYPE_CHECKING:
    from whoosh.qparser import QueryParser

log = logging.getLogger(__name__)
# Below this many entries a word's share says little (in seven, 注意力 is in three).
COMMON_FROM_DOCS = 100
# Below this many entries a search scores every match (see _top_hits).
EXHAUSTIVE_BELOW_DOCS = 2000

def _shares(searcher: Searcher) -> Callable[[str], float]:
    """``share(word)``: the share of entries whose body holds ``word``, each word read
    once (reading a query asks for the same ones again and again)."""
    reader = searcher.reader()
    n_docs = max(reader.doc_count(), 1)
    shares: dict[str, float] = {}

    def share(term: str) -> float:
        found = shares.get(term)
        if found is None:
            found = shares[term] = reader.doc_frequency("body", term) / n_docs
        return found

    return share


def _top_hits(searcher: Searcher, q: query.Query, depth: int, filter_q: query.Query | None,
              *, exhaustive: bool) -> Any:
    """Whoosh's top ``depth`` matches of ``q``: a query with operators (plain words are
    scored by search/scorer.py). ``exhaustive`` (a small index): score every match
    instead of skipping blocks by their best score and rebuilding the union of the
    query's terms every ten matches; on the corpus those optimisations cost more than
    they skip (6.6 vs 10.9–12.4 ms CPU a query, same hits), and scoring every match
    also counts them, so no second pass counts the total."""
    if not exhaustive:
        return searcher.search(q, limit=depth, filter=filter_q, terms=True)
    collector = searcher.collector(limit=depth, filter=filter_q, terms=True, optimize=False)
    inner = collector
    while hasattr(inner, "child"):  # the TopCollector under the terms/filter wrappers
        inner = inner.child
    inner.replace = 0
    searcher.search_with_collector(q, collector)
    return collector.results()


class SearchIndex:
    """A Whoosh index over one corpus (and the user's notes), cached on disk."""

    def __init__(self, corpus: Corpus, root: Path, key: str, ix: Index, *,
                 rebuilt_reason: str | None, built: bool,
                 searcher: Searcher | None = None) -> None:
        self._corpus = corpus
        self._root = root
        self._key = key
        self._ix = ix
        self.rebuilt_reason = rebuilt_reason  # one line when a bad index was replaced
        self.built = built  # True when this open (or a rebuild) had to index
        self._order = {e.id: i for i, e in enumerate(corpus.entries)}
        self._sources = sorted({e.source for e in corpus.entries})
        self._sections = sorted({e.section for e in corpus.entries})
        self._lock = threading.RLock()
        self._generation = 0
        self._local = threading.local()
        self._searchers: list[Searcher] = []
        self._parser: QueryParser | None = None  # built for the first query with operators
        self._closed = False
        self._notes: dict[str, str] | None = None  # known once synced with the store
        self._bugs = BugLog(log)
        if searcher is not None:  # the one that checked the index: this thread's first
            try:
                self._adopt(searcher)
            except Exception:  # the first search opens another and reports the damage
                searcher.close()

    # --- opening and building ---------------------------------------------------------

    @classmethod
    def open(cls, corpus: Corpus, *, notes: Mapping[str, str] | None = None,
             index_dir: Path | None = None, on_progress: storage.ProgressFn | None = None,
             cancel: threading.Event | None = None) -> SearchIndex:
        """Reuse the cached index for ``corpus`` or build it (atomically).

        ``notes`` (entry id -> text), when given, are made searchable; ``on_progress``
        gets ``(done, total)`` while building; setting ``cancel`` stops a build with
        :class:`~interview_desk.search.storage.IndexCancelled`.
        """
        load_thesaurus()  # read once here, off the GUI thread, not by the first query
        root = storage.ensure_root(index_dir)
        key = storage.corpus_key(corpus)
        path = root / key
        reason: str | None = None
        built = False
        try:
            ix, searcher = storage.open_checked(path, key, len(corpus.entries), WEIGHTING)
        except storage.IndexCorrupt as exc:
            if path.exists():
                reason = tr("err.index.rebuilt", exc=exc)
                log.warning("%s: %s", path, reason)
            storage.build(root, key, corpus, notes, on_progress, cancel)
            built = True
            try:
                ix, searcher = storage.open_checked(path, key, len(corpus.entries),
                                                    WEIGHTING)
            except storage.IndexCorrupt as again:
                raise SearchError(tr("err.index.new_unusable", path=path, again=again)
                                  ) from None
        storage.sweep(root, keep=key)
        index = cls(corpus, root, key, ix, rebuilt_reason=reason, built=built,
                    searcher=searcher)
        read_flat_postings(searcher)  # here, off the GUI thread, not at the first query
        if notes is not None:
            index.sync_notes(notes)  # after a build this only records them
        return index

    def rebuild(self, *, notes: Mapping[str, str] | None = None,
                on_progress: storage.ProgressFn | None = None,
                cancel: threading.Event | None = None) -> None:
        """Index the corpus again from scratch (keeps the current notes unless given)."""
        with self._lock:
            if notes is None:
                notes = self._known_notes()
            storage.build(self._root, self._key, self._corpus, notes, on_progress, cancel)
            ix, searcher = storage.open_checked(self._root / self._key, self._key,
                                                len(self._corpus.entries))
            searcher.close()
            self._swap(ix)
            self.built = True

    def _swap(self, ix: Index) -> None:
        old = self._ix
        self._ix = ix
        self._parser = None
        self._generation += 1
        storage.close_index(old)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for s in self._searchers:
                with contextlib.suppress(Exception):  # already closed by its thread
                    s.close()
            self._searchers.clear()
            storage.close_index(self._ix)

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def directory(self) -> Path:
        return self._root / self._key

    @property
    def corpus(self) -> Corpus:
        return self._corpus

    def __len__(self) -> int:
        return len(self._corpus.entries)

    # --- notes ------------------------------------------------------------------------

    def update_note(self, entry_id: str, text: str | None) -> None:
        """Make the user's note for ``entry_id`` searchable (empty text removes it)."""
        entry = self._corpus.get(entry_id)
        if entry is None:
            raise SearchError(tr("err.index.no_entry", entry_id=entry_id))
        self._write({entry_id: text or ""})

    def sync_notes(self, notes: Mapping[str, str]) -> int:
        """Bring the indexed notes in line with ``notes``; returns how many changed."""
        stored = self._stored_notes()
        wanted = {k: v.strip() for k, v in notes.items()
                  if v and v.strip() and self._corpus.get(k) is not None}
        changes = {k: v for k, v in wanted.items() if stored.get(k) != v}
        changes.update({k: "" for k in stored if k not in wanted})
        if changes:
            self._write(changes)
        self._notes = wanted
        return len(changes)

    def _known_notes(self) -> dict[str, str]:
        """Notes to carry into a rebuild: those this object wrote, else the index's own."""
        if self._notes is not None:
            return dict(self._notes)
        try:
            return self._stored_notes()
        except Exception:  # the index is what is broken; the store still has the notes
            log.warning("could not read notes from the damaged index", exc_info=True)
            return {}

    def _stored_notes(self) -> dict[str, str]:
        s = self._searcher()
        if not s.reader().doc_frequency("has_note", True):  # the usual case: no notes
            return {}
        found = s.search(query.Term("has_note", True), limit=None)
        return {hit["id"]: hit["notes"] for hit in found}

    def _write(self, notes: Mapping[str, str]) -> None:
        with self._lock:
            try:
                writer = self._ix.writer(timeout=5.0)
            except Exception as exc:
                raise SearchError(tr("err.index.busy", kind=type(exc).__name__)) from None
            try:
                for entry_id, text in notes.items():
                    entry = self._corpus.get(entry_id)
                    if entry is not None:
                        writer.update_document(**entry_document(entry, self._order[entry_id],
                                                                text))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            self._generation += 1
            if self._notes is not None:
                for entry_id, text in notes.items():
                    if text.strip():
                        self._notes[entry_id] = text.strip()
                    else:
                        self._notes.pop(entry_id, None)

    # --- searching --------------------------------------------------------------------

    def _query_parser(self) -> QueryParser:
        parser = self._parser
        if parser is None:
            from interview_desk.search.operators import make_parser

            parser = self._parser = make_parser(self._ix.schema)
        return parser

    def _searcher(self) -> Searcher:
        local = self._local
        s: Searcher | None = getattr(local, "searcher", None)
        if s is None or local.generation != self._generation:
            if s is not None:
                with contextlib.suppress(Exception):
                    s.close()
            with self._lock:
                if s is not None and s in self._searchers:  # kept only to close at the end
                    self._searchers.remove(s)
                if self._closed:
                    raise SearchError(tr("err.index.closed"))
                s = self._ix.searcher(weighting=WEIGHTING)
                self._adopt(s)
        return s

    def _adopt(self, s: Searcher) -> None:
        """Make ``s`` this thread's searcher (for the current index generation)."""
        # Without notes, not asking the notes field saves a third of the lookups.
        has_notes = s.reader().field_length("notes") > 0
        local = self._local
        local.searcher, local.generation = s, self._generation
        local.fields = TEXT_FIELDS if has_notes else ("question", "body")
        self._searchers.append(s)

    def search(self, query: str, *, limit: int = 20, source: str | None = None,
               section: str | None = None, min_difficulty: int | None = None,
               max_difficulty: int | None = None, answered: bool | None = None,
               ) -> SearchResults:
        """The best ``limit`` entries for ``query``; never raises for any query string.

        Options filter like the same filters written in the query (and win over them).
        Safe to call from any thread.
        """
        started = time.perf_counter()
        text = query if isinstance(query, str) else str(query or "")
        options = Filters(source, section, min_difficulty, max_difficulty, answered)
        generation = self._generation
        try:
            results = self._search(text, max(0, int(limit)), options)
        except SearchError as exc:
            results = SearchResults(text, notices=(str(exc),))
        except Exception as exc:
            results = self._recover(exc, generation, text, max(0, int(limit)), options)
        elapsed = (time.perf_counter() - started) * 1000
        return dataclasses.replace(results, elapsed_ms=round(elapsed, 3))

    def _recover(self, exc: Exception, generation: int, text: str, limit: int,
                 options: Filters) -> SearchResults:
        """Damage: rebuild once and search again. A bug: logged, no rebuild, a notice."""
        if not is_index_damage(exc):
            self._bugs.log(exc, f"search failed for {text!r}")
            return SearchResults(text, notices=(tr("search.failed", what=type(exc).__name__),))
        try:
            self._repair(generation, exc)
            return self._search(text, limit, options)
        except Exception as again:
            log.exception("search failed after rebuilding")
            return SearchResults(text, notices=(tr("search.failed", what=again),))

    def _repair(self, generation: int, exc: BaseException) -> None:
        """Rebuild after a read failed, unless the index changed meanwhile (a rebuild or a
        note saved by another thread): then the failure was the swap, and a retry will do."""
        with self._lock:
            if self._generation != generation:
                return
            log.warning("reading the index failed (%s: %s); rebuilding it",
                        type(exc).__name__, exc)
            self.rebuild()
            self.rebuilt_reason = tr("err.index.rebuilt", exc=type(exc).__name__)

    def _search(self, raw: str, limit: int, options: Filters) -> SearchResults:
        parsed = split_filters(raw)
        filters = parsed.filters.merged(options)
        notices = list(parsed.notices)
        text, words, shortened = shorten(parsed.text)
        if shortened:
            notices.append(shortened)
        searcher = self._searcher()
        suggestion, corrected = correct(searcher, text, raw)
        reader = searcher.reader()
        n_docs = max(reader.doc_count(), 1)
        share = _shares(searcher)
        groups = read_query(corrected or text, groups=None if corrected else words,
                            share=share, weigh_common=n_docs >= COMMON_FROM_DOCS)
        large = n_docs >= PRUNE_FROM_DOCS
        if large:
            groups = prune_for_scale(groups, share)
        fields = self._local.fields
        q, readable = text_query(corrected or text, groups, self._query_parser, fields,
                                 share if large else None)
        if not readable and q is not None:
            notices.append(tr("search.operators_unread"))
        if q is not None and not is_plain(text):
            q = bound_expansions(q, reader, notices)
        filter_q = filter_query(filters, self._sources, self._sections, notices)
        if q is None:
            if not filters:
                return SearchResults(raw, notices=tuple(notices), suggestion=suggestion)
            q = query.Every()
        if filter_q is query.NullQuery:
            return SearchResults(raw, notices=tuple(notices), suggestion=suggestion)
        counted: int | None = None
        depth = max(limit + 10, RERANK_DEPTH)
        leaves = None if isinstance(q, query.Every) else plain_leaves(q)
        if leaves is not None:  # words: scored from the postings (search/scorer.py)
            allowed = None if filter_q is None else set(searcher.docs_for_query(filter_q))
            every = ([set(g) for g in groups]
                     if large and len(groups) > 1 and is_plain(text) else None)
            scored = score_plain(searcher, leaves, depth, allowed=allowed, required=every,
                                 required_from=limit)
            ranked = rerank(scored.top, groups)[:limit]
            counted = scored.total
        elif isinstance(q, query.Every):  # filters only: entries in document order
            found = searcher.search(q, limit=limit or 1, filter=filter_q, sortedby="order")
            ranked = [(h.docnum, 0.0) for h in found[:limit]]
        else:  # operators: Whoosh's own matchers
            found = _top_hits(searcher, q, depth, filter_q,
                              exhaustive=n_docs < EXHAUSTIVE_BELOW_DOCS)
            # A collector that scored every match (no block skipping) has counted
            # them: counting again re-ran the query (~15% of a search). Whoosh counts
            # matches before its filter, so a filtered search still counts apart.
            if filter_q is None and found.has_exact_length():
                counted = len(found)
            ranked = rerank(matched_hits(found), groups)[:limit]
        exact = counted is not None or not large
        # Counting every match of a broad query on a large index costs more than the
        # search itself; there the total is Whoosh's estimate (an upper bound).
        if counted is None:
            counted = self._total(searcher, q, filter_q, large)
        total = max(counted, len(ranked))
        terms = highlight_terms(q, reader)
        hits = [make_hit(searcher.stored_fields(docnum), score, terms)
                for docnum, score in ranked]
        return SearchResults(raw, hits, total, suggestion, 0.0, tuple(notices),
                             total_exact=exact)

    @staticmethod
    def _total(searcher: Searcher, q: query.Query, filter_q: query.Query | None,
               large: bool) -> int:
        """How many entries match (Whoosh's own count ignores the filter)."""
        whole = q if filter_q is None else query.And([q, filter_q])
        if large:
            return min(whole.estimate_size(searcher.reader()), searcher.doc_count())
        return sum(1 for _ in searcher.docs_for_query(whole))

    # --- evidence --------------------------------------------------------------------

    def evidence(self, text: str, question: str) -> list[str]:
        """The sentences of ``text`` that bear on ``question``, read as this index reads
        a query (concepts and the other language included): the ones a source card
        marks, and all the tutor reads of a hit it finds at Ask."""
        return [s for s, hit in marked_sentences(text, question) if hit]

    # --- related entries --------------------------------------------------------------

    def related(self, entry_id: str, limit: int = 5) -> list[Hit]:
        """Entries most like ``entry_id`` (more-like-this), spread across the sources."""
        generation = self._generation
        try:
            return self._related(entry_id, limit)
        except SearchError:
            raise
        except Exception as exc:
            if not is_index_damage(exc):
                raise  # a bug: the caller reports it; rebuilding would not help
            self._repair(generation, exc)
            return self._related(entry_id, limit)

    def _related(self, entry_id: str, limit: int) -> list[Hit]:
        if self._corpus.get(entry_id) is None:
            raise SearchError(tr("err.index.no_entry_id", entry_id=entry_id))
        searcher = self._searcher()
        docnum = searcher.document_number(id=entry_id)
        if docnum is None or limit <= 0:
            return []
        fields = searcher.stored_fields(docnum)
        weights: dict[str, float] = {}
        for fieldname, text, boost in (("question", fields.get("question", ""), 2.0),
                                       ("body", fields.get("answer", "")[:3000], 1.0),
                                       ("notes", fields.get("notes", ""), 1.0)):
            if not text:
                continue
            for term, weight in searcher.key_terms_from_text(fieldname, text, numterms=10):
                # Bo1 alone lets a short question's common words (减少) lead; idf demotes them.
                idf = searcher.idf("body", term)
                weights[term] = weights.get(term, 0.0) + weight * boost * idf
        if not weights:  # nothing distinctive: fall back to the question's own words
            weights = {t: 1.0 for t, *_ in iter_terms(fields.get("question", ""))}
        # On a large index, words most entries hold cost their postings and say little
        # (as in search): neither kept nor added by the thesaurus.
        share = _shares(searcher) if searcher.doc_count() >= PRUNE_FROM_DOCS else None
        if share is not None:
            weights = {t: w for t, w in weights.items() if share(t) <= COMMON_RATIO} or weights
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:16]
        scale = top[0][1] or 1.0
        # The thesaurus carries key terms into the other language (attention -> 注意力).
        groups = expand_groups([{t: w / scale} for t, w in top], share=share)
        expanded = {t: w for g in groups for t, w in g.items()}
        leaves: list[query.Query] = [query.Term(f, t, boost=w * FIELD_BOOSTS[f])
                                     for t, w in expanded.items() for f in ("question", "body")]
        # Scored from the postings like a search (Whoosh's own union took 1–7 s at
        # 41,400 entries), the entry itself left out.
        depth = limit * 4 + 1
        scored = score_plain(searcher, leaves, depth + 1)
        found = [(searcher.stored_fields(d), score)
                 for d, score, _ in scored.top if d != docnum][:depth]
        terms = HighlightTerms.from_terms(expanded)
        return [make_hit(stored, score, terms) for stored, score in spread_sources(found, limit)]
