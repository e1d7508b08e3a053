"""What the reader shows for repaired math, hints and lead-ins; formulas as text."""

from __future__ import annotations

import html

import pytest

from interview_desk.corpus import Corpus, Entry, load_corpus
from interview_desk.corpus.tex_text import tex_to_text
from interview_desk.render import render_entry
from interview_desk.render.html import REPAIRED_TIP

REPAIRED = {"004-5a8ccdca": 5, "004-a3759c90": 6, "004-31afae69": 5, "004-643eba0b": 8,
            "004-c9060583": 4}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([])


@pytest.mark.parametrize("entry_id", sorted(REPAIRED))
def test_repaired_entries_render_every_formula_with_a_tooltip(corpus, entry_id) -> None:
    doc = render_entry(corpus.get(entry_id))
    assert doc.formulas == doc.repaired == REPAIRED[entry_id]
    assert doc.math_fallbacks == []
    assert doc.html.count(f'<span title="{html.escape(REPAIRED_TIP)}"') == REPAIRED[entry_id]
    # No tripled copy left in what the reader shows.
    for junk in ("WiQW_i^Q", "dkd_kdk", "hhh", "QQQ", "n+1n+1", "pospospos", "dmodeld_"):
        assert junk not in doc.text


def test_visible_text_reads_formulas_in_unicode(corpus) -> None:
    text = render_entry(corpus.get("004-a3759c90")).text
    assert "Attention Scores = Q·Kᵀ/√d_k" in text
    assert "Output = softmax(Q·Kᵀ/√d_k)·V" in text
    assert "（Query, Q）" in text


def test_entries_not_repaired_have_no_tooltip(corpus) -> None:
    entry = next(e for e in corpus.entries if "$" in (e.answer or "") and not e.repaired)
    doc = render_entry(entry)
    assert doc.formulas and doc.repaired == 0 and "<span title=" not in doc.html


def test_hint_under_question_and_lead_in_above(corpus) -> None:
    q10 = next(e for e in corpus.by_source("002_e4b8416c61e22f11.md") if e.number == "10")
    lines = render_entry(q10).text.split("\n")
    assert lines[0] == "當然，這是另一個重要的 LLM 技術挑戰問題："
    assert lines[1].startswith("10. 儘管進行了努力") or lines[1].startswith("儘管進行了努力")
    assert lines[2].startswith("這涉及到數據集的審查與修正")


def test_tex_to_text() -> None:
    assert tex_to_text(r"\text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V") == \
        "softmax(QKᵀ/√d_k)V"
    assert tex_to_text(r"\frac{a+b}{2}") == "(a + b)/2"
    assert tex_to_text(r"\sum_{i=1}^{n} x_i^2") == "∑_(i=1)ⁿ x_i²"
    assert tex_to_text(r"\alpha \leq \beta") == "α ≤ β"
    deep = "{" * 2000  # absurd nesting: shown as written rather than raising
    assert tex_to_text(deep) == deep
    assert tex_to_text(r"\frac{a") == "a/()"  # unbalanced: what is there, no error


def test_hand_made_entry_marks_only_its_repaired_formula() -> None:
    entry = Entry("t-1", "t.md", (), "", "Q?", "有 $h$ 與 $x$。", None, 1, 2,
                  source_answer="有 hhh 與 $x$。", repaired=("h",))
    doc = render_entry(entry)
    assert (doc.formulas, doc.repaired) == (2, 1)
