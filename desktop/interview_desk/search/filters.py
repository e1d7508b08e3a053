"""Filters written inside a query (``source:003 difficulty:>=4``), parsed without Whoosh.

Kept apart from ``query`` so the search bar can read what the user typed (to show it on
its chips) without importing Whoosh or jieba on the GUI thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from interview_desk.strings import tr

_FILTER = re.compile(
    r"(?<![\w:])(?P<key>source|src|section|sec|difficulty|diff|answered|来源|章节|难度|已答)"
    r"\s*[:：]\s*(?:\"(?P<q1>[^\"]*)\"|“(?P<q2>[^”]*)”|(?P<bare>[^\s\"“]+))",
    re.IGNORECASE,
)
_KEYS = {"src": "source", "来源": "source", "sec": "section", "章节": "section",
         "diff": "difficulty", "难度": "difficulty", "已答": "answered"}
_YES = {"yes", "y", "true", "1", "是", "有", "已答"}
_NO = {"no", "n", "false", "0", "否", "无", "未答"}
_DIFF_CMP = re.compile(r"^(>=|<=|=>|=<|>|<|=)?\s*([1-5])$")
_DIFF_RANGE = re.compile(r"^([1-5])\s*(?:-|~|\.\.|to)\s*([1-5])$", re.IGNORECASE)


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    section: str | None = None
    min_difficulty: int | None = None
    max_difficulty: int | None = None
    answered: bool | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.source, self.section, self.min_difficulty,
                                           self.max_difficulty, self.answered))

    def merged(self, other: Filters) -> Filters:
        """Options given in code win over the same filter written in the query."""
        values = {k: v for k, v in vars(other).items() if v is not None}
        return replace(self, **values)


@dataclass
class ParsedText:
    text: str
    filters: Filters
    notices: list[str] = field(default_factory=list)


def _difficulty(value: str) -> tuple[int | None, int | None] | None:
    value = value.strip()
    if value and set(value) <= {"★", "☆"}:
        n = value.count("★")
        return (n, n) if 1 <= n <= 5 else None
    m = _DIFF_RANGE.match(value)
    if m:
        lo, hi = sorted((int(m.group(1)), int(m.group(2))))
        return lo, hi
    m = _DIFF_CMP.match(value)
    if not m:
        return None
    op, n = m.group(1) or "=", int(m.group(2))
    return {">=": (n, None), "=>": (n, None), ">": (n + 1, None), "<=": (None, n),
            "=<": (None, n), "<": (None, n - 1), "=": (n, n)}[op]


def split_filters(raw: str) -> ParsedText:
    """Take ``key:value`` filters out of ``raw``; what is left is the text query."""
    notices: list[str] = []
    found: dict[str, object] = {}

    def take(m: re.Match[str]) -> str:
        key = m.group("key").lower()
        key = _KEYS.get(key, key)
        value = next(v for v in (m.group("q1"), m.group("q2"), m.group("bare")) if v is not None)
        value = value.strip()
        if key in ("source", "section"):
            if value:
                found[key] = value
        elif key == "difficulty":
            bounds = _difficulty(value)
            if bounds is None:
                notices.append(tr("search.ignored_difficulty", value=value))
            else:
                found["min_difficulty"], found["max_difficulty"] = bounds
        elif key == "answered":
            if value.lower() in _YES:
                found["answered"] = True
            elif value.lower() in _NO:
                found["answered"] = False
            else:
                notices.append(tr("search.ignored_answered", value=value))
        return " "

    text = _FILTER.sub(take, raw)
    return ParsedText(" ".join(text.split()), Filters(**found), notices)  # type: ignore[arg-type]


def drop_filters(raw: str, keys: set[str]) -> str:
    """``raw`` without its filters on ``keys`` (canonical names: source, difficulty...)."""

    def keep(m: re.Match[str]) -> str:
        key = m.group("key").lower()
        return " " if _KEYS.get(key, key) in keys else m.group(0)

    return " ".join(_FILTER.sub(keep, raw).split())
