"""Where the window's state is kept between runs.

View state (geometry, dock layout, splitter sizes, last entry, filters, zoom) goes to
QSettings, as an INI file in the app's config folder so that ``INTERVIEW_DESK_HOME``
isolates it like everything else. Display preferences the command line shares (theme,
script, language) live in ``settings.json`` (``interview_desk.settings``); each change
saves that one field over the file, so the GUI never overwrites what the CLI saved.
"""

from __future__ import annotations

import logging
import math
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from interview_desk.errors import DeskError
from interview_desk.paths import user_config_dir
from interview_desk.settings import (
    Settings,
    SettingsRepair,
    load_settings,
    repair_settings,
    update_settings,
)
from interview_desk.ui.i18n import tr

if TYPE_CHECKING:  # the window imports this module
    from interview_desk.ui.shell.window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "InterviewDesk"
APPLICATION = "interview-desk"


def view_settings_path() -> Path:
    return user_config_dir() / "window.ini"


def view_settings() -> QSettings:
    return QSettings(str(view_settings_path()), QSettings.Format.IniFormat)


def display_prefs() -> tuple[Settings, SettingsRepair | None]:
    """The display preferences, and what was repaired when settings.json was damaged
    (worded once the language is set: ``SettingsRepair.message``)."""
    repair = repair_settings()
    return load_settings(), repair


def _is_bytes(value: object) -> bool:
    return isinstance(value, QByteArray)


def _is_int(value: object) -> bool:  # an INI file gives back text
    if isinstance(value, str):
        return value.strip().removeprefix("-").isdigit()
    return isinstance(value, int) and not isinstance(value, bool)


def _is_zoom(value: object) -> bool:
    try:
        zoom = float(value) if isinstance(value, int | float | str) else math.nan
    except ValueError:
        return False
    return 0.1 <= zoom <= 10.0


def _is_str(value: object) -> bool:
    return isinstance(value, str)


# What each key of window.ini may hold; others are left alone (a newer version's).
VIEW_KEYS = {
    "window/geometry": _is_bytes, "window/state": _is_bytes, "window/splitter": _is_bytes,
    "window/studySplitter": _is_bytes, "window/sideTab": _is_int, "tree/filter": _is_str,
    "tree/minDifficulty": _is_int, "reader/zoom": _is_zoom, "reader/lastEntry": _is_str,
}


@dataclass(frozen=True)
class ViewRepair:
    path: Path
    aside: Path | None
    keys: tuple[str, ...]  # the keys dropped; empty: the whole file

    def notice(self) -> str:
        aside = self.aside.name if self.aside is not None else "-"
        return tr("notice.window_state", file=self.path.name, aside=aside)


def _well_formed(raw: bytes) -> bool:
    """What QSettings writes: UTF-8 lines, each a [section], key=value or a comment.
    (QSettings itself reads most garbage as odd keys without complaint.)"""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in ";#":
            continue
        if "\x00" in line or not ((line[0] == "[" and line[-1] == "]") or "=" in line):
            return False
    return True


def repair_view_file(path: Path) -> ViewRepair | None:
    """Before the window reads window.ini: keep a damaged one aside (None: it is fine).

    A file QSettings cannot parse is moved aside (the default layout is used); keys of
    the wrong type are dropped after a copy of the file is kept aside.
    """
    try:
        raw = path.read_bytes()
    except OSError:  # missing (the usual first run), or not a file
        return None
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    probe = QSettings(str(path), QSettings.Format.IniFormat)
    probe.allKeys()  # parses the file
    if not _well_formed(raw) or probe.status() != QSettings.Status.NoError:
        del probe
        try:
            path.replace(aside)
        except OSError as exc:
            log.warning("window state %s is damaged and could not be moved: %s", path, exc)
            return ViewRepair(path, None, ())
        log.warning("window state %s is damaged; kept as %s", path, aside.name)
        return ViewRepair(path, aside, ())
    bad = tuple(key for key, fits in VIEW_KEYS.items()
                if probe.contains(key) and not fits(probe.value(key)))
    if not bad:
        return None
    try:
        shutil.copyfile(path, aside)
    except OSError as exc:
        log.warning("could not keep %s aside: %s", path, exc)
        aside_kept: Path | None = None
    else:
        aside_kept = aside
    for key in bad:
        probe.remove(key)
    probe.sync()
    log.warning("window state %s: dropped %s", path, ", ".join(bad))
    return ViewRepair(path, aside_kept, bad)


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
