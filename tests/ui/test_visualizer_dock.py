"""The docked visualizer leaves the reader and the tutor's chat usable."""

from __future__ import annotations

from interview_desk.ui.shell.side_tabs import TUTOR_TAB
from interview_desk.ui.shell.window import CENTRE_MIN_HEIGHT, MainWindow
from interview_desk.ui.viz.menu import DOCK_HEIGHT_SHARE


def test_the_docked_visualizer_leaves_room_for_the_reader_and_tutor(
        window: MainWindow, qtbot) -> None:
    window.open_entry(window.tree.visible_entry_ids()[0])
    window.actions_["tutor"].trigger()
    assert window.side.currentIndex() == TUTOR_TAB
    window.visualizer.show_preset("attention-causal")
    dock = window.visualizer.dock
    qtbot.waitUntil(dock.isVisible)
    qtbot.wait(100)  # the main window has laid the dock out
    assert not dock.isFloating()
    assert dock.height() <= window.height() * DOCK_HEIGHT_SHARE + 2
    assert dock.height() >= dock.minimumSizeHint().height()
    assert window.centre.height() >= CENTRE_MIN_HEIGHT - 40  # the reader below its find bar
    assert window.side.tutor.chat.height() >= 120
    assert dock.width() >= window.width() - 20  # along the bottom, the full width

    # The positions view scrolls in a short dock instead of squashing its panels flat.
    window.visualizer.show_preset("position-rope")
    dock.position.panel.setCurrentIndex(0)  # all panels
    qtbot.wait(100)
    for panel in dock.position.panels.values():
        assert panel.height() >= 200
