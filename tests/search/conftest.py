"""Search fixtures: a small hand-made corpus (fast builds) and the real corpus, indexed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_desk.corpus.model import Corpus, Entry, SourceInfo
from interview_desk.search import SearchIndex


def make_entry(n: int, question: str, answer: str | None, *, source: str = "900_demo.md",
               section: tuple[str, ...] = ("基础",), difficulty: int | None = None) -> Entry:
    return Entry(id=f"{source[:3]}-{n:04d}", source=source, section_path=section,
                 number=str(n), question=question, answer=answer, difficulty=difficulty,
                 line_start=n * 10, line_end=n * 10 + 5)


def small_corpus() -> Corpus:
    entries = [
        make_entry(1, "什麼是旋轉位置編碼（RoPE）？",
                   "旋轉位置編碼把位置信息寫進 query 和 key 的旋轉角度。它讓注意力只依賴相對位置。",
                   section=("位置编码",), difficulty=4),
        make_entry(2, "KV Cache 如何加速推理？",
                   "解码时缓存每层的 key 和 value（KV cache），新 token 只需计算一次。\n"
                   "代价是显存随序列长度线性增长。", section=("推理",), difficulty=3),
        make_entry(3, "LoRA 和全参数微调有什么区别？",
                   "**LoRA** 只训练低秩矩阵 A 和 B；全参数微调更新所有参数，显存开销大得多。",
                   section=("微调",), difficulty=5),
        make_entry(4, "What is top-p sampling?",
                   "Top-p (nucleus) sampling keeps the smallest set of tokens whose "
                   "probabilities sum to p. Temperature rescales logits first.",
                   source="901_english.md", section=("Generation",), difficulty=2),
        make_entry(5, "Why use RMSNorm instead of LayerNorm in LLaMA2?",
                   "RMSNorm drops the mean-centering of LayerNorm; it is cheaper and works as "
                   "well. <script>alert(1)</script> If p < 0.5 & q > 1, friends.",
                   source="901_english.md", section=("Architecture",), difficulty=4),
        make_entry(6, "注意力机制的计算复杂度是多少？", None, section=("注意力",)),
        make_entry(7, "Explain the attention mechanism in transformers.",
                   "Attention weighs every token against every other token. Multi-head "
                   "attention runs several attentions in parallel.",
                   source="901_english.md", section=("Architecture",), difficulty=3),
    ]
    sources = [SourceInfo(file=s, path=s, questions=0, answered=0, sections=0)
               for s in sorted({e.source for e in entries})]
    return Corpus(entries, sources, content_hash="small")


@pytest.fixture
def entry_factory():
    return make_entry


@pytest.fixture
def corpus() -> Corpus:
    return small_corpus()


@pytest.fixture
def index(corpus: Corpus, tmp_path: Path) -> SearchIndex:
    ix = SearchIndex.open(corpus, index_dir=tmp_path / "idx")
    yield ix
    ix.close()


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    from interview_desk.corpus.loader import load_corpus

    return load_corpus([])


@pytest.fixture(scope="session")
def real_index(real_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    ix = SearchIndex.open(real_corpus, index_dir=tmp_path_factory.mktemp("real-idx"))
    yield ix
    ix.close()
