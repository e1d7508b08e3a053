"""Fuzzing: whatever the text, the parser returns entries and never raises or yields an
empty question. Example counts are bounded so the whole file runs in a few seconds."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_desk.corpus import Entry, parse_document
from interview_desk.corpus.layouts import LAYOUTS
from interview_desk.corpus.lines import match_key
from interview_desk.corpus.parser import NOTES, parse, split_lines
from interview_desk.corpus.rules import parse_rule
from interview_desk.paths import qa_dir

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# Line shapes the layouts react to, so random documents exercise every branch.
FRAGMENTS = [
    "", "  ", "# 标题", "## 1. 章节", "### 2.1.3 问题?", "#### 2.1.3.1 子问题？", "###",
    "### ★★★☆☆ **1. 星号问题？**", "★★★★☆ **2. 无井号的问题。**", "★★☆ 19**. 多余的星号？**",
    "★", "**1.粗体问题？**", "**2. 粗体问题？**", "   - **3. 列表问题？**", "- **列表问题？**",
    "**分组标题**", "1. 普通编号问题？", "2. Plain numbered question?", "3. **答案要点**：",
    "- **LoRA篇**", "```python", "```", "~~~", "# comment in code", "---", "***",
    "[![badge](https://x/y.svg)](https://x)", "答案文本。", "Answer text.", "$$x^2$$",
    "| a | b |", "|---|---|", "### 𝗔𝗿𝗰𝗵𝗶𝘁𝗲𝗰𝘁𝘂𝗿𝗲", "### 1. 答案标题", "?", "？", "**", "****",
    "1.", "1. ", "- ", "\t## tabbed?", "    ## four spaces?", "\ufeff## bom?",
    # users' notes (corpus.notes)
    "Q: 问题", "**Q:** 问 **A:** 答", "A：答案", "| 问题 | 答案 |", "<!--", "-->", "title: x",
    "[[页面|别名]]", "  - 介绍一下", "    * 子项？", "### 1.", "#### Q2: 标签", "- 分词篇", "#标签",
]


def _check(entries: list[Entry], text: str) -> None:
    n_lines = len(split_lines(text))
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.question.strip() and match_key(e.question), e
        assert " " not in e.id and e.id
        assert 1 <= e.line_start <= e.line_end <= n_lines
        assert e.answer is None or e.answer.strip()
        assert e.difficulty is None or 1 <= e.difficulty <= 5
        if e.answer_span is not None:
            assert 1 <= e.answer_span[0] <= e.answer_span[1] <= n_lines


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(parse_document(text, "fuzz.md"), text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=40),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_markdownish_documents_never_raise_in_any_layout(parts: list[str], newline: str) -> None:
    text = newline.join(parts)
    for layout in [*LAYOUTS, NOTES]:
        _check(parse(text, "fuzz.md", layout).entries, text)
    for rule in ("headings:2", "numbered", "bullets", "qa"):
        _check(parse(text, "fuzz.md", rule=parse_rule(rule)).entries, text)


@lru_cache(maxsize=1)
def _real_lines() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.read_text(encoding="utf-8").split("\n"))
                 for p in sorted(qa_dir().glob("*.md")))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_cut_and_shuffled_real_documents_never_raise(data: st.DataObject) -> None:
    docs = _real_lines()
    lines = list(docs[data.draw(st.integers(0, len(docs) - 1))])
    start = data.draw(st.integers(0, len(lines) - 1))
    chunk = lines[start:start + data.draw(st.integers(1, 300))]
    for _ in range(data.draw(st.integers(0, 5))):  # drop or duplicate a few lines
        i = data.draw(st.integers(0, len(chunk) - 1))
        if data.draw(st.booleans()):
            chunk.insert(i, chunk[i])
        elif len(chunk) > 1:
            del chunk[i]
    text = "\n".join(chunk)
    _check(parse_document(text, "cut.md"), text)
