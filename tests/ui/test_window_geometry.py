"""The window fits the screen it opens on, first run and restored alike."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSettings, QSize
from PySide6.QtWidgets import QMainWindow

from interview_desk.paths import user_config_dir
from interview_desk.ui.shell.geometry import FRAME_ALLOWANCE, centred_rect, fit_rect
from interview_desk.ui.shell.window import MainWindow

FRAME = QMargins(1, 24, 1, 4)  # a typical title bar and border


def _inside(window: MainWindow) -> bool:
    return window.screen().availableGeometry().contains(window.frameGeometry())


def test_a_first_window_fits_the_available_screen(window: MainWindow) -> None:
    # The offscreen screen (800×800) is smaller than the preferred 1280×800.
    available = window.screen().availableGeometry()
    assert available.height() <= 800
    assert _inside(window), (window.frameGeometry(), available)
    assert window.statusBar().isVisible()
    bottom = window.statusBar().mapTo(window, window.statusBar().rect().bottomLeft())
    assert window.mapToGlobal(bottom).y() <= available.bottom()


def test_a_geometry_saved_on_a_bigger_monitor_is_pulled_onto_this_screen(
        make_window, qtbot) -> None:
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(QRect(2200, 300, 2400, 1500))  # right of a 1920-wide first screen
    ini = QSettings(str(user_config_dir() / "window.ini"), QSettings.Format.IniFormat)
    ini.setValue("window/geometry", big.saveGeometry())
    ini.sync()
    window = make_window()
    assert _inside(window), (window.frameGeometry(), window.screen().availableGeometry())


def test_laptop_screens_get_a_window_that_fits_with_its_title_bar() -> None:
    for screen in (QRect(0, 0, 1280, 800), QRect(0, 0, 1366, 768), QRect(0, 27, 1280, 773)):
        inner = centred_rect(QSize(1280, 800), screen, FRAME_ALLOWANCE)
        assert screen.contains(inner.marginsAdded(FRAME)), (screen, inner)
        assert inner.width() >= 1200 and inner.height() >= 700
    roomy = centred_rect(QSize(1280, 800), QRect(0, 0, 2560, 1440), FRAME_ALLOWANCE)
    assert roomy.size() == QSize(1280, 800)  # the preferred size where it fits


def test_fit_rect_moves_before_it_shrinks() -> None:
    screen = QRect(0, 0, 1366, 768)
    moved = fit_rect(QRect(900, 500, 1000, 600), screen, FRAME)
    assert moved.size() == QSize(1000, 600)
    assert screen.contains(moved.marginsAdded(FRAME))
    shrunk = fit_rect(QRect(-50, -50, 1920, 1080), screen, FRAME)
    assert screen.contains(shrunk.marginsAdded(FRAME))
    assert shrunk.size() == QSize(1364, 740)
