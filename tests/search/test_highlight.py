"""Snippets and highlight markup: the HTML always says exactly what the text says."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_desk.search.analyzer import fold, iter_terms
from interview_desk.search.highlight import HighlightTerms, make_snippet, mark_html

_TAG = re.compile(r"</?b[^>]*>")
ALPHABET = list("位置編碼旋转注意力機制模型 abcTopKV-<>&\"'。！？；.!?\n，、")


def plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=400),
       st.text(alphabet=st.sampled_from(ALPHABET), max_size=20))
def test_snippet_html_renders_to_the_snippet_text(text: str, query: str) -> None:
    terms = HighlightTerms.from_terms(t for t, *_ in iter_terms(query, mode="query"))
    snippet = make_snippet(text, fold(text), terms, max_chars=60)
    assert plain(snippet.html) == snippet.text
    assert snippet.html.count('<b class="hit">') == snippet.hits
    core = snippet.text.strip("…")
    assert core.replace(" ", "") in text.replace("\n", "").replace(" ", "")


def test_marks_wrap_matches_in_any_script_and_escape_the_rest() -> None:
    text = "旋轉位置編碼 <RoPE> & KV-Cache"
    terms = HighlightTerms.from_terms(["旋转位置编码", "cach", "kv"])
    spans = terms.spans(fold(text))
    marked = mark_html(text, spans)
    assert marked == ('<b class="hit">旋轉位置編碼</b> &lt;RoPE&gt; &amp; '
                      '<b class="hit">KV</b>-<b class="hit">Cache</b>')


def test_long_sentences_are_cut_around_the_first_match_with_ellipses() -> None:
    middle = "这里提到 KV cache 的用法，"
    text = "开头" + "很长的句子，" * 40 + middle + "后面还有很多内容，" * 40 + "。"
    terms = HighlightTerms.from_terms(["kv", "cach"])
    snippet = make_snippet(text, fold(text), terms, max_chars=80)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert "KV cache" in snippet.text and len(snippet.text) <= 82


def test_no_match_gives_the_opening_sentences() -> None:
    text = "第一句。第二句。第三句很长" + "。" * 3
    snippet = make_snippet(text, fold(text), HighlightTerms.from_terms([]), max_chars=8)
    assert snippet.text == "第一句。第二句。" and snippet.hits == 0
