"""Pre-reading an entry's notes (issue 17), in the core, with the real default model:
the prefix read ahead is a token prefix of the real prompt, the real question reuses it,
a pre-read stopped half-way still serves the question, and a remote default_backend has none."""

from __future__ import annotations

import threading

import pytest

from interview_desk.corpus import Corpus
from interview_desk.corpus.model import Entry
from interview_desk.tutor.backend import GenParams
from interview_desk.tutor.local import PREREAD_CHUNK, LocalBackend
from interview_desk.tutor.prompt import Conversation
from interview_desk.tutor.remote import RemoteBackend
from interview_desk.tutor.session import Tutor, search_retriever

PARAMS = GenParams(temperature=0.0, top_p=1.0, max_tokens=8, seed=1)


def _entry(corpus: Corpus) -> Entry:
    return next(e for e in corpus.entries if e.answered and "注意力" in e.question)


def _real_prompt(default_backend: LocalBackend) -> list[int]:
    """The tokens the last request evaluated (the KV cache keeps them in order)."""
    llm = default_backend.llama
    return [int(t) for t in llm.input_ids[: llm.prompt_length]]


@pytest.mark.parametrize("question", ["Why does this save memory?", "为什么能节省显存？"])
def test_the_prefix_read_ahead_is_what_the_question_starts_with(
        default_backend: LocalBackend, corpus: Corpus, index: object, question: str) -> None:
    entry = _entry(corpus)
    tutor = Tutor(default_backend, search_retriever(index, corpus))
    default_backend.llama.reset()
    conv = Conversation(entry)
    prefix = tutor.prefix(conv, PARAMS)
    # It holds the instructions and the entry's notes, rendered by the chat template.
    text = default_backend.llama.detokenize(prefix, special=True).decode("utf-8", "replace")
    assert "Notes on the entry" in text and entry.question.strip()[:10] in text
    assert tutor.preread(conv, PARAMS) == len(prefix)

    reply = tutor.ask(conv, question, PARAMS).run()
    real = _real_prompt(default_backend)
    assert real[: len(prefix)] == prefix and len(real) > len(prefix)
    assert reply.stats.prompt_reused >= len(prefix)  # only hits + question were read
    assert reply.stats.prompt_tokens == len(real) - reply.stats.prompt_reused
    assert reply.text and reply.context[0].entry_id == entry.id


def test_the_prefix_of_a_follow_up_holds_the_turns_so_far(
        default_backend: LocalBackend, corpus: Corpus, index: object) -> None:
    tutor = Tutor(default_backend, search_retriever(index, corpus))
    conv = Conversation(_entry(corpus))
    first = tutor.prefix(conv, PARAMS)
    tutor.ask(conv, "What is it?", PARAMS).run()
    default_backend.llama.reset()  # another entry was read meanwhile: the cache holds nothing
    follow = tutor.prefix(conv, PARAMS)
    assert follow[: len(first)] == first and len(follow) > len(first)
    assert tutor.preread(conv, PARAMS) == len(follow)
    reply = tutor.ask(conv, "And why?", PARAMS).run()
    assert _real_prompt(default_backend)[: len(follow)] == follow
    assert reply.stats.prompt_reused >= len(follow)


def test_a_question_during_the_preread_goes_on_from_what_it_read(
        default_backend: LocalBackend, corpus: Corpus) -> None:
    """Stopped after its first chunk, as when the learner asks at once: the question
    reads the rest itself and answers as it would have without any pre-read."""
    entry, tutor = _entry(corpus), Tutor(default_backend)
    default_backend.llama.reset()
    plain = tutor.ask(Conversation(entry), "What is it?", PARAMS).run()

    default_backend.llama.reset()
    conv = Conversation(entry)
    prefix = tutor.prefix(conv, PARAMS)
    cancel = threading.Event()
    steps: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        steps.append((done, total))
        cancel.set()

    read = tutor.preread(conv, PARAMS, cancel, progress)
    assert steps == [(PREREAD_CHUNK, len(prefix))] and read == PREREAD_CHUNK < len(prefix)
    reply = tutor.ask(conv, "What is it?", PARAMS).run()
    assert reply.stats.prompt_reused == read
    assert reply.text == plain.text


def test_a_preread_of_another_entry_leaves_the_next_question_right(
        default_backend: LocalBackend, corpus: Corpus) -> None:
    tutor = Tutor(default_backend)
    first, second = [e for e in corpus.entries if e.answered][:2]
    default_backend.llama.reset()
    plain = tutor.ask(Conversation(second), "What is it?", PARAMS).run()
    tutor.preread(Conversation(first), PARAMS)  # read ahead for an entry left at once
    conv = Conversation(second)
    reply = tutor.ask(conv, "What is it?", PARAMS).run()
    assert reply.context[0].entry_id == second.id and reply.text == plain.text
    # Only the instructions both entries start with were reused.
    assert 0 < reply.stats.prompt_reused < len(tutor.prefix(conv, PARAMS))


def test_no_preread_for_a_remote_backend(corpus: Corpus) -> None:
    remote = RemoteBackend("http://127.0.0.1:9", "m", context_size=4096, timeout=1.0)
    tutor = Tutor(remote)
    conv = Conversation(_entry(corpus))
    assert tutor.prefix(conv, PARAMS) == [] and tutor.preread(conv, PARAMS) == 0
