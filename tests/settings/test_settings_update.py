"""``update_settings`` / ``edit_settings``: read-modify-write of only the given fields,
checked, atomic, and safe against another writer (thread or process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from interview_desk import settings as settings_module
from interview_desk.errors import SettingsError
from interview_desk.settings import (
    Settings,
    edit_settings,
    load_settings,
    save_settings,
    settings_path,
    update_settings,
)

REPO = Path(__file__).resolve().parents[2]


def _file() -> dict[str, object]:
    return json.loads(settings_path().read_text(encoding="utf-8"))


def test_only_the_given_fields_change(isolated_home: Path) -> None:
    save_settings(Settings(theme="dark", user_folders=["/notes"], language="zh"))
    before = _file()
    result = update_settings(n_ctx=8192, temperature=1)
    assert _file() == {**before, "n_ctx": 8192, "temperature": 1.0}
    assert (result.theme, result.user_folders, result.language) == ("dark", ["/notes"], "zh")
    assert result.n_ctx == 8192 and result.temperature == 1.0
    assert load_settings() == result


@pytest.mark.parametrize("changes, message", [
    ({"theme": "klingon"}, "theme must be one of"),
    ({"n_ctx": -5}, "n_ctx must be between 512 and 131072, got -5"),
    ({"no_such_setting": 1}, "unknown setting 'no_such_setting'"),
    ({"schema_version": 7}, "unknown setting 'schema_version'"),
])
def test_a_bad_change_raises_and_writes_nothing(isolated_home: Path, changes: dict[str, object],
                                                message: str) -> None:
    save_settings(Settings(theme="dark"))
    before = settings_path().read_bytes()
    with pytest.raises(SettingsError, match=message):
        update_settings(**changes)
    assert settings_path().read_bytes() == before


def test_edit_checks_what_the_block_changed(isolated_home: Path) -> None:
    save_settings(Settings(theme="dark"))
    with pytest.raises(SettingsError, match="n_threads"), edit_settings() as s:
        s.n_threads = -3
    assert load_settings().n_threads == 0


def test_no_change_no_write(isolated_home: Path) -> None:
    save_settings(Settings(theme="dark"))
    os.utime(settings_path(), (1, 1))
    update_settings(theme="dark")
    assert settings_path().stat().st_mtime == 1


def test_concurrent_appends_from_threads_are_all_kept(isolated_home: Path) -> None:
    def add(prefix: str) -> None:
        for i in range(25):
            with edit_settings() as s:
                s.user_folders.append(f"/{prefix}/{i}")

    threads = [threading.Thread(target=add, args=(p,)) for p in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    folders = load_settings().user_folders
    assert sorted(folders) == sorted(f"/{p}/{i}" for p in "ab" for i in range(25))


def test_a_cli_write_waits_for_the_gui_and_both_changes_survive(isolated_home: Path) -> None:
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(isolated_home),
           "PYTHONPATH": str(REPO / "desktop")}
    with edit_settings() as s:
        cli = subprocess.Popen([sys.executable, "-m", "interview_desk", "settings", "set",
                                "language", "en"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)  # long enough for the CLI to reach the lock (or, unlocked, write)
        assert not settings_path().exists() or _file().get("language") != "en"
        s.theme = "dark"
    _, err = cli.communicate(timeout=60)
    assert cli.returncode == 0, err
    assert (load_settings().theme, load_settings().language) == ("dark", "en")


def test_a_held_lock_times_out_in_one_line(isolated_home: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "_LOCK_TIMEOUT_S", 0.2)
    errors: list[str] = []

    def other_writer() -> None:
        try:
            update_settings(theme="light")
        except SettingsError as exc:
            errors.append(str(exc))

    with edit_settings():
        t = threading.Thread(target=other_writer)
        t.start()
        t.join(timeout=30)
    assert len(errors) == 1 and "being written by another" in errors[0]
    assert "\n" not in errors[0]
