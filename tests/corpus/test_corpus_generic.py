"""The generic layout used for users' own Markdown folders, and odd input to every layout."""

from __future__ import annotations

from interview_desk.corpus import parse_document
from interview_desk.corpus.parser import parse


def _qa(text: str) -> list[tuple[str, str, str | None]]:
    return [(e.number, e.question, e.answer) for e in parse_document(text, "notes.md")]


def test_heading_questions_and_sections() -> None:
    text = (
        "# 注意力\n\n"
        "## 1. 什么是自注意力？\n\n每个位置看所有位置。\n\n"
        "### 公式\n\n$$\\mathrm{softmax}(QK^T/\\sqrt{d})V$$\n\n"
        "## 基础\n\n"
        "### Why scale by sqrt(d)?\n\nKeeps the softmax from saturating.\n"
    )
    entries = parse_document(text, "notes.md")
    assert [(e.number, e.question) for e in entries] == [
        ("1", "什么是自注意力？"), ("", "Why scale by sqrt(d)?")]
    # A deeper heading under a question heading belongs to its answer, math intact.
    assert entries[0].answer == (
        "每个位置看所有位置。\n\n### 公式\n\n$$\\mathrm{softmax}(QK^T/\\sqrt{d})V$$")
    assert entries[0].section_path == ("注意力",)
    assert entries[1].section_path == ("注意力", "基础")
    assert (entries[1].line_start, entries[1].line_end) == (13, 15)


def test_numbered_bold_and_q_prefixed_items() -> None:
    text = (
        "1. 什么是 KV cache？\n缓存键和值。\n\n"
        "**Beam search 和 greedy 的区别?**\n\n前者保留多个候选。\n\n"
        "Q: Explain top-p sampling\nA: Sample from the smallest set above p.\n\n"
        "- 2) LoRA 为什么省显存？\n"
    )
    assert _qa(text) == [
        ("1", "什么是 KV cache？", "缓存键和值。"),
        ("", "Beam search 和 greedy 的区别?", "前者保留多个候选。"),
        ("", "Explain top-p sampling", "Sample from the smallest set above p."),
        ("2", "LoRA 为什么省显存？", None),
    ]


def test_plain_sentences_ending_in_question_marks_stay_in_answers() -> None:
    text = "## 为什么要归一化？\n\n你可能会问：为什么不直接训练？\n因为梯度会爆炸。\n"
    answer = "你可能会问：为什么不直接训练？\n因为梯度会爆炸。"
    assert _qa(text) == [("", "为什么要归一化？", answer)]


def test_code_blocks_are_not_structure() -> None:
    text = "## 怎么写注意力?\n\n```python\n# 这不是标题?\nx = 1\n```\n\n## 下一个?\n"
    entries = parse_document(text, "notes.md")
    assert [e.question for e in entries] == ["怎么写注意力?", "下一个?"]
    assert entries[0].answer == "```python\n# 这不是标题?\nx = 1\n```"


def test_unclosed_fence_does_not_swallow_later_questions() -> None:
    text = "## 第一个?\n\n```\n没有结束的代码\n\n## 第二个?\n\n答案\n"
    assert [q for _, q, _ in _qa(text)] == ["第一个?", "第二个?"]


def test_stars_outside_the_starred_layout() -> None:
    entries = parse_document("★★★☆☆ **1. 什么是 MoE？**\n\n专家混合。\n★★ 总结\n", "n.md")
    assert [(e.question, e.difficulty) for e in entries] == [("什么是 MoE？", 3)]
    assert entries[0].answer == "专家混合。\n★★ 总结"


def test_empty_and_question_free_text() -> None:
    for text in ("", "\n\n", "plain prose.\n", "## ?\n", "**？**", "1. ？", "### ", "★★★"):
        assert parse_document(text, "n.md") == [], text


def test_windows_and_old_mac_newlines_count_lines_alike() -> None:
    unix = "# T\n\n## 问?\n\n答\n"
    for newline in ("\r\n", "\r"):
        a = parse(unix.replace("\n", newline), "n.md").entries
        b = parse(unix, "n.md").entries
        assert [(e.id, e.line_start, e.line_end, e.answer) for e in a] == [
            (e.id, e.line_start, e.line_end, e.answer) for e in b]


def test_trailing_double_space_line_breaks_are_kept() -> None:
    entries = parse_document("## 问?\n\n第一行  \n第二行\n", "n.md")
    assert entries[0].answer == "第一行  \n第二行"


def test_numbers_inside_the_question_are_not_its_number() -> None:
    text = "## 1.5B 模型能做什么？\n\n## 2024 年最强的开源模型？\n\n## 3) 为什么？\n"
    assert [(n, q) for n, q, _ in _qa(text)] == [
        ("", "1.5B 模型能做什么？"), ("", "2024 年最强的开源模型？"), ("3", "为什么？")]
