"""Prompts grounded in the study corpus, laid out so that follow-up turns share a prefix.

Layout of a conversation about one entry::

    system     instructions + source [1]: the current entry (question and answer)
               + sources [2], [3]: the entry's related notes (known before any question)
    user       new sources [4] (this question's hits not yet numbered, small budget)
               + the question
    assistant  reply citing [1] [2] ...
    user       new sources [5] ... + the next question
    ...

Nothing before the newest user message ever changes, so llama.cpp keeps that prefix in
its KV cache (the app pre-reads the system message when the entry opens) and the first
question only evaluates its few new notes and itself. Sources are numbered once per
conversation; a hit already numbered is not repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_desk.corpus.model import Entry
from interview_desk.errors import ModelError
from interview_desk.strings import tr
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
SOURCE_TOKENS = 700  # default budget for the notes in a first turn (settings.source_tokens)
ENTRY_SHARE = 0.5  # of the budget, at most, for the current entry; hits share the rest
# Follow-ups add their hits to a prompt that is otherwise cached: everything they add
# before the question (note headers included) gets this share of the budget, so a second
# turn reads a fraction of what the first read. Measured with SmolLM2 (benchmarks/tutor.py):
# turn 1 reads ~870 tokens; two hits at 0.25 (headers not counted) made turn 2 read 324,
# one hit at 0.2 with its header reads 164 (and reuses all ~930 cached tokens).
FOLLOW_UP_SHARE = 0.2
# The sentences of a text that bear on a question (search's SearchIndex.evidence), and
# that bound to one question.
Evidence = Callable[[str, str], list[str]]
Focus = Callable[[str], list[str]]
TYPED_SHARE = 0.6  # of a question typed ahead, for the notes read then to serve it
MIN_HIT_TOKENS = 24  # a hit cut shorter than this says nothing: leave it out
_CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]")


@dataclass(frozen=True, slots=True)
class Source:
    number: int
    entry_id: str
    question: str
    excerpt: str = ""  # the part of the answer the model was given ("" when unknown)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"n": self.number, "id": self.entry_id,
                                "question": self.question}
        if self.excerpt:
            data["excerpt"] = self.excerpt
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source | None:
        n, entry_id = data.get("n"), data.get("id")
        if not isinstance(n, int) or not isinstance(entry_id, str):
            return None
        return cls(n, entry_id, str(data.get("question", "")), str(data.get("excerpt", "")))


def approx_tokens(text: str) -> int:
    """A tokenizer-free estimate (UTF-8 bytes / 3: ~1.2 per Chinese character, ~0.3 per
    English letter), for prompts built before a model is loaded."""
    return -(-len(text.encode("utf-8")) // 3)


@dataclass(frozen=True)
class SourceBudget:
    """How many tokens of notes a first turn may carry, counted by the model's tokenizer."""

    tokens: int = SOURCE_TOKENS
    count: Callable[[str], int] = approx_tokens

    def entry_tokens(self) -> int:
        return int(self.tokens * ENTRY_SHARE)

    def hit_tokens(self, used: int, hits: int, follow_up: bool) -> int:
        """Tokens per hit: of its excerpt in a first turn, of its whole block (header
        and excerpt) in a follow-up."""
        total = self.follow_up_tokens() if follow_up else self.tokens - used
        return max(0, total) // max(1, hits)

    def follow_up_tokens(self) -> int:
        return int(self.tokens * FOLLOW_UP_SHARE)

    def prefix_notes_tokens(self, used: int) -> int:
        """Tokens for the related notes in the system message, headers included: what
        the entry left of the budget, less the share the first question's own hits
        keep, so the first prompt carries no more notes than ``tokens``."""
        return max(0, self.tokens - used - self.follow_up_tokens())


_MORE = " …"  # marks a cut
_GAP = " … "  # between sentences of a note that were not next to each other
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])|(?<=[.:])(?=\s)")


def clip_tokens(text: str, limit: int, count: Callable[[str], int]) -> str:
    """``text`` cut to at most ``limit`` tokens, at a sentence end when one fits."""
    text = text.strip()
    if count(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text[: limit * 8]):
        if not sentence:
            continue
        if count(kept + sentence + _MORE) > limit:
            break
        kept += sentence
    if not kept.strip():  # one long sentence: cut inside it
        lo, hi = 0, min(len(text), limit * 8)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[:mid] + _MORE) <= limit:
                lo = mid
            else:
                hi = mid - 1
        kept = text[:lo]
    return kept.rstrip() + _MORE


