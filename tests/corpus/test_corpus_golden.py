"""Golden tests on the five shipped documents.

The counts were checked by hand against the documents (and, for 001 and 003, with
independent grep/awk counts of the question lines and of which have text before the
next question); see the comments next to each number.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from interview_desk.corpus import Entry, load_corpus, parse_document
from interview_desk.corpus.parser import parse
from interview_desk.paths import qa_dir

F000 = "000_6e52044bc7ed58c7.md"
F001 = "001_96f09d82dbe88f95.md"
F002 = "002_e4b8416c61e22f11.md"
F003 = "003_44fb7fc701a0187b.md"
F004 = "004_12b7bcc9e549f3c1.md"


def _text(name: str) -> str:
    return (qa_dir() / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def docs() -> dict[str, list[Entry]]:
    return {name: parse_document(_text(name), name) for name in (F000, F001, F002, F003, F004)}


@pytest.fixture(scope="module")
def builtin():
    return load_corpus([], include_builtin=True)


def _by_number(entries: list[Entry], number: str) -> Entry:
    hits = [e for e in entries if e.number == number]
    assert len(hits) == 1, (number, [e.question for e in hits])
    return hits[0]


def test_stats_of_every_source(builtin) -> None:
    got = {s.file: (s.questions, s.answered, s.sections) for s in builtin.sources}
    assert got == {
        F000: (20, 20, 1),  # 5 bold + 15 plain numbered questions under one "###" heading
        F001: (158, 34, 17),  # 161 "###"/"####" headings - 3 "篇" group titles; 2.1-2.3 answered
        F002: (10, 10, 1),
        F003: (146, 87, 12),  # 146 ★ lines in twelve "##" sections
        F004: (80, 15, 6),  # 80 list items, "### 1."-"### 15." answers, 6 topic headings
    }
    assert builtin.warnings == []
    assert len(builtin.entries) == 414
    assert {s.layout for s in builtin.sources} == {
        "bold-numbered", "numbered-headings", "starred", "list-answers"}


def test_000_bold_then_plain_numbered_questions(docs) -> None:
    entries = docs[F000]
    assert [e.number for e in entries] == [str(i) for i in range(1, 21)]
    q1 = entries[0]
    assert q1.question == "如何選擇和準備數據集來訓練或微調 LLM？"
    assert q1.section_path == ("3. 模型訓練與微調",)
    assert q1.answer is not None and q1.answer.startswith(
        "選擇和準備合適的數據集對於訓練或微調大型語言模型（LLM）至關重要")
    assert "**1. 任務需求分析**" in q1.answer  # numbered bold parts stay in the answer
    assert (q1.line_start, q1.line_end, q1.answer_span) == (10, 60, (12, 60))
    q6 = _by_number(entries, "6")  # plain "6. ..." line under a bold group title
    assert q6.question == "如何為特定任務選擇合適的預訓練 LLM 和相應的數據集？"
    assert q6.section_path == ("3. 模型訓練與微調", "數據選擇與準備")
    assert _by_number(entries, "11").section_path[-1] == "模型微調與優化"
    assert _by_number(entries, "20").section_path[-1] == "模型評估與泛化"
    # "### 處理噪聲數據" inside answer 8 is part of that answer, not a section.
    assert "### 處理噪聲數據" in (_by_number(entries, "8").answer or "")
    assert all(e.difficulty is None for e in entries)


def test_000_top_list_is_not_duplicated(docs) -> None:
    questions = [e.question for e in docs[F000]]
    assert questions.count("在微調 LLM 時，你會採取哪些策略來避免過擬合？") == 1


def test_001_heading_questions_and_group_titles(docs) -> None:
    entries = docs[F001]
    first = entries[0]
    assert (first.number, first.question) == ("2.1.1", "目前主流的开源模型体系有哪些?")
    assert first.section_path == ("2.1 大模型 基础面",)
    assert first.answer is not None
    assert first.answer.lstrip().startswith("目前主流的开源模型体系主要基于Transformer架构")
    assert "9. **FlagOpen（飞智）**" in first.answer
    # Group titles ("2.17.1 Byte-Pair Encoding(BPE)篇") are sections, not questions.
    assert not any(e.question.endswith("篇") for e in entries)
    bpe = _by_number(entries, "2.17.1.1")
    assert bpe.question == "Byte-Pair Encoding(BPE) 如何构建词典?"
    assert bpe.section_path == ("2.17 LLMs Tokenizer 篇", "2.17.1 Byte-Pair Encoding(BPE)篇")
    lora = _by_number(entries, "2.7.1")
    assert lora.section_path == ("2.7 大模型 参数高效微调(PEFT) 面", "LoRA篇")
    assert not lora.answered
    # "2.15.1 什么是位置编码?" has sub-questions but is itself a question.
    assert _by_number(entries, "2.15.1").question == "什么是位置编码?"
    # The last question is followed only by a "GitHub stars" badge: not an answer.
    last = entries[-1]
    assert (last.number, last.answered) == ("2.18.8", False)
    # Chapters 2.1-2.3 are answered (4 + 7 + 23); from "## 2.5" on only headings remain.
    answered = [e for e in entries if e.answered]
    assert {e.section_path[0].split()[0] for e in answered} == {"2.1", "2.2", "2.3"}
    assert len(answered) == 34 and all(e.line_start < 1292 for e in answered)


def test_002_list_on_top_merged_and_subheadings_kept(docs) -> None:
    entries = docs[F002]
    assert [e.number for e in entries] == [str(i) for i in range(1, 11)]
    assert all(e.answered for e in entries)
    q1 = entries[0]
    assert q1.question == "LLM 訓練中的計算和內存需求非常高，你如何優化計算資源的使用？"
    assert q1.line_start == 10  # the answered copy, not the list item on line 4
    q5 = _by_number(entries, "5")
    assert "### 8. **使用開放社區審查和測試**" in (q5.answer or "")
    q6 = _by_number(entries, "6")
    assert q6.section_path == ("4. 技術挑戰", "模型訓練與效率")
    assert q6.question == "LLM 的訓練和推理對計算資源和能源消耗巨大，如何提高模型的效率？"


def test_003_sections_stars_and_answers(docs) -> None:
    entries = docs[F003]
    per_section = Counter(e.section_path[0] for e in entries)
    answered = Counter(e.section_path[0] for e in entries if e.answered)
    sections = list(per_section)
    assert len(sections) == 12
    assert [per_section[s] for s in sections] == [20, 8, 14, 6, 18, 19, 18, 18, 10, 5, 6, 4]
    assert [answered[s] for s in sections] == [20, 8, 14, 6, 13, 1, 0, 0, 10, 5, 6, 4]
    assert sections[0] == "1. LLM 基础与概念"
    assert Counter(e.difficulty for e in entries) == {4: 61, 3: 46, 5: 33, 2: 6}
    q1 = entries[0]
    assert (q1.number, q1.difficulty) == ("1", 5)
    assert q1.question == "什么是大型语言模型（LLMs）以及它们是如何工作的？"
    # Section 1 question 15 has no "###" in front of its stars.
    bert = [e for e in entries if e.section_path[0] == sections[0] and e.number == "15"]
    assert bert[0].question == "描述 BERT 模型的核心思想、架构特点及其在NLP领域的贡献。"
    # The stray "**" after the number ("19**. ...") must not lose the question.
    ab = [e for e in entries if e.question.startswith("你将如何为新版本")]
    assert len(ab) == 1 and ab[0].number == "19" and ab[0].difficulty == 3
    assert ab[0].question == "你将如何为新版本的基于LLM的应用程序进行A/B测试？"
    assert (ab[0].answer or "").startswith("A/B测试是评估新模型在真实世界中表现的黄金标准。")
    # Code blocks stay intact, and their "#" comments are not headings.
    q4 = entries[3]
    assert q4.answer is not None and q4.answer.count("```") == 2
    assert "# 自注意力：查询、键、值均取自输入序列" in q4.answer


def test_004_list_answers_attached(docs) -> None:
    entries = docs[F004]
    assert [e.number for e in entries] == [str(i) for i in range(1, 81)]
    assert [e.number for e in entries if e.answered] == [str(i) for i in range(1, 16)]
    q1 = entries[0]
    assert q1.question == "Transformer 模型的架構是如何設計的？請解釋注意力機制的作用。"
    assert (q1.line_start, q1.line_end) == (44, 44)
    assert q1.answer_span == (142, 155)  # "### 1." heading on 140, "---" on 157
    assert q1.answer is not None
    assert q1.answer.startswith("**Transformer 架構**（Transformer Architecture）")
    assert "### 1." not in q1.answer and not q1.answer.endswith("---")
    q15 = entries[14]
    assert q15.question == "為什麼模型參數量的增加會帶來性能的提升？"
    assert q15.answer_span is not None and q15.answer_span[1] == 542
    # Headings are Unicode mathematical bold: kept for display, NFKC for matching.
    title = q1.section_path[0]
    assert title != "Architecture & Training"
    assert unicodedata.normalize("NFKC", title) == "Architecture & Training"
    assert entries[-1].section_path == ("其他關聯問題",)


def test_markdown_math_and_tables_kept(docs) -> None:
    text = "\n".join(e.answer or "" for e in docs[F003])
    assert "| **代表模型** | Word2Vec, GloVe, FastText" in text


def test_ids_are_stable_unique_and_opaque(docs) -> None:
    for name, entries in docs.items():
        again = parse_document(_text(name), name)
        assert [e.id for e in entries] == [e.id for e in again]
        assert len({e.id for e in entries}) == len(entries)
        assert all(" " not in e.id and e.id.startswith(name[:3] + "-") for e in entries)


def test_ids_survive_edits_of_other_entries(docs) -> None:
    original = docs[F003]
    lines = _text(F003).split("\n")
    # Rewrite question 2's answer, reword question 3, and add a question on top.
    second, third = original[1], original[2]
    lines[second.line_start] = "完全不同的回答。"
    lines[third.line_start - 1] = lines[third.line_start - 1].replace("主要区别", "关键差异")
    lines.insert(3, "★★☆☆☆ **0. 一个新加的问题？**\n")
    edited = parse_document("\n".join(lines), F003)
    before = {e.id: e.question for e in original if e is not third}
    after = {e.id: e.question for e in edited}
    assert all(after.get(entry_id) == q for entry_id, q in before.items())
    assert len(edited) == len(original) + 1


def test_layout_is_detected_from_content_not_name() -> None:
    for name in (F000, F001, F002, F003, F004):
        real = parse(_text(name), name)
        renamed = parse(_text(name), "renamed notes.md")
        assert renamed.layout == real.layout
        assert [e.question for e in renamed.entries] == [e.question for e in real.entries]
        assert all(e.id.startswith("renamed-notes-") for e in renamed.entries)


def test_duplicate_questions_get_distinct_ids() -> None:
    text = "## 问题?\n\n答一\n\n## 问题?\n\n答二\n"
    entries = parse_document(text, "dup.md")
    assert [e.answer for e in entries] == ["答一", "答二"]
    assert entries[1].id == entries[0].id + "-2"


def test_qa_dir_holds_the_five_documents() -> None:
    assert sorted(p.name for p in Path(qa_dir()).glob("*.md")) == [F000, F001, F002, F003, F004]


def _without_lines(name: str, first: int, last: int) -> str:
    lines = _text(name).split("\n")
    del lines[first - 1:last]
    return "\n".join(lines)


def test_a_missing_question_loses_nothing_else() -> None:
    # 000 without question 7 (lines 308-346): the plain numbered run goes on at 8.
    entries = parse_document(_without_lines(F000, 308, 347), F000)
    assert [e.number for e in entries] == [str(i) for i in range(1, 21) if i != 7]
    assert all(e.answered for e in entries)
    # 004 without list item 30: the other 79 keep their answers and sections.
    entries = parse_document(_without_lines(F004, 76, 76), F004)
    assert len(entries) == 79 and sum(e.answered for e in entries) == 15
    # 004 without list item 3: its "### 3." answer becomes an entry of its own.
    entries = parse_document(_without_lines(F004, 46, 46), F004)
    assert len(entries) == 80 and sum(e.answered for e in entries) == 15
    orphan = next(e for e in entries if e.number == "3")
    assert orphan.question == "Transformer 模型中的自注意力機制是如何運作的？"
    assert (orphan.answer or "").startswith("**自注意力機制**（Self-Attention Mechanism）")
