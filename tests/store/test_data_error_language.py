"""A bad data file to import, or a data file path that is a folder, is reported in the
learner's language, naming the path (real files, the real SQLite store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_desk.errors import StoreError
from interview_desk.store import UserStore
from interview_desk.store.transfer import FORMAT, FORMAT_VERSION, import_data, read_export


def _raised(call) -> str:
    with pytest.raises(StoreError) as caught:
        call()
    return str(caught.value)


def test_an_import_file_that_is_not_json(language: str, tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"format": "interview-desk", tables: [', encoding="utf-8")
    message = _raised(lambda: read_export(path))
    assert message.startswith({"en": f"{path} is not a JSON export of interview-desk data: ",
                               "zh": f"{path} 不是 interview-desk 数据的 JSON 导出文件："}
                              [language]), message


def test_an_import_file_of_something_else(language: str, tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"name": "left-pad", "version": "1.3.0"}), encoding="utf-8")
    assert _raised(lambda: read_export(path)) == {
        "en": f"{path} is not an interview-desk data export",
        "zh": f"{path} 不是 interview-desk 的数据导出文件"}[language]


def test_malformed_rows_are_refused_before_anything_is_written(language: str,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"format": FORMAT, "version": FORMAT_VERSION,
                                "tables": {"bookmarks": [{"oops": 1}]}}), encoding="utf-8")
    data = read_export(path)
    with UserStore.open(tmp_path / "user.sqlite3") as store:
        message = _raised(lambda: import_data(store, data))
        assert store.bookmarks() == []
    assert message.startswith({"en": "the export's bookmarks rows are malformed (each needs ",
                               "zh": "导出文件中 bookmarks 的行格式有误（每行都需要 "}[language])


def test_a_data_file_path_that_is_a_folder(language: str, tmp_path: Path) -> None:
    assert _raised(lambda: UserStore.open(tmp_path)) == {
        "en": f"the data file path {tmp_path} is a folder",
        "zh": f"数据文件路径 {tmp_path} 是一个文件夹"}[language]
