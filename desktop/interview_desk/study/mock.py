"""Mock interviews: pick questions from a deck, time the answers, and have the tutor's
model critique each answer against the reference answer (or, for an unanswered entry,
against the related notes, and say so): a score 1-5, what was missing, what was wrong.

The prompt is budgeted in the model's own tokens like the tutor's (``fit_to_context``);
output that is empty or stuck repeating itself is caught (the tutor's guard:
``tutor.guard.is_degenerate``) and never shown as a critique. Sessions are plain
JSON-ready data, kept in the user's file.
"""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import ModelError, UsageError
from interview_desk.strings import tr
from interview_desk.tutor.backend import GenParams, Message, StreamStats
from interview_desk.tutor.prompt import (
    Source,
    answer_excerpt,
    approx_tokens,
    cited_numbers,
    fit_to_context,
    source_block,
)
from interview_desk.tutor.session import Generation, Reply, Tutor

CRITIQUE_ROLE = ("You are an interviewer grading a candidate's answers to interview "
                 "questions about large language model engineering.")
# Last in the user message: small models follow the instruction they read last.
CRITIQUE_FORMAT = (
    "Grade the candidate's answer from 1 to 5 against the notes. Start your reply with "
    "'Score: ' and the number, then write 'Missing: ' (what the answer left out) and "
    "'Wrong: ' (what it got wrong, or nothing). Cite the notes you use as [1], [2]."
)
NO_REFERENCE = ("There is no reference answer for this question: judge the answer against "
                "the related notes and what you know, and say that no reference exists.")
# Prompt evaluation dominates the wait on a CPU (~1.2 tokens per Chinese character):
# the reference is what matters; related notes mostly for entries without one.
# Notes in the critique prompt, in tokens (the tutor's estimate, ~1 per Chinese character),
# each cut at a sentence like the tutor's sources; fit_to_context trims further if needed.
REFERENCE_TOKENS = 500
RELATED_TOKENS = 200
ANSWER_CHARS = (1500, 600)  # the candidate's answer, then clipped harder if it cannot fit
_SCORE = re.compile(r"(?:score|分数|评分|得分)\s*[:：]?\s*\**\s*([1-5])(?:\s*/\s*5)?", re.I)
_OUT_OF_FIVE = re.compile(r"\b([1-5])\s*/\s*5\b")
_FIELD = re.compile(r"^\s*\**\s*(missing|wrong|缺少|遗漏|错误)\s*\**\s*[:：]\s*", re.I | re.M)


@dataclass(frozen=True, slots=True)
class MockSetup:
    deck: str
    count: int = 5
    minutes_per_question: float = 3.0
    min_difficulty: int = 1
    max_difficulty: int = 5

    def __post_init__(self) -> None:
        if not 1 <= self.count <= 50:
            raise UsageError(tr("err.mock.count", count=self.count))
        if not 0.5 <= self.minutes_per_question <= 30:
            raise UsageError(tr("err.mock.minutes", value=self.minutes_per_question))
        if not 1 <= self.min_difficulty <= self.max_difficulty <= 5:
            raise UsageError(tr("err.mock.difficulty"))


@dataclass(frozen=True, slots=True)
class Critique:
    text: str
    score: int | None
    missing: str
    wrong: str
    against: str  # "reference" or "related notes"
    model: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def usable(self) -> bool:
        """A score or a finding. A reply with neither (an echo of the question, a list of
        names) is no critique, whatever it says."""
        return self.score is not None or bool(self.missing or self.wrong)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MockAnswer:
    entry_id: str
    answer: str = ""
    seconds: float = 0.0
    critique: dict[str, Any] | None = None  # Critique.to_dict()
    sent_back: bool = False  # rated Again in the review queue after a low score


@dataclass
class MockSession:
    setup: MockSetup
    answers: list[MockAnswer]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "started_at": self.started_at, "finished_at": self.finished_at,
                "setup": asdict(self.setup), "answers": [asdict(a) for a in self.answers]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MockSession:
        return cls(MockSetup(**data["setup"]), [MockAnswer(**a) for a in data["answers"]],
                   data["id"], data["started_at"], data.get("finished_at"))

    @property
    def mean_score(self) -> float | None:
        scores = [a.critique["score"] for a in self.answers
                  if a.critique and a.critique.get("score")]
        return sum(scores) / len(scores) if scores else None


