"""Preset detection on synthetic text and on the real shipped corpus."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from interview_desk.script import to_traditional
from interview_desk.viz import scene
from interview_desk.viz.errors import VizError
from interview_desk.viz.presets import PRESETS, get_preset, presets_for_entry


def _ids(question: str, answer: str | None = None) -> list[str]:
    return [p.id for p in presets_for_entry(SimpleNamespace(question=question, answer=answer))]


def test_every_preset_is_well_formed() -> None:
    for pid, preset in PRESETS.items():
        assert preset.id == pid
        assert preset.view in ("attention", "position")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in preset.title)  # zh
        assert any(ch.isascii() and ch.isalpha() for ch in preset.title)  # en
        assert preset.keywords
        if preset.view == "attention":  # the settings build a valid scene
            fields = {k: v for k, v in preset.settings.items()}
            scene.compute_scene(["a", "b", "c", "d", "e"], scene.AttentionSettings(**fields))


@pytest.mark.parametrize(("question", "first"), [
    ("旋转位置编码 RoPE 有什么优点?", "position-rope"),
    ("What is rotary position embedding?", "position-rope"),
    ("ALiBi 的偏置矩阵是什么?", "position-alibi"),
    ("什么是相对位置编码?", "position-relative"),
    ("什么是 长度外推问题?", "position-extrapolation"),
    ("How does NTK-aware scaling extend the context?", "position-extrapolation"),
    ("正弦位置编码的公式是什么?", "position-sinusoidal"),
    ("为什么使用多头注意力?", "attention-multihead"),
    ("MQA 和 GQA 有什么区别?", "attention-gqa"),
    ("什么是 prefix LM?", "attention-prefix"),
    ("解释因果掩码 (causal mask)", "attention-causal"),
    ("Mistral 的滑动窗口注意力", "attention-sliding"),
])
def test_simplified_and_traditional_questions_find_the_same_first_preset(
        question: str, first: str) -> None:
    assert _ids(question)[0] == first
    assert _ids(to_traditional(question))[0] == first


def test_fullwidth_and_compatibility_forms_match_after_nfkc() -> None:
    assert _ids("ＲｏＰＥ 是什么？")[0] == "position-rope"


def test_unrelated_text_and_lookalikes_match_nothing() -> None:
    assert _ids("What is Europe's capital?", "Paris. " * 5) == []
    assert _ids("解释 BERT 中的掩码语言建模", "[MASK] " * 10) == []
    assert _ids("如何选择学习率?", "余弦退火 cosine schedule " * 3) == []
    assert _ids("", None) == []


def test_answer_only_mentions_need_more_than_one_hit() -> None:
    assert _ids("如何提高效率?", "可以使用 GQA。") == []
    assert "attention-gqa" in _ids("如何提高效率?", "可以使用 GQA，GQA 减少 KV cache。")


def test_get_preset_unknown_id_is_a_one_line_error() -> None:
    assert get_preset("position-rope").view == "position"
    with pytest.raises(VizError, match="unknown visualizer preset"):
        get_preset("nope")


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    from interview_desk.corpus import load_corpus

    return load_corpus()


def _entry(corpus, needle: str):  # type: ignore[no-untyped-def]
    matches = [e for e in corpus.entries if needle in e.question]
    assert matches, f"no corpus entry asks about {needle!r}"
    return matches[0]


@pytest.mark.parametrize(("needle", "first"), [
    ("旋转位置编码 RoPE 思路", "position-rope"),
    ("ALiBi (Attention with Linear Biases) 的偏置矩阵", "position-alibi"),
    ("什么是相对位置编码", "position-relative"),
    ("什么是绝对位置编码", "position-sinusoidal"),
    ("长度外推问题 的 解决方法", "position-extrapolation"),
    ("prefix LM 和 causal LM", "attention-causal"),
    ("為什麼在 Transformer 中使用多頭注意力機制", "attention-multihead"),  # Traditional source
    ("自注意力機制是如何運作", "attention-basics"),
    ("位置嵌入和相對位置嵌入有何差異", "position-relative"),
])
def test_real_corpus_entries_get_the_right_preset(corpus, needle: str, first: str) -> None:  # type: ignore[no-untyped-def]
    assert presets_for_entry(_entry(corpus, needle))[0].id == first


def test_real_corpus_prefix_question_also_offers_the_prefix_mask(corpus) -> None:  # type: ignore[no-untyped-def]
    ids = [p.id for p in presets_for_entry(_entry(corpus, "prefix LM 和 causal LM"))]
    assert "attention-prefix" in ids


def test_real_corpus_most_entries_are_not_visualizer_topics(corpus) -> None:  # type: ignore[no-untyped-def]
    hits = [e for e in corpus.entries if presets_for_entry(e)]
    # about a tenth of the corpus is about attention/positions; not everything
    assert 20 <= len(hits) <= len(corpus.entries) // 4
    assert presets_for_entry(_entry(corpus, "如何選擇和準備數據集")) == []
