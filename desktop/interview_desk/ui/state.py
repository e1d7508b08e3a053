"""Where the window's state is kept between runs.

View state (geometry, dock layout, splitter sizes, last entry, filters, zoom) goes to
QSettings, as an INI file in the app's config folder so that ``INTERVIEW_DESK_HOME``
isolates it like everything else. Display preferences the command line shares (theme,
script, language) live in ``settings.json`` (``interview_desk.settings``); they are
re-read before each change so the GUI never overwrites what the CLI saved meanwhile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings

from interview_desk.paths import user_config_dir
from interview_desk.settings import Settings, load_settings, save_settings

log = logging.getLogger(__name__)

ORGANIZATION = "InterviewDesk"
APPLICATION = "interview-desk"


def view_settings() -> QSettings:
    return QSettings(str(user_config_dir() / "window.ini"), QSettings.Format.IniFormat)


def display_prefs() -> Settings:
    return load_settings()


def save_display_pref(name: str, value: str) -> None:
    """Store one of theme/script/language; a failed write is logged, not fatal."""
    settings = load_settings()
    if getattr(settings, name) == value:
        return
    setattr(settings, name, value)
    try:
        save_settings(settings)
    except OSError as exc:
        log.warning("could not save %s=%s: %s", name, value, exc)


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def read_str(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default


def read_int(settings: QSettings, key: str, default: int = 0) -> int:
    try:
        return int(settings.value(key, default))
    except (TypeError, ValueError):
        return default
