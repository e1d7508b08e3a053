"""Where things live: shipped resources, and the user's data, cache and config.

``INTERVIEW_DESK_HOME`` puts all per-user folders under one directory (tests and
portable installs use it); otherwise platformdirs picks the platform's places.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from interview_desk import APP_NAME

_HOME_ENV = "INTERVIEW_DESK_HOME"
_RESOURCES_ENV = "INTERVIEW_DESK_RESOURCES"
USER_DATA_FILE = "interview-desk.sqlite3"  # in user_data_dir(); store.user_store owns it


def _home_override() -> Path | None:
    value = os.environ.get(_HOME_ENV)
    return Path(value).expanduser() if value else None


def _user_dir(kind: str) -> Path:
    home = _home_override()
    if home is not None:
        path = home / kind
    else:
        import platformdirs  # not needed (nor imported) with INTERVIEW_DESK_HOME

        finder = {
            "data": platformdirs.user_data_dir,
            "cache": platformdirs.user_cache_dir,
            "config": platformdirs.user_config_dir,
            "log": platformdirs.user_log_dir,
        }[kind]
        path = Path(finder(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir() -> Path:
    return _user_dir("data")


def user_cache_dir() -> Path:
    return _user_dir("cache")


def user_config_dir() -> Path:
    return _user_dir("config")


def user_log_dir() -> Path:
    return _user_dir("log")


def user_models_dir() -> Path:
    path = user_data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The shipped ``resources/`` folder, from a source tree, a wheel or a frozen build."""
    override = os.environ.get(_RESOURCES_ENV)
    candidates: list[Path] = []
    if override:
        candidates.append(Path(override))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_root = Path(__file__).resolve().parent
    candidates.append(package_root.parents[1] / "resources")  # source checkout / editable
    candidates.append(package_root / "data")  # wheel: resources mapped to interview_desk.data
    for candidate in candidates:
        if (candidate / "qa").is_dir():
            return candidate
    return candidates[-1]


def qa_dir() -> Path:
    return resources_dir() / "qa"


def app_models_dir() -> Path:
    """``models/`` next to the app: the checkout's top folder, or beside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(sys.executable).resolve().parent / "models"
    return Path(__file__).resolve().parents[2] / "models"
