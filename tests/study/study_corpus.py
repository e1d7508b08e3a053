"""A small real corpus for the study tests: two sources, answered and not."""

from __future__ import annotations

from interview_desk.corpus.model import Corpus, Entry, SourceInfo


def make_entry(i: int, source: str = "003_rope.md", section: tuple[str, ...] = ("位置编码",),
               difficulty: int | None = 3, answered: bool = True) -> Entry:
    return Entry(id=f"e{i:04d}", source=source, section_path=section, number=str(i),
                 question=f"Question {i}: what is RoPE?",
                 answer=f"Answer {i} with $x^2$ and `code`." if answered else None,
                 difficulty=difficulty, line_start=i, line_end=i)


def make_corpus(n: int = 30) -> Corpus:
    entries = [make_entry(i) for i in range(n // 2)]
    entries += [make_entry(i, source="005_attention.md", section=("注意力", "MHA"),
                           difficulty=5 if i % 2 else None, answered=i % 3 != 0)
                for i in range(n // 2, n)]
    sources = [SourceInfo(s, s, sum(e.source == s for e in entries), 0, 1)
               for s in ("003_rope.md", "005_attention.md")]
    return Corpus(entries, sources)
