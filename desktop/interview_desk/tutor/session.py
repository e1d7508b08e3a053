"""The tutor: retrieval + prompt + backend -> a stream of text pieces and a final reply.

``Tutor.ask`` and ``Tutor.draft`` return a ``Generation``: iterate it for text pieces
(this is what the UI worker and the command line consume); once it is exhausted,
``generation.reply`` holds the full text, the citations and the figures. Setting the
cancel event ends the iteration at the next token (or aborts prompt evaluation).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import DeskError, ModelError
from interview_desk.strings import tr
from interview_desk.tutor.backend import (
    Backend,
    GenParams,
    Message,
    PrefixReader,
    StreamStats,
)
from interview_desk.tutor.guard import RepetitionGuard
from interview_desk.tutor.prompt import (
    Conversation,
    Evidence,
    Source,
    SourceBudget,
    cited_numbers,
    common_prefix,
    draft_messages,
    fit_to_context,
    prefix_probes,
    warm_up_messages,
)

log = logging.getLogger(__name__)

# A retriever maps a question to related entries, best first.
Retriever = Callable[[str, int], list[Entry]]
SEARCH_HITS = 3
FOLLOW_UP_HITS = 1  # new hits per follow-up turn: one with substance (prompt.FOLLOW_UP_SHARE)
_CONTEXT_MARGIN = 16
_QUESTION_ROOM = 64  # tokens a question and the template's markers take, about


class _Hit(Protocol):
    @property
    def entry_id(self) -> str: ...


class _Results(Protocol):
    @property
    def hits(self) -> Sequence[_Hit]: ...


class EntrySearch(Protocol):
    """What retrieval needs of the search index (``search.SearchIndex`` has it); the
    tutor does not import the search package."""

    def search(self, query: str, *, limit: int = ...) -> _Results: ...

    def related(self, entry_id: str, limit: int = ...) -> Sequence[_Hit]: ...

    def evidence(self, text: str, question: str) -> list[str]: ...


def _grounding_first(entries: list[Entry], k: int) -> list[Entry]:
    # A bare question grounds nothing: answered entries first, each group in rank order.
    entries.sort(key=lambda e: not e.answered)
    return entries[:k]


@dataclass(frozen=True)
class SearchRetriever:
    """Retrieval through the app's search index: a ``Retriever`` (the hits for a
    question), and an entry's neighbours (the reader's Related list) for when the
    entry's own question finds nothing (a long question, all of whose terms no entry
    has)."""

    index: EntrySearch
    corpus: Corpus

    def __call__(self, query: str, k: int) -> list[Entry]:
        try:
            result = self.index.search(query, limit=k * 3)
        except DeskError as exc:  # an odd query must not stop the tutor
            log.warning("retrieval failed for %r: %s", query, exc)
            return []
        return _grounding_first(self._entries(result.hits), k)

    def neighbours(self, entry_id: str, k: int) -> list[Entry]:
        try:
            hits = self.index.related(entry_id, limit=k * 3)
        except DeskError as exc:
            log.warning("related entries failed for %r: %s", entry_id, exc)
            return []
        return _grounding_first(self._entries(hits), k)

    def evidence(self, text: str, question: str) -> list[str]:
        """The sentences of ``text`` that bear on ``question``, as its source card marks
        them."""
        return self.index.evidence(text, question)

    def _entries(self, hits: Sequence[_Hit]) -> list[Entry]:
        return [e for e in (self.corpus.get(hit.entry_id) for hit in hits) if e]


def search_retriever(index: EntrySearch, corpus: Corpus) -> SearchRetriever:
    """Retrieval through the app's search index (``SearchIndex.search(query, limit=k)``)."""
    return SearchRetriever(index, corpus)


def warm_up(backend: Backend) -> float:
    """Pay llama.cpp's first evaluation right after loading (seconds it took). A model
    that cannot even do that still loads: the first question then reports what is wrong."""
    messages = warm_up_messages()
    if sum(backend.count_tokens(m["content"]) + 8 for m in messages) + 16 > \
            backend.context_size:
        messages = messages[1:]  # a tiny context: warm up on the word alone
    try:
        return backend.warm_up(messages)
    except DeskError as exc:
        log.warning("warm-up failed: %s", exc)
        return 0.0


@dataclass
class Reply:
    text: str
    citations: list[Source]
    model: str
    stats: StreamStats
    chat_format: str = ""
    drafted_for: str = ""  # entry id when this is a drafted answer
    # Every note the prompt of this turn offered (cited or not): small models often
    # do not cite, and the learner still wants to open what the answer was based on.
    context: list[Source] = field(default_factory=list)

    @property
    def cancelled(self) -> bool:
        return self.stats.finish_reason == "cancelled"

    @property
    def looped(self) -> bool:
        """The degeneration guard stopped it: not worth keeping as an answer."""
        return self.stats.finish_reason == "repetition"

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "citations": [{"id": c.entry_id, "question": c.question, "n": c.number}
                          for c in self.citations],
            "model": self.model,
            "tokens": self.stats.tokens,
            "seconds": round(self.stats.seconds, 3),
            "first_token_seconds": round(self.stats.first_token_s or 0.0, 3),
            "prompt_tokens": self.stats.prompt_tokens,
            "prompt_tokens_reused": self.stats.prompt_reused,
            "finish_reason": self.stats.finish_reason,
            "chat_format": self.chat_format,
        }


