"""A hit found at Ask is read as the sentences that bear on the question (the ones its
source card marks), not the opening of its answer: real index, real corpus, the tokens
counted by a plain word count (the budget logic does not depend on the tokenizer)."""

from __future__ import annotations

from interview_desk.corpus import Corpus
from interview_desk.tutor.prompt import Conversation, SourceBudget, answer_excerpt
from interview_desk.tutor.session import search_retriever


def _words(text: str) -> int:
    return len(text.split()) + sum(1 for ch in text if ord(ch) > 0x2E80)


def test_a_hit_found_at_ask_carries_its_sentences_on_the_question(corpus: Corpus,
                                                                  index: object) -> None:
    retriever = search_retriever(index, corpus)
    question = "What is the KV cache and why does it grow with the context?"
    hits = [e for e in retriever(question, 3) if e.answered]
    assert hits
    studied = next(e for e in corpus.entries if e.answered and e.id not in {h.id for h in hits})
    conv = Conversation(studied, budget=SourceBudget(700, _words))
    _user, sources = conv.user_message(question, hits[:1], retriever.evidence)
    [source] = sources
    bearing = retriever.evidence(hits[0].answer, question)
    assert bearing, "the question's words are in its own top hit"
    pieces = [p.strip() for p in source.excerpt.split("…") if p.strip()]
    # every piece carried is a sentence the evidence marked, in the answer's order
    assert pieces and all(any(p in s for s in bearing) for p in pieces)
    opening = answer_excerpt(hits[0], _words(source.excerpt), _words)
    assert source.excerpt != opening or bearing[0].strip() in opening

    # Without evidence (a remote retriever, a test's list): the answer's start, as before.
    conv2 = Conversation(studied, budget=SourceBudget(700, _words))
    _user2, plain = conv2.user_message(question, hits[:1])
    assert plain[0].excerpt.startswith(hits[0].answer.strip()[:20])
