"""The windows' size and place: inside the screen's available area, always.

A fixed 1280×800 window on a 1280×800 screen puts the status bar below the bottom edge
once the window manager adds a title bar, and a geometry saved on a bigger monitor can
come back larger than the laptop it is restored on. Both go through ``fit_rect``.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 800)
# Title bar and borders before the window manager has framed the window (then the
# real ones are known): generous enough for the common Linux, Windows and macOS themes.
FRAME_ALLOWANCE = QMargins(8, 38, 8, 8)


def fit_rect(inner: QRect, available: QRect, frame: QMargins) -> QRect:
    """``inner`` (the client area) shrunk and moved so that, framed, it lies in ``available``."""
    room = available.marginsRemoved(frame)
    width = max(1, min(inner.width(), room.width()))
    height = max(1, min(inner.height(), room.height()))
    x = min(max(inner.x(), room.left()), room.left() + room.width() - width)
    y = min(max(inner.y(), room.top()), room.top() + room.height() - height)
    return QRect(x, y, width, height)


def centred_rect(size: QSize, available: QRect, frame: QMargins) -> QRect:
    """A client rect of ``size`` (or less) centred in ``available`` with its frame."""
    room = available.marginsRemoved(frame)
    rect = QRect(QPoint(0, 0), size.boundedTo(room.size()))
    rect.moveCenter(room.center())
    return fit_rect(rect, available, frame)


def frame_margins(window: QWidget) -> QMargins:
    """The window's decorations: measured once it is framed, else the allowance."""
    frame, inner = window.frameGeometry(), window.geometry()
    if not window.isVisible() or frame == inner:
        return FRAME_ALLOWANCE
    return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                    frame.right() - inner.right(), frame.bottom() - inner.bottom())


def screen_of(window: QWidget) -> QScreen | None:
    """The screen under the window's centre, else its own, else the primary one."""
    return (QGuiApplication.screenAt(window.geometry().center()) or window.screen()
            or QGuiApplication.primaryScreen())


def place_default(window: QWidget) -> None:
    """First run: the preferred size, or less on a small screen, centred on it."""
    screen = screen_of(window)
    if screen is None:
        window.resize(PREFERRED_SIZE)
        return
    window.setGeometry(centred_rect(PREFERRED_SIZE, screen.availableGeometry(),
                                    frame_margins(window)))


def resize_within_screen(window: QWidget, size: QSize) -> None:
    """A top-level window's first size: ``size``, or less where the screen, framed, is
    smaller (a 1200×760 window does not fit 1366×768 once it has a title bar)."""
    screen = screen_of(window)
    if screen is None:
        window.resize(size)
        return
    room = screen.availableGeometry().marginsRemoved(frame_margins(window))
    window.resize(size.boundedTo(room.size()))


def keep_on_screen(window: QWidget) -> None:
    """Pull a restored (normal) geometry back inside the screen it lands on."""
    if window.isMaximized() or window.isFullScreen():
        return  # the window manager sizes those to the screen itself
    screen = screen_of(window)
    if screen is None:
        return
    fitted = fit_rect(window.geometry(), screen.availableGeometry(), frame_margins(window))
    if fitted != window.geometry():
        window.setGeometry(fitted)
