"""FSRS scheduling by the ``fsrs`` package: our stored card <-> ``fsrs.Card``, and the
four possible outcomes of a rating computed together so the buttons show what happens.

Fuzz: ``fsrs`` draws it from the ``random`` module. We seed a private state from the
card id and its review count for each outcome, so a preview and the rating that follows
agree, a rating replayed gives the same due date, and the global generator is untouched.
"""

from __future__ import annotations

import random
import threading
import zlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

from interview_desk.errors import UsageError
from interview_desk.store.reviews import STATE_NEW, CardRecord
from interview_desk.strings import tr
from interview_desk.study.clock import from_epoch
from interview_desk.study.options import DeckOptions

_random_lock = threading.Lock()  # the ``random`` module's state is process-wide


class Grade(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @classmethod
    def parse(cls, text: str) -> Grade:
        key = text.strip().lower()
        for grade in cls:
            if key in (grade.name.lower(), str(int(grade))):
                return grade
        raise UsageError(tr("err.study.unknown_rating", text=text))


STATE_NAMES = {STATE_NEW: "new", int(State.Learning): "learning", int(State.Review): "review",
               int(State.Relearning): "relearning"}


@dataclass(frozen=True, slots=True)
class Outcome:
    grade: Grade
    card: CardRecord
    interval_days: float  # from the review to the next due time

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.card.state]


def make_scheduler(options: DeckOptions) -> Scheduler:
    return Scheduler(desired_retention=options.desired_retention,
                     enable_fuzzing=options.fuzz)


def to_fsrs(record: CardRecord | None, entry_id: str, now: datetime) -> Card:
    """The ``fsrs`` card for a stored one; a new card starts learning, due now."""
    card_id = zlib.crc32(entry_id.encode("utf-8"))
    if record is None or record.state == STATE_NEW:
        return Card(card_id=card_id, due=now)
    return Card(card_id=card_id, state=State(record.state), step=record.step,
                stability=record.stability, difficulty=record.difficulty,
                due=from_epoch(record.due if record.due is not None else now.timestamp()),
                last_review=from_epoch(record.last_review) if record.last_review else None)


def fuzz_seed(entry_id: str, reps: int) -> int:
    return zlib.crc32(f"{entry_id}\x00{reps}".encode())


def outcome(scheduler: Scheduler, record: CardRecord | None, entry_id: str, grade: Grade,
            now: datetime) -> Outcome:
    """What rating ``grade`` at ``now`` does to the card (nothing is saved)."""
    if now.tzinfo is None or now.utcoffset():
        now = now.astimezone(UTC)
    now = now.replace(tzinfo=UTC)  # fsrs insists on the UTC singleton
    base = record or CardRecord(entry_id)
    card = to_fsrs(record, entry_id, now)
    with _random_lock:
        saved = random.getstate()
        random.seed(fuzz_seed(entry_id, base.reps))
        try:
            new, _log = scheduler.review_card(card, Rating(int(grade)), now)
        finally:
            random.setstate(saved)
    lapse = base.state == int(State.Review) and grade == Grade.AGAIN
    stamp = now.timestamp()
    updated = replace(base, state=int(new.state), step=new.step, stability=new.stability,
                      difficulty=new.difficulty, due=new.due.timestamp(), last_review=stamp,
                      reps=base.reps + 1, lapses=base.lapses + int(lapse), buried_until=None,
                      updated_at=stamp)
    return Outcome(grade, updated, (new.due - now).total_seconds() / 86400)


def preview(scheduler: Scheduler, record: CardRecord | None, entry_id: str,
            now: datetime) -> dict[Grade, Outcome]:
    return {g: outcome(scheduler, record, entry_id, g, now) for g in Grade}


def format_interval(days: float) -> str:
    """Anki-style short interval in the current language: 1m, 10m, 3h, 4d, 2.5mo, 1.2y
    (1分钟, 3小时, 4天, 2.5个月, 1.2年)."""
    minutes = days * 1440
    if minutes < 60:
        return tr("interval.minutes", n=max(1, round(minutes)))
    if days < 1:
        return tr("interval.hours", n=round(minutes / 60))
    if days < 30:
        return tr("interval.days", n=round(days))
    if days < 365:
        return tr("interval.months", n=f"{days / 30:.1f}")
    return tr("interval.years", n=f"{days / 365:.1f}")
