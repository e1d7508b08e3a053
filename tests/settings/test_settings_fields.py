"""Each settings field carries its rule; ``from_dict`` keeps the default for a bad value."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path
from typing import get_args

import pytest

from interview_desk.errors import SettingsError
from interview_desk.script import Script
from interview_desk.setting_rules import Rule
from interview_desk.settings import RULES, SCRIPTS, Settings, load_settings, settings_path

DEFAULTS = Settings()


@pytest.mark.parametrize("name, bad", [
    ("theme", "klingon"),
    ("language", "fr"),
    ("script", 1),
    ("n_ctx", -5),
    ("n_ctx", 4096.5),
    ("n_ctx", "4096"),
    ("n_gpu_layers", True),  # a bool is an int to Python, not a layer count
    ("n_threads", 10_000),
    ("temperature", "hot"),
    ("temperature", float("nan")),
    ("top_p", 0.0),
    ("max_tokens", 0),
    ("user_folders", "/one/folder"),
    ("model_paths", [1, 2]),
    ("remote_url", "ftp://example.org"),
    ("model", None),
])
def test_a_bad_value_is_logged_and_the_default_kept(name: str, bad: object,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    good = {"theme": "dark", "n_ctx": 8192}
    with caplog.at_level(logging.WARNING, logger="interview_desk.settings"):
        loaded = Settings.from_dict({**good, name: bad})
    assert getattr(loaded, name) == getattr(DEFAULTS, name)
    kept = {k: v for k, v in good.items() if k != name}
    assert all(getattr(loaded, k) == v for k, v in kept.items())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and name in warnings[0] and "\n" not in warnings[0]


def test_good_values_load_and_ints_widen_to_floats() -> None:
    data = {"theme": "dark", "script": "traditional", "n_ctx": 512, "n_gpu_layers": -1,
            "temperature": 1, "top_p": 1.0, "user_folders": ["/a", "/b"],
            "remote_url": "http://127.0.0.1:8080", "unknown_key": 3, "schema_version": 99}
    loaded = Settings.from_dict(data)
    assert (loaded.theme, loaded.script, loaded.n_ctx, loaded.n_gpu_layers) == (
        "dark", "traditional", 512, -1)
    assert loaded.temperature == 1.0 and isinstance(loaded.temperature, float)
    assert loaded.user_folders == ["/a", "/b"] and loaded.remote_url.startswith("http://")
    assert loaded.schema_version == DEFAULTS.schema_version  # the app owns it
    assert "unknown_key" not in loaded.to_dict()


def test_a_real_file_with_bad_values(isolated_home: Path) -> None:
    path = settings_path()
    path.write_text(json.dumps({"theme": "klingon", "n_ctx": -5, "language": "zh"}),
                    encoding="utf-8")
    loaded = load_settings()
    assert (loaded.theme, loaded.n_ctx, loaded.language) == ("system", 4096, "zh")
    path.write_text("[1, 2]", encoding="utf-8")
    assert load_settings() == Settings()
    path.write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings()


def test_every_field_has_a_rule_that_allows_its_default() -> None:
    assert set(RULES) == {f.name for f in dataclasses.fields(Settings)}
    for name, rule in RULES.items():
        assert rule.description
        assert rule.check(name, getattr(DEFAULTS, name)) == getattr(DEFAULTS, name)


def test_script_choices_match_the_script_type() -> None:
    assert get_args(Script) == SCRIPTS


def test_a_bool_rule_accepts_only_bools() -> None:
    rule = Rule("bool", "a switch")
    assert rule.check("flag", True) is True
    for bad in ("yes", 1, 0, None, "false"):
        with pytest.raises(SettingsError, match="flag must be true or false"):
            rule.check("flag", bad)
    assert rule.parse("flag", "yes") is True and rule.parse("flag", "OFF") is False
    with pytest.raises(SettingsError):
        rule.parse("flag", "maybe")


@pytest.mark.parametrize("name, text, value", [
    ("n_ctx", "8192", 8192), ("temperature", "0.7", 0.7), ("theme", "dark", "dark"),
    ("model_paths", '["/m"]', ["/m"]), ("model_paths", "", []), ("remote_url", "", ""),
])
def test_text_is_parsed_through_the_rule(name: str, text: str, value: object) -> None:
    assert RULES[name].parse(name, text) == value


@pytest.mark.parametrize("name, text, message", [
    ("n_ctx", "big", "n_ctx must be a whole number, got 'big'"),
    ("n_ctx", "1e9", "n_ctx must be a whole number"),
    ("temperature", "inf", "temperature must be a finite number"),
    ("temperature", "3", "temperature must be between -1 and 2, got 3"),
    ("model_paths", "/m", "model_paths must be a JSON list of text"),
    ("theme", "klingon", "theme must be one of system | light | dark, got 'klingon'"),
])
def test_bad_text_gets_one_line(name: str, text: str, message: str) -> None:
    with pytest.raises(SettingsError) as err:
        RULES[name].parse(name, text)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
