"""Every math form the corpus uses, table repair, and raw HTML kept as text."""

from __future__ import annotations

from markdown_it.token import Token

from interview_desk.render.mdparse import parse, repair_tables


def _flat(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(t.children or [])
    return out


def _types(text: str) -> list[tuple[str, str]]:
    return [(t.type, t.content.strip()) for t in _flat(parse(text)) if t.type.startswith("math")]


def test_dollar_forms() -> None:
    assert _types("inline $h_t$ here") == [("math_inline", "h_t")]
    assert _types("$$\nx_1 = x\n$$\n") == [("math_block", "x_1 = x")]
    # $$..$$ within a sentence, as one source writes it: inline, as the author meant
    assert _types("给定位置 $$pos$$ 和 $$i$$。") == [("math_inline_double", "pos"),
                                                 ("math_inline_double", "i")]


def test_dollar_block_right_after_a_text_line_is_display() -> None:
    tokens = _flat(parse("方法：\n$$\n\\text{A} = 1\n$$\n\n其中"))
    kinds = [t.type for t in tokens if t.type in ("math_block", "paragraph_open")]
    assert kinds == ["paragraph_open", "math_block", "paragraph_open"]


def test_dollar_block_in_a_list_item() -> None:
    text = "1. 残差连接：\n   $$\n   x_1 = x + f(x)\n   $$\n2. next"
    assert ("math_block", "x_1 = x + f(x)") in _types(text)


def test_bracket_forms() -> None:
    text = "估算：\n\\[ \\text{显存} \\approx a \\times b \\]\n\n例如"
    tokens = parse(text)
    kinds = [t.type for t in tokens if t.type in ("math_block", "paragraph_open")]
    assert kinds == ["paragraph_open", "math_block", "paragraph_open"]
    # one source wraps dollars in \( \): the dollars are dropped
    assert _types("其中 \\( $d_k$ \\) 是维度") == [("math_inline", "d_k")]
    assert _types("a \\(x^2\\) b") == [("math_inline", "x^2")]


def test_escaped_brackets_that_are_not_math_stay_text() -> None:
    assert _types("tokens \\[CLS\\] and \\[1\\]") == []
    assert "[CLS]" in parse("tokens \\[CLS\\]")[1].children[0].content


def test_prices_are_not_math() -> None:
    assert _types("costs $5 and $10 a month") == []


def test_raw_html_is_text() -> None:
    text = "special tokens <s> and </s> matter"
    inline = parse(text)[1]
    assert "".join(c.content for c in inline.children) == text


def test_loose_table_delimiters_are_repaired() -> None:
    for delimiter in ("|  |  |", "| -- |  |"):
        text = f"| a | b |\n{delimiter}\n| 1 | 2 |"
        assert any(t.type == "table_open" for t in parse(text)), delimiter
    assert repair_tables("| a | b |\n|:--|--:|") == "| a | b |\n|:--|--:|"  # valid: kept
    fenced = "```\n| a | b |\n|  |  |\n```"
    assert repair_tables(fenced) == fenced
    assert repair_tables("| a | b |\n|  |  |  |") == "| a | b |\n|  |  |  |"  # cell counts differ
