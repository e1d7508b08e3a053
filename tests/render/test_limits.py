"""What the renderer hands Qt is bounded (render/limits.py); ordinary answers are untouched."""

from __future__ import annotations

from interview_desk.corpus.loader import load_corpus
from interview_desk.render import render_entry, render_markdown
from interview_desk.render.limits import (
    CODE_BLOCK_CHARS,
    CODE_LINE_CHARS,
    WORD_CHARS,
    cap_text,
    more_characters,
    wrap_code,
)


def test_long_code_lines_are_wrapped_and_a_long_block_cut_with_its_count() -> None:
    code = "x" * (CODE_BLOCK_CHARS + 5_000)
    wrapped, hidden = wrap_code(code)
    assert hidden == 5_000
    assert max(len(line) for line in wrapped.split("\n")) == CODE_LINE_CHARS
    assert wrapped.replace("\n", "") == code[:CODE_BLOCK_CHARS]
    assert wrap_code("a = 1\nb = 2") == ("a = 1\nb = 2", 0)


def test_the_marker_says_how_much_was_cut() -> None:
    code = "y = 1; " * 3000  # 21,000 characters on one line
    doc = render_markdown(f"```\n{code}\n```")
    assert more_characters(len(code) - CODE_BLOCK_CHARS) in doc.text
    para = render_markdown("see " + "A" * (WORD_CHARS + 10) + " and *after*")
    assert more_characters(10) in para.text and "after" in para.text


def test_chinese_prose_is_not_a_long_word() -> None:
    text = "注意力机制，" * 1000  # 6,000 characters with no space: Qt breaks between them
    assert cap_text(text) == text
    assert "more characters" not in render_markdown(text).text


def test_no_shipped_answer_is_cut() -> None:
    for entry in load_corpus().entries:
        assert "more characters" not in render_entry(entry, cached_math_only=True).text, (
            entry.id)
