"""Answer boundaries: hints stay with their question, lead-ins go with the next one, and
a document's own title, introduction and closing words become its overview."""

from __future__ import annotations

import pytest

from interview_desk.corpus import load_corpus, parse_document
from interview_desk.corpus.parser import parse

F000 = "000_6e52044bc7ed58c7.md"
F002 = "002_e4b8416c61e22f11.md"
F003 = "003_44fb7fc701a0187b.md"
F004 = "004_12b7bcc9e549f3c1.md"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus([], include_builtin=True)


def _source(corpus, name):
    return next(s for s in corpus.sources if s.file == name)


def test_002_hint_lines_belong_to_questions_6_to_10(corpus) -> None:
    by_number = {e.number: e for e in corpus.by_source(F002)}
    for n in "6789":
        e = by_number[n]
        assert e.hint.startswith("這涉及到"), n
        assert not e.answer.lstrip().startswith("*"), n
        assert "這涉及到" not in e.answer.split("\n")[0]
    assert by_number["10"].hint == ("這涉及到數據集的審查與修正、公平性指標的引入、對抗訓練等技術，"
                                    "以及對模型輸出進行持續監控和評估。")
    assert all(not by_number[str(n)].hint for n in range(1, 6))


def test_002_348d870d_lead_in_goes_with_q10(corpus) -> None:
    q9 = corpus.get("002-348d870d")
    assert q9.answer.endswith("還能促進模型在敏感應用中的更安全和負責任的使用。")
    assert q9.line_end == 540  # was 542, the lead-in line
    q10 = next(e for e in corpus.by_source(F002) if e.number == "10")
    assert q10.lead_in == "當然，這是另一個重要的 LLM 技術挑戰問題："


def test_000_closing_paragraph_is_the_overview_not_q20(corpus) -> None:
    q20 = next(e for e in corpus.by_source(F000) if e.number == "20")
    assert "這些問題深入探討了" not in q20.answer
    assert q20.answer.rstrip().endswith("為用戶提供更好的服務。")
    assert _source(corpus, F000).overview.startswith("這些問題深入探討了 LLM 模型訓練與微調")


def test_004_topic_overview_and_003_title(corpus) -> None:
    overview = _source(corpus, F004).overview
    assert overview.count("• ") == 31
    assert overview.startswith("𝗔𝗿𝗰𝗵𝗶𝘁𝗲𝗰𝘁𝘂𝗿𝗲 & 𝗧𝗿𝗮𝗶𝗻𝗶𝗻𝗴")
    assert not any("• Perplexity" in (e.answer or "") for e in corpus.entries)
    assert _source(corpus, F003).overview == "# 大模型全技术面试大纲"


def test_counts_stay(corpus) -> None:
    assert len(corpus.entries) == 414
    assert sum(e.answered for e in corpus.entries) == 166


def test_shapes_on_small_documents() -> None:
    doc = ("Some introduction.\n\n## Part\n\n**1. What is A?**\n* hint for A\n\n"
           "A is a letter.\n\nNext comes another one:\n\n**2. What is B?**\n\nB is too.\n\n\n"
           "That was all, thanks.\n")
    parsed = parse(doc, "x.md", layout="bold-numbered")
    a, b = parsed.entries
    assert (a.hint, a.answer, b.lead_in) == ("hint for A", "A is a letter.",
                                             "Next comes another one:")
    assert b.answer == "B is too."
    assert parsed.overview == "Some introduction.\n\nThat was all, thanks."
    # A list right after the first bullet: that bullet is answer, not a hint.
    listed = parse_document("**1. What is A?**\n* one\n\n* two\n", "y.md")
    assert listed[0].hint == "" and listed[0].answer == "* one\n\n* two"