def pick_questions(corpus: Corpus, deck_ids: Sequence[str], setup: MockSetup,
                   seed: int | None = None) -> list[Entry]:
    """``setup.count`` entries of the deck within the difficulty range, in random order.
    Entries without stars count as difficulty 3 (most sources give none)."""
    pool = [e for e in (corpus.get(i) for i in deck_ids) if e is not None
            and setup.min_difficulty <= (e.difficulty or 3) <= setup.max_difficulty]
    if not pool:
        raise UsageError(tr("err.mock.no_questions"))
    return random.Random(seed).sample(pool, min(setup.count, len(pool)))


def critique_messages(entry: Entry, answer: str, related: Sequence[Entry],
                      answer_chars: int = ANSWER_CHARS[0],
                      ) -> tuple[list[Message], list[Source], str]:
    """The prompt, the numbered notes it offers, and what the answer is judged against."""
    notes: list[Entry] = [entry] if entry.answered else []
    notes += [e for e in related if e.id != entry.id]
    sources = [Source(i, e.id, e.question) for i, e in enumerate(notes, start=1)]
    blocks = [source_block(i, e, answer_excerpt(
                  e, REFERENCE_TOKENS if e is entry else RELATED_TOKENS, approx_tokens))
              for i, e in enumerate(notes, start=1)]
    against = "reference" if entry.answered else "related notes"
    parts = []
    if entry.answered:
        parts.append("Reference answer:\n" + blocks[0])
        blocks = blocks[1:]
    else:
        parts.append(NO_REFERENCE)
    if blocks:
        parts.append("Related notes:\n" + "\n\n".join(blocks))
    clipped = answer.strip()
    if len(clipped) > answer_chars:
        clipped = clipped[:answer_chars].rstrip() + " …"
    parts.append(f"Interview question: {entry.question.strip()}")
    parts.append(f"Candidate's answer:\n{clipped or '(no answer given)'}")
    parts.append(CRITIQUE_FORMAT)
    messages: list[Message] = [{"role": "system", "content": CRITIQUE_ROLE},
                               {"role": "user", "content": "\n\n".join(parts)}]
    return messages, sources, against


def _field(text: str, names: tuple[str, ...]) -> str:
    matches = list(_FIELD.finditer(text))
    for i, m in enumerate(matches):
        if m.group(1).lower() in names:
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            return text[m.end():end].strip()
    return ""


def parse_critique(reply: Reply, against: str) -> Critique:
    text = reply.text.strip()
    match = _SCORE.search(text) or _OUT_OF_FIVE.search(text)
    by_number = {s.number: s for s in reply.context}
    cites = [by_number[n].to_json() for n in cited_numbers(text) if n in by_number]
    return Critique(text, int(match.group(1)) if match else None,
                    _field(text, ("missing", "缺少", "遗漏")), _field(text, ("wrong", "错误")),
                    against, reply.model, cites, reply.cancelled)


def critique(tutor: Tutor, entry: Entry, answer: str, params: GenParams,
             cancel: threading.Event | None = None, related_k: int | None = None,
             ) -> tuple[Generation, str]:
    """Stream a critique; returns the generation and what it judges against. Related
    notes: 1 beside a reference answer, 2 in place of a missing one (unless given)."""
    if related_k is None:
        related_k = 1 if entry.answered else 2
    related: list[Entry] = []
    if tutor.retriever is not None:
        found = tutor.retriever(entry.question, related_k + 1)
        related = [e for e in found if e.id != entry.id][:related_k]
    limit = tutor.backend.context_size - params.max_tokens - 16
    messages: list[Message] | None = None
    for chars in ANSWER_CHARS:
        for keep in sorted({len(related), 0}, reverse=True):
            candidate, sources, against = critique_messages(entry, answer, related[:keep],
                                                            chars)
            try:
                messages = fit_to_context(candidate, tutor.backend.count_tokens, limit)
                break
            except ModelError:
                continue
        if messages is not None:
            break
    if messages is None:
        raise ModelError(tr("err.mock.context_too_small"))
    stats = StreamStats()
    pieces = tutor.backend.stream(messages, params, cancel or threading.Event(), stats)

    def finish(text: str) -> Reply:
        by_number = {s.number: s for s in sources}
        cites = [by_number[n] for n in cited_numbers(text) if n in by_number]
        return Reply(text, cites, tutor.backend.model_name, stats,
                     tutor.backend.chat_format.label, context=sources)

    return Generation(pieces, finish, stats), against
