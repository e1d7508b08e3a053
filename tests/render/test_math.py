"""ziamath rendering: SVG 1.1, caching, fallbacks, Chinese split out, baseline padding."""

from __future__ import annotations

import pytest

from interview_desk.render.math import (
    MathImage,
    TextMetrics,
    render_formula,
    render_tex,
    split_cjk,
)

STYLE = {"color": "#1f2328", "size": 16.8}


def test_svg_is_version_1_1_and_cached() -> None:
    image = render_tex(r"\frac{QK^T}{\sqrt{d_k}}", display=True, **STYLE)
    assert image is not None
    svg = image.svg.decode()
    assert svg.startswith("<svg") and "viewBox" in svg
    assert "<symbol" not in svg and "<use" not in svg  # SVG 2 features QtSvg lacks
    assert image.ascent > 0 and image.descent > 0 and image.width > 0
    again = render_tex(r"\frac{QK^T}{\sqrt{d_k}}", display=True, **STYLE)
    assert again is image  # lru cache: the same formula is rendered once


@pytest.mark.parametrize("tex", [r"\frac{", r"\left( x", "}{", r"x^{"])
def test_unparseable_tex_gives_none_not_an_exception(tex: str) -> None:
    assert render_formula(tex, display=False, **STYLE) is None


def test_chinese_text_is_split_out_of_the_formula() -> None:
    tex = r"\text{显存需求} \approx (\text{模型参数数量} + x) \times 2"
    assert split_cjk(tex) == [("显存需求", True), (r" \approx (", False),
                              ("模型参数数量", True), (r" + x) \times 2", False)]
    pieces = render_formula(tex, display=True, **STYLE)
    assert pieces is not None
    assert [p.text for p in pieces if p.image is None] == ["显存需求", "模型参数数量"]
    assert all(p.image is not None and not p.image.display for p in pieces if not p.text)


def test_chinese_inside_a_group_cannot_be_split() -> None:
    assert split_cjk(r"\frac{\text{参数}}{2}") is None
    assert render_formula(r"\frac{\text{参数}}{2}", display=False, **STYLE) is None


def test_latin_text_groups_stay_in_the_formula() -> None:
    assert split_cjk(r"\text{Attention}(Q) = 1") == [(r"\text{Attention}(Q) = 1", False)]


@pytest.mark.parametrize("ascent,descent", [(3.0, 0.5), (9.0, 1.2), (30.0, 20.0), (5.0, 25.0)])
def test_inline_box_centres_the_baseline_for_qt(ascent: float, descent: float) -> None:
    image = MathImage("n", b"<svg/>", 10.0, ascent, descent, display=False)
    text = TextMetrics(ascent=17.4, descent=4.3, half_x=4.0)
    for scale in (1.0, 2.0):
        width, height, top = image.box(scale, text)
        padded_ascent = top + ascent * scale
        padded_descent = height - padded_ascent
        assert width == 10.0 * scale
        assert top >= 0 and padded_descent >= descent * scale - 1e-9
        assert padded_ascent - padded_descent == pytest.approx(text.half_x)
        # tall enough on both sides that the image, not the font, sets the line box
        assert padded_ascent >= text.ascent and padded_descent >= text.descent


def test_display_box_is_not_padded() -> None:
    image = MathImage("n", b"<svg/>", 40.0, 12.0, 8.0, display=True)
    assert image.box(2.0, TextMetrics.estimate(30)) == (80.0, 40.0, 0.0)


def test_formulas_are_kept_on_disk_between_sessions(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from interview_desk.render import math_cache

    monkeypatch.setattr(math_cache, "_folder", tmp_path)
    monkeypatch.setattr(math_cache, "_enabled", True)
    tex = r"\sum_{i=1}^{n} w_i x_i"
    render_tex.cache_clear()
    first = render_tex(tex, display=True, **STYLE)
    assert first is not None and len(list(tmp_path.glob("*.svg"))) == 1

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("ziamath must not be needed: the SVG is on disk")

    render_tex.cache_clear()  # a new session: memory cache empty
    monkeypatch.setattr("ziamath.Latex", broken)
    again = render_tex(tex, display=True, **STYLE)
    assert again is not None and again.svg == first.svg and again.name == first.name
    # a damaged cache file is ignored (and ziamath, broken here, then reports None)
    next(tmp_path.glob("*.svg")).write_text("garbage")
    render_tex.cache_clear()
    assert render_tex(tex, display=True, **STYLE) is None
    render_tex.cache_clear()


def test_display_box_shrinks_to_max_width() -> None:
    image = MathImage("n", b"<svg/>", 500.0, 12.0, 8.0, display=True)
    assert image.box(1.0, TextMetrics.estimate(15), max_width=250.0) == (250.0, 10.0, 0.0)
    inline = MathImage("n", b"<svg/>", 500.0, 12.0, 8.0, display=False)
    assert inline.box(1.0, TextMetrics.estimate(15), max_width=250.0)[0] == 500.0


def test_pathological_nesting_is_refused_quickly() -> None:
    import time

    from interview_desk.render.math import too_complex

    tex = "x"
    for _ in range(14):  # ziamath would need minutes for this
        tex = r"\frac{" + tex + "}{1+y}"
    started = time.perf_counter()
    assert too_complex(tex)
    assert render_formula(tex, display=True, **STYLE) is None
    assert time.perf_counter() - started < 0.5
    assert not too_complex(r"\sin\left( \frac{pos}{10000^{\frac{2i}{d_{model}}}} \right)")
    assert too_complex("x + " * 400)
