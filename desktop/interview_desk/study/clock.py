"""Moments and study days: every stored time is UTC; a study day runs from the deck's
start hour (4 am local by default, as Anki) to the same hour the next day.

``tz`` None means the machine's local time, DST included: conversions then go through the
C library's ``mktime``/``localtime``, which know the local zone's rules for each instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from interview_desk.errors import UsageError


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment (``--at``) as an aware UTC datetime; no zone means local time."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        raise UsageError(f"not an ISO 8601 time: {text!r} (e.g. 2026-12-01T09:30:00Z)") from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive = the machine's local time
    return moment.astimezone(UTC)


def from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def _start_of(day: date, hour: int, tz: tzinfo | None) -> datetime:
    naive = datetime(day.year, day.month, day.day, hour)
    local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return local.astimezone(UTC)


def study_day(moment: datetime, hour: int = 4, tz: tzinfo | None = None) -> date:
    """The study day ``moment`` belongs to: before ``hour`` local it is still yesterday."""
    local = _local(moment, tz)
    day = local.date()
    return day - timedelta(days=1) if local.hour < hour else day


def day_bounds(moment: datetime, hour: int = 4,
               tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """UTC start and end of the study day holding ``moment`` (23 or 25 hours across DST)."""
    day = study_day(moment, hour, tz)
    return _start_of(day, hour, tz), _start_of(day + timedelta(days=1), hour, tz)


def days_from(moment: datetime, later: datetime, hour: int = 4, tz: tzinfo | None = None) -> int:
    """Whole study days from ``moment``'s day to ``later``'s (0 = the same study day)."""
    return (study_day(later, hour, tz) - study_day(moment, hour, tz)).days


def day_starts(first: date, count: int, hour: int = 4, tz: tzinfo | None = None) -> list[float]:
    """UTC epoch starts of ``count`` study days from ``first``, plus the end of the last:
    bucket moments with ``bisect`` instead of converting each one to local time."""
    return [_start_of(first + timedelta(days=i), hour, tz).timestamp() for i in range(count + 1)]
