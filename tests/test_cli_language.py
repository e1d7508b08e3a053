"""The command line words the core's errors in Chinese only when the ``language``
setting says ``zh``: its own output is English, so ``auto`` stays English even under a
Chinese locale (the window follows the locale instead)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_desk import APP_NAME
from interview_desk.cli import main
from interview_desk.settings import update_settings
from interview_desk.strings import current_language, set_language


@pytest.fixture
def bad_export(isolated_home: Path, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    path = tmp_path / "export.json"
    path.write_text("[1, 2", encoding="utf-8")
    yield path
    set_language("en")


def test_language_zh_words_a_data_import_error_in_chinese(
        bad_export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update_settings(language="zh")
    assert main(["data", "import", str(bad_export)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{APP_NAME}: {bad_export} 不是 interview-desk 数据的 JSON "
                          "导出文件："), err


@pytest.mark.parametrize("setting", ["auto", "en"])
def test_otherwise_it_stays_english_under_a_chinese_locale(
        setting: str, bad_export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update_settings(language=setting)
    set_language("zh")  # the caller's language: the command words its own, then restores it
    assert main(["data", "import", str(bad_export)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{APP_NAME}: {bad_export} is not a JSON export of interview-desk "
                          "data: "), err
    assert current_language() == "zh"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_repaired_settings_file_is_reported_in_the_kept_language(
        language: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from interview_desk.settings import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"language": language, "theme": 7}), encoding="utf-8")
    try:
        assert main(["settings", "show", "--json"]) == 0
    finally:
        set_language("en")
    err = capsys.readouterr().err.strip()
    aside = next(path.parent.glob("settings.json.corrupt-*")).name
    assert err == f"{APP_NAME}: " + {
        "en": f"{path} had wrong values for theme; their defaults are used. The old file is "
              f"kept as {aside}.",
        "zh": f"{path} 中 theme 的值有误，现使用默认值。原文件保留为 {aside}。"}[language]