def answer_excerpt(entry: Entry, limit: int, count: Callable[[str], int], *,
                   focus: Focus | None = None) -> str:
    """The answer cut to ``limit`` tokens: from its start, or, with ``focus``, its
    sentences that bear on the question (in their order; the start when none does)."""
    if not (entry.answered and entry.answer):
        return ""
    bearing = [s.strip() for s in focus(entry.answer)] if focus else []
    return clip_tokens(_GAP.join(s for s in bearing if s) or entry.answer, limit, count)


_NO_ANSWER = "(no answer in the notes)"


HEADING_CHARS = 48  # of a source's question in the prompt; its card shows it whole
_QUESTION_END = re.compile(r"[？?]")


def heading(question: str) -> str:
    """A source's question as the prompt names it: up to its first question mark, or
    cut. Interview questions run long ("详细描述至少三种主流的参数高效微调（PEFT）方法，
    例如…", ~130 tokens with a small model's tokenizer): whole, one could use up a
    follow-up's share of notes and leave no room for what the note says."""
    text = " ".join(question.split())
    end = _QUESTION_END.search(text)
    if end and end.end() <= HEADING_CHARS:
        return text[: end.end()]
    return text if len(text) <= HEADING_CHARS else text[:HEADING_CHARS].rstrip() + "…"


def source_header(number: int, question: str) -> str:
    return f"[{number}] {heading(question)}\n"


def source_block(number: int, entry: Entry, excerpt: str) -> str:
    return source_header(number, entry.question) + (excerpt or _NO_ANSWER)


