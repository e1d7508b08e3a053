"""Draft all unanswered: which entries a batch drafts, what it skips, and its states.

A batch is made for a section, a source or a study deck: of its entries, those the
notes answer are skipped, and so are those that already have a machine draft (a batch
never overwrites one). ``DraftBatch`` is the state machine both the GUI and the command
line drive, one entry at a time: ``next()`` hands out the entry to draft, ``finished()``
records how it went. ``pause()`` puts the entry being drafted back at the head of the
queue (its half-written text is not kept); ``resume()`` goes on from there; ``cancel()``
ends the batch. A draft that trips the degeneration guard, or comes back empty, is not
saved and counts as failed with that reason (``draft_failure``).

``run_batch`` drives a batch on the calling thread (the command line); the GUI drives the
same state machine from the tutor model's worker, one job per entry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from enum import Enum

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import DeskError, UsageError
from interview_desk.search.filters import Filters
from interview_desk.study.decks import matches
from interview_desk.tutor.backend import GenParams
from interview_desk.tutor.session import Reply, Tutor

# Why a draft was not saved (``Failure.reason``); each UI words them in its language.
REPETITION = "repetition"  # the degeneration guard stopped it
EMPTY = "empty"  # the model wrote nothing
ERROR = "error"  # generation failed (``Failure.detail`` says how)


@dataclass(frozen=True, slots=True)
class Failure:
    entry_id: str
    question: str
    reason: str  # REPETITION, EMPTY or ERROR
    detail: str = ""


def draft_failure(reply: Reply) -> str | None:
    """Why ``reply`` must not be saved as a draft (None: keep it). A cancelled reply is
    neither: the caller stopped it and decides (see ``DraftBatch.pause``)."""
    if reply.looped:
        return REPETITION
    if not reply.text.strip():
        return EMPTY
    return None


def keep_draft(reply: Reply) -> bool:
    """A finished, non-empty draft that did not loop: the only kind that is saved."""
    return not reply.cancelled and draft_failure(reply) is None


@dataclass(frozen=True, slots=True)
class DraftPlan:
    """The entries to draft, in order, and how many of the batch's entries were skipped."""

    todo: tuple[Entry, ...]
    answered: int = 0  # the notes answer them
    drafted: int = 0  # a machine draft exists already


def plan_drafts(entries: Iterable[Entry], drafted: Collection[str]) -> DraftPlan:
    """Of ``entries`` (an entry listed twice counts once), the unanswered ones without a
    draft (``drafted``: the entry ids that have one)."""
    todo: list[Entry] = []
    answered = skipped = 0
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            continue
        seen.add(entry.id)
        if entry.answered:
            answered += 1
        elif entry.id in drafted:
            skipped += 1
        else:
            todo.append(entry)
    return DraftPlan(tuple(todo), answered, skipped)


def section_entries(corpus: Corpus, *, source: str = "", section: str = "") -> list[Entry]:
    """The entries of the sources whose name contains ``source`` and/or the sections whose
    path contains ``section`` (any script or case, as deck filters match), in corpus order."""
    if not source.strip() and not section.strip():
        raise UsageError("give --source or --section (see `interview-desk corpus list`)")
    f = Filters(source=source.strip() or None, section=section.strip() or None)
    found = [e for e in corpus.entries if matches(e, f)]
    if not found:
        what = " and ".join(
            x
            for x in (
                f"source {source!r}" if source else "",
                f"section {section!r}" if section else "",
            )
            if x
        )
        raise UsageError(f"no entries in {what}; see `interview-desk corpus list`")
    return found


class BatchState(Enum):
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"


