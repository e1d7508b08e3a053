"""``interview-desk study due|review|stats|export-anki``: spaced repetition from the shell.

``--at ISO8601`` fixes the clock (scripts, tests); ``--deck`` takes a deck name (All
answered, Bookmarked, Struggling, or one saved in the app) or a spec in the search
syntax (``source:003 difficulty:>=4 is:struggling``). The default deck is All answered.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from interview_desk.cli.output import emit_json
from interview_desk.errors import UsageError

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands


def _common(p: argparse.ArgumentParser, *, deck: bool = True) -> None:
    if deck:
        p.add_argument("--deck", metavar="SPEC",
                       help="deck name or search filters, e.g. source:003 (All answered)")
    p.add_argument("--at", metavar="ISO8601", help="pretend it is this moment (default now)")
    p.add_argument("--json", action="store_true", help="print JSON")


def register(sub: Subcommands) -> None:
    p = sub.add_parser("study", help="spaced repetition: what is due, rate cards, statistics")
    cmds = p.add_subparsers(dest="study_command", metavar="ACTION", required=True)

    due = cmds.add_parser("due", help="cards due now (new ones within the daily limit)")
    _common(due)
    due.add_argument("--limit", type=int, metavar="N", help="show at most N cards")
    due.set_defaults(func=run_due)

    review = cmds.add_parser("review", help="rate one card")
    review.add_argument("id", metavar="ID", help="entry id as printed by 'study due'")
    review.add_argument("--rating", required=True, metavar="R",
                        help="again, hard, good or easy (or 1-4)")
    _common(review)
    review.set_defaults(func=run_review)

    stats = cmds.add_parser("stats", help="counts, reviews per day, forecast, retention")
    _common(stats)
    stats.set_defaults(func=run_stats)

    decks = cmds.add_parser("decks", help="the built-in and saved decks with their options")
    decks.add_argument("--json", action="store_true", help="print JSON")
    decks.set_defaults(func=run_decks)

    deck = cmds.add_parser("deck", help="save a deck (a name for a spec) and its options")
    deck.add_argument("name", metavar="NAME")
    deck.add_argument("spec", nargs="?", metavar="SPEC",
                      help="search filters, e.g. 'source:003 is:struggling' (kept if omitted)")
    deck.add_argument("--new-per-day", type=int, metavar="N")
    deck.add_argument("--max-reviews", type=int, metavar="N", help="maximum reviews per day")
    deck.add_argument("--retention", type=float, metavar="R",
                      help="desired retention, 0.70-0.99 (0.9)")
    deck.add_argument("--day-start", type=int, metavar="H",
                      help="the local hour a study day starts (4)")
    deck.add_argument("--delete", action="store_true", help="forget the saved deck")
    deck.set_defaults(func=run_deck)

    anki = cmds.add_parser("export-anki", help="write a deck as an Anki package (.apkg)")
    anki.add_argument("path", metavar="PATH.apkg")
    anki.add_argument("--deck", metavar="SPEC", help="deck name or search filters")
    anki.set_defaults(func=run_export_anki)


def _moment(args: argparse.Namespace) -> datetime:
    from interview_desk.study.clock import parse_moment, utc_now

    return parse_moment(args.at) if getattr(args, "at", None) else utc_now()


@contextmanager
def open_service() -> Iterator[Any]:  # -> StudyService
    from interview_desk.corpus import load_corpus
    from interview_desk.store import UserStore
    from interview_desk.study import StudyService

    corpus = load_corpus()
    for message in corpus.warnings:
        print(f"warning: {message}", file=sys.stderr)
    index: Any = None

    def search(text: str) -> list[str]:
        nonlocal index
        if index is None:  # only a deck with words needs the index (and jieba)
            from interview_desk.search import SearchIndex

            index = SearchIndex.open(corpus, notes=store.notes())
        results = index.search(text, limit=len(corpus.entries))
        return [h.entry_id for h in results.hits]

    with UserStore.open() as store:
        try:
            yield StudyService(corpus, store, search=search)
        finally:
            if index is not None:
                index.close()


def _iso(epoch: float | None) -> str | None:
    from interview_desk.study.clock import from_epoch

    return None if epoch is None else from_epoch(epoch).isoformat().replace("+00:00", "Z")


def run_due(args: argparse.Namespace) -> int:
    from interview_desk.study.scheduler import STATE_NAMES

    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    at = _moment(args)
    with open_service() as service:
        deck = service.deck(args.deck)
        queue = service.queue(deck, at)
        items = queue.items[:args.limit] if args.limit is not None else queue.items
        rows = [{"id": i.entry_id, "question": service.corpus.get(i.entry_id).question,
                 "due": _iso(i.due), "state": STATE_NAMES[i.state]} for i in items]
    if args.json:
        emit_json(rows)
        return 0
    new, learning, review = queue.counts
    print(f"{deck.name}: {len(queue)} due ({new} new, {learning} learning, {review} review)")
    for row in rows:
        print(f"  {row['id']:<14} {row['state']:<10} {row['question']}")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from interview_desk.study.scheduler import Grade

    grade = Grade.parse(args.rating)
    at = _moment(args)
    with open_service() as service:
        result, _log_id = service.rate(args.id, grade, at, service.deck(args.deck))
    row = {"id": args.id, "rating": grade.name.lower(), "state": result.state_name,
           "next_due": _iso(result.card.due), "interval_days": round(result.interval_days, 4)}
    if args.json:
        emit_json(row)
        return 0
    from interview_desk.study.scheduler import format_interval

    print(f"{args.id}: {row['rating']} -> {row['state']}, next in "
          f"{format_interval(result.interval_days)} ({row['next_due']})")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from interview_desk.study.stats import to_jsonable

    at = _moment(args)
    with open_service() as service:
        data = service.stats(service.deck(args.deck), at)
    if args.json:
        emit_json(to_jsonable(data))
        return 0
    s = data["summary"]
    print(f"{data['deck']}: {s['cards']} cards, {s['new']} new, {s['learning']} learning, "
          f"{s['review']} in review, {s['suspended']} suspended, {s['lapsed']} lapsed")
    retention = s["retention_30d"]
    print(f"due today {data['due_today']}, reviewed today {s['reviews_today']}, "
          f"all time {s['reviews_total']}, retention (30 days) "
          f"{'-' if retention is None else f'{retention:.0%}'}")
    for c in data["coverage"]:
        print(f"  {c.source}: {c.total} cards, {c.seen} seen, {c.known} known, "
              f"{c.in_review} studied (learning or in review)")
    return 0


def run_export_anki(args: argparse.Namespace) -> int:
    from interview_desk.study.anki import export_apkg

    with open_service() as service:
        deck = service.deck(args.deck)
        ids = service.deck_ids(deck)
        drafts = service.store.drafts()
        count = export_apkg(args.path, deck.name, [service.corpus.get(i) for i in ids],
                            drafts={k: d.text for k, d in drafts.items()})
    print(f"wrote {count} notes of {deck.name} to {args.path}")
    return 0


def _deck_row(deck: Any) -> dict[str, Any]:
    return {"name": deck.name, "spec": deck.spec, "builtin": deck.builtin,
            "options": deck.options.to_dict()}


def run_decks(args: argparse.Namespace) -> int:
    with open_service() as service:
        rows = [_deck_row(d) for d in service.decks()]
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        o = row["options"]
        print(f"{row['name']:<20} {row['spec']:<30} {o['new_per_day']} new/day, "
              f"{o['max_reviews_per_day']} reviews/day, retention {o['desired_retention']}, "
              f"day starts {o['day_start_hour']}:00")
    return 0


def run_deck(args: argparse.Namespace) -> int:
    from dataclasses import replace

    with open_service() as service:
        saved = {d.name: d for d in service.saved_decks()}
        if args.delete:
            if args.name not in saved:
                raise UsageError(f"no saved deck named {args.name!r} (see 'study decks')")
            service.reviews.delete_deck(args.name)
            print(f"deleted the deck {args.name}")
            return 0
        current = saved.get(args.name) or next(
            (d for d in service.decks() if d.name == args.name), None)
        spec = args.spec if args.spec is not None else (current.spec if current else None)
        if spec is None:
            raise UsageError(f"a new deck needs a SPEC, e.g. 'study deck {args.name} "
                             "source:003'")
        changes = {k: v for k, v in (("new_per_day", args.new_per_day),
                                     ("max_reviews_per_day", args.max_reviews),
                                     ("desired_retention", args.retention),
                                     ("day_start_hour", args.day_start)) if v is not None}
        base = current.options if current else None
        options = replace(base, **changes) if base else None
        if options is None:
            from interview_desk.study import DeckOptions

            options = DeckOptions(**changes)
        deck = service.save_deck(args.name, spec, options)
    print(f"saved the deck {deck.name}: {deck.spec}")
    return 0