def related_notes(sources: Sequence[Source]) -> str:
    """The numbered hits as the prompt gives them."""
    return "Related notes:\n" + "\n\n".join(
        source_header(s.number, s.question) + (s.excerpt or _NO_ANSWER) for s in sources)


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
    budget: SourceBudget = field(default_factory=SourceBudget)
    # The entry's related notes for the system message (None: not looked up yet; the
    # tutor sets them before the prefix is built). Ignored once it is built.
    related: list[Entry] | None = None
    # Built once: every later turn extends this prefix.
    _system: Message | None = field(default=None, init=False, repr=False)
    _in_system: list[Source] = field(default_factory=list, init=False, repr=False)
    # typed_ahead's (text typed, hit ids, sources) for the question being typed
    _ahead: tuple[str, tuple[str, ...], list[Source]] | None = field(
        default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.entry is not None and not self.sources:
            self.sources.append(Source(1, self.entry.id, self.entry.question))

    def use_budget(self, budget: SourceBudget) -> None:
        """Count with the loaded model's tokenizer; ignored once the prefix is built."""
        if self._system is None:
            self.budget = budget

    @property
    def prefix_built(self) -> bool:
        return self._system is not None

    @property
    def prefix_sources(self) -> list[Source]:
        """The sources the system message gives: the entry [1] and its related notes."""
        self.system_message  # noqa: B018
        return list(self._in_system)

    @property
    def first_turn(self) -> bool:
        """The next question reads its hits at the full budget: nothing grounds it yet
        (no turns, no related notes in the system message)."""
        self.system_message  # noqa: B018
        return not self.history and len(self._in_system) <= (self.entry is not None)

    @property
    def system_message(self) -> Message:
        if self._system is None:
            text = self.instructions
            if self.entry is not None:
                excerpt = answer_excerpt(self.entry, self.budget.entry_tokens(),
                                         self.budget.count)
                self.sources[0] = Source(1, self.entry.id, self.entry.question, excerpt)
                text += "\n\nNotes on the entry the learner is studying:\n" + source_block(
                    1, self.entry, excerpt)
                self._in_system = [self.sources[0]]
                related = self._related_in_system()
                if related:
                    text += "\n\n" + related_notes(related)
                    self._in_system += related
            self._system = {"role": "system", "content": text}
        return self._system

    def _related_in_system(self) -> list[Source]:
        """The entry's related notes, numbered after the entry (a note a restored turn
        already cited keeps its number; a new one comes after every known number), each
        cut to its share of what the entry left of the budget."""
        assert self.entry is not None
        hits = [e for e in self.related or () if e.id != self.entry.id]
        if not hits:
            return []
        by_id = {s.entry_id: s.number for s in self.sources}
        left = self.budget.prefix_notes_tokens(self._entry_tokens_used())
        out: list[Source] = []
        for i, hit in enumerate(hits):
            number = by_id.get(hit.id) or max(
                [s.number for s in self.sources] + [s.number for s in out]) + 1
            # Each gets an even share of what is left: a short note, or one left out,
            # leaves more for the next.
            source = related_sources([(number, hit)], left // (len(hits) - i),
                                     self.budget.count, with_headers=True)
            if not source:
                continue
            left -= self.budget.count(source_block(number, hit, source[0].excerpt))
            out.append(source[0])
            if hit.id in by_id:
                self.sources[:] = [s for s in self.sources if s.entry_id != hit.id]
        self.sources.extend(out)
        self.sources.sort(key=lambda s: s.number)
        return sorted(out, key=lambda s: s.number)

    def _entry_tokens_used(self) -> int:
        first = self.sources[0] if self.entry is not None and self.sources else None
        return self.budget.count(first.excerpt) if first and first.excerpt else 0

    def _number_new(self, hits: Sequence[Entry]) -> list[tuple[int, Entry]]:
        known = {s.entry_id for s in self.sources}
        fresh: list[tuple[int, Entry]] = []
        last = max((s.number for s in self.sources), default=0)
        for hit in hits:
            if hit.id in known:
                continue
            known.add(hit.id)
            number = last + len(fresh) + 1
            fresh.append((number, hit))
        return fresh

    def user_message(self, question: str, hits: Sequence[Entry],
                     evidence: Evidence | None = None) -> tuple[Message, list[Source]]:
        """The next user message (not yet added) and the sources it introduces: each
        new hit cut to the sentences ``evidence`` finds bearing on ``question`` (it
        is read at Ask, while the learner waits)."""
        new_sources = self._new_sources(question, hits, evidence)
        return {"role": "user", "content": user_content(new_sources, question)}, new_sources

    def typed_ahead(self, typed: str, hits: Sequence[Entry],
                    evidence: Evidence | None = None) -> list[Source]:
        """The notes the next user message will carry if the question the learner is
        typing (``typed`` so far) finds ``hits``: kept, so a question that finds the
        same hits carries these very notes, and a pre-read of them is what it reads."""
        self._ahead = None
        sources = self._new_sources(typed, hits, evidence)
        self._ahead = (typed.strip(), tuple(e.id for e in hits), sources)
        return sources

    def forget_typed_ahead(self) -> None:
        """The question needs fewer notes than were typed ahead (a small context)."""
        self._ahead = None

    def _new_sources(self, question: str, hits: Sequence[Entry],
                     evidence: Evidence | None) -> list[Source]:
        self.system_message  # noqa: B018  # the entry's share is settled first
        ahead = self._ahead
        # As pre-read while the question was typed: when it finds the same hits, or is
        # what was typed then with a few more words (the last words typed before Enter
        # often move a hit or two; the notes chosen a moment ago serve it as well, and
        # are already read).
        # What was typed must be most of the question: "What is" finds generic notes
        # that "What is LoRA?" should not inherit.
        asked = question.strip()
        if ahead is not None and (ahead[1] == tuple(e.id for e in hits) or (
                asked.startswith(ahead[0])
                and len(ahead[0]) >= TYPED_SHARE * len(asked))):
            return list(ahead[2])
        fresh = self._number_new(hits)
        follow_up = not self.first_turn  # the system's notes already ground it
        limit = self.budget.hit_tokens(self._entry_tokens_used(), len(fresh), follow_up)
        focus = (lambda text: evidence(text, question)) if evidence else None
        return related_sources(fresh, limit, self.budget.count, with_headers=follow_up,
                               focus=focus)

    def messages_for(self, user: Message) -> list[Message]:
        return [self.system_message, *self.history, user]

    def commit(self, user: Message, new_sources: list[Source], reply: str) -> None:
        """Record a finished (or stopped) turn, so the next one extends this prefix."""
        self._ahead = None  # numbered from these sources on, the next notes differ
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
                source = Source.from_json(c)
                if source is not None and all(s.number != source.number
                                              for s in self.sources):
                    self.sources.append(source)
        self.sources.sort(key=lambda s: s.number)


def user_content(sources: Sequence[Source], question: str) -> str:
    """A user message: its new notes, then the question. The question goes last and
    unlabelled: small models given "Question: ..." after numbered notes tend to
    continue the list instead of answering."""
    parts = [related_notes(sources)] if sources else []
    parts.append(question.strip())
    return "\n\n".join(parts)


def related_sources(numbered: Sequence[tuple[int, Entry]], limit: int,
                    count: Callable[[str], int], *,
                    with_headers: bool = False, focus: Focus | None = None) -> list[Source]:
    """Each hit cut to ``limit`` tokens (its ``[n] question`` header included when
    ``with_headers``), to its sentences on the question with ``focus``; hits too short
    to say anything are left out (numbers stay consecutive)."""
    out: list[Source] = []
    first = numbered[0][0] if numbered else 1
    for _n, entry in numbered:
        number = first + len(out)
        room = limit - (count(source_header(number, entry.question)) if with_headers else 0)
        if room < MIN_HIT_TOKENS:
            continue
        out.append(Source(number, entry.id, entry.question,
                          answer_excerpt(entry, room, count, focus=focus)))
    return out


# Stand-ins for the next user message, as different as its real starts (hits, a Latin or
# a Chinese question): where their prompts' tokens part is where every question's does.
_PROBES = ("Related notes:\n[2] x", "Why?", "为什么？")


def prefix_probes(conversation: Conversation,
                  notes: Sequence[Source] = ()) -> list[list[Message]]:
    """The conversation's next prompt with each stand-in question: what they have in
    common, rendered and tokenized, is what every next question on it starts with (the
    system message with the entry's notes, and the turns so far), and, with ``notes``
    (``typed_ahead``'s), what every question that finds them starts with."""
    probes = (*_PROBES[1:], "x") if notes else _PROBES
    return [conversation.messages_for({"role": "user", "content": user_content(notes, p)})
            for p in probes]


def common_prefix(prompts: Sequence[Sequence[int]]) -> list[int]:
    """The longest run of tokens every prompt starts with."""
    if not prompts:
        return []
    first = list(prompts[0])
    n = len(first)
    for other in prompts[1:]:
        n = min(n, len(other))
        for i in range(n):
            if first[i] != other[i]:
                n = i
                break
    return first[:n]


def warm_up_messages() -> list[Message]:
    """What the model reads right after loading: the instructions every prompt starts
    with (they stay in the KV cache) and a word."""
    return [{"role": "system", "content": SYSTEM_INSTRUCTIONS},
            {"role": "user", "content": "Hello"}]


def draft_messages(entry: Entry, hits: Sequence[Entry],
                   budget: SourceBudget | None = None) -> tuple[list[Message], list[Source]]:
    """A one-shot prompt asking for an answer to an unanswered entry."""
    budget = budget or SourceBudget()
    related = [h for h in hits if h.id != entry.id]
    sources = related_sources(list(enumerate(related, start=1)),
                              budget.hit_tokens(0, len(related), follow_up=False),
                              budget.count)
    parts = [related_notes(sources)] if sources else []
    parts.append(f"Interview question: {entry.question.strip()}")
    messages: list[Message] = [{"role": "system", "content": DRAFT_INSTRUCTIONS},
                               {"role": "user", "content": "\n\n".join(parts)}]
    return messages, sources


def fit_to_context(messages: list[Message], count_tokens: Callable[[str], int],
                   limit: int, *,
                   measure: Callable[[list[Message]], int] | None = None) -> list[Message]:
    """Drop the oldest turns until the prompt fits ``limit`` tokens.

    Dropping turns breaks prefix reuse for that one request, but a prompt that does not
    fit cannot run at all. ``measure`` counts the prompt as the chat template renders
    it (a local model); without it, ~8 tokens per message cover the template's role
    markers, an estimate a tokenizer that splits the markers finely can exceed.
    """
    def size(msgs: list[Message]) -> int:
        if measure is not None:
            return measure(msgs)
        return sum(count_tokens(m["content"]) + 8 for m in msgs)

    msgs = list(messages)
    while size(msgs) > limit and len(msgs) > 3:
        del msgs[1:3]  # the oldest user/assistant pair after the system message
    if size(msgs) > limit:
        raise ModelError(tr("err.tutor.context_too_small", needed=size(msgs), limit=limit))
    return msgs
