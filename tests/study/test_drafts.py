"""Draft all unanswered, the pure part: which entries, the skip rules, the batch's states."""

from __future__ import annotations

import pytest

from interview_desk.corpus import Corpus, load_corpus
from interview_desk.corpus.model import Entry
from interview_desk.errors import UsageError
from interview_desk.study.drafts import (
    EMPTY,
    REPETITION,
    BatchState,
    DraftBatch,
    draft_failure,
    keep_draft,
    plan_drafts,
    section_entries,
)
from interview_desk.tutor.backend import StreamStats
from interview_desk.tutor.session import Reply


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _entry(eid: str, answer: str | None) -> Entry:
    return Entry(
        id=eid,
        source="x.md",
        section_path=("S",),
        number="1",
        question=f"Q {eid}?",
        answer=answer,
        difficulty=None,
        line_start=1,
        line_end=1,
    )


def _reply(text: str, finish: str = "stop") -> Reply:
    stats = StreamStats()
    stats.finish_reason = finish
    return Reply(text, [], "m", stats)


ENTRIES = [
    _entry("a", "yes"),
    _entry("b", None),
    _entry("c", "  "),
    _entry("d", None),
    _entry("e", None),
]


def test_plan_keeps_unanswered_without_a_draft_in_order() -> None:
    plan = plan_drafts([*ENTRIES, ENTRIES[1]], drafted={"d"})
    assert [e.id for e in plan.todo] == ["b", "c", "e"]  # "c" is blank: unanswered
    assert (plan.answered, plan.drafted) == (1, 1)


def test_batch_runs_in_order_and_counts_outcomes() -> None:
    batch = DraftBatch("S", plan_drafts(ENTRIES, drafted=set()))
    assert batch.total == 4 and batch.position == 0
    first = batch.next()
    assert first is not None and first.id == "b" and batch.position == 1
    assert batch.next() is None  # one at a time
    assert not batch.finished("c")  # not the entry being drafted: ignored
    assert batch.finished("b") and batch.saved == ["b"]
    second = batch.next()
    assert second is not None and batch.fail(REPETITION)
    assert [(f.entry_id, f.reason) for f in batch.failed] == [("c", REPETITION)]
    for _ in range(2):
        entry = batch.next()
        assert entry is not None and batch.finished(entry.id)
    assert batch.next() is None and batch.state is BatchState.DONE
    assert (batch.completed, batch.remaining, len(batch.saved)) == (4, 0, 3)


def test_pause_puts_the_entry_back_and_resume_goes_on_from_it() -> None:
    batch = DraftBatch("S", plan_drafts(ENTRIES, drafted=set()))
    entry = batch.next()
    assert entry is not None
    assert batch.pause() is entry and batch.state is BatchState.PAUSED
    assert batch.next() is None and batch.position == 0
    assert not batch.finished(entry.id)  # the stopped attempt's late answer changes nothing
    assert batch.resume() and not batch.resume()
    again = batch.next()
    assert again is entry and batch.position == 1


def test_a_draft_saved_as_it_was_paused_counts_and_is_not_redone() -> None:
    batch = DraftBatch("S", plan_drafts(ENTRIES, drafted=set()))
    entry = batch.next()
    assert entry is not None and batch.pause() is entry
    assert batch.saved_late(entry.id) and batch.saved == [entry.id]
    assert not batch.saved_late(entry.id)  # once
    batch.resume()
    following = batch.next()
    assert following is not None and following.id != entry.id and batch.position == 2


def test_cancel_ends_the_batch_with_what_is_left() -> None:
    batch = DraftBatch("S", plan_drafts(ENTRIES, drafted=set()))
    entry = batch.next()
    assert entry is not None and batch.finished(entry.id)
    running = batch.next()
    assert batch.cancel() is running and batch.state is BatchState.CANCELLED
    assert batch.next() is None and batch.pause() is None and not batch.resume()
    assert (len(batch.saved), batch.remaining) == (1, 3)
    assert batch.cancel() is None  # once


def test_nothing_to_draft_is_done_at_once() -> None:
    batch = DraftBatch("S", plan_drafts(ENTRIES[:1], drafted=set()))
    assert batch.next() is None and batch.state is BatchState.DONE and batch.total == 0


def test_loops_and_empty_drafts_are_not_kept() -> None:
    assert draft_failure(_reply("A fine answer.")) is None and keep_draft(_reply("A fine."))
    assert draft_failure(_reply("2.1.1", "repetition")) == REPETITION
    assert draft_failure(_reply("  \n")) == EMPTY
    assert not keep_draft(_reply("half", "cancelled"))


def test_section_entries_by_section_and_source(corpus: Corpus) -> None:
    entry = next(e for e in corpus.entries if not e.answered and e.section_path)
    found = section_entries(corpus, section=entry.section_path[-1])
    assert entry in found and all(entry.section_path[-1] in e.section for e in found)
    prefix = entry.source.split("_", 1)[0]
    by_source = section_entries(corpus, source=prefix)
    assert entry in by_source and all(prefix in e.source for e in by_source)
    with pytest.raises(UsageError, match="no entries"):
        section_entries(corpus, section="no such section anywhere")
    with pytest.raises(UsageError, match="--section"):
        section_entries(corpus)
