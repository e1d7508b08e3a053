"""Settings files: garbage, wrong types, unknown keys, deep nesting, a held lock."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from tests.reliability.conftest import assert_clean, assert_refused, cli
from tests.ui.conftest import desk_home, make_window  # noqa: F401 (fixtures)

BAD_JSON = {
    "garbage": "{garbage",
    "truncated": '{"theme": "da',
    "nested-deep": "[" * 100_000 + "]" * 100_000,
    "a-list": "[1, 2, 3]",
    "a-string": '"hello"',
    "binary": "\x00\x01\x02\xff",
}


def _write_settings(home: Path, text: str) -> Path:
    path = home / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    return path


@pytest.mark.parametrize("case", list(BAD_JSON))
def test_an_unreadable_settings_file_gives_defaults_and_is_kept_aside(
        home: Path, case: str) -> None:
    # "[[[[..." 100,000 deep was a RecursionError: nothing started at all.
    path = _write_settings(home, BAD_JSON[case])
    run = cli(home, "settings", "show", "--json")
    assert_clean(run)
    assert isinstance(json.loads(run.out), dict)
    kept = list(path.parent.glob("settings.json.corrupt-*"))
    assert len(kept) == 1, list(path.parent.iterdir())
    # Was: only logged. Now one line on stderr says so and where the file went.
    assert len(run.err_lines) == 1, run.err
    assert "damaged" in run.err and "the default settings are used" in run.err
    assert kept[0].name in run.err
    assert kept[0].read_text(encoding="utf-8", errors="surrogateescape") == BAD_JSON[case]
    # The next save starts a clean file; the damaged one is still there.
    assert_clean(cli(home, "settings", "set", "theme", "dark"))
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "dark"
    assert kept[0].exists()


WRONG_TYPES = [
    {"user_folders": [123]}, {"user_folders": None}, {"user_folders": True},
    {"user_folders": "not-a-list"}, {"model_paths": [1, None, {}]}, {"theme": 7},
    {"n_ctx": "huge"}, {"n_ctx": 10**12}, {"temperature": -1e308}, {"language": ["zh"]},
    {"chat_format": "nonexistent-format"}, {"no_such_key": 1, "another": {"x": [1]}},
]


@pytest.mark.parametrize("data", WRONG_TYPES, ids=[next(iter(d)) + str(i)
                                                   for i, d in enumerate(WRONG_TYPES)])
def test_wrong_typed_fields_fall_back_per_field_and_every_command_still_works(
        home: Path, data: dict[str, object]) -> None:
    path = _write_settings(home, json.dumps({**data, "max_tokens": 99}))
    stats = cli(home, "corpus", "stats", "--json")
    assert_clean(stats)
    assert json.loads(stats.out)["total"]["sources"] >= 5  # the shipped corpus still loads
    if "model_paths" in data or "chat_format" in data:
        assert_clean(cli(home, "models", "list"))
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["max_tokens"] == 99  # the good field is kept
    kept = list(path.parent.glob("settings.json.corrupt-*"))
    # Unknown keys are not damage (a newer version's); any text is a chat_format value
    # (the tutor says so when it loads a model with a format llama.cpp does not know).
    if "no_such_key" in data or "chat_format" in data:
        assert stats.err_lines == [] and kept == []
        return
    # Was: only logged, every run. Now: one line, once; the file is kept as it was and
    # saved again without the bad field.
    bad = next(iter(data))
    assert len(stats.err_lines) == 1 and f"wrong values for {bad}" in stats.err, stats.err
    assert len(kept) == 1 and json.loads(kept[0].read_text(encoding="utf-8"))[bad] == data[bad]
    assert bad not in saved or saved[bad] != data[bad]
    again = cli(home, "settings", "show")
    assert_clean(again)
    assert again.err_lines == []


def test_a_lock_held_by_another_process_is_one_line_not_a_hang(home: Path) -> None:
    path = _write_settings(home, "{}")
    fd = os.open(path.with_name("settings.json.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        run = cli(home, "settings", "set", "theme", "dark")
        assert_refused(run, "another interview-desk process")
        assert_clean(cli(home, "settings", "show"))  # reading needs no lock
    finally:
        os.close(fd)
    assert_clean(cli(home, "settings", "set", "theme", "dark"))


# -- the window: the same damage is shown on screen --------------------------------------
def _error_box_text(window: object) -> str:
    from PySide6.QtWidgets import QMessageBox

    box = window.findChild(QMessageBox, "errorBox")  # type: ignore[attr-defined]
    return box.text() if box is not None else ""


def test_the_window_says_a_damaged_settings_file_was_kept_aside(
        make_window, qtbot, desk_home: Path) -> None:  # noqa: F811
    path = _write_settings(desk_home, '{"theme": "dark", ')
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: "settings.json was damaged" in _error_box_text(window),
                    timeout=20_000)
    kept = list(path.parent.glob("settings.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].name in _error_box_text(window)
    assert window.theme_choice == "system"  # the defaults
    assert window.tree.visible_entry_ids()  # and the app goes on


def test_the_window_names_wrong_typed_fields(make_window, qtbot,  # noqa: F811
                                             desk_home: Path) -> None:  # noqa: F811
    path = _write_settings(desk_home, json.dumps({"theme": 7, "language": "en",
                                                  "user_folders": [123]}))
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: "wrong values for user_folders, theme"
                    in _error_box_text(window), timeout=20_000)
    assert json.loads(path.read_text(encoding="utf-8"))["language"] == "en"
    assert window.desk.corpus is not None and len(window.desk.corpus.entries) > 100


WINDOW_INI = {
    "binary": b"\x00\x01\xff[[[=\n\x00zz\xfe",
    "wrong-types": b"[window]\ngeometry=hello\nsideTab=abc\n[reader]\nzoom=1e308\n",
}


@pytest.mark.parametrize("case", list(WINDOW_INI))
def test_a_damaged_window_state_gives_the_default_layout_with_a_message(
        make_window, qtbot, desk_home: Path, case: str) -> None:  # noqa: F811
    ini = desk_home / "config" / "window.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_bytes(WINDOW_INI[case])
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: "window layout (window.ini) was damaged"
                    in _error_box_text(window), timeout=20_000)
    kept = list(ini.parent.glob("window.ini.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == WINDOW_INI[case]
    assert window.centre.zoom() == 1.0 and window.side.currentIndex() == 0
    window.close()  # saves a good layout over it
    from PySide6.QtCore import QSettings

    assert QSettings(str(ini), QSettings.Format.IniFormat).status() == \
        QSettings.Status.NoError
