"""The search bar's chips show the filters in force, typed in the query or chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from interview_desk.ui.shell.window import MainWindow


def _checked(menu: QMenu) -> list[object]:
    return [a.data() for a in menu.actions() if a.isChecked()]


def _choose(menu: QMenu, value: object) -> None:
    action: QAction = next(a for a in menu.actions() if a.data() == value)
    action.trigger()


def _type(window: MainWindow, qtbot, text: str) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_bar.line, text)


def test_filters_typed_in_the_query_show_on_the_chips(window: MainWindow, qtbot) -> None:
    bar = window.search_bar
    corpus = window.desk.corpus
    source = next(s.file for s in corpus.sources if s.file.startswith("003"))
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000) as blocker:
        _type(window, qtbot, "attention source:003 difficulty:>=4")
    hits = [window.desk.entry(row.entry_id) for row in blocker.args[1]]
    assert hits and all(e.source == source and (e.difficulty or 0) >= 4 for e in hits)
    assert "003" in bar.source_chip.text()
    assert bar.difficulty_chip.text() == "★4+"
    assert _checked(bar._source_menu) == [source]
    assert _checked(bar._difficulty_menu) == [4]

    # Choosing on a chip replaces the typed filter: the text loses it, the chip says it.
    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        _choose(bar._difficulty_menu, 2)
    assert "difficulty:" not in bar.line.text()
    assert bar.line.text() == "attention source:003"
    assert bar.filters.min_difficulty == 2
    assert bar.difficulty_chip.text() == "★2+"
    assert _checked(bar._difficulty_menu) == [2]

    with qtbot.waitSignal(window.search.sigResultsReady, timeout=10_000):
        _choose(bar._source_menu, None)
    assert bar.line.text() == "attention"
    assert _checked(bar._source_menu) == [None]
    assert bar.source_chip.text() == "All sources"

    bar.line.clear()
    _type(window, qtbot, "rope difficulty:2-3")
    assert bar.difficulty_chip.text() == "★2–3"
    assert bar.filters.min_difficulty == 0  # the typed filter, typed last, applies
    assert _checked(bar._difficulty_menu) == []


def test_any_difficulty_is_written_once_on_screen(window: MainWindow) -> None:
    bar = window.search_bar
    shown = [window.tree.difficulty_box.currentText(), bar.difficulty_chip.text()]
    assert shown[0] == "Any difficulty"
    assert shown.count("Any difficulty") == 1
    assert _checked(bar._difficulty_menu) == [0]


def test_menu_chips_keep_their_label_clear_of_the_menu_arrow(window: MainWindow,
                                                              qtbot) -> None:
    """Fusion paints an instant-popup chip's arrow in its bottom-right corner; the centred
    label must end before it, in both languages ("Difficulty" ran into it at 1280×800)."""
    bar = window.search_bar
    for language in ("en", "zh"):
        window.set_language(language)
        qtbot.wait(10)
        for chip in (bar.source_chip, bar.difficulty_chip):
            text_right = (chip.width() + chip.fontMetrics().horizontalAdvance(chip.text())) / 2
            assert text_right <= chip.width() - chip.arrow_width(), (language, chip.text())
    window.set_language("en")
