"""How a user's folder is read: the automatic rule or one the learner picks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_desk.errors import CorpusError
from interview_desk.strings import tr

RULE_CHOICES = ("auto", "headings:N", "numbered", "bullets", "qa")
_HEADINGS_RE = re.compile(r"^headings:([1-6])$")


@dataclass(frozen=True, slots=True)
class Rule:
    """``auto``; ``headings`` with ``level`` (headings of that level are questions);
    ``numbered`` (numbered items); ``bullets`` (bullet items); ``qa`` (Q:/A: pairs and
    question/answer tables)."""

    kind: str = "auto"
    level: int = 0

    def __str__(self) -> str:
        return f"headings:{self.level}" if self.kind == "headings" else self.kind


AUTO = Rule()


def parse_rule(text: str) -> Rule:
    """``"headings:2"`` -> ``Rule("headings", 2)``; a one-line ``CorpusError`` otherwise."""
    value = text.strip().lower()
    if value in ("auto", "numbered", "bullets", "qa"):
        return Rule(value)
    m = _HEADINGS_RE.match(value)
    if m:
        return Rule("headings", int(m.group(1)))
    raise CorpusError(tr("err.rule.unknown", text=text, choices=", ".join(RULE_CHOICES)))


def folder_rules(entries: list[str]) -> dict[str, Rule]:
    """The ``folder_rules`` setting ("RULE PATH" per folder) as path -> rule; an entry
    that does not parse is ignored (the folder is then read automatically)."""
    out: dict[str, Rule] = {}
    for entry in entries:
        name, _, path = entry.partition(" ")
        try:
            out[path] = parse_rule(name)
        except CorpusError:
            continue
    return out


def rule_entry(path: str, rule: Rule) -> str:
    return f"{rule} {path}"
