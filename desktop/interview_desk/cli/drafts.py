"""``interview-desk ask --draft-unanswered --section S | --source S | --deck D [--json]``.

Drafts an answer for every unanswered entry of a section, a document or a study deck
that has no draft yet, one after the other on one loaded model, saving each good draft
in the user's file as it completes (an interrupted run keeps the finished ones). A line
per entry shows the progress (on stderr with ``--json``, whose one object on stdout
lists what was saved, what failed and why, and what was skipped). A draft that trips
the degeneration guard, or is empty, is not saved and counts as failed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from interview_desk.cli.output import emit_json
from interview_desk.errors import UsageError

if TYPE_CHECKING:
    from interview_desk.corpus.model import Corpus, Entry
    from interview_desk.settings import Settings
    from interview_desk.study.drafts import DraftBatch, Failure
    from interview_desk.tutor.session import Reply

REASONS = {
    "repetition": "the model repeated itself; not saved",
    "empty": "the model wrote nothing; not saved",
}


def _entries(args: argparse.Namespace, corpus: Corpus) -> tuple[str, list[Entry]]:
    """The batch's title and entries: a deck, or a source and/or section."""
    from interview_desk.study.drafts import section_entries

    if args.deck:
        if args.section or args.source:
            raise UsageError("give --deck, or --section/--source, not both")
        from interview_desk.cli.study import open_service

        with open_service() as service:
            deck = service.deck(args.deck)
            ids = service.deck_ids(deck)
        entries = [e for e in (corpus.get(i) for i in ids) if e is not None]
        if not entries:
            raise UsageError(f"the deck {deck.name!r} has no entries")
        return deck.name, entries
    title = " / ".join(x for x in (args.source, args.section) if x)
    return title, section_entries(corpus, source=args.source or "", section=args.section or "")


def _reason(f: Failure) -> str:
    return REASONS.get(f.reason, f.detail or f.reason)


def _summary(batch: DraftBatch) -> dict[str, Any]:
    return {
        "title": batch.title,
        "state": batch.state.value,
        "total": batch.total,
        "saved": batch.saved,
        "failed": [
            {"id": f.entry_id, "question": f.question, "reason": f.reason, "detail": _reason(f)}
            for f in batch.failed
        ],
        "skipped_drafted": batch.plan.drafted,
        "skipped_answered": batch.plan.answered,
        "not_drafted": batch.remaining,
    }


def run_drafts(args: argparse.Namespace, settings: Settings) -> int:
    from interview_desk.cli.ask import open_backend, open_retriever
    from interview_desk.corpus import load_corpus
    from interview_desk.store import UserStore
    from interview_desk.study.drafts import DraftBatch, plan_drafts, run_batch
    from interview_desk.tutor.backend import GenParams
    from interview_desk.tutor.session import Tutor

    if not (args.section or args.source or args.deck):
        raise UsageError("--draft-unanswered needs --section S, --source S or --deck D")
    corpus = load_corpus()
    title, entries = _entries(args, corpus)
    out = sys.stderr if args.json else sys.stdout
    with UserStore.open() as store:
        batch = DraftBatch(title, plan_drafts(entries, set(store.drafts())))
        print(
            f"{title}: {batch.total} to draft, {batch.plan.drafted} skipped (drafted), "
            f"{batch.plan.answered} answered",
            file=out,
            flush=True,
        )
        if batch.total:
            backend, _load_seconds = open_backend(args, settings)
            try:
                retriever = None if args.no_search else open_retriever(corpus)
                tutor = Tutor(backend, retriever)

                def started(b: DraftBatch, entry: Entry) -> None:
                    print(
                        f"[{b.position}/{b.total}] {entry.id}  {entry.question.strip()}",
                        file=out,
                        flush=True,
                    )

                def ended(b: DraftBatch, entry: Entry, reply: Reply | None) -> None:
                    failure = next((f for f in b.failed if f.entry_id == entry.id), None)
                    tokens = reply.stats.tokens if reply is not None else 0
                    status = f"failed: {_reason(failure)}" if failure else "saved"
                    print(f"    {status} ({tokens} tokens)", file=out, flush=True)

                run_batch(
                    batch,
                    tutor,
                    GenParams.from_settings(settings),
                    store.save_draft,
                    on_start=started,
                    on_done=ended,
                )
            finally:
                backend.close()
        else:
            batch.next()  # nothing to draft: the batch is done
    if args.json:
        emit_json(_summary(batch))
    else:
        print(
            f"{len(batch.saved)} saved, {len(batch.failed)} failed, {batch.plan.drafted} skipped",
            file=out,
        )
    return 0
