"""The tutor end to end in the core: search hits as sources, drafts, small contexts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_desk.corpus import Corpus
from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.prompt import Conversation
from interview_desk.tutor.session import Tutor, search_retriever

PARAMS = GenParams(temperature=0.0, top_p=1.0, max_tokens=30, seed=1)


@pytest.fixture(scope="module")
def backend(tiny_model: Path) -> Iterator[LocalBackend]:
    b = LocalBackend.load(tiny_model, LoadParams(n_ctx=8192, n_threads=1))
    yield b
    b.close()


def test_hits_become_numbered_sources(backend: LocalBackend, corpus: Corpus,
                                      index: object) -> None:
    """The entry's related notes are sources [2].. in the system message; the question's
    own hits that are not among them follow, one per question (the follow-up share)."""
    retriever = search_retriever(index, corpus)
    hits = retriever("GQA 記憶體", 3)
    assert hits and all(h.id for h in hits)
    entry = next(e for e in corpus.entries if e.answered and e.id not in {h.id for h in hits})
    related = [e.id for e in retriever(entry.question, 4) if e.id != entry.id][:3]
    tutor = Tutor(backend, retriever)
    conv = Conversation(entry)
    generation = tutor.ask(conv, "GQA 記憶體", PARAMS)
    in_prefix = [s.entry_id for s in conv.prefix_sources]
    # In rank order; a note too long for its share may be left out (this tokenizer
    # spends a token per byte).
    assert in_prefix[0] == entry.id and in_prefix[1:] == [r for r in related
                                                          if r in in_prefix]
    assert len(in_prefix) > 1
    pieces = list(generation)
    reply = generation.reply
    assert reply is not None and reply.text == "".join(pieces)
    numbered = {s.number: s.entry_id for s in conv.sources}
    assert sorted(numbered) == list(range(1, len(numbered) + 1))
    new = [h.id for h in hits if h.id not in in_prefix][:1]
    assert [numbered[n] for n in sorted(numbered)] == in_prefix + new
    assert all(numbered[c.number] == c.entry_id for c in reply.citations)
    assert [c.entry_id for c in reply.context] == in_prefix + new
    assert reply.to_json()["tokens"] == PARAMS.max_tokens
    # A follow-up continues the same conversation, after the first turn.
    tutor.ask(conv, "and MQA?", PARAMS).run()
    assert [m["role"] for m in conv.history] == ["user", "assistant"] * 2


def test_stopped_reply_is_kept(backend: LocalBackend, corpus: Corpus) -> None:
    cancel = threading.Event()
    conv = Conversation(corpus.entries[0])
    generation = Tutor(backend).ask(conv, "go", GenParams(temperature=0.0, max_tokens=500),
                                    cancel)
    for n, _ in enumerate(generation):
        if n == 3:
            cancel.set()
    assert generation.reply is not None and generation.reply.cancelled
    assert conv.history[-1] == {"role": "assistant", "content": generation.reply.text}


def test_draft(backend: LocalBackend, corpus: Corpus, index: object) -> None:
    entry = next(e for e in corpus.entries if not e.answered)
    reply = Tutor(backend, search_retriever(index, corpus)).draft(entry, PARAMS).run()
    assert reply.drafted_for == entry.id and reply.text
    assert all(c.entry_id != entry.id for c in reply.citations)


def test_small_context_drops_hits_before_failing(backend: LocalBackend, tiny_model: Path,
                                                 corpus: Corpus, index: object) -> None:
    """A small context keeps fewer of the entry's related notes in the system message
    (and fewer hits), and still answers."""
    small = LocalBackend.load(tiny_model, LoadParams(n_ctx=1100, n_threads=1))
    params = GenParams(temperature=0.0, max_tokens=20)
    try:
        entry = next(e for e in corpus.entries if e.answered and len(e.answer or "") < 200)
        roomy, conv = Conversation(entry), Conversation(entry)
        Tutor(backend, search_retriever(index, corpus)).ask(
            roomy, "注意力機制 attention", params).run()
        reply = Tutor(small, search_retriever(index, corpus)).ask(
            conv, "注意力機制 attention", params).run()
        assert reply.text
        assert len(conv.prefix_sources) < len(roomy.prefix_sources)
        assert len(conv.sources) < len(roomy.sources)
    finally:
        small.close()
