"""The match highlight in search results is readable on every row, light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from interview_desk.ui.search.results import HtmlDelegate, ResultRow, ResultsView
from interview_desk.ui.shell.theme import _palette


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("selected", [False, True])
def test_hit_text_contrasts_with_its_marker(qtbot, dark: bool, selected: bool) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    row = ResultRow("e-1", '<b>Q</b><br>前文 <b class="hit">注意力</b> 後文')
    view.set_results("注意力", [row])
    delegate = view.list.itemDelegate()
    assert isinstance(delegate, HtmlDelegate)
    palette = _palette(dark)
    option = QStyleOptionViewItem()
    option.palette = palette
    option.rect = view.list.visualRect(view.model.index(0))
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    doc = delegate._document(option, view.model.index(0))
    # The text colour the delegate paints with when the hit has none of its own.
    text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    found = 0
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.text() == "注意力":
                fmt = frag.charFormat()
                fg = (fmt.foreground().color() if fmt.hasProperty(fmt.Property.ForegroundBrush)
                      else palette.color(text_role))
                assert _contrast(fg, fmt.background().color()) >= 4.5
                found += 1
            it += 1
        block = block.next()
    assert found == 1


def test_each_new_row_is_laid_out_once_and_a_resize_rewraps(qtbot, monkeypatch) -> None:
    """Sizing and painting a new list of rows lay each row out once (the scroll bar is
    always there, so rows are not laid out again when it appears); narrowing the list
    lays them out at the new width, and the rows grow taller."""
    from interview_desk.ui.search import results

    made: list[int] = []

    class Counted(results.QTextDocument):
        def __init__(self) -> None:
            super().__init__()
            made.append(1)

    monkeypatch.setattr(results, "QTextDocument", Counted)
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(420, 500)
    view.show()
    qtbot.waitExposed(view)
    snippet = "位置编码 " + "rotary position embedding keeps relative offsets " * 4
    rows = [ResultRow(f"e-{i}", f"<b>Q{i}</b><br>{snippet} {i}") for i in range(50)]
    view.set_results("q", rows, "", 50)
    view.list.viewport().repaint()
    qtbot.wait(20)
    assert len(made) <= len(rows) + 2
    tall = view.list.visualRect(view.model.index(0)).height()

    made.clear()
    view.resize(260, 500)
    qtbot.waitUntil(lambda: view.list.visualRect(view.model.index(0)).height() > tall)
    assert made  # laid out again at the new width


def test_the_first_rows_are_painted_before_the_rest_are_made(qtbot) -> None:
    """Of 50 rows the first screenfuls are painted first; the others join the list a
    turn later, their HTML made then (not by the search thread); asking for the order
    of the results gets all of them at once."""
    from interview_desk.search.results import LIST_ROWS_FIRST

    made: list[int] = []

    def later(i: int) -> str:
        made.append(i)
        return f"<b>Q{i}</b><br>later row {i}"

    rows = [ResultRow(f"e-{i}", f"<b>Q{i}</b><br>row {i}") if i < LIST_ROWS_FIRST
            else ResultRow(f"e-{i}", later=lambda i=i: later(i)) for i in range(50)]
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(420, 500)
    view.show()
    qtbot.waitExposed(view)
    rows_at_paint: list[int] = []
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # Qt override
            if event.type() == QEvent.Type.Paint:
                rows_at_paint.append(view.model.rowCount())
            return False

    watch = Watch()
    view.list.viewport().installEventFilter(watch)
    view.set_results("q", rows, "", 80)
    assert view.model.rowCount() == LIST_ROWS_FIRST and not made
    qtbot.waitUntil(lambda: view.model.rowCount() == 50)
    assert rows_at_paint and rows_at_paint[0] == LIST_ROWS_FIRST
    qtbot.waitUntil(lambda: len(made) == 50 - LIST_ROWS_FIRST)  # laid out, so made
    assert "50" in view.info.text() and "80" in view.info.text()

    view.set_results("q2", rows[:LIST_ROWS_FIRST] + rows[LIST_ROWS_FIRST:], "", 50)
    assert view.entry_ids() == [f"e-{i}" for i in range(50)]