@dataclass
class DraftBatch:
    """One batch of drafts: the queue, the entry being drafted, what became of the rest."""

    title: str  # the section's, source's or deck's name, as shown
    plan: DraftPlan
    state: BatchState = BatchState.RUNNING
    current: Entry | None = None
    saved: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    _next: int = 0  # index in plan.todo of the next entry to hand out

    @property
    def total(self) -> int:
        return len(self.plan.todo)

    @property
    def completed(self) -> int:
        """Entries finished (saved or failed)."""
        return len(self.saved) + len(self.failed)

    @property
    def position(self) -> int:
        """1-based number of the entry being drafted ("n of N"); the count finished when
        none is."""
        return self.completed + (1 if self.current is not None else 0)

    @property
    def skipped(self) -> int:
        return self.plan.drafted

    @property
    def finished_state(self) -> bool:
        return self.state in (BatchState.CANCELLED, BatchState.DONE)

    def next(self) -> Entry | None:
        """The entry to draft now; None while paused, busy, cancelled or once done
        (running out of entries makes the batch DONE)."""
        if self.state is not BatchState.RUNNING or self.current is not None:
            return None
        if self._next >= self.total:
            self.state = BatchState.DONE
            return None
        self.current = self.plan.todo[self._next]
        self._next += 1
        return self.current

    def finished(self, entry_id: str, failure: Failure | None = None) -> bool:
        """Record the current entry's outcome (``failure`` None: its draft was saved).
        False when ``entry_id`` is not the entry being drafted (a late answer for an
        attempt that was paused or cancelled): nothing changes then."""
        if self.current is None or self.current.id != entry_id:
            return False
        self.current = None
        if failure is None:
            self.saved.append(entry_id)
        else:
            self.failed.append(failure)
        return True

    def fail(self, reason: str, detail: str = "") -> bool:
        """Record the current entry as failed for ``reason``."""
        entry = self.current
        if entry is None:
            return False
        return self.finished(entry.id, Failure(entry.id, entry.question, reason, detail))

    def pause(self) -> Entry | None:
        """Stop handing out entries; the entry being drafted (returned: its generation
        should be stopped) goes back to the head of the queue."""
        if self.state is not BatchState.RUNNING:
            return None
        self.state = BatchState.PAUSED
        return self._requeue()

    def resume(self) -> bool:
        if self.state is not BatchState.PAUSED:
            return False
        self.state = BatchState.RUNNING
        return True

    def cancel(self) -> Entry | None:
        """End the batch; the entry being drafted (returned) is not finished."""
        if self.finished_state:
            return None
        self.state = BatchState.CANCELLED
        return self._requeue()

    def saved_late(self, entry_id: str) -> bool:
        """The draft stopped by ``pause``/``cancel`` had just finished and was saved all
        the same: count it, and do not draft it again (True when that was the case)."""
        if (
            self.current is None
            and self._next < self.total
            and self.plan.todo[self._next].id == entry_id
        ):
            self._next += 1
            self.saved.append(entry_id)
            return True
        return False

    def _requeue(self) -> Entry | None:
        entry, self.current = self.current, None
        if entry is not None:
            self._next -= 1
        return entry

    @property
    def remaining(self) -> int:
        """Entries not drafted yet (left over when cancelled)."""
        return self.total - self.completed


Save = Callable[[str, str, str], None]  # entry id, text, model name
Event = Callable[[DraftBatch, Entry, "Reply | None"], None]


def run_batch(
    batch: DraftBatch,
    tutor: Tutor,
    params: GenParams,
    save: Save,
    *,
    on_start: Callable[[DraftBatch, Entry], None] | None = None,
    on_done: Event | None = None,
    cancel: threading.Event | None = None,
) -> DraftBatch:
    """Draft every entry of ``batch`` in turn on this thread, saving each good draft as it
    completes (a crash mid-batch keeps the finished ones). ``cancel`` stops the draft in
    progress and cancels the batch."""
    cancel = cancel or threading.Event()
    while (entry := batch.next()) is not None:
        if on_start is not None:
            on_start(batch, entry)
        reply: Reply | None = None
        try:
            reply = tutor.draft(entry, params, cancel).run()
        except DeskError as exc:
            batch.fail(ERROR, str(exc))
        else:
            if reply.cancelled or cancel.is_set():
                batch.cancel()
                break
            reason = draft_failure(reply)
            if reason is None:
                save(entry.id, reply.text, reply.model)
                batch.finished(entry.id)
            else:
                batch.fail(reason)
        if on_done is not None:
            on_done(batch, entry, reply)
        if cancel.is_set():
            batch.cancel()
    return batch
