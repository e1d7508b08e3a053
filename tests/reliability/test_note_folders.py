"""Note folders: `corpus add` on every kind of bad folder; the shipped corpus still loads."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.reliability.conftest import assert_clean, assert_refused, cli

from interview_desk.corpus.loader import load_corpus

GOOD = "# 基础\n\n## 1. 什么是注意力机制？\n\n注意力按相关性给每个位置加权。\n"


def _builtin_count() -> int:
    return len(load_corpus([], include_builtin=True).entries)


@pytest.fixture(scope="module")
def builtin_entries() -> int:
    return _builtin_count()


def _folder(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, str):
            path.write_text(body, encoding="utf-8")
        else:
            path.write_bytes(body)
    return folder


# name -> (files, the warning fragment expected for the bad file)
BAD_FILES: dict[str, tuple[dict[str, bytes | str], str]] = {
    "empty-file": ({"e.md": b""}, "empty file"),
    "binary": ({"b.md": bytes(range(256)) * 40}, "binary file"),
    "invalid-utf8": ({"u.md": b"# Q\n\n\xff\xfe\xfa broken \xc3\x28"}, "not UTF-8"),
    "huge-50mb": ({"h.md": b"# big\n\n" + b"x" * (50 * 1024 * 1024)}, "too large"),
    "no-questions": ({"n.md": "just prose, no headings at all\n"}, "no questions found"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_skipped_with_its_reason_and_the_rest_loads(
        tmp_path: Path, case: str, builtin_entries: int) -> None:
    files, fragment = BAD_FILES[case]
    folder = _folder(tmp_path, {**files, "good.md": GOOD})
    corpus = load_corpus([folder])
    # a user folder's file that gives nothing is reported as skipped, in one line
    assert any(fragment in w for w in corpus.skipped), corpus.skipped
    assert all("\n" not in w for w in corpus.skipped + corpus.warnings)
    assert len(corpus.entries) == builtin_entries + 1  # the good file and the shipped ones


def test_utf16_with_bom_and_deep_headings_load(tmp_path: Path, builtin_entries: int) -> None:
    deep = "".join(f"{'#' * min(level, 6)} 层{level}\n\n" for level in range(1, 200))
    folder = _folder(tmp_path, {
        "u16.md": "\ufeff".encode("utf-16-le")[:0] + GOOD.encode("utf-16"),
        "deep.md": deep + "## 1. 深层的问题是什么？\n\n答案。\n",
    })
    corpus = load_corpus([folder])
    assert len(corpus.entries) >= builtin_entries + 1, corpus.warnings


def test_ten_thousand_tiny_files_are_capped_not_hung(tmp_path: Path,
                                                     builtin_entries: int) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.md").write_text(f"## {i}. 问题{i}是什么？\n\n答{i}。\n",
                                            encoding="utf-8")
    started = time.monotonic()
    corpus = load_corpus([folder])
    assert time.monotonic() - started < 120
    assert any("too many files" in w for w in corpus.warnings), corpus.warnings[:3]
    assert builtin_entries < len(corpus.entries) <= builtin_entries + 2000


def test_a_symlink_loop_is_not_followed_forever(tmp_path: Path, builtin_entries: int) -> None:
    folder = _folder(tmp_path, {"good.md": GOOD})
    (folder / "self").symlink_to(folder, target_is_directory=True)
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    corpus = load_corpus([folder])
    assert len(corpus.entries) == builtin_entries + 1, corpus.warnings


def test_a_folder_that_vanishes_while_read_loads_what_remains(
        tmp_path: Path, builtin_entries: int) -> None:
    folder = _folder(tmp_path, {f"{i:03d}.md": GOOD for i in range(300)})
    stop = threading.Event()

    def churn() -> None:  # delete and rewrite files while the loader walks and reads
        i = 0
        while not stop.is_set():
            target = folder / f"{i % 300:03d}.md"
            target.unlink(missing_ok=True)
            if i % 2:
                target.write_text(GOOD, encoding="utf-8")
            i += 1

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(5):
            corpus = load_corpus([folder])
            assert len(corpus.entries) >= builtin_entries
    finally:
        stop.set()
        worker.join()
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    corpus = load_corpus([folder])
    assert len(corpus.entries) == builtin_entries
    assert any("folder not found" in w for w in corpus.warnings)


SPECIAL: dict[str, Callable[[Path], None]] = {
    "fifo": lambda folder: os.mkfifo(folder / "x.md"),
    "dev-zero": lambda folder: (folder / "z.md").symlink_to("/dev/zero"),
    "dev-null": lambda folder: (folder / "n.md").symlink_to("/dev/null"),
    "dev-urandom": lambda folder: (folder / "r.md").symlink_to("/dev/urandom"),
}


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_fifos_and_devices_are_skipped_not_read(tmp_path: Path, kind: str,
                                                builtin_entries: int) -> None:
    # A FIFO blocked `corpus add` and the window forever; /dev/zero read until OOM.
    folder = _folder(tmp_path, {"good.md": GOOD})
    SPECIAL[kind](folder)
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(load_corpus([folder])), daemon=True)
    reader.start()
    reader.join(30)
    assert not reader.is_alive(), f"load_corpus hung on a {kind}"
    corpus = result[0]
    assert len(corpus.entries) == builtin_entries + 1  # type: ignore[attr-defined]


def test_corpus_add_of_a_fifo_folder_finishes_and_later_commands_work(
        tmp_path: Path, home: Path) -> None:
    folder = _folder(tmp_path, {"good.md": GOOD})
    os.mkfifo(folder / "x.md")
    run = cli(home, "corpus", "add", str(folder))
    assert_clean(run)
    assert "not a regular file" in run.err
    assert "1 questions" in run.out or "1 question" in run.out, run.out
    stats = cli(home, "corpus", "stats")
    assert_clean(stats)
    assert "000_" in stats.out  # the shipped corpus is still there


@pytest.mark.parametrize("make", ["missing", "file", "empty"])
def test_corpus_add_of_a_non_folder_is_one_line(tmp_path: Path, home: Path,
                                               make: str) -> None:
    target = tmp_path / "target"
    if make == "file":
        target.write_text(GOOD, encoding="utf-8")
    elif make == "empty":
        target.mkdir()
    run = cli(home, "corpus", "add", str(target))
    if make == "empty":  # allowed (the user may fill it later), said in one line
        assert_clean(run)
        assert "0 questions" in run.out
    else:
        assert_refused(run, str(target))


def test_unreadable_files_are_skipped(tmp_path: Path, builtin_entries: int) -> None:
    # As root, chmod 000 does not stop reads, so a dangling link stands in for
    # "cannot open" there; as a normal user the chmod'ed file is the case itself.
    folder = _folder(tmp_path, {"good.md": GOOD, "locked.md": GOOD})
    (folder / "locked.md").chmod(0)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    corpus = load_corpus([folder])
    expected = builtin_entries + (2 if os.geteuid() == 0 else 1)
    assert len(corpus.entries) == expected, corpus.warnings
    assert any("dangling.md" in w for w in corpus.skipped), corpus.skipped
