"""Settings files: garbage, wrong types, unknown keys, deep nesting, a held lock."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from tests.reliability.conftest import assert_clean, assert_refused, cli

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
    _write_settings(home, json.dumps(data))
    stats = cli(home, "corpus", "stats", "--json")
    assert_clean(stats)
    assert json.loads(stats.out)["total"]["sources"] >= 5  # the shipped corpus still loads
    if "model_paths" in data or "chat_format" in data:
        assert_clean(cli(home, "models", "list"))


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
