"""Where the window's state is kept between runs.

View state (geometry, dock layout, splitter sizes, last entry, filters, zoom) goes to
QSettings, as an INI file in the app's config folder so that ``INTERVIEW_DESK_HOME``
isolates it like everything else. Display preferences the command line shares (theme,
script, language) live in ``settings.json`` (``interview_desk.settings``); each change
saves that one field over the file, so the GUI never overwrites what the CLI saved.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from interview_desk.errors import DeskError
from interview_desk.paths import user_config_dir
from interview_desk.settings import Settings, load_settings, update_settings

if TYPE_CHECKING:  # the window imports this module
    from interview_desk.ui.shell.window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "InterviewDesk"
APPLICATION = "interview-desk"


def view_settings() -> QSettings:
    return QSettings(str(user_config_dir() / "window.ini"), QSettings.Format.IniFormat)


def display_prefs() -> Settings:
    return load_settings()


def save_display_pref(name: str, value: str) -> None:
    """Store one of theme/script/language alone; a failed write is logged, not fatal."""
    try:
        update_settings(**{name: value})
    except (OSError, DeskError) as exc:
        log.warning("could not save %s=%s: %s", name, value, exc)


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def read_str(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default


def read_int(settings: QSettings, key: str, default: int = 0) -> int:
    value = settings.value(key, default)  # an INI file gives back text
    try:
        return int(value) if isinstance(value, int | str) else default
    except ValueError:
        return default


def read_float(settings: QSettings, key: str, default: float = 0.0) -> float:
    value = settings.value(key, default)
    try:
        return float(value) if isinstance(value, int | float | str) else default
    except ValueError:
        return default


def restore_view(window: MainWindow, settings: QSettings) -> str:
    """Put the window back as it was; returns the entry that was open ("" if none)."""
    geometry = read_bytes(settings, "window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    layout = read_bytes(settings, "window/state")
    if layout is not None:
        window.restoreState(layout)
    for splitter, key in ((window.splitter, "window/splitter"),
                          (window.side.splitter, "window/studySplitter")):
        saved = read_bytes(settings, key)
        if saved is not None:
            splitter.restoreState(saved)
    window.tree.set_filter_state(read_str(settings, "tree/filter", "all"),
                                 read_int(settings, "tree/minDifficulty", 0))
    window.side.setCurrentIndex(read_int(settings, "window/sideTab", 0))
    zoom = read_float(settings, "reader/zoom", 1.0)
    if zoom > 0 and zoom != 1.0:
        window.centre.set_zoom(zoom)
    return read_str(settings, "reader/lastEntry")


def save_view(window: MainWindow, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", window.splitter.saveState())
    settings.setValue("window/studySplitter", window.side.splitter.saveState())
    settings.setValue("window/sideTab", window.side.currentIndex())
    name, min_difficulty = window.tree.filter_state()
    settings.setValue("tree/filter", name)
    settings.setValue("tree/minDifficulty", min_difficulty)
    entry_id = window.current_entry_id()
    if entry_id:
        settings.setValue("reader/lastEntry", entry_id)
    settings.setValue("reader/zoom", window.centre.zoom())
    settings.sync()
