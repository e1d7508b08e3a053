"""Pointing the importer at a wrong folder, or at a folder holding a file it cannot read,
is reported in the learner's language, naming the path (real folders and files)."""

from __future__ import annotations

from pathlib import Path

from interview_desk.corpus.importer import preview_folder
from interview_desk.corpus.loader import load_corpus
from interview_desk.strings import set_language


def test_a_missing_folder(language: str, tmp_path: Path) -> None:
    folder = tmp_path / "no-such-notes"
    preview = preview_folder(folder)
    assert preview.files == []
    assert preview.warnings == [{"en": f"{folder}: folder not found, skipped",
                                 "zh": f"{folder}：找不到文件夹，已跳过"}[language]]


def test_a_file_instead_of_a_folder_when_loading(language: str, tmp_path: Path) -> None:
    file = tmp_path / "notes.md"
    file.write_text("# Q1\n\nA1\n", encoding="utf-8")
    corpus = load_corpus([file], include_builtin=False)
    assert corpus.warnings == [{"en": f"{file}: not a folder, skipped",
                                "zh": f"{file}：不是文件夹，已跳过"}[language]]


def test_an_unreadable_document_is_skipped_with_the_reason(language: str,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "empty.md").write_bytes(b"  \n")
    (folder / "binary.md").write_bytes(b"\x00\x01PK")
    preview = preview_folder(folder)
    reasons = {Path(f.path).name: f.skipped for f in preview.files}
    assert reasons == {"en": {"binary.md": "binary file, not Markdown text",
                              "empty.md": "empty file"},
                       "zh": {"binary.md": "二进制文件，不是 Markdown 文本",
                              "empty.md": "空文件"}}[language]
    corpus = load_corpus([folder], include_builtin=False)  # the reasons in the log
    empty = folder / "empty.md"
    assert {"en": f"{empty}: empty file, skipped",
            "zh": f"{empty}：空文件，已跳过"}[language] in corpus.skipped


def test_the_parse_cache_keeps_each_language_s_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "empty.md").write_bytes(b"\n")
    load_corpus([folder], include_builtin=False)  # English reasons now in the cache
    try:
        set_language("zh")
        assert load_corpus([folder], include_builtin=False).skipped == [
            f"{folder / 'empty.md'}：空文件，已跳过"]
    finally:
        set_language("en")
