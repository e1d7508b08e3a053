"""Plain records returned by the store: immutable, Qt-free, easy to pass across threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def to_datetime(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


@dataclass(frozen=True, slots=True)
class Note:
    entry_id: str
    text: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Progress:
    entry_id: str
    seen: bool = False
    known: bool = False
    times_reviewed: int = 0
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProgressSummary:
    """Counts over a set of entries (the current corpus) or over everything stored."""

    total: int | None  # entries asked about; None when counting everything stored
    seen: int
    known: int
    bookmarked: int
    noted: int


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    entry_id: str | None  # None: a general conversation not tied to one entry
    role: str  # user | assistant | system
    content: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    model: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A machine-drafted answer for an entry the source leaves unanswered."""

    entry_id: str
    text: str
    model: str
    created_at: datetime
    updated_at: datetime
