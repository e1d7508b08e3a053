"""Today's queue for a deck: learning cards first, then reviews, then new cards, within
the deck's daily limits (what was already rated today counts against them).

Two modes. ``learn_ahead=None`` is the strict one the command line uses: only cards due
at or before the moment. Otherwise, as on Anki's review screen, reviews due any time
today are shown, and learning cards up to ``learn_ahead`` early.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from interview_desk.store.reviews import STATE_NEW, QueueInputs
from interview_desk.study.clock import day_bounds
from interview_desk.study.options import DeckOptions

_REVIEW = 2  # fsrs.State.Review; learning (1) and relearning (3) are not limited


@dataclass(frozen=True, slots=True)
class QueueItem:
    entry_id: str
    state: int
    due: float | None  # None for a new card


@dataclass(frozen=True, slots=True)
class Queue:
    items: tuple[QueueItem, ...]
    new_left: int  # new cards still allowed today (after the ones queued)
    reviews_left: int
    day_start: datetime
    day_end: datetime

    def __len__(self) -> int:
        return len(self.items)

    @property
    def counts(self) -> tuple[int, int, int]:
        """(new, learning, review) in the queue, as Anki's three numbers."""
        new = sum(1 for i in self.items if i.state == STATE_NEW)
        review = sum(1 for i in self.items if i.state == _REVIEW)
        return new, len(self.items) - new - review, review


def build_queue(deck_ids: Sequence[str], inputs: QueueInputs,
                done_today: Iterable[tuple[str, int]], options: DeckOptions, at: datetime, *,
                learn_ahead: timedelta | None = None, tz: tzinfo | None = None) -> Queue:
    """``inputs`` come from ``ReviewStore.queue_inputs(at, queue_horizon(...))``;
    ``done_today``: (entry id, state before) of each rating since the day started."""
    start, end = day_bounds(at, options.day_start_hour, tz)
    in_deck = set(deck_ids)
    new_done = reviews_done = 0
    seen_new: set[str] = set()
    for entry_id, state_before in done_today:
        if entry_id not in in_deck:
            continue
        if state_before == STATE_NEW and entry_id not in seen_new:
            seen_new.add(entry_id)
            new_done += 1
        elif state_before == _REVIEW:
            reviews_done += 1
    learn_until, review_until = _limits(at, end, learn_ahead)
    learning: list[QueueItem] = []
    reviews: list[QueueItem] = []
    for entry_id, state, due in inputs.due:
        if entry_id not in in_deck:
            continue
        if state == _REVIEW:
            if due <= review_until:
                reviews.append(QueueItem(entry_id, state, due))
        elif due <= learn_until:
            learning.append(QueueItem(entry_id, state, due))
    learning.sort(key=lambda i: i.due or 0)
    reviews.sort(key=lambda i: i.due or 0)
    reviews = reviews[:max(0, options.max_reviews_per_day - reviews_done)]
    new_room = max(0, options.new_per_day - new_done)
    new: list[QueueItem] = []
    if new_room:
        started, hidden = inputs.started, inputs.hidden
        for entry_id in deck_ids:
            if entry_id not in started and entry_id not in hidden:
                new.append(QueueItem(entry_id, STATE_NEW, None))
                if len(new) == new_room:
                    break
    return Queue(tuple(learning + reviews + new), new_room - len(new),
                 max(0, options.max_reviews_per_day - reviews_done - len(reviews)), start, end)


def _limits(at: datetime, end: datetime, learn_ahead: timedelta | None) -> tuple[float, float]:
    """Latest due time shown for learning cards and for reviews."""
    now = at.timestamp()
    if learn_ahead is None:
        return now, now
    return now + learn_ahead.total_seconds(), end.timestamp() - 1e-6


def queue_horizon(at: datetime, options: DeckOptions, learn_ahead: timedelta | None,
                  tz: tzinfo | None = None) -> float:
    """How far ahead ``queue_inputs`` must look for this queue."""
    _start, end = day_bounds(at, options.day_start_hour, tz)
    return max(_limits(at, end, learn_ahead))