@dataclass
class Generation:
    """An iterator of text pieces; ``reply`` is set when iteration ends (even if stopped).

    The sources the prompt offers are known before the first piece (``sources``), so a
    UI can show them while the model reads. A loop trips the ``guard``: the stream ends
    with ``finish_reason`` "repetition" and the reply keeps the text before the loop.
    """

    _pieces: Iterator[str]
    _finish: Callable[[str], Reply]
    stats: StreamStats
    sources: list[Source] = field(default_factory=list)
    reply: Reply | None = None
    guard: RepetitionGuard = field(default_factory=RepetitionGuard)
    _parts: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[str]:
        try:
            for piece in self._pieces:
                self._parts.append(piece)
                yield piece
                if self.guard.feed(piece):
                    break
        finally:
            close = getattr(self._pieces, "close", None)
            if close is not None:
                close()  # runs the backend's cleanup even when the consumer stops early
            text = "".join(self._parts)
            if self.guard.tripped:
                self.stats.finish_reason = "repetition"
                text = self.guard.kept_text(text)
            if self.reply is None and self.stats.finish_reason not in ("", "error"):
                self.reply = self._finish(text)

    def run(self) -> Reply:
        """Consume everything; for callers that do not stream."""
        for _ in self:
            pass
        assert self.reply is not None
        return self.reply


