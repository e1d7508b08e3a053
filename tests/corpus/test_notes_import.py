"""Users' notes: each layout real collections use, read by the automatic rule and by
the rules a learner can pick (corpus.notes, cues, items, cleanup, tabular, importer).

The old reader only took lines ending in a question mark; the tests marked "failed
before" found nothing or the wrong answer with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_desk.corpus.importer import preview_folder
from interview_desk.corpus.parser import parse
from interview_desk.corpus.rules import Rule, folder_rules, parse_rule
from interview_desk.errors import CorpusError


def _qa(text: str, rule: str = "auto") -> list[tuple[str, str | None]]:
    return [(e.question, e.answer) for e in parse(text, "n.md", rule=parse_rule(rule)).entries]


def test_numbered_questions_without_question_marks() -> None:  # failed before: none found
    text = ("1. 介绍一下 LoRA\n   低秩分解。\n\n3、Transformer 的结构\n   编码器和解码器。\n\n"
            "Q1. Explain beam search\nKeeps b candidates.\n\nQ2：什么是 MoE\n专家混合。\n\n"
            "问题3：写一下 softmax\n减去最大值。\n")
    assert _qa(text) == [
        ("介绍一下 LoRA", "低秩分解。"), ("Transformer 的结构", "编码器和解码器。"),
        ("Explain beam search", "Keeps b candidates."), ("什么是 MoE", "专家混合。"),
        ("写一下 softmax", "减去最大值。")]


def test_interview_log_items_are_all_questions_and_sub_items_are_answers() -> None:
    text = ("# 一面\n\n1. 自我介绍\n2. 介绍一下项目\n   - 数据怎么来的\n3. kv-cache解释一下\n"
            "4. 反问\n\n---\n\n感觉还行，等通知。\n")
    parsed = parse(text, "log.md")
    assert [(e.number, e.question, e.answer) for e in parsed.entries] == [
        ("1", "自我介绍", None), ("2", "介绍一下项目", "- 数据怎么来的"),
        ("3", "kv-cache解释一下", None), ("4", "反问", None)]
    assert "感觉还行" in parsed.overview  # the author's remark speaks for the document


def test_headings_decided_by_level_and_what_follows() -> None:  # failed before
    text = ("# Notes\n\n## Basics\n\n### What is LoRA\n\nLow rank.\n\n"
            "### 0:求职动机\n\n想做大模型。\n\n"
            "### Linear Attention\n\nKernel trick.\n\n#### Code\n\n`x = 1`\n\n"
            "## Why need RNN?\n\nState.\n\n## 参考资料\n\n- a link\n")
    entries = parse(text, "n.md").entries
    assert [(e.question, e.section_path) for e in entries] == [
        ("What is LoRA", ("Notes", "Basics")), ("求职动机", ("Notes", "Basics")),
        ("Linear Attention", ("Notes", "Basics")), ("Why need RNN?", ("Notes",))]
    assert entries[2].answer == "Kernel trick.\n\n#### Code\n\n`x = 1`"
    assert entries[3].answer == "State."  # "参考资料" is a section, not its answer


def test_q_labels_in_headings_are_not_part_of_the_question() -> None:  # failed before
    text = "## 相对位置\n\n#### Q3: ALiBi 是怎么做的\n\n**答：** 加距离偏置。\n"
    assert [(e.number, e.question, e.answer) for e in parse(text, "n.md").entries] == [
        ("3", "ALiBi 是怎么做的", "加距离偏置。")]


def test_nested_bullet_questions_under_group_bullets() -> None:
    text = ("- Layer Norm 篇\n  - Layer Norm 的计算公式写一下？\n  - RMS Norm 有什么特点？\n"
            "- 激活函数篇\n  - 介绍一下 SwiGLU\n  - GeLU 和 ReLU 的区别\n")
    entries = parse(text, "n.md").entries
    assert [(e.question, e.section_path, e.answered) for e in entries] == [
        ("Layer Norm 的计算公式写一下？", ("Layer Norm 篇",), False),
        ("RMS Norm 有什么特点？", ("Layer Norm 篇",), False),
        ("介绍一下 SwiGLU", ("激活函数篇",), False),
        ("GeLU 和 ReLU 的区别", ("激活函数篇",), False)]


def test_a_group_title_ends_with_its_list() -> None:  # failed before: stayed open
    text = ("- 分词篇\n  - BPE 和 WordPiece 有什么不同？\n\n下面是别处抄的：\n\n"
            "```\n1. 什么是 MoE？\n2. 介绍一下 Mixtral\n```\n")
    entries = parse(text, "n.md").entries
    assert [(e.question, e.section_path) for e in entries] == [
        ("BPE 和 WordPiece 有什么不同？", ("分词篇",)), ("什么是 MoE？", ()),
        ("介绍一下 Mixtral", ())]


def test_answers_given_later_under_the_same_number() -> None:  # failed before: lost
    text = ("# 面试题\n\n1. 什么是 LoRA\n2. 介绍一下 RoPE\n\n## 答案\n\n### 1.\n\n低秩。\n\n"
            "### 2\n\n旋转。\n")
    entries = parse(text, "n.md").entries
    assert [(e.number, e.question, e.answer, e.line_start, e.answer_span) for e in entries] == [
        ("1", "什么是 LoRA", "低秩。", 3, (10, 10)), ("2", "介绍一下 RoPE", "旋转。", 4, (14, 14))]


def test_question_mark_mid_line_and_answer_lists_stay_answers() -> None:
    text = ("## 为什么用 LayerNorm？说说你的理解\n\n- 1. 与 batch 无关\n- 2. 适合变长序列\n\n"
            "## 介绍一下 RoPE\n\n旋转。\n")
    assert _qa(text) == [
        ("为什么用 LayerNorm？说说你的理解", "- 1. 与 batch 无关\n- 2. 适合变长序列"),
        ("介绍一下 RoPE", "旋转。")]


def test_question_list_in_a_code_fence() -> None:  # failed before: code is never structure
    text = ("# 题目\n\n```\n1. 什么是 MoE？\n2. 介绍一下 Mixtral\n```\n\n"
            "```python\n# 不是题目?\n```\n")
    assert _qa(text) == [("什么是 MoE？", None), ("介绍一下 Mixtral", None)]


def test_qa_pairs_inline_and_tables() -> None:
    text = ("**Q:** 奖励模型怎么训练？\n**A:** 成对偏好。\n\n"
            "**Q: What is temperature?** **A:** It rescales logits.\n\n"
            "| 问题 | 答案 |\n| --- | --- |\n| DPO 是什么 | 直接偏好优化 |\n\n"
            "| Name | Score |\n| --- | --- |\n| what is this | 3 |\n\n备注：完。\n")
    assert _qa(text) == [("奖励模型怎么训练？", "成对偏好。"),
                         ("What is temperature?", "It rescales logits."),
                         ("DPO 是什么", "直接偏好优化")]


def test_front_matter_comments_wikilinks_and_tags() -> None:
    text = ("---\ntitle: x\ntags: [a]\n---\n# 笔记 #复习\n\n<!-- 草稿\n## 不是问题？\n-->\n"
            "## 什么是 [[RoPE|旋转位置编码]]？\n\n见 [[attention]]。![图](a.png)\n")
    entries = parse(text, "n.md").entries
    assert [(e.question, e.answer, e.section_path) for e in entries] == [
        ("什么是 旋转位置编码？", "见 attention。![图](a.png)", ("笔记",))]
    assert entries[0].line_start == 10  # lines keep their numbers


def test_rules_a_learner_picks() -> None:
    text = "# T\n\n## 注意力\n\n### 多头\n\n子空间。\n\n- 要点一\n- 要点二\n\n1. 第一\n2. 第二\n"
    assert _qa(text) == []
    assert [q for q, _ in _qa(text, "headings:3")] == ["多头"]
    assert [q for q, _ in _qa(text, "bullets")] == ["要点一", "要点二"]
    assert [q for q, _ in _qa(text, "numbered")] == ["第一", "第二"]
    assert _qa("Q: a?\nA: b\n\n## c?\n", "qa") == [("a?", "b")]


def test_rule_parsing_and_stored_rules() -> None:
    assert parse_rule(" Headings:2 ") == Rule("headings", 2)
    assert str(Rule("headings", 2)) == "headings:2"
    for bad in ("headings:0", "headings:7", "lines", ""):
        with pytest.raises(CorpusError, match="unknown rule"):
            parse_rule(bad)
    assert folder_rules(["numbered /a b", "bogus /c", "qa /d"]) == {
        "/a b": Rule("numbered"), "/d": Rule("qa")}


def test_encodings_and_tables_in_a_folder(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "gbk.md").write_bytes("## 什么是 LoRA？\n\n低秩。\n".encode("gbk"))
    (notes / "u16.md").write_bytes("## 介绍一下 RoPE\n\n旋转。\n".encode("utf-16"))
    (notes / "anki.txt.tsv").write_text(
        "#separator:tab\n#html:true\n什么是 KV cache\t缓存<br>键值\nWhy RMSNorm?\tCheaper\n",
        encoding="utf-8")
    (notes / "cards.csv").write_text('question,answer\n"What is BPE, briefly?",Merges\n',
                                     encoding="utf-8")
    (notes / "latin1.md").write_bytes("## Qu'est-ce que c'est ?\n\nÉté.".encode("latin-1"))
    preview = preview_folder(notes)
    got = {f.name: ([(e.question, e.answer) for e in f.entries], f.skipped) for f in preview.files}
    assert got == {
        "notes/anki.txt.tsv": (
            [("什么是 KV cache", "缓存\n键值"), ("Why RMSNorm?", "Cheaper")], ""),
        "notes/cards.csv": ([("What is BPE, briefly?", "Merges")], ""),
        "notes/gbk.md": ([("什么是 LoRA？", "低秩。")], ""),
        "notes/latin1.md": ([], "not UTF-8 or GBK text (bad byte at offset 26)"),
        "notes/u16.md": ([("介绍一下 RoPE", "旋转。")], ""),
    }
    assert preview.files[0].entries[0].line_start == 3  # the row's line in the file
