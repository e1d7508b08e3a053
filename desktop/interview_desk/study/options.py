"""Deck options (Anki's names and defaults): daily limits, retention, day start."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from interview_desk.errors import UsageError
from interview_desk.strings import tr


@dataclass(frozen=True, slots=True)
class DeckOptions:
    new_per_day: int = 20
    max_reviews_per_day: int = 200
    desired_retention: float = 0.9
    day_start_hour: int = 4  # local time; a study day starts then
    fuzz: bool = True  # spread intervals a little (seeded per card, so previews hold)
    learn_ahead_minutes: int = 20  # the review screen shows learning cards this early

    def __post_init__(self) -> None:
        if not 0 <= self.new_per_day <= 9999:
            raise UsageError(tr("err.study.new_per_day", value=self.new_per_day))
        if not 0 <= self.max_reviews_per_day <= 99999:
            raise UsageError(tr("err.study.max_reviews", value=self.max_reviews_per_day))
        if not 0.7 <= self.desired_retention <= 0.99:
            raise UsageError(tr("err.study.retention", value=self.desired_retention))
        if not 0 <= self.day_start_hour <= 23:
            raise UsageError(tr("err.study.day_start", value=self.day_start_hour))
        if not 0 <= self.learn_ahead_minutes <= 24 * 60:
            raise UsageError(tr("err.study.learn_ahead", value=self.learn_ahead_minutes))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeckOptions:
        """Options saved by this or an older version; unknown keys are ignored."""
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            kind = {"int": int, "float": float, "bool": bool}.get(str(known[key]), str)
            try:
                values[key] = kind(value)
            except (TypeError, ValueError):
                raise UsageError(tr("err.study.bad_option", key=key, value=value)) from None
        return cls(**values)
