"""The docked visualizer leaves the reader and the tutor's chat usable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from interview_desk.ui.shell.side_tabs import TUTOR_TAB
from interview_desk.ui.shell.window import CENTRE_MIN_HEIGHT, MainWindow
from interview_desk.ui.viz.dock import VisualizerDock
from interview_desk.ui.viz.menu import DOCK_HEIGHT_SHARE
from interview_desk.ui.viz.position_view import PANEL_MIN_HEIGHT


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


def test_the_positions_tab_grows_the_dock_until_a_row_of_panels_is_whole(
        window: MainWindow, qtbot) -> None:
    """At 1280x800 the first row of panels is whole in the dock's share, legends and all,
    the reader keeping its minimum. A dock too short for the row (made smaller by hand,
    or a larger font) stays so until the next tab or panel change, which grows it by
    what the panels lack."""
    window.resize(1280, 800)
    window.open_entry(window.tree.visible_entry_ids()[0])
    window.visualizer.show_preset("attention-causal")
    dock = window.visualizer.dock
    qtbot.waitUntil(dock.isVisible)
    qtbot.wait(100)
    dock.tabs.setCurrentWidget(dock.position)
    dock.position.panel.setCurrentIndex(0)  # all panels
    qtbot.waitUntil(lambda: dock.position.height_short_by() == 0)
    qtbot.wait(100)  # the fits the tab and the panel change scheduled have run
    assert window.centre.height() >= CENTRE_MIN_HEIGHT - 40
    _assert_first_row_whole(dock)

    # Made smaller by hand, 40 px below a whole row: it stays so until the next tab change.
    fitted = dock.height()
    slack = dock.position.panel_scroll.viewport().height() - PANEL_MIN_HEIGHT
    window.resizeDocks([dock], [fitted - slack - 40], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: dock.position.height_short_by() > 0)
    qtbot.wait(100)
    assert dock.position.height_short_by() > 0  # nothing grows it back meanwhile
    dock.tabs.setCurrentWidget(dock.attention)
    dock.tabs.setCurrentWidget(dock.position)
    qtbot.waitUntil(lambda: dock.position.height_short_by() == 0)
    assert fitted - slack - 40 < dock.height() <= fitted  # grown by what the row lacked
    assert window.centre.height() >= CENTRE_MIN_HEIGHT - 40
    _assert_first_row_whole(dock)


def _assert_first_row_whole(dock: VisualizerDock) -> None:
    visible = dock.position.panel_scroll.viewport().rect()
    for panel in list(dock.position.panels.values())[:2]:
        top_left = panel.mapTo(dock.position.panel_scroll.viewport(), panel.rect().topLeft())
        assert visible.contains(top_left)
        assert top_left.y() + panel.height() <= visible.height()
