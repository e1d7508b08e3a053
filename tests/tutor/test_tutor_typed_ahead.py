"""Notes read while the question is typed (issue 17): real default model, real index.
A question that extends what was typed, or finds the same hits, carries the notes read
ahead and evaluates only itself; one that goes elsewhere finds its own."""

from __future__ import annotations

from pathlib import Path

from interview_desk.corpus import Corpus
from interview_desk.settings import Settings
from interview_desk.tutor.backend import GenParams, LoadParams
from interview_desk.tutor.local import LocalBackend
from interview_desk.tutor.prompt import Conversation, SourceBudget
from interview_desk.tutor.session import Tutor, search_retriever

PARAMS = GenParams(temperature=0.0, top_p=1.0, max_tokens=4, seed=1)
TYPED = "How does grouped-query attention save memory"


def _run(generation) -> None:
    for _ in generation:
        pass


def test_a_question_that_extends_what_was_typed_reads_only_itself(
        default_backend: LocalBackend, corpus: Corpus, index: object) -> None:
    entry = next(e for e in corpus.entries if e.answered and "注意力" in e.question)
    tutor = Tutor(default_backend, search_retriever(index, corpus))
    default_backend.llama.reset()
    conv = Conversation(entry)
    entry_prefix = tutor.preread(conv, PARAMS)
    ahead = tutor.preread(conv, PARAMS, typed=TYPED)
    assert ahead > entry_prefix  # the typed question's notes were read too
    generation = tutor.ask(conv, TYPED + " during inference?", PARAMS)
    _run(generation)
    stats = generation.stats
    assert stats.prompt_reused >= ahead
    assert stats.prompt_tokens <= 32  # the question and the template's markers
    new = [s for s in generation.sources if s not in conv.prefix_sources]
    assert new and all(s.number > len(conv.prefix_sources) for s in new)


def test_a_question_that_goes_elsewhere_finds_its_own_notes(
        default_backend: LocalBackend, corpus: Corpus, index: object) -> None:
    entry = next(e for e in corpus.entries if e.answered and "注意力" in e.question)
    retriever = search_retriever(index, corpus)
    tutor = Tutor(default_backend, retriever)
    default_backend.llama.reset()
    conv = Conversation(entry)
    tutor.preread(conv, PARAMS, typed=TYPED)
    typed_ids = {s.entry_id for s in conv.typed_ahead(TYPED, retriever(TYPED, 3))}
    other = "LoRA 微调的原理是什么？"
    generation = tutor.ask(conv, other, PARAMS)
    _run(generation)
    new_ids = {s.entry_id for s in generation.sources} - {s.entry_id
                                                          for s in conv.prefix_sources}
    assert new_ids and new_ids != typed_ids
    assert generation.stats.prompt_tokens > 32  # its notes were read at Ask


def test_follow_ups_fit_the_context_as_the_template_renders_them(
        tiny_model: Path, corpus: Corpus, index: object) -> None:
    """A tiny model's tokenizer splits the chat markers finely: the prompt is measured as
    rendered, so turn after turn fits (the estimate from its parts fell 48 tokens short
    and llama.cpp refused the fifth question)."""
    backend = LocalBackend.load(tiny_model, LoadParams.from_settings(Settings(max_tokens=24)))
    try:
        tutor = Tutor(backend, search_retriever(index, corpus))
        params = GenParams(max_tokens=24, seed=3)
        entry = next(e for e in corpus.entries if e.answered and len(e.answer or "") > 1500)
        conv = Conversation(entry)
        for question in ("what is attention?", "RoPE?", "为什么要 KV cache？") * 3:
            tutor.preread(conv, params, typed=question[:6])
            generation = tutor.ask(conv, question, params)
            _run(generation)  # raises ModelError if the prompt overflowed the context
            used = generation.stats.prompt_tokens + generation.stats.prompt_reused
            assert used + params.max_tokens <= backend.context_size
    finally:
        backend.close()


def test_a_short_start_typed_ahead_does_not_ground_the_whole_question(
        corpus: Corpus, index: object) -> None:
    """"What is" finds generic notes; "What is LoRA fine-tuning and why is it cheap?"
    finds its own (counted here by words: the rule does not depend on the tokenizer)."""
    retriever = search_retriever(index, corpus)
    entry = next(e for e in corpus.entries if e.answered and "注意力" in e.question)
    conv = Conversation(entry, budget=SourceBudget(700, lambda t: len(t.split())))
    conv.related = []
    early = conv.typed_ahead("What is", retriever("What is", 3))
    question = "What is LoRA fine-tuning and why is it cheap?"
    hits = retriever(question, 3)
    _user, sources = conv.user_message(question, hits, retriever.evidence)
    assert [s.entry_id for s in sources] != [s.entry_id for s in early]
    assert {s.entry_id for s in sources} <= {h.id for h in hits}
