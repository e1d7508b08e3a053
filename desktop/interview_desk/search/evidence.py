"""Which sentences of a note bear on a question: the tutor's source cards mark them.

A learner asks in their own words and often in another language than the notes
('why does the model hallucinate' over Chinese notes about 幻觉). Comparing the words
as typed finds nothing there, so a question is read the way search reads it: the
index's analyzer (Simplified script, stems, Chinese words) and the concept thesaurus's
expansion (hallucination -> 幻觉, 胡说八道 -> 幻觉 / hallucination), each word with its
weight. A sentence scores the weight of the question's words it holds (each word counts
once, by its best form), and the best ones are marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_desk.search.analyzer import iter_terms
from interview_desk.search.thesaurus import read_query

MAX_MARKED = 2  # sentences marked per excerpt
# A sentence must hold a word of the question, or a concept's term for one (weighted
# 0.5-0.75), not just a part of a word (0.4) or a lone Han character (0.25).
MIN_SCORE = 0.5
_SENTENCE = re.compile(r"(?<=[。！？；!?;\n])|(?<=[.:])(?=\s)")


@dataclass(frozen=True)
class QuestionWords:
    """A question's words as search reads them: one {term: weight} per word typed, with
    the thesaurus's terms for it (other language, the notes' own words) added."""

    groups: tuple[tuple[tuple[str, float], ...], ...]

    def score(self, terms: set[str]) -> float:
        """The weight of the question's words found among ``terms`` (a sentence's)."""
        return sum(max((w for t, w in group if t in terms), default=0.0) for group in self.groups)


@lru_cache(maxsize=64)
def question_words(question: str) -> QuestionWords:
    """``question`` analysed and expanded like a search query (cached: a card is
    redrawn while a reply streams)."""
    groups = read_query(question)
    return QuestionWords(tuple(tuple(g.items()) for g in groups))


def sentence_terms(sentence: str) -> set[str]:
    """Every term the index would hold for ``sentence`` (words, their parts, stems)."""
    return {t for t, *_ in iter_terms(sentence)}


def split_sentences(text: str) -> list[str]:
    """``text`` cut after Chinese and English sentence ends and line breaks; joined
    back, the pieces are ``text``."""
    return [s for s in _SENTENCE.split(text) if s]


@lru_cache(maxsize=256)
def _marked(text: str, question: str) -> tuple[tuple[str, bool], ...]:
    words = question_words(question)
    sentences = split_sentences(text)
    scores = [words.score(sentence_terms(s)) for s in sentences]
    ranked = sorted(
        (i for i, sc in enumerate(scores) if sc >= MIN_SCORE), key=lambda i: (-scores[i], i)
    )
    marked = set(ranked[:MAX_MARKED])
    return tuple((s, i in marked) for i, s in enumerate(sentences))


def marked_sentences(text: str, question: str) -> list[tuple[str, bool]]:
    """``text`` as sentences, the ``MAX_MARKED`` that bear most on ``question`` flagged
    (none when no sentence holds one of its words or a concept's term for one)."""
    return list(_marked(text, question))
