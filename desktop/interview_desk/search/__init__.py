"""Full-text search over the Q&A corpus and the user's notes (Whoosh; no Qt).

Use::

    from interview_desk.search import SearchIndex
    index = SearchIndex.open(corpus, notes={entry_id: text}, on_progress=cb, cancel=event)
    results = index.search("旋轉位置編碼 difficulty:>=4", limit=20)
    for hit in results.hits: hit.entry_id, hit.question_html, hit.snippet_html, hit.score
    results.total, results.suggestion, results.elapsed_ms, results.notices
    index.related(entry_id, limit=5)      # more-like-this, spread across sources
    index.update_note(entry_id, "my note")  # the note becomes searchable
    index.rebuild()

``SearchIndex.open`` reuses the index cached under ``index_dir`` (default: the user cache
folder's ``search/``), keyed by the entries' content and the schema/analyzer versions,
or builds it there (build beside, then rename); a damaged index is rebuilt and
``index.rebuilt_reason`` says so in one line. ``on_progress(done, total)`` is called from
the building thread; setting ``cancel`` raises ``IndexCancelled`` and leaves nothing.
``search`` never raises for a query string and may be called from any thread (one Whoosh
searcher per thread); ``results.notices`` holds one-line remarks (ignored filter, query
read as plain words); ``results.total_exact`` is False for a query with operators on a
large index (2,000+ entries), where ``total`` is an estimate. Filters inside a query:
``source:003``, ``section:位置编码``, ``difficulty:>=4`` (or ``4``, ``<3``, ``2-4``, ``★★★``),
``answered:no``; also quoted phrases, ``AND``/``OR``/``NOT``, ``prefix*``.

Modules: ``analyzer`` (fold + Chinese words + stems), ``segmenter`` (jieba's words from
a dictionary read bucket by bucket), ``schema`` (fields, entry -> document),
``storage`` (cache key, atomic build, checks), ``segment_workers`` (a large build
written as one segment per worker process), ``bulk_writer`` (Whoosh's segment writer with
its per-posting work done in bulk), ``simplified`` (Traditional -> Simplified by
OpenCC's character table where its phrase rules do not apply), ``filters`` (key:value in the text),
``query`` (filter queries, forgiving parse), ``scorer`` (BM25F for plain words, read
straight from the postings),
``spelling`` (did you mean), ``thesaurus`` (concepts for query expansion, and
``read_query``: a query's words as search weighs them), ``evidence`` (the sentences of a
note that bear on a question, for the tutor's source cards), ``ranking``
(coverage re-rank, source spread), ``highlight`` and ``hits`` (snippets), ``results``
(Hit, SearchResults), ``index`` (SearchIndex), ``selfcheck`` (the selftest part),
``operators`` (Whoosh's query parser, for queries with operators), ``cachefile``
(derived files in the cache), ``lean_whoosh`` (importing Whoosh without what a search
never runs).
"""

from interview_desk.search.lean_whoosh import import_whoosh

import_whoosh()  # before any other Whoosh import: see lean_whoosh

from interview_desk.search.index import SearchIndex  # noqa: E402
from interview_desk.search.results import Hit, SearchResults  # noqa: E402
from interview_desk.search.storage import IndexCancelled  # noqa: E402

__all__ = ["Hit", "IndexCancelled", "SearchIndex", "SearchResults"]
