"""``interview-desk search|related|index``: full-text search from the command line.

    interview-desk search QUERY [--limit N] [--json] [--source S] [--section S] ...
    interview-desk search --stdin [--json] [--limit N]   # one query per line, in order
    interview-desk related ID [--limit N] [--json]
    interview-desk index rebuild | index status [--json]

Notices (did-you-mean, ignored filters, a rebuilt index) go to stderr, one line each, so
stdout stays pure JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json
from interview_desk.errors import StoreError, UsageError

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands
    from interview_desk.search import SearchIndex
    from interview_desk.search.results import Hit, SearchResults


def register(sub: Subcommands) -> None:
    p = sub.add_parser("search", help="search questions, answers and your notes")
    p.add_argument("query", nargs="?", metavar="QUERY",
                   help="words in any script or case; filters such as source:003, "
                        "section:位置编码, difficulty:>=4, answered:no; \"phrases\"")
    p.add_argument("--stdin", action="store_true",
                   help="read one query per line; print one result list per line")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits to show (10)")
    p.add_argument("--source", metavar="S", help="only documents whose name contains S")
    p.add_argument("--section", metavar="S", help="only sections whose path contains S")
    p.add_argument("--min-difficulty", type=int, choices=range(1, 6), metavar="N",
                   help="only entries with at least N stars (1-5)")
    p.add_argument("--max-difficulty", type=int, choices=range(1, 6), metavar="N",
                   help="only entries with at most N stars (1-5)")
    p.add_argument("--answered", choices=("yes", "no"), help="only answered / unanswered")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_search)

    r = sub.add_parser("related", help="entries most like one entry, across the documents")
    r.add_argument("id", metavar="ID", help="entry id as printed by 'search' or 'corpus list'")
    r.add_argument("--limit", type=int, default=5, metavar="N", help="entries to show (5)")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(func=run_related)

    i = sub.add_parser("index", help="the search index: rebuild it or show where it is")
    actions = i.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    rebuild = actions.add_parser("rebuild", help="index the corpus and notes from scratch")
    rebuild.add_argument("--json", action="store_true", help="print JSON")
    rebuild.set_defaults(func=run_rebuild)
    status = actions.add_parser("status", help="where the index is and what it holds")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=run_status)


def _notes() -> dict[str, str]:
    """The user's notes, when a data file exists (a search never creates one)."""
    from interview_desk.paths import USER_DATA_FILE, user_data_dir

    path = user_data_dir() / USER_DATA_FILE
    if not path.exists():  # checked first: the store's modules need not be imported
        return {}
    from interview_desk.store.user_store import UserStore

    try:
        with UserStore.open(path) as store:
            return store.notes()
    except StoreError as exc:
        print(f"warning: notes not searchable: {exc}", file=sys.stderr)
        return {}


def _open_index() -> SearchIndex:
    from interview_desk.corpus import load_corpus
    from interview_desk.search import SearchIndex

    corpus = load_corpus()
    for message in corpus.warnings:
        print(f"warning: {message}", file=sys.stderr)
    index = SearchIndex.open(corpus, notes=_notes())
    if index.rebuilt_reason:
        print(f"note: {index.rebuilt_reason}", file=sys.stderr)
    return index


def _stars(difficulty: int | None) -> str:
    return "★" * difficulty if difficulty else ""


def _print_hits(hits: Sequence[Hit]) -> None:
    for n, hit in enumerate(hits, 1):
        meta = " · ".join(x for x in (hit.source, hit.section, _stars(hit.difficulty),
                                      "" if hit.answered else "no answer") if x)
        print(f"{n:>2}. {hit.question}  [{hit.entry_id}]")
        print(f"    {meta}")
        if hit.snippet:
            print(f"    {hit.snippet}")


def _check_limit(limit: int) -> int:
    if limit < 1 or limit > 1000:
        raise UsageError("--limit must be between 1 and 1000")
    return limit


def run_search(args: argparse.Namespace) -> int:
    limit = _check_limit(args.limit)
    if args.stdin == (args.query is not None):
        raise UsageError("give a QUERY or --stdin (not both)")
    options = {"source": args.source, "section": args.section,
               "min_difficulty": args.min_difficulty, "max_difficulty": args.max_difficulty,
               "answered": None if args.answered is None else args.answered == "yes"}
    index = _open_index()
    try:
        if not args.stdin:
            results = index.search(args.query, limit=limit, **options)
            _report(results)
            if args.json:
                emit_json([h.to_json() for h in results.hits])
            else:
                print(f"{results.total} matching, {results.elapsed_ms:.1f} ms")
                _print_hits(results.hits)
            return 0
        for line in sys.stdin:
            results = index.search(line.rstrip("\r\n"), limit=limit, **options)
            _report(results, suggestion=False)  # notices (a shortened query) to stderr
            if args.json:
                emit_json([h.to_json() for h in results.hits], indent=None)
            else:
                print(f"# {line.strip()}  ({results.total} matching)")
                _print_hits(results.hits)
                print()
                sys.stdout.flush()
        return 0
    finally:
        index.close()


def _report(results: SearchResults, *, suggestion: bool = True) -> None:
    if suggestion and results.suggestion:
        print(f"did you mean: {results.suggestion}", file=sys.stderr)
    for notice in results.notices:
        print(f"note: {notice}", file=sys.stderr)


def run_related(args: argparse.Namespace) -> int:
    limit = _check_limit(args.limit)
    index = _open_index()
    try:
        hits = index.related(args.id, limit=limit)
    finally:
        index.close()
    if args.json:
        emit_json([h.to_json() for h in hits])
    else:
        _print_hits(hits)
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    index = _open_index()
    try:
        started = time.perf_counter()
        if not index.built:  # opening may already have built it
            index.rebuild(notes=_notes())
        seconds = time.perf_counter() - started
        info = {"entries": len(index), "seconds": round(seconds, 2),
                "path": str(index.directory)}
    finally:
        index.close()
    if args.json:
        emit_json(info)
    else:
        print(f"rebuilt the search index: {info['entries']} entries in {seconds:.1f} s "
              f"({info['path']})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    index = _open_index()
    try:
        info = {"entries": len(index), "path": str(index.directory),
                "built_now": index.built, "rebuilt_reason": index.rebuilt_reason}
    finally:
        index.close()
    if args.json:
        emit_json(info)
    else:
        state = "built now" if index.built else "cached"
        print(f"{info['entries']} entries, {state}: {info['path']}")
    return 0
