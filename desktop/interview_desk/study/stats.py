"""Numbers for the statistics view and ``study stats``: reviews per day, the due
forecast, true retention by interval, coverage per source. Plain data, no Qt."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo

from interview_desk.corpus.model import Corpus
from interview_desk.store.records import Progress
from interview_desk.store.reviews import STATE_NEW, CardRecord, LogRow
from interview_desk.study.clock import day_bounds, day_starts, study_day
from interview_desk.study.mock import MockSession

_REVIEW = 2
# Elapsed days since the previous review, as Anki's "true retention" groups them.
INTERVAL_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("<1d", 0, 1), ("1d", 1, 2), ("2-3d", 2, 4), ("4-7d", 4, 8), ("1-2w", 8, 15),
    ("2w-1mo", 15, 31), ("1-3mo", 31, 91), (">3mo", 91, float("inf")),
)

_BUCKET_STARTS = [b[1] for b in INTERVAL_BUCKETS]


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    reviews: int
    again: int


@dataclass(frozen=True, slots=True)
class RetentionBucket:
    label: str
    reviews: int
    passed: int

    @property
    def retention(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class Coverage:
    source: str
    total: int
    seen: int
    known: int
    in_review: int  # has been rated at least once


def reviews_per_day(reviews: Iterable[LogRow], at: datetime, days: int = 90,
                    hour: int = 4, tz: tzinfo | None = None) -> list[DayCount]:
    """One row per study day, oldest first, ending with today."""
    first = study_day(at, hour, tz) - timedelta(days=days - 1)
    edges = day_starts(first, days, hour, tz)
    counts, again = [0] * days, [0] * days
    for r in reviews:
        i = bisect.bisect_right(edges, r.reviewed_at) - 1
        if 0 <= i < days:
            counts[i] += 1
            again[i] += r.rating == 1
    return [DayCount(first + timedelta(days=i), counts[i], again[i]) for i in range(days)]


def due_forecast(cards: Iterable[CardRecord], at: datetime, days: int = 30, hour: int = 4,
                 tz: tzinfo | None = None) -> list[tuple[date, int]]:
    """Cards falling due on each of the next ``days`` study days (overdue ones today)."""
    today = study_day(at, hour, tz)
    edges = day_starts(today, days, hour, tz)
    counts = [0] * days
    for c in cards:
        if c.state == STATE_NEW or c.suspended or c.due is None:
            continue
        offset = max(0, bisect.bisect_right(edges, c.due) - 1)
        if offset < days:
            counts[offset] += 1
    return [(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def retention_by_interval(reviews: Iterable[LogRow]) -> list[RetentionBucket]:
    """Share of reviews of cards in review (not learning) that were not Again."""
    totals = Counter[str]()
    passed = Counter[str]()
    for r in reviews:
        if r.state_before != _REVIEW or r.elapsed_days is None:
            continue
        label = INTERVAL_BUCKETS[bisect.bisect_right(_BUCKET_STARTS, r.elapsed_days) - 1][0]
        totals[label] += 1
        passed[label] += r.rating > 1
    return [RetentionBucket(b[0], totals[b[0]], passed[b[0]]) for b in INTERVAL_BUCKETS]


def coverage(corpus: Corpus, ids: Collection[str], progress: Mapping[str, Progress],
             cards: Mapping[str, CardRecord]) -> list[Coverage]:
    rows: dict[str, list[int]] = {}
    for entry in corpus.entries:
        if entry.id not in ids:
            continue
        row = rows.setdefault(entry.source, [0, 0, 0, 0])
        p, c = progress.get(entry.id), cards.get(entry.id)
        row[0] += 1
        row[1] += bool(p and p.seen) or bool(c and c.reps)
        row[2] += bool(p and p.known)
        row[3] += bool(c and c.state != STATE_NEW)
    return [Coverage(s, *v) for s, v in rows.items()]


def summary(ids: Collection[str], cards: Mapping[str, CardRecord],
            reviews: list[LogRow], at: datetime, hour: int = 4,
            tz: tzinfo | None = None) -> dict[str, object]:
    states = Counter(cards[i].state if i in cards else STATE_NEW for i in ids)
    start, end = (t.timestamp() for t in day_bounds(at, hour, tz))
    done_today = sum(1 for r in reviews if start <= r.reviewed_at < end)
    month = [r for r in reviews if r.state_before == _REVIEW
             and r.reviewed_at >= at.timestamp() - 30 * 86400]
    return {
        "cards": len(ids), "new": states[STATE_NEW], "learning": states[1] + states[3],
        "review": states[_REVIEW],
        "suspended": sum(1 for i in ids if i in cards and cards[i].suspended),
        "lapsed": sum(1 for i in ids if i in cards and cards[i].lapses > 0),
        "reviews_today": done_today, "reviews_total": len(reviews),
        "retention_30d": (round(sum(r.rating > 1 for r in month) / len(month), 4)
                          if month else None),
    }


def mock_scores(sessions: Iterable[MockSession]) -> list[tuple[float, float, int]]:
    """(started at, mean score, questions scored) of each mock interview with a score,
    oldest first."""
    rows = []
    for s in sessions:
        scores = [a.critique["score"] for a in s.answers
                  if a.critique and isinstance(a.critique.get("score"), int)]
        if scores:
            rows.append((s.started_at, round(sum(scores) / len(scores), 2), len(scores)))
    return sorted(rows)


def to_jsonable(value: object) -> object:
    """Dataclasses and dates as JSON-ready data, for ``--json``."""
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        data = to_jsonable(asdict(value))  # type: ignore[call-overload]
        if isinstance(value, RetentionBucket):
            data["retention"] = value.retention  # type: ignore[index]
        return data
    return value
