"""Ctrl+T opens the Tutor tab with the cursor in its question box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from interview_desk.ui.shell.side_tabs import STUDY_TAB, TUTOR_TAB
from interview_desk.ui.shell.window import MainWindow


def test_ctrl_t_puts_the_cursor_in_the_tutor_question_box(window: MainWindow, qtbot) -> None:
    tutor = window.side.tutor
    assert tutor is not None
    window.open_entry(window.tree.visible_entry_ids()[0])
    window.activateWindow()
    window.tree.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.side.currentIndex() == TUTOR_TAB
    assert QApplication.focusWidget() is tutor.input
    qtbot.keyClicks(QApplication.focusWidget(), "why")
    assert tutor.input.text() == "why"

    # Again from the Study tab, with the note focused: still lands in the question box.
    window.side.setCurrentIndex(STUDY_TAB)
    window.notes.editor.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is tutor.input
