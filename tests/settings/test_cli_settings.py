"""``interview-desk settings show|set|reset`` and the setting options of ``ask``, through
the real entry point; every bad value is one line on stderr and exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_desk.cli import main
from interview_desk.settings import RULES, Settings, load_settings, save_settings, settings_path


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_show_json_is_the_file(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(Settings(theme="dark", n_ctx=8192))
    assert main(["settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == Settings(theme="dark", n_ctx=8192).to_dict()


def test_show_lists_every_user_setting_with_its_rule(isolated_home: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines[1:]]
    assert names == [n for n, r in RULES.items() if not r.internal]
    n_ctx = next(line for line in lines if line.startswith("n_ctx "))
    assert "4096" in n_ctx and "512..131072" in n_ctx


def test_set_changes_one_field_and_keeps_the_rest(isolated_home: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(Settings(theme="dark", user_folders=["/notes"]))
    assert main(["settings", "set", "temperature", "1"]) == 0
    assert main(["settings", "set", "n_gpu_layers", "-1"]) == 0
    assert main(["settings", "set", "model_paths", '["/models"]']) == 0
    s = load_settings()
    assert (s.temperature, s.n_gpu_layers, s.model_paths) == (1.0, -1, ["/models"])
    assert (s.theme, s.user_folders) == ("dark", ["/notes"])
    assert main(["settings", "reset", "n_gpu_layers"]) == 0
    assert load_settings().n_gpu_layers == 0
    assert "n_gpu_layers = 0 (default)" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["settings", "set", "theme", "klingon"], "theme must be one of system | light | dark"),
    (["settings", "set", "n_ctx", "-5"], "n_ctx must be between 512 and 131072, got -5"),
    (["settings", "set", "n_ctx", "lots"], "n_ctx must be a whole number"),
    (["settings", "set", "model_paths", "/m"], "model_paths must be a JSON list"),
    (["settings", "set", "colour", "red"], "unknown setting 'colour'"),
    (["settings", "set", "schema_version", "2"], "unknown setting 'schema_version'"),
    (["settings", "reset", "colour"], "unknown setting 'colour'"),
    (["settings", "set", "theme"], "VALUE"),
])
def test_set_rejects_bad_input(isolated_home: Path, capsys: pytest.CaptureFixture[str],
                               argv: list[str], message: str) -> None:
    save_settings(Settings(theme="dark"))
    before = settings_path().read_bytes()
    assert main(argv) == 2
    assert message in _one_line_error(capsys)
    assert settings_path().read_bytes() == before


@pytest.mark.parametrize("argv, message", [
    (["ask", "q", "--temperature", "9"], "temperature must be between -1 and 2, got 9"),
    (["ask", "q", "--n-ctx", "-5"], "n_ctx must be between 512 and 131072"),
    (["ask", "q", "--top-p", "x"], "top_p must be a number"),
    (["ask", "q", "--remote", "ftp://h"], "remote_url must be empty or an http"),
])
def test_ask_options_are_checked_by_the_settings_rules(
        isolated_home: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        message: str) -> None:
    assert main(argv) == 2
    assert message in _one_line_error(capsys)


def test_help_and_version_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "--help"]) == 0
    assert "show" in capsys.readouterr().out
    assert main(["--version"]) == 0