class Tutor:
    def __init__(self, backend: Backend, retriever: Retriever | None = None, *,
                 hits: int = SEARCH_HITS, follow_up_hits: int = FOLLOW_UP_HITS) -> None:
        self.backend = backend
        self.retriever = retriever
        self.hits = hits
        self.follow_up_hits = follow_up_hits

    def _budget(self, params: GenParams) -> SourceBudget:
        return SourceBudget(params.source_tokens, self.backend.count_tokens)

    def _related(self, query: str, exclude: str | None, k: int,
                 known: frozenset[str] = frozenset()) -> list[Entry]:
        """The top ``k`` hits other than the entry, less those the prompt already numbers.
        Not the top ``k`` *new* ones: a question about the entry mostly finds the notes
        its system message holds (the best hit of "Can you explain this in more detail:
        <its question>" is one of them for 126 of the 166 answered entries), and reading
        hits ranked below them costs time to the first word (~130 tokens/s on one core)
        for weaker evidence that distracts a small model."""
        if self.retriever is None or k <= 0:
            return []
        top = [e for e in self.retriever(query, k + 1) if e.id != exclude][:k]
        return [e for e in top if e.id not in known]

    def _open(self, conversation: Conversation, params: GenParams) -> None:
        """Settle what the conversation's prefix holds before it is built: notes counted
        with this model's tokenizer, and the entry's related notes (the hits for the
        entry's own question, as a draft reads them; the entry's neighbours when that
        finds nothing), known before any question."""
        if conversation.prefix_built:
            return
        budget = self._budget(params)
        conversation.use_budget(budget)
        entry = conversation.entry
        if entry is None or conversation.related is not None:
            return
        related = self._related(entry.question, entry.id, self.hits)
        if not related and isinstance(self.retriever, SearchRetriever):
            related = [e for e in self.retriever.neighbours(entry.id, self.hits + 1)
                       if e.id != entry.id][: self.hits]
        # A small context keeps fewer of them: the system message must leave room for a
        # question with its follow-up share of notes, and the reply.
        room = (self.backend.context_size - params.max_tokens - _CONTEXT_MARGIN
                - budget.follow_up_tokens() - _QUESTION_ROOM)
        while related:
            trial = Conversation(entry, conversation.instructions, budget=budget,
                                 related=related)
            if budget.count(trial.system_message["content"]) <= room:
                break
            related = related[:-1]
        conversation.related = related

    def _fit(self, messages: list[Message], params: GenParams) -> list[Message]:
        backend = self.backend
        limit = backend.context_size - params.max_tokens - _CONTEXT_MARGIN
        # A local model renders and counts the very prompt: the estimate from the parts
        # fell 48 tokens short of a tiny model's real prompt, and llama.cpp refused it.
        measure = None
        if isinstance(backend, PrefixReader):
            reader = backend

            def measure(msgs: list[Message]) -> int:
                try:
                    return len(reader.prompt_tokens(msgs))
                except ModelError:  # longer than the whole context: drop more
                    return backend.context_size + 1

        return fit_to_context(messages, backend.count_tokens, limit, measure=measure)

    def ask(self, conversation: Conversation, question: str, params: GenParams,
            cancel: threading.Event | None = None,
            on_prompt: Callable[[int, int], None] | None = None) -> Generation:
        question = question.strip()
        if not question:
            raise DeskError(tr("err.tutor.no_question"))
        self._open(conversation, params)
        exclude = conversation.entry.id if conversation.entry else None
        k = self.hits if conversation.first_turn else self.follow_up_hits
        related = self._related(question, exclude, k,
                                frozenset(s.entry_id for s in conversation.sources))
        # With a small context (or a tokenizer that spends several tokens per Chinese
        # character) fewer hits may fit; the current entry and the question always go in.
        for keep in sorted({len(related), min(1, len(related)), 0}, reverse=True):
            user, new_sources = conversation.user_message(question, related[:keep],
                                                          self._evidence())
            try:
                messages = self._fit(conversation.messages_for(user), params)
                break
            except ModelError:
                if keep == 0:
                    raise
                conversation.forget_typed_ahead()  # fewer notes than were typed ahead
        stats = StreamStats(on_prompt=on_prompt)
        cancel = cancel or threading.Event()
        pieces = self.backend.stream(messages, params, cancel, stats)

        context = conversation.prefix_sources + new_sources

        def finish(text: str) -> Reply:
            conversation.commit(user, new_sources, text)
            return Reply(text, conversation.citations(text), self.backend.model_name, stats,
                         self.backend.chat_format.label, context=context)

        return Generation(pieces, finish, stats, context)

    def _evidence(self) -> Evidence | None:
        retriever = self.retriever
        return retriever.evidence if isinstance(retriever, SearchRetriever) else None

    def notes_ahead(self, conversation: Conversation, params: GenParams,
                    typed: str = "") -> list[Source]:
        """The notes the next question will carry beyond the system message's, settled
        now: none, or with ``typed`` (the question so far) those its hits bring. The
        system message's own (``conversation.prefix_sources``) are settled too: the
        panel shows both as cards before the learner asks."""
        self._open(conversation, params)  # as ask() would: same notes
        if not typed.strip():
            return []
        exclude = conversation.entry.id if conversation.entry else None
        k = self.hits if conversation.first_turn else self.follow_up_hits
        hits = self._related(typed.strip(), exclude, k,
                             frozenset(s.entry_id for s in conversation.sources))
        return conversation.typed_ahead(typed.strip(), hits, self._evidence())

    def prefix(self, conversation: Conversation, params: GenParams, typed: str = "",
               on_sources: Callable[[list[Source]], None] | None = None) -> list[int]:
        """The tokens every next question on ``conversation`` starts with, as the model's
        chat template renders them ([] for a backend that cannot say). With ``typed``
        (the question as typed so far), the notes its hits would bring are settled
        (``Conversation.typed_ahead``) and included: a question that finds the same
        hits starts with them too."""
        backend = self.backend
        if not isinstance(backend, PrefixReader):
            return []
        notes = self.notes_ahead(conversation, params, typed)
        if on_sources is not None:  # known before a token is read: the cards can show
            on_sources(conversation.prefix_sources + notes)
        try:
            prompts = [backend.prompt_tokens(self._fit(m, params))
                       for m in prefix_probes(conversation, notes)]
        except ModelError:  # the notes do not fit beside the question: ask() drops them
            prompts = [backend.prompt_tokens(self._fit(m, params))
                       for m in prefix_probes(conversation)]
        return common_prefix(prompts)

    def preread(self, conversation: Conversation, params: GenParams,
                cancel: threading.Event | None = None,
                progress: Callable[[int, int], None] | None = None,
                typed: str = "",
                on_sources: Callable[[list[Source]], None] | None = None) -> int:
        """Read ``prefix`` into the model's cache before the learner asks, so the first
        question evaluates only its few new hits and itself (with ``typed``, only
        itself, if it finds what the words typed so far found); stops between chunks
        once ``cancel`` is set. The tokens of the prefix cached (0: a remote backend)."""
        backend = self.backend
        tokens = self.prefix(conversation, params, typed, on_sources)
        if not tokens or not isinstance(backend, PrefixReader):
            return 0
        return backend.read_prefix(tokens, cancel or threading.Event(), progress)

    def draft(self, entry: Entry, params: GenParams,
              cancel: threading.Event | None = None,
              on_prompt: Callable[[int, int], None] | None = None) -> Generation:
        messages, sources = draft_messages(
            entry, self._related(entry.question, entry.id, self.hits), self._budget(params))
        messages = self._fit(messages, params)
        stats = StreamStats(on_prompt=on_prompt)
        pieces = self.backend.stream(messages, params, cancel or threading.Event(), stats)

        def finish(text: str) -> Reply:
            by_number = {s.number: s for s in sources}
            cites = [by_number[n] for n in cited_numbers(text) if n in by_number]
            return Reply(text, cites, self.backend.model_name, stats,
                         self.backend.chat_format.label, drafted_for=entry.id,
                         context=sources)

        return Generation(pieces, finish, stats, sources)
