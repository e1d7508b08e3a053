"""The copied-KaTeX repair: golden results on the five 004 entries, and properties."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_desk.corpus import Entry, load_corpus
from interview_desk.corpus.katex import repair_katex
from interview_desk.paths import qa_dir


@pytest.fixture(scope="module")
def corpus():
    return load_corpus([], include_builtin=True)


def _math_lines(entry: Entry) -> list[str]:
    return [line for line in (entry.answer or "").split("\n") if "$" in line]


def test_multi_head_attention_004_5a8ccdca(corpus) -> None:
    e = corpus.get("004-5a8ccdca")
    assert e.repaired == ("h", "i", "W_i^Q", "W_i^K", "W_i^V")
    assert ("假設有 $h$ 個頭，每個頭 $i$ 都會有自己的權重矩陣 $W_i^Q$、$W_i^K$、$W_i^V$ "
            "用來生成查詢") in e.answer
    assert "WiQW_i^QWiQ" in e.source_answer and "WiQ" not in e.answer


def test_self_attention_004_a3759c90(corpus) -> None:
    e = corpus.get("004-a3759c90")
    assert e.repaired == (
        "Q", "K", "V", r"\text{Attention Scores} = \frac{Q \cdot K^T}{\sqrt{d_k}}", "d_k",
        r"\text{Output} = \text{softmax}\left(\frac{Q \cdot K^T}{\sqrt{d_k}}\right) \cdot V")
    assert _math_lines(e) == [
        "1. **查詢、鍵和值的生成**：輸入序列中的每個元素會生成查詢向量（Query, $Q$）、"
        "鍵向量（Key, $K$）和值向量（Value, $V$）。這些向量是通過學習得到的權重矩陣生成的，"
        "分別表示每個位置對其他位置的重要程度。",
        r"    $$\text{Attention Scores} = \frac{Q \cdot K^T}{\sqrt{d_k}}$$",
        "    其中，$d_k$ 是鍵向量的維度，這樣的縮放（Scaling）有助於避免因為向量維度過高"
        "而使點積值過大，進而影響梯度穩定性。",
        r"    $$\text{Output} = \text{softmax}\left(\frac{Q \cdot K^T}{\sqrt{d_k}}\right)"
        r" \cdot V$$",
    ]


def test_position_embeddings_004_31afae69(corpus) -> None:
    e = corpus.get("004-31afae69")
    frac = r"\left(\frac{pos}{10000^{\frac{2i}{d_{model}}}}\right)"
    first = r"\text{Position\_Encoding}(pos, 2i) = \sin" + frac
    second = r"\text{Position\_Encoding}(pos, 2i+1) = \cos" + frac
    assert e.repaired == (first, second, "pos", "i", "d_{model}")
    # Two display equations copied onto one line become one line each.
    assert _math_lines(e) == [f"$${first}$$", f"$${second}$$", "- $pos$ 表示序列中位置的索引。",
                              "- $i$ 表示嵌入維度的索引。", "- $d_{model}$ 是嵌入的維度大小。"]


def test_lora_004_643eba0b(corpus) -> None:
    e = corpus.get("004-643eba0b")
    assert e.repaired == ("W", "W", "A", "B", r"W + A \times B", "W", "A", "B")
    assert _math_lines(e) == [
        "- **原理**：在 LoRA 中，模型不直接更新全量的權重矩陣，"
        "而是對權重矩陣分解為低秩的矩陣來表示。例如，假設有一個矩陣 $W$ ，"
        "在 LoRA 中，$W$ 可以分解成兩個較小的矩陣 $A$ 和 $B$，"
        r"使得 $W + A \times B$ 近似於原矩陣 $W$。只需更新較小矩陣 $A$ 和 $B$ 的參數，"
        "從而減少參數的更新需求。"]


def test_next_token_prediction_004_c9060583(corpus) -> None:
    e = corpus.get("004-c9060583")
    assert e.repaired == ("n", "n+1", "n", "n+1")
    assert _math_lines(e) == [
        "在下個詞預測中，模型的輸入是一系列序列（例如句子中的詞語），模型的目標是**根據序列中的前 "
        "$n$ 個詞預測第 $n+1$ 個詞**，並使得生成的序列符合語言的邏輯性和連貫性。",
        "2. **概率分佈生成**：模型利用前 $n$ 個詞生成一個概率分佈，該分佈表示每個詞出現在第 "
        "$n+1$ 位置的可能性。"]


def test_only_those_five_entries_change_and_counts_stay(corpus) -> None:
    changed = sorted(e.id for e in corpus.entries if e.source_answer is not None)
    assert changed == ["004-31afae69", "004-5a8ccdca", "004-643eba0b", "004-a3759c90",
                       "004-c9060583"]
    assert sum(len(corpus.get(i).repaired) for i in changed) == 28  # spans counted by hand
    assert len(corpus.entries) == 414
    assert sum(e.answered for e in corpus.entries) == 166


def test_003_charles_iii_and_hhh_untouched() -> None:
    text = (qa_dir() / "003_44fb7fc701a0187b.md").read_text(encoding="utf-8")
    assert repair_katex(text).text == text
    # Even beside a real triple, which lets bare repeats count elsewhere.
    triple = "其中 dkd_kdk 是維度。"
    for prose in ("模型应输出 `Charles III`。", "Charles III is the King.",
                  "（通常被称为 **HHH**: Helpful, Honest, Harmless）"):
        fixed = repair_katex(f"{triple}\n{prose}")
        assert fixed.text == f"其中 $d_k$ 是維度。\n{prose}"


def test_code_urls_and_existing_math_untouched() -> None:
    text = ("其中 dkd_kdk 是維度。\n```python\nx = 'dkd_kdk'\n```\n"
            "見 https://example.com/dkd_kdk 與 `WiQW_i^QWiQ` 以及 $WiQW_i^QWiQ$。")
    assert repair_katex(text).text == text.replace("dkd_kdk 是", "$d_k$ 是", 1)


def test_unknown_command_never_swallows_brackets() -> None:
    text = "把製表符（\\t）換成空格。"  # 001: \t between full-width parentheses
    assert repair_katex(text).text == text


# -- properties -------------------------------------------------------------------------
_WORDS = st.sampled_from([
    "Charles", "III", "HHH", "www", "aaa", "the", "pospos", "模型", "注意力", "頭", "，", "。",
    "`x_i^2`", "https://a.b/c_d^e", "$x_i$", "$$a^2$$", "\\frac{a}{b}", "x_i", "W_i^Q",
    "d_k", "n+1", "```", "**bold**", "(a)", "10000", "hhh", "QQQ", "a=b", "α", "Q⋅K",
])
_PLAIN = st.lists(_WORDS, max_size=30).map(" ".join)
_TRIPLES = st.sampled_from(["WiQW_i^QWiQ", "dkd_kdk", "dmodeld_{model}dmodel",
                            "W+A×BW + A \\times BW+A×B", "n+1n+1n+1", "hhh", "QQQ"])


@settings(max_examples=300, deadline=None)
@given(_PLAIN)
def test_text_without_triples_is_left_byte_for_byte(text: str) -> None:
    # Words are space-separated, so no rendered copy can sit right against a TeX one.
    result = repair_katex(text)
    assert result.text == text and not result.formulas


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, _TRIPLES), max_size=20).map(" 個 ".join))
def test_repair_is_idempotent(text: str) -> None:
    once = repair_katex(text).text
    twice = repair_katex(once)
    assert twice.text == once and not twice.formulas


def test_labelled_set_has_no_false_alarms() -> None:
    """benchmarks/data/katex_labelled.json (written apart from the shipped documents):
    every formula the repair reports is one a person labelled, and every passage that
    holds no triple comes back byte for byte."""
    cases = json.loads((Path(__file__).parents[2] / "benchmarks" / "data" /
                        "katex_labelled.json").read_text(encoding="utf-8"))
    assert len(cases) >= 60
    for case in cases:
        result = repair_katex(case["text"])
        got = [f.tex for f in result.formulas]
        assert not Counter(got) - Counter(case["expected"]), case["note"]
        if not case["expected"]:
            assert result.text == case["text"], case["note"]
