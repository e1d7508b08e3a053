"""``interview-desk ask "QUESTION" [--entry ID] [--max-tokens N] [--model PATH] [--json]``,
and ``interview-desk ask --draft-unanswered --section S | --source S | --deck D`` (see
``cli/drafts.py``).

One question to the tutor, grounded in the corpus like the GUI's: the entry given with
``--entry`` is source [1], search hits for the question follow. The answer streams to
stdout as it is generated (or comes as one JSON object with ``--json``). Sampling and
load options (``--temperature``, ``--n-ctx``, ...) come from the settings fields and
override settings.json for this one question.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from typing import TYPE_CHECKING

from interview_desk.cli.output import emit_json
from interview_desk.cli.setting_options import (
    add_setting_options,
    setting_overrides,
    setting_type,
)
from interview_desk.errors import UsageError

if TYPE_CHECKING:
    from interview_desk.cli.parsing import Subcommands
    from interview_desk.corpus.model import Corpus
    from interview_desk.settings import Settings
    from interview_desk.tutor.backend import Backend
    from interview_desk.tutor.session import Retriever

log = logging.getLogger(__name__)

# Settings this command takes as options, e.g. --max-tokens N.
ASK_SETTINGS = ("max_tokens", "temperature", "top_p", "n_ctx", "n_threads", "n_gpu_layers",
                "remote_timeout")


def register(sub: Subcommands) -> None:
    p = sub.add_parser("ask", help="ask the local tutor a question, grounded in the corpus")
    p.add_argument("question", metavar="QUESTION", nargs="?",
                   help="the question (not with --draft-unanswered)")
    p.add_argument("--entry", metavar="ID", help="the entry the question is about")
    p.add_argument("--model", metavar="PATH", help="a .gguf file (default: settings, then "
                   "the default model)")
    p.add_argument("--remote", metavar="URL", type=setting_type("remote_url"),
                   help="an OpenAI-compatible endpoint instead of a local model")
    add_setting_options(p, ASK_SETTINGS)
    p.add_argument("--no-search", action="store_true", help="do not add search hits")
    p.add_argument("--json", action="store_true", help="print JSON")
    drafts = p.add_argument_group("draft all unanswered", "draft an answer for every "
                                  "unanswered entry that has no draft yet, saving each as "
                                  "it completes (a draft that loops is not saved)")
    drafts.add_argument("--draft-unanswered", action="store_true",
                        help="draft the unanswered entries of --section/--source/--deck")
    drafts.add_argument("--section", metavar="S", help="sections whose path contains S")
    drafts.add_argument("--source", metavar="S", help="documents whose name contains S")
    drafts.add_argument("--deck", metavar="SPEC", help="a study deck: name or filters")
    p.set_defaults(func=run)


def open_backend(args: argparse.Namespace, settings: Settings) -> tuple[Backend, float]:
    """The model to use (``--remote``, ``--model``, then the settings), loaded and warmed
    as the app does, and the seconds finding and loading it took (warm-up not counted)."""
    from interview_desk.tutor.opening import BackendSpec
    from interview_desk.tutor.opening import open_backend as open_spec

    started = time.perf_counter()
    chosen = settings.replaced(
        remote_url=args.remote or ("" if args.model else settings.remote_url),
        model=args.model or settings.model)
    spec = BackendSpec.from_settings(chosen)  # finds the GGUF: counted as loading
    found = time.perf_counter() - started
    # The question follows at once: its own error says what is wrong with an endpoint.
    opened = open_spec(spec, check_remote=False)
    return opened.backend, found + opened.load_seconds


def open_retriever(corpus: Corpus) -> Retriever | None:
    """The search-backed retriever, or None when the index cannot be opened (logged)."""
    from interview_desk.errors import DeskError
    from interview_desk.search import SearchIndex
    from interview_desk.tutor.session import search_retriever

    try:
        index = SearchIndex.open(corpus)
    except DeskError as exc:
        log.warning("search index unavailable, answering without hits: %s", exc)
        print(f"warning: search unavailable ({exc}); answering without related entries",
              file=sys.stderr)
        return None
    return search_retriever(index, corpus)


def run(args: argparse.Namespace) -> int:
    from interview_desk.settings import load_settings

    settings = load_settings().replaced(**setting_overrides(args, ASK_SETTINGS))
    if args.draft_unanswered:
        from interview_desk.cli.drafts import run_drafts

        if args.question or args.entry:
            raise UsageError("--draft-unanswered takes no QUESTION or --entry")
        return run_drafts(args, settings)
    if args.section or args.source or args.deck:
        raise UsageError("--section, --source and --deck go with --draft-unanswered")
    if not args.question:
        raise UsageError("give a QUESTION (or --draft-unanswered with --section S)")
    return _ask(args, settings)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from interview_desk.corpus import load_corpus
    from interview_desk.tutor.backend import GenParams
    from interview_desk.tutor.prompt import Conversation
    from interview_desk.tutor.session import Tutor

    corpus = load_corpus()
    entry = None
    if args.entry:
        entry = corpus.get(args.entry)
        if entry is None:
            raise UsageError(f"no entry with id {args.entry!r}; see `interview-desk corpus list`")
    params = GenParams.from_settings(settings)
    backend, load_seconds = open_backend(args, settings)
    try:
        retriever = None if args.no_search else open_retriever(corpus)
        tutor = Tutor(backend, retriever)
        asked = time.perf_counter()  # retrieval and prompt building count, loading not
        generation = tutor.ask(Conversation(entry), args.question, params)
        for piece in generation:
            if not args.json:
                sys.stdout.write(piece)
                sys.stdout.flush()
        reply = generation.reply
        assert reply is not None
        first = reply.stats.first_token_s
        first_token = reply.stats.started - asked + first if first is not None else 0.0
    finally:
        backend.close()
    if args.json:
        data = reply.to_json()
        data["citations"] = [{"id": c["id"], "question": c["question"]}
                             for c in data["citations"]]
        # Every entry the prompt offered, the current one first (the reply's context).
        data["sources"] = [{"id": s.entry_id, "question": s.question} for s in reply.context]
        data["load_seconds"] = round(load_seconds, 3)
        data["first_token_seconds"] = round(first_token, 3)
        emit_json(data)
    else:
        sys.stdout.write("\n")
        if reply.citations:
            print("\nSources:")
            for c in reply.citations:
                print(f"  [{c.number}] {c.entry_id}  {c.question}")
        print(f"\n({reply.model}, {reply.stats.tokens} tokens, {reply.stats.seconds:.1f}s)",
              file=sys.stderr)
    return 0
