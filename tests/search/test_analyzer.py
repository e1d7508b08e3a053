"""The analyzer: folding, segmentation, code terms, offsets, pickling."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_desk.search.analyzer import DeskTokenizer, fold, iter_terms, query_groups, stem


def terms(text: str, mode: str = "index") -> list[str]:
    return [t for t, *_ in iter_terms(text, mode=mode)]


def test_traditional_and_simplified_give_the_same_terms() -> None:
    assert terms("旋轉位置編碼") == terms("旋转位置编码")
    assert terms("知識蒸餾") == terms("知识蒸馏")


def test_search_mode_yields_a_long_word_and_its_parts() -> None:
    found = terms("旋转位置编码")
    assert "旋转位置编码" in found
    assert {"旋转", "位置", "编码"} <= set(found)
    assert terms("旋转位置编码", mode="phrase") == ["旋转位置编码"]


def test_english_terms_are_case_folded_and_stemmed() -> None:
    assert terms("Embeddings") == terms("embedding")
    assert terms("KV Cache") == ["kv", "cach"]
    assert terms("caching") == ["cach"]


def test_code_terms_keep_the_compound_and_its_parts() -> None:
    assert {"top-p", "top", "p"} <= set(terms("top-p"))
    assert {"llama2", "llama"} <= set(terms("LLaMA2"))
    # CamelCase splits when every part is a word: RMSNorm matches "RMS Norm".
    assert {"rmsnorm", "rms", "norm"} <= set(terms("RMSNorm"))
    assert "roberta" in terms("RoBERTa") and "ro" not in terms("RoBERTa")


def test_query_mode_drops_one_letter_parts() -> None:
    assert "p" not in terms("top-p", mode="query")
    assert "top-p" in terms("top-p", mode="query")


def test_punctuation_and_stop_words_are_dropped() -> None:
    assert terms("什么是 LoRA？！……（）, the; of") == ["lora"]
    assert terms("。，、！？") == []


def test_mathematical_bold_letters_fold_to_plain_ones() -> None:
    assert terms("𝗔𝗿𝗰𝗵𝗶𝘁𝗲𝗰𝘁𝘂𝗿𝗲") == terms("Architecture")


def test_offsets_point_into_the_original_text() -> None:
    text = "在 Transformer 中，旋轉位置編碼（RoPE）讓 KV Cache 更有效。"
    found = list(iter_terms(text))
    assert len(found) > 8
    for term, _, start, end in found:
        assert term in (fold(text[start:end]), stem(fold(text[start:end])))


def test_query_groups_weight_parts_below_words() -> None:
    groups = query_groups("LoRA 全参数微调")
    assert groups[0] == {"lora": 1.0}
    assert groups[1]["全参数微调"] == 1.0
    assert 0 < groups[1]["微调"] < 1.0


def test_tokenizer_pickles_as_whoosh_stores_it() -> None:
    tokenizer = DeskTokenizer()
    clone = pickle.loads(pickle.dumps(tokenizer))
    assert clone == tokenizer
    assert [t.text for t in clone("位置編碼 RoPE")] == terms("位置編碼 RoPE")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("位置編碼旋转注意力機制 abcXYZ-_.0129，。！?()𝗔ﬁİ")),
               max_size=60))
def test_fold_keeps_length_and_offsets_stay_inside(text: str) -> None:
    assert len(fold(text)) == len(text)
    for _, _, start, end in iter_terms(text):
        assert 0 <= start < end <= len(text)
