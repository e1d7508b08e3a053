"""Snippets show formulas as readable text and keep special tokens such as <s>."""

from __future__ import annotations

import re

import pytest

from interview_desk.corpus.tex_text import MATH_RE
from interview_desk.search.analyzer import fold
from interview_desk.search.highlight import HighlightTerms, make_snippet
from interview_desk.search.schema import plain_text

RAW_TEX = re.compile(r"\$|\\(?:frac|text|sqrt|left|right|cdot)\b")


def test_formula_becomes_unicode_and_a_match_inside_marks_it_whole() -> None:
    text = ("縮放點積注意力的公式如下：\n$$ \\text{Attention}(Q,K,V) = "
            "\\text{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V $$\n其中 $d_k$ 是維度。")
    snippet = make_snippet(text, fold(text), HighlightTerms.from_terms(["softmax"]))
    assert "Attention(Q,K,V) = softmax(QKᵀ/√d_k)V" in snippet.text
    assert "其中 d_k 是維度。" in snippet.text
    assert not RAW_TEX.search(snippet.text)
    assert '<b class="hit">Attention(Q,K,V) = softmax(QKᵀ/√d_k)V</b>' in snippet.html
    assert snippet.hits == 1


def test_a_window_never_cuts_a_formula_in_half() -> None:
    text = "前言很長。" * 3 + "注意力 $\\frac{a+b}{2}$ 結束"
    snippet = make_snippet(text, fold(text), HighlightTerms.from_terms(["注意力"]),
                           max_chars=12)
    assert "(a + b)/2" in snippet.text and "$" not in snippet.text


def test_special_tokens_are_escaped_not_dropped() -> None:
    answer = "- `<s>` / `[BOS]` (Start of Sentence)：句子開頭。`<PAD>`、`<UNK>` 與 `</s>`。"
    text = plain_text(answer)
    snippet = make_snippet(text, fold(text), HighlightTerms.from_terms(["開頭"]))
    for token in ("<s>", "<PAD>", "<UNK>", "</s>"):
        assert token in snippet.text
    assert "&lt;PAD&gt;" in snippet.html and "<PAD>" not in snippet.html


@pytest.mark.parametrize("query", ["softmax", "attention scores", "position encoding",
                                   "多頭注意力", "LoRA 低秩", "下個詞預測", "縮放點積"])
def test_no_snippet_of_the_corpus_shows_raw_tex(real_index, query: str) -> None:
    hits = real_index.search(query, limit=20).hits
    assert hits
    for hit in hits:
        assert not RAW_TEX.search(hit.snippet), (hit.entry_id, hit.snippet)


def test_self_attention_snippet_reads_its_formula(real_index) -> None:
    hit = next(h for h in real_index.search("scores", limit=20).hits
               if h.entry_id == "004-a3759c90")
    assert hit.snippet.startswith("Attention Scores = Q·Kᵀ/√d_k")


def test_special_token_entry_keeps_its_tokens(real_index) -> None:
    hit = next(h for h in real_index.search("Start of Sentence", limit=10).hits
               if "<s>" in h.snippet)
    assert "&lt;s&gt;" in hit.snippet_html


def test_snippets_around_every_corpus_formula_read_as_text(real_corpus) -> None:
    """For each formula of every answer, a snippet found by a word just before it and
    by a word inside it (``\\( $d_k$ \\)`` in 003 too) shows no TeX."""
    checked = 0
    for entry in real_corpus.entries:
        text = plain_text(entry.answer)
        folded = fold(text)
        for m in MATH_RE.finditer(text):
            before = re.findall(r"[\u4e00-\u9fff]{2}|[a-z]{3,}",
                                folded[max(0, m.start() - 30):m.start()])
            inside = re.findall(r"[a-z]{3,}", folded[m.start():m.end()])
            for term in before[-1:] + inside[:1]:
                snippet = make_snippet(text, folded, HighlightTerms.from_terms([term]))
                assert not RAW_TEX.search(snippet.text), (entry.id, term, snippet.text)
                checked += 1
    assert checked >= 60


def test_hints_moved_out_of_answers_are_still_found(real_index) -> None:
    ids = real_index.search("注意力機制可視化 特徵重要性分析", limit=5).ids
    assert "002-348d870d" in ids  # its hint line, now under the question
