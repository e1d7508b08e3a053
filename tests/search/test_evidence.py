"""Which sentences of a note bear on a question (the tutor's source cards): read as
search reads it, so a question in English or in the learner's own words marks the
Chinese sentences about the concept, with the real analyzer and the shipped thesaurus."""

from __future__ import annotations

from interview_desk.search.evidence import (
    MAX_MARKED,
    marked_sentences,
    question_words,
    split_sentences,
)

NOTE = (
    "大语言模型有时会产生幻觉，生成与事实不符的内容。"
    "训练时通常使用交叉熵损失。"
    "检索增强生成可以减少幻觉。"
    "模型越大，推理越慢。"
)


def _marked(text: str, question: str) -> list[str]:
    return [s.strip() for s, hit in marked_sentences(text, question) if hit]


def test_an_english_question_marks_the_chinese_sentences_of_its_concept() -> None:
    assert _marked(NOTE, "why does the model hallucinate?") == [
        "大语言模型有时会产生幻觉，生成与事实不符的内容。",
        "检索增强生成可以减少幻觉。",
    ]


def test_a_colloquial_question_marks_them_too() -> None:
    marked = _marked(NOTE, "模型老是胡说八道怎么办")
    assert "大语言模型有时会产生幻觉，生成与事实不符的内容。" in marked
    assert "训练时通常使用交叉熵损失。" not in marked


def test_chinese_question_over_english_notes_and_other_scripts() -> None:
    text = "Attention weighs every token. Quantization stores weights in 4 bits. Done."
    assert _marked(text, "什么是量化？") == ["Quantization stores weights in 4 bits."]
    # Traditional script and inflections match through the same folding and stems.
    assert _marked(NOTE, "幻覺") == _marked(NOTE, "hallucinations") == _marked(NOTE, "幻觉")


def test_the_best_sentences_win_and_at_most_two_are_marked() -> None:
    text = "幻觉很常见。幻觉和检索增强生成有关。幻觉。检索增强生成减少幻觉。"
    marked = _marked(text, "检索增强生成能减少幻觉吗")
    assert len(marked) == MAX_MARKED
    assert marked == ["幻觉和检索增强生成有关。", "检索增强生成减少幻觉。"]


def test_nothing_is_marked_without_a_real_match() -> None:
    # 产 of 产生 is no word of 生产环境; a lone shared character does not mark a sentence.
    assert _marked(NOTE, "部署到生产环境") == []
    assert _marked(NOTE, "") == []
    assert _marked("", "幻觉") == []


def test_sentences_join_back_to_the_text() -> None:
    text = "第一句。Second one. Third!\n第四句"
    assert "".join(split_sentences(text)) == text
    assert "".join(s for s, _ in marked_sentences(text, "second")) == text


def test_question_words_weigh_concept_terms_less_than_words_typed() -> None:
    words = question_words("hallucination")
    assert words.score({"hallucin"}) == 1.0
    assert 0.5 <= words.score({"幻觉"}) < 1.0
