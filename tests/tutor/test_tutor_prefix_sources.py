"""The entry's related notes in the pre-read prefix (issue 17), with the real default model
and the real index: the first question after a pre-read reads only its few new notes and
itself, the related notes are sources before generation, citations map, and a stored
conversation restores with the same numbers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from interview_desk.corpus import Corpus
from interview_desk.corpus.model import Entry
from interview_desk.tutor.backend import GenParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.prompt import FOLLOW_UP_SHARE, Conversation
from interview_desk.tutor.session import Tutor, search_retriever
from interview_desk.ui.tutor.worker import sources_json

PARAMS = GenParams(temperature=0.0, top_p=1.0, max_tokens=8, seed=1)
PROMPT_LIMIT = 1100  # tokens, with the default model and the default budget
_MARKERS = 24  # the chat template's tokens around a user message and the reply's start


def _entry(corpus: Corpus) -> Entry:
    return next(e for e in corpus.entries if e.answered and "注意力" in e.question)


@pytest.mark.parametrize("question", ["Why does this save memory?", "为什么能节省显存？"])
def test_the_first_question_after_a_preread_reads_few_new_tokens(
        default_backend: LocalBackend, corpus: Corpus, index: object, question: str) -> None:
    entry = _entry(corpus)
    retriever = search_retriever(index, corpus)
    tutor = Tutor(default_backend, retriever)
    default_backend.llama.reset()
    conv = Conversation(entry)
    prefix = tutor.prefix(conv, PARAMS)
    assert tutor.preread(conv, PARAMS) == len(prefix)
    # The related notes are in the prefix, numbered after the entry.
    related = [e.id for e in retriever(entry.question, 4) if e.id != entry.id][:3]
    in_prefix = conv.prefix_sources
    assert [s.number for s in in_prefix] == list(range(1, len(in_prefix) + 1))
    assert len(in_prefix) > 1 and [s.entry_id for s in in_prefix[1:]] == \
        [r for r in related if any(s.entry_id == r for s in in_prefix)]
    text = default_backend.llama.detokenize(prefix, special=True).decode("utf-8", "replace")
    assert all(s.question.strip()[:8] in text for s in in_prefix)

    generation = tutor.ask(conv, question, PARAMS)
    # The source cards can show them before the model reads anything.
    assert generation.sources[: len(in_prefix)] == in_prefix
    reply = generation.run()
    assert reply.stats.prompt_reused >= len(prefix)
    small = default_backend.count_tokens(question) + int(PARAMS.source_tokens * FOLLOW_UP_SHARE)
    assert reply.stats.prompt_tokens <= small + _MARKERS
    assert reply.stats.prompt_tokens + reply.stats.prompt_reused <= PROMPT_LIMIT
    assert reply.context == conv.sources  # everything this first turn offered
    # Citations map to the sources the prompt numbered.
    by_number = {s.number: s for s in reply.context}
    cited = conv.citations(" ".join(f"[{s.number}]" for s in reply.context))
    assert [(c.number, c.entry_id) for c in cited] == \
        [(n, by_number[n].entry_id) for n in sorted(by_number)]


def test_a_stored_conversation_restores_with_its_sources(
        default_backend: LocalBackend, corpus: Corpus, index: object) -> None:
    """After a restart the conversation is rebuilt from the stored turns: the notes the
    first turn offered keep their numbers, and the next question extends it."""
    entry = _entry(corpus)
    tutor = Tutor(default_backend, search_retriever(index, corpus))
    conv = Conversation(entry)
    question = "Why does this save memory?"
    reply = tutor.ask(conv, question, PARAMS).run()
    stored = [("user", question, []), ("assistant", reply.text, sources_json(reply))]

    again = Conversation(entry)
    again.restore(stored)
    follow = tutor.ask(again, "And why?", PARAMS).run()
    numbers = {s.number: s.entry_id for s in again.sources}
    assert all(numbers[s.number] == s.entry_id for s in conv.sources)
    assert [s.entry_id for s in again.prefix_sources] == \
        [s.entry_id for s in conv.prefix_sources]
    assert len(numbers) == len(again.sources)  # no number given twice
    assert follow.context[: len(again.prefix_sources)] == again.prefix_sources


def test_an_entry_whose_question_finds_nothing_gets_its_neighbours(
        default_backend: LocalBackend, corpus: Corpus, index: object) -> None:
    """A question whose words no other note holds finds no hits; the prefix then holds
    the entry's neighbours (the reader's Related list) instead. (The corpus's own
    questions all find hits since a closing '?' stopped being read as a wildcard: 23
    answered ones had found nothing. An entry is given such a question here.)"""
    retriever = search_retriever(index, corpus)
    entry = replace(_entry(corpus), question="Quokkas xylophone zebrafish?")
    assert not [h for h in retriever(entry.question, 4) if h.id != entry.id]
    conv = Conversation(entry)
    Tutor(default_backend, retriever).prefix(conv, PARAMS)
    neighbours = [e.id for e in retriever.neighbours(entry.id, 4) if e.id != entry.id]
    in_prefix = [s.entry_id for s in conv.prefix_sources]
    assert in_prefix[0] == entry.id and len(in_prefix) > 1
    assert in_prefix[1:] == [n for n in neighbours if n in in_prefix]




def test_a_question_reads_its_best_hit_only_when_the_prompt_lacks_it(
        default_backend: LocalBackend, corpus: Corpus, index: object) -> None:
    """With related notes in the system message a question adds its one best hit. The
    entry's own question finds a note the system message holds: nothing new is read (not
    the next hit down in its place). A question on another subject adds its best hit."""
    entry = _entry(corpus)
    retriever = search_retriever(index, corpus)
    tutor = Tutor(default_backend, retriever)

    def best(question: str) -> str:
        return next(e.id for e in retriever(question, 2) if e.id != entry.id)

    default_backend.llama.reset()
    conv = Conversation(entry)
    prefix = tutor.prefix(conv, PARAMS)
    tutor.preread(conv, PARAMS)
    held = list(conv.prefix_sources)
    assert best(entry.question) in {s.entry_id for s in held}
    generation = tutor.ask(conv, entry.question, PARAMS)
    assert generation.sources == held
    reply = generation.run()
    assert reply.stats.prompt_reused >= len(prefix)
    assert reply.stats.prompt_tokens <= default_backend.count_tokens(entry.question) + _MARKERS

    question = "Explain step by step how grouped-query attention saves memory."
    assert best(question) not in {s.entry_id for s in conv.sources}
    before = len(conv.sources)
    follow = tutor.ask(conv, question, PARAMS)
    assert [s.entry_id for s in follow.sources[before:]] == [best(question)]
    follow.run()
