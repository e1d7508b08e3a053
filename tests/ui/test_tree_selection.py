"""The tree's highlight stays on the entry the user opened (clicks, marks, notes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from interview_desk.ui.browse.tree import ID_ROLE
from interview_desk.ui.shell.window import MainWindow


def _highlighted(window: MainWindow) -> list[str]:
    return [item.data(0, ID_ROLE) for item in window.tree.tree.selectedItems()]


def test_clicking_a_row_low_in_the_view_highlights_that_row(window: MainWindow, qtbot) -> None:
    tree = window.tree.tree
    tree.expandAll()
    viewport = tree.viewport().rect()
    # Rows in the lower half: opening one used to scroll it to the centre while the click
    # was still being handled, so the view selected the row that moved under the pointer.
    lower = [eid for eid in window.tree.visible_entry_ids()
             if viewport.contains(tree.visualItemRect(window.tree._items[eid]))
             and tree.visualItemRect(window.tree._items[eid]).top() > viewport.height() * 0.6]
    assert len(lower) >= 2
    for entry_id in (lower[-1], lower[0]):
        rect = tree.visualItemRect(window.tree._items[entry_id])
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_entry_id() == entry_id
        assert _highlighted(window) == [entry_id]

    opened = window.current_entry_id()
    window.actions_["bookmark"].trigger()
    assert _highlighted(window) == [opened]
    window.notes.editor.setFocus()
    QTest.keyClicks(window.notes.editor, "a note")
    with qtbot.waitSignal(window.desk.sigNoteSaved, timeout=10_000):
        window.notes.flush()
    assert "✎" in window.tree._items[opened].text(1)
    assert _highlighted(window) == [opened]
    assert window.current_entry_id() == opened
