"""load_corpus with users' folders: bad files are skipped with a warning, nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interview_desk.corpus import load_corpus
from interview_desk.settings import Settings, save_settings

GOOD = "# 我的笔记\n\n## 什么是 RoPE？\n\n旋转位置编码。\n\n## Why KV cache?\n\nSpeed.\n"


def _folder(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return folder


def test_user_folder_loads_with_generic_layout(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.md": GOOD, "sub/b.markdown": "1. 什么是 LoRA？\n\n低秩。\n"})
    corpus = load_corpus([folder], include_builtin=False)
    assert corpus.warnings == []
    assert [s.file for s in corpus.sources] == ["notes/a.md", "notes/sub/b.markdown"]
    a = corpus.by_source("notes/a.md")
    assert [(e.question, e.answer) for e in a] == [
        ("什么是 RoPE？", "旋转位置编码。"), ("Why KV cache?", "Speed.")]
    assert a[0].section_path == ("我的笔记",)
    assert corpus.sources[0].builtin is False and corpus.sources[0].layout == "generic"
    assert corpus.folders == [str(folder.resolve())]


def test_bad_files_are_skipped_with_a_warning_naming_them(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {
        "good.md": GOOD,
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "latin1.md": "## Qu'est-ce que c'est ?\n\nÉté.".encode("latin-1"),
        "empty.md": b"   \n\n",
        "prose.md": "Just some notes without any question.\n",
    })
    (folder / "dangling.md").symlink_to(folder / "does-not-exist.md")
    corpus = load_corpus([folder], include_builtin=False)
    assert [s.file for s in corpus.sources] == ["notes/good.md"]
    assert len(corpus.entries) == 2
    # Files of a user folder are listed as skipped, not as warnings every command repeats.
    assert corpus.warnings == []
    text = "\n".join(corpus.skipped)
    for name in ("binary.md", "latin1.md", "empty.md", "prose.md", "dangling.md"):
        assert name in text
    assert all("\n" not in w and w.endswith("skipped") for w in corpus.skipped)
    assert "not UTF-8" in text and "binary" in text and "empty" in text


def test_missing_and_non_folder_paths_warn(tmp_path: Path) -> None:
    file_path = tmp_path / "file.md"
    file_path.write_text(GOOD, encoding="utf-8")
    corpus = load_corpus([tmp_path / "nope", file_path])
    assert len(corpus.sources) == 5  # the built-in documents still load
    assert any("nope" in w and "not found" in w for w in corpus.warnings)
    assert any("file.md" in w and "not a folder" in w for w in corpus.warnings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_unreadable_folder_warns(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.md": GOOD, "locked/b.md": GOOD})
    (folder / "locked").chmod(0)
    try:
        corpus = load_corpus([folder], include_builtin=False)
    finally:
        (folder / "locked").chmod(0o755)
    assert [s.file for s in corpus.sources] == ["notes/a.md"]
    assert any("locked" in w for w in corpus.warnings)


def test_utf16_and_bom_are_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"u16.md": GOOD.encode("utf-16"),
                                "bom.md": b"\xef\xbb\xbf" + GOOD.encode()})
    corpus = load_corpus([folder], include_builtin=False)
    assert corpus.warnings == [] and len(corpus.entries) == 4
    assert len({e.id for e in corpus.entries}) == 4


def test_same_file_name_in_two_folders_keeps_ids_unique(tmp_path: Path) -> None:
    one, two = tmp_path / "x" / "notes", tmp_path / "y" / "notes"
    for folder in (one, two):
        folder.mkdir(parents=True)
        (folder / "a.md").write_text(GOOD, encoding="utf-8")
    corpus = load_corpus([one, two], include_builtin=False)
    assert len(corpus.entries) == 4
    assert len({e.id for e in corpus.entries}) == 4


def test_content_hash_tracks_bytes_and_folders(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.md": GOOD})
    other = tmp_path / "other"
    other.mkdir()
    base = load_corpus([folder]).content_hash
    assert load_corpus([folder]).content_hash == base  # deterministic
    assert load_corpus([]).content_hash != base
    assert load_corpus([folder, other]).content_hash != base
    (folder / "a.md").write_text(GOOD + "\n", encoding="utf-8")
    assert load_corpus([folder]).content_hash != base
    (folder / "new.md").write_text("no questions\n", encoding="utf-8")
    changed = load_corpus([folder]).content_hash
    (folder / "new.md").unlink()
    assert load_corpus([folder]).content_hash != changed


def test_none_reads_folders_from_settings(isolated_home: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.md": GOOD})
    save_settings(Settings(user_folders=[str(folder)]))
    corpus = load_corpus()
    assert [s.file for s in corpus.sources][-1] == "notes/a.md"
    assert len(corpus.sources) == 6


def test_missing_builtin_documents_warn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "resources"
    (empty / "qa").mkdir(parents=True)
    monkeypatch.setenv("INTERVIEW_DESK_RESOURCES", str(empty))
    corpus = load_corpus([])
    assert corpus.entries == [] and len(corpus.warnings) == 1
    assert "built-in Q&A documents are missing" in corpus.warnings[0]


def test_content_hash_ignores_where_the_app_is_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from interview_desk.paths import qa_dir

    base = load_corpus([]).content_hash
    moved = tmp_path / "elsewhere"
    shutil.copytree(qa_dir(), moved / "qa")
    monkeypatch.setenv("INTERVIEW_DESK_RESOURCES", str(moved))
    assert load_corpus([]).content_hash == base
    (moved / "qa" / "000_6e52044bc7ed58c7.md").chmod(0o644)
    with (moved / "qa" / "000_6e52044bc7ed58c7.md").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert load_corpus([]).content_hash != base


def test_odd_folder_settings_warn_instead_of_raising(tmp_path: Path) -> None:
    corpus = load_corpus(["", "bad\x00path", "~no-such-user-xyz/notes"])
    assert len(corpus.sources) == 5 and len(corpus.warnings) == 3
    assert all("skipped" in w for w in corpus.warnings)


def test_huge_folders_are_cut_short_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_desk.corpus import loader_io as loader

    folder = _folder(tmp_path, {f"d{i}/q.md": GOOD for i in range(6)})
    monkeypatch.setattr(loader, "MAX_FOLDER_DIRS", 3)
    corpus = load_corpus([folder], include_builtin=False)
    assert 0 < len(corpus.sources) < 6
    assert any("too many files or folders" in w for w in corpus.warnings)
    monkeypatch.setattr(loader, "MAX_FOLDER_DIRS", 100)
    monkeypatch.setattr(loader, "MAX_FOLDER_FILES", 4)
    corpus = load_corpus([folder], include_builtin=False)
    assert len(corpus.sources) == 4


def test_adding_the_builtin_folder_does_not_duplicate_it() -> None:
    from interview_desk.paths import qa_dir

    corpus = load_corpus([qa_dir()])
    assert len(corpus.entries) == 414 and corpus.folders == []
    assert len(corpus.warnings) == 1 and "built-in" in corpus.warnings[0]
