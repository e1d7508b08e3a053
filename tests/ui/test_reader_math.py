"""Inline math sits on the text baseline in a real QTextBrowser, alone or beside a taller
formula on the same line, at several zoom levels (measured in the rendered pixels)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QImage

from interview_desk.render import render_markdown
from interview_desk.render import theme as render_theme
from interview_desk.ui.reader.view import ReaderView


def _first_cluster_bottom(shot: QImage, is_ink) -> int:  # type: ignore[no-untyped-def]
    """Bottom row of the leftmost run of columns holding ink (the first formula)."""
    columns = [x for x in range(shot.width() - 20)
               if any(is_ink(shot.pixelColor(x, y)) for y in range(shot.height()))]
    assert columns, "no ink found"
    end = columns[0]
    while end + 1 in columns:
        end += 1
    return max(y for x in range(columns[0], end + 1) for y in range(shot.height())
               if is_ink(shot.pixelColor(x, y)))


@pytest.mark.parametrize("zoom", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("text", ["HHH $x$ HHH", "HHH $x$ HH $\\frac{a}{b}$ HH $y_t$"])
def test_inline_math_baseline(qtbot, monkeypatch: pytest.MonkeyPatch, zoom: float,
                              text: str) -> None:
    # Math in pure red, text in black, so the two can be told apart in the pixels.
    red = dataclasses.replace(render_theme.LIGHT, name="red-math", text="#ff0000")
    monkeypatch.setitem(render_theme.PALETTES, "red-math", red)
    doc = render_markdown(text, theme="red-math")
    doc.html = doc.html.replace("color:#ff0000", "color:#000000")
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.show_doc(doc)
    view.set_zoom(zoom)
    view.show()
    qtbot.waitExposed(view)
    shot = view.grab().toImage()

    def is_text(c) -> bool:  # type: ignore[no-untyped-def]
        return c.red() < 90 and c.green() < 90 and c.blue() < 90

    def is_math(c) -> bool:  # type: ignore[no-untyped-def]
        return c.red() > 170 and c.green() < 90 and c.blue() < 90

    text_bottom = _first_cluster_bottom(shot, is_text)  # the first "H"
    math_bottom = _first_cluster_bottom(shot, is_math)  # the first "x"
    assert abs(math_bottom - text_bottom) <= 1, (text_bottom, math_bottom)
