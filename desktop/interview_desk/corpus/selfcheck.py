"""Self-test part "corpus": the shipped documents load and every one yields questions."""

from __future__ import annotations

from interview_desk.corpus.loader import load_corpus
from interview_desk.errors import CorpusError

EXPECTED_SOURCES = 5


def check() -> str:
    corpus = load_corpus([], include_builtin=True)
    if len(corpus.sources) != EXPECTED_SOURCES:
        detail = "; ".join(corpus.warnings) or "no warnings"
        raise CorpusError(f"expected {EXPECTED_SOURCES} built-in sources, loaded "
                          f"{len(corpus.sources)} ({detail})")
    for source in corpus.sources:
        if source.questions == 0 or source.answered == 0:
            raise CorpusError(f"{source.file}: {source.questions} questions, "
                              f"{source.answered} answered")
    if len({e.id for e in corpus.entries}) != len(corpus.entries):
        raise CorpusError("entry ids are not unique")
    answered = sum(s.answered for s in corpus.sources)
    return f"{len(corpus.sources)} sources, {len(corpus.entries)} entries, {answered} answered"
