"""Draft all unanswered with real llama.cpp: the default model drafts a small section,
the looping tiny GGUF proves the guard path, the command line end to end."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from interview_desk.cli import main
from interview_desk.corpus import Corpus
from interview_desk.corpus.model import Entry
from interview_desk.settings import Settings, save_settings
from interview_desk.store import UserStore
from interview_desk.study.drafts import (
    REPETITION,
    BatchState,
    DraftBatch,
    plan_drafts,
    run_batch,
    section_entries,
)
from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.session import Tutor

PARAMS = GenParams(temperature=0.0, max_tokens=24, seed=1)  # short drafts, short tests


def small_section(corpus: Corpus) -> tuple[str, list[Entry]]:
    """A section (as ``--section`` takes it) whose entries include 2-3 unanswered ones."""
    counts = Counter(e.section for e in corpus.entries if not e.answered and e.section)
    for section, _n in sorted(counts.items(), key=lambda kv: kv[1]):
        entries = section_entries(corpus, section=section)
        if 2 <= sum(not e.answered for e in entries) <= 3:
            return section, entries
    pytest.fail("no section with 2-3 unanswered entries")


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    s = UserStore.open(tmp_path / "user.sqlite3")
    yield s  # type: ignore[misc]
    s.close()


def test_default_model_drafts_a_section_skipping_drafted_entries(
    default_model: Path, corpus: Corpus, store: UserStore
) -> None:
    section, entries = small_section(corpus)
    unanswered = [e for e in entries if not e.answered]
    store.save_draft(unanswered[0].id, "mine, kept", "me")  # already drafted: skipped
    batch = DraftBatch(section, plan_drafts(entries, set(store.drafts())))
    assert [e.id for e in batch.plan.todo] == [e.id for e in unanswered[1:]]
    assert batch.plan.drafted == 1 and batch.plan.answered == len(entries) - len(unanswered)
    backend = LocalBackend.load(default_model, LoadParams(n_ctx=2048, n_threads=1))
    seen: list[tuple[int, int, str]] = []
    try:
        run_batch(
            batch,
            Tutor(backend),
            PARAMS,
            store.save_draft,
            on_start=lambda b, e: seen.append((b.position, b.total, e.id)),
        )
    finally:
        backend.close()
    assert batch.state is BatchState.DONE and batch.completed == batch.total
    assert seen == [(n + 1, batch.total, e.id) for n, e in enumerate(batch.plan.todo)]
    drafts = store.drafts()
    assert drafts[unanswered[0].id].text == "mine, kept"  # never overwritten
    for entry_id in batch.saved:
        assert drafts[entry_id].text.strip() and drafts[entry_id].model
    assert not batch.failed or all(f.reason == REPETITION for f in batch.failed)
    assert len(batch.saved) + len(batch.failed) == len(unanswered) - 1


def test_a_looping_model_fails_each_draft_and_saves_none(
    loop_model: Path, corpus: Corpus, store: UserStore
) -> None:
    _section, entries = small_section(corpus)
    batch = DraftBatch("loop", plan_drafts(entries, set()))
    backend = LocalBackend.load(loop_model, LoadParams(n_ctx=2048, n_threads=1))
    try:
        run_batch(
            batch, Tutor(backend), GenParams(temperature=0.0, max_tokens=400), store.save_draft
        )
    finally:
        backend.close()
    assert batch.state is BatchState.DONE and batch.saved == []
    assert [f.reason for f in batch.failed] == [REPETITION] * batch.total
    assert store.drafts() == {}


def test_a_crash_mid_batch_keeps_the_finished_drafts(
    tiny_model: Path, corpus: Corpus, store: UserStore
) -> None:
    _section, entries = small_section(corpus)
    batch = DraftBatch("crash", plan_drafts(entries, set()))

    def crash(b: DraftBatch, _entry: Entry, _reply: object) -> None:
        if b.completed == 1:
            raise RuntimeError("the process dies here")

    backend = LocalBackend.load(tiny_model, LoadParams(n_ctx=2048, n_threads=1))
    try:
        with pytest.raises(RuntimeError):
            run_batch(
                batch,
                Tutor(backend),
                GenParams(temperature=0.0, max_tokens=12),
                store.save_draft,
                on_done=crash,
            )
    finally:
        backend.close()
    first = batch.plan.todo[0].id
    assert batch.saved == [first] and batch.total >= 2
    assert list(store.drafts()) == [first]  # saved as it completed, before the crash


def test_cli_drafts_a_section_as_json(
    default_model: Path, corpus: Corpus, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(Settings(model=str(default_model), n_threads=1, temperature=0.0))
    section, entries = small_section(corpus)
    unanswered = [e.id for e in entries if not e.answered]
    code = main(
        [
            "ask",
            "--draft-unanswered",
            "--section",
            section,
            "--max-tokens",
            "24",
            "--no-search",
            "--json",
        ]
    )
    out = capsys.readouterr()
    assert code == 0
    data = json.loads(out.out)
    assert data["state"] == "done" and data["total"] == len(unanswered)
    assert sorted(data["saved"] + [f["id"] for f in data["failed"]]) == sorted(unanswered)
    assert "[1/" in out.err and f"[{len(unanswered)}/{len(unanswered)}]" in out.err
    with UserStore.open() as s:
        assert set(s.drafts()) == set(data["saved"])
    # Run again: every entry now has a draft or failed; drafted ones are skipped.
    assert (
        main(
            [
                "ask",
                "--draft-unanswered",
                "--section",
                section,
                "--no-search",
                "--max-tokens",
                "24",
                "--json",
            ]
        )
        == 0
    )
    again = json.loads(capsys.readouterr().out)
    assert again["skipped_drafted"] == len(data["saved"])
    assert again["total"] == len(unanswered) - len(data["saved"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "--draft-unanswered"], "needs --section"),
        (["ask", "--draft-unanswered", "--section", "no such section anywhere"], "no entries"),
        (["ask", "--draft-unanswered", "--deck", "source:zzqqxx"], "has no entries"),
        (["ask", "--draft-unanswered", "--deck", "is:nonsense"], "unknown deck filter"),
        (["ask", "why?", "--section", "x"], "go with --draft-unanswered"),
        (["ask"], "give a QUESTION"),
        (["ask", "why?", "--draft-unanswered", "--section", "x"], "takes no QUESTION"),
    ],
)
def test_cli_errors_are_one_line(
    isolated_home: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
