"""render_entry over the real corpus and over hand-made entries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_desk.corpus import Corpus, Entry, load_corpus
from interview_desk.render import ENGLISH, EntryLabels, render_entry, render_markdown
from interview_desk.render.theme import DARK, LIGHT


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _entry(answer: str | None, question: str = "什麼是注意力？", **kw: object) -> Entry:
    fields: dict[str, object] = dict(id="t-1", source="test.md", section_path=("模型",),
                                     number="1", question=question, answer=answer,
                                     difficulty=3, line_start=1, line_end=2)
    fields.update(kw)
    return Entry(**fields)  # type: ignore[arg-type]


def _first(corpus: Corpus, feature: str) -> Entry:
    for entry in corpus.entries:
        doc = render_entry(entry)
        if getattr(doc, feature):
            return entry
    raise AssertionError(f"no entry with {feature}")


def test_every_corpus_entry_renders_with_all_math(corpus: Corpus) -> None:
    totals = {"tables": 0, "code_blocks": 0, "formulas": 0}
    for entry in corpus.entries:
        doc = render_entry(entry)
        assert doc.math_fallbacks == [], entry.id
        for key in totals:
            totals[key] += getattr(doc, key)
        for name in re.findall(r'src="math:([0-9a-f]+)"', doc.html):
            assert name in doc.math and doc.images[name].startswith(b"<svg")
    # the corpus as it stands: 2 tables, 27 code blocks, 23 formulas in entries
    assert totals["tables"] >= 2 and totals["code_blocks"] >= 27 and totals["formulas"] >= 23


def test_table_entry(corpus: Corpus) -> None:
    doc = render_entry(_first(corpus, "tables"))
    assert doc.html.count("<table border=\"1\"") == doc.tables
    assert f"background-color:{LIGHT.header_bg}" in doc.html and "<th" in doc.html


def test_code_is_coloured_and_not_converted() -> None:
    entry = _entry("看代碼：\n\n```python\n# 註釋 comment\ndef f():\n    return 1\n```\n")
    doc = render_entry(entry, script="simplified")
    assert doc.code_blocks == 1
    assert re.search(r'<span style="color:#[0-9a-f]{6}[^"]*">def</span>', doc.html)
    assert "註釋" in doc.html  # code keeps its script
    assert "看代码" in doc.html  # prose is converted


def test_math_is_not_converted_but_prose_is() -> None:
    entry = _entry("權重 $\\text{weight}_{ij}$ 與 `權重` 。")
    doc = render_entry(entry, script="simplified")
    assert "权重" in doc.html and "`" not in doc.html
    assert ">&#8202;權重&#8202;<" in doc.html  # inline code unchanged
    assert doc.formulas == 1 and len(doc.math) == 1
    trad = render_entry(_entry("训练数据"), script="traditional")
    assert "訓練數據" in trad.html and trad.han == "traditional"


def test_unanswered_entry_says_so_and_draft_is_labelled() -> None:
    NO_ANSWER, DRAFT_LABEL = ENGLISH.no_answer, ENGLISH.draft
    doc = render_entry(_entry(None))
    assert NO_ANSWER in doc.html and DRAFT_LABEL not in doc.html
    drafted = render_entry(_entry(None), draft="A **draft** with $x^2$.")
    assert NO_ANSWER in drafted.html and DRAFT_LABEL in drafted.html
    assert drafted.html.index(NO_ANSWER) < drafted.html.index(DRAFT_LABEL)
    assert "<b>draft</b>" in drafted.html or "<strong>draft</strong>" in drafted.html
    assert drafted.formulas == 1


def test_labels_come_in_the_callers_language() -> None:
    zh = EntryLabels(no_answer="此题在原文中没有答案", draft="机器草稿，非原文")
    doc = render_entry(_entry(None), draft="草稿", labels=zh)
    assert zh.no_answer in doc.html and zh.draft in doc.html
    assert ENGLISH.no_answer not in doc.html and ENGLISH.draft not in doc.html


def test_question_and_meta_line() -> None:
    doc = render_entry(_entry("答案", question="What is `top_p`?", difficulty=4))
    assert "<h2" in doc.html and "top_p" in doc.html and "<p>What" not in doc.html
    assert "★★★★☆" in doc.html and "模型" in doc.html


def test_dark_theme_colours(corpus: Corpus) -> None:
    doc = render_entry(_first(corpus, "formulas"), theme="dark")
    assert f"background-color:{DARK.background}" in doc.html
    assert all(DARK.text.encode() in image.svg for image in doc.math.values())
    code = render_entry(_entry("```python\nimport os\n```"), theme="dark")
    assert f"background-color:{DARK.code_bg}" in code.html


def test_zoomed_html_scales_math_sizes(corpus: Corpus) -> None:
    doc = render_entry(_first(corpus, "formulas"))
    sizes = [float(w) for w in re.findall(r'src="math:[0-9a-f]+" width="([\d.]+)"', doc.html)]
    zoomed = [float(w) for w in
              re.findall(r'src="math:[0-9a-f]+" width="([\d.]+)"', doc.html_at(2.0))]
    assert zoomed == pytest.approx([2 * s for s in sizes], abs=0.02)


def test_links_and_web_images() -> None:
    doc = render_markdown("see [other](entry:003-abc) and ![stars](https://img.example/x.svg)")
    assert 'href="entry:003-abc"' in doc.html
    assert "img.example" not in doc.html and "[stars]" in doc.html  # never fetched


def test_unparseable_math_falls_back_to_source() -> None:
    doc = render_markdown("broken $\\frac{a$ here")
    assert doc.math_fallbacks == ["\\frac{a"] and "$\\frac{a$" in doc.html and not doc.math


MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab $\\[](){}^_|-*`#>\n12中文")), max_size=80)


@settings(max_examples=150, deadline=None)
@given(text=MARKDOWNISH)
def test_any_markdown_renders_without_raising(text: str) -> None:
    doc = render_markdown(text, script="traditional", theme="dark")
    assert doc.html.startswith("<html>")


def test_warm_math_renders_every_formula_once(corpus: Corpus) -> None:
    from interview_desk.render import warm_math
    from interview_desk.render.math import render_tex

    assert warm_math(corpus.entries) >= 23
    hits = render_tex.cache_info().hits
    render_entry(next(e for e in corpus.entries if "$$pos$$" in (e.answer or "")))
    assert render_tex.cache_info().hits > hits  # served from the warmed cache


def test_chinese_split_out_of_math_follows_the_script() -> None:
    doc = render_markdown("\\[ \\text{显存需求} \\approx a \\times b \\]", script="traditional")
    assert "顯存需求" in doc.html and doc.formulas == 1 and not doc.math_fallbacks
