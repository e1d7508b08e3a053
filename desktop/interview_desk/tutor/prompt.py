"""Prompts grounded in the study corpus, laid out so that follow-up turns share a prefix.

Layout of a conversation about one entry::

    system     instructions + source [1]: the current entry (question and answer)
    user       new sources [2], [3] (search hits for this question) + the question
    assistant  reply citing [1] [2] ...
    user       new sources [4] ... + the next question
    ...

Nothing before the newest user message ever changes, so llama.cpp keeps that prefix in
its KV cache and turn 2 only evaluates the new message. Sources are numbered once per
conversation; a hit already numbered is not repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_desk.corpus.model import Entry
from interview_desk.errors import ModelError
from interview_desk.tutor.backend import Message

SYSTEM_INSTRUCTIONS = (
    "You are a tutor helping someone prepare for interviews about large language model "
    "engineering. Answer the learner's question clearly and concisely, grounded in the "
    "numbered sources from their study notes. Cite the sources you use as [1], [2]. If "
    "the sources do not cover the question, say so and answer from general knowledge. "
    "Reply in the language of the question."
)
DRAFT_INSTRUCTIONS = (
    "You write model answers for interview questions about large language model "
    "engineering. Write a concise, correct answer a strong candidate would give: the key "
    "idea first, then the details that matter. Use the numbered related notes when they "
    "help and cite them as [1], [2]. Reply in the language of the question."
)
ENTRY_ANSWER_CHARS = 800  # the current entry, once per conversation
HIT_ANSWER_CHARS = 300  # each search hit: prompt evaluation dominates time to first token
# Follow-ups add their hits to a prompt that is otherwise cached: keep them short, so a
# second turn costs a fraction of the first.
FOLLOW_UP_HIT_ANSWER_CHARS = 150
_CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]")


@dataclass(frozen=True, slots=True)
class Source:
    number: int
    entry_id: str
    question: str

    def to_json(self) -> dict[str, Any]:
        return {"n": self.number, "id": self.entry_id, "question": self.question}


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    # End on a sentence or line break when one is near, so the model sees whole thoughts.
    for mark in ("\n", "。", ". ", "；", "！", "？"):
        pos = cut.rfind(mark)
        if pos > limit * 0.6:
            return cut[: pos + len(mark)].rstrip() + " …"
    return cut.rstrip() + " …"


def source_block(number: int, entry: Entry, answer_chars: int) -> str:
    answer = _clip(entry.answer, answer_chars) if entry.answered and entry.answer else \
        "(no answer in the notes)"
    return f"[{number}] {entry.question.strip()}\n{answer}"


def cited_numbers(text: str) -> list[int]:
    """Source numbers cited in ``text`` as [1], [2, 3] or [2]、[3], in order of first use."""
    seen: list[int] = []
    for match in _CITATION.finditer(text):
        for part in re.split(r"\s*[,，、]\s*", match.group(1)):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


@dataclass
class Conversation:
    """The messages sent to the model about one entry (or none: a general chat)."""

    entry: Entry | None
    instructions: str = SYSTEM_INSTRUCTIONS
    sources: list[Source] = field(default_factory=list)
    history: list[Message] = field(default_factory=list)  # user/assistant, as sent

    def __post_init__(self) -> None:
        if self.entry is not None and not self.sources:
            self.sources.append(Source(1, self.entry.id, self.entry.question))

    @property
    def system_message(self) -> Message:
        text = self.instructions
        if self.entry is not None:
            text += "\n\nNotes on the entry the learner is studying:\n" + source_block(
                1, self.entry, ENTRY_ANSWER_CHARS)
        return {"role": "system", "content": text}

    def _number_new(self, hits: Sequence[Entry]) -> list[tuple[int, Entry]]:
        known = {s.entry_id for s in self.sources}
        fresh: list[tuple[int, Entry]] = []
        for hit in hits:
            if hit.id in known:
                continue
            known.add(hit.id)
            number = len(self.sources) + len(fresh) + 1
            fresh.append((number, hit))
        return fresh

    def user_message(self, question: str, hits: Sequence[Entry]) -> tuple[Message,
                                                                         list[Source]]:
        """The next user message (not yet added) and the sources it introduces."""
        fresh = self._number_new(hits)
        chars = FOLLOW_UP_HIT_ANSWER_CHARS if self.history else HIT_ANSWER_CHARS
        parts = []
        if fresh:
            parts.append("Related notes:\n" + "\n\n".join(
                source_block(n, e, chars) for n, e in fresh))
        # The question goes last and unlabelled: small models given "Question: ..." after
        # numbered notes tend to continue the list instead of answering.
        parts.append(question.strip())
        new_sources = [Source(n, e.id, e.question) for n, e in fresh]
        return {"role": "user", "content": "\n\n".join(parts)}, new_sources

    def messages_for(self, user: Message) -> list[Message]:
        return [self.system_message, *self.history, user]

    def commit(self, user: Message, new_sources: list[Source], reply: str) -> None:
        """Record a finished (or stopped) turn, so the next one extends this prefix."""
        self.sources.extend(new_sources)
        self.history.append(user)
        self.history.append({"role": "assistant", "content": reply})

    def citations(self, text: str) -> list[Source]:
        by_number = {s.number: s for s in self.sources}
        return [by_number[n] for n in cited_numbers(text) if n in by_number]

    def restore(self, turns: Sequence[tuple[str, str, list[dict[str, Any]]]]) -> None:
        """Rebuild from stored (role, content, citations) rows after a restart."""
        for role, content, cites in turns:
            if role not in ("user", "assistant"):
                continue
            self.history.append({"role": role, "content": content})
            for c in cites:
                n, entry_id = c.get("n"), c.get("id")
                if isinstance(n, int) and isinstance(entry_id, str) and \
                        all(s.number != n for s in self.sources):
                    self.sources.append(Source(n, entry_id, str(c.get("question", ""))))
        self.sources.sort(key=lambda s: s.number)


def draft_messages(entry: Entry, hits: Sequence[Entry]) -> tuple[list[Message],
                                                                 list[Source]]:
    """A one-shot prompt asking for an answer to an unanswered entry."""
    related = [h for h in hits if h.id != entry.id]
    sources = [Source(i, h.id, h.question) for i, h in enumerate(related, start=1)]
    parts = []
    if related:
        parts.append("Related notes:\n" + "\n\n".join(
            source_block(i, h, HIT_ANSWER_CHARS) for i, h in enumerate(related, start=1)))
    parts.append(f"Interview question: {entry.question.strip()}")
    messages: list[Message] = [{"role": "system", "content": DRAFT_INSTRUCTIONS},
                               {"role": "user", "content": "\n\n".join(parts)}]
    return messages, sources


def fit_to_context(messages: list[Message], count_tokens: Callable[[str], int],
                   limit: int) -> list[Message]:
    """Drop the oldest turns until the prompt fits ``limit`` tokens.

    Dropping turns breaks prefix reuse for that one request, but a prompt that does not
    fit cannot run at all. ~8 tokens per message cover the template's role markers.
    """
    def size(msgs: list[Message]) -> int:
        return sum(count_tokens(m["content"]) + 8 for m in msgs)

    msgs = list(messages)
    while size(msgs) > limit and len(msgs) > 3:
        del msgs[1:3]  # the oldest user/assistant pair after the system message
    if size(msgs) > limit:
        raise ModelError(f"the question and its sources need ~{size(msgs)} tokens but only "
                         f"{limit} fit; raise the context size in the tutor settings")
    return msgs
