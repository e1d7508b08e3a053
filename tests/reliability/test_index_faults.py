"""The search index: damaged segments, a deleted segment, unwritable or full cache, races."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.reliability.conftest import REPO, Run, assert_clean, cli, fill_disk

if TYPE_CHECKING:  # tests/conftest.py's fixture (importing it would run the set-up twice)
    from tests.conftest import Mounts


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose cache holds a finished index (built once for the module)."""
    home = tmp_path_factory.mktemp("index-home")
    assert_clean(cli(home, "index", "rebuild", timeout=300))
    return home / "cache"


def _home_with_cache(tmp_path: Path, built_cache: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(built_cache, home / "cache", symlinks=True)
    return home


def _segments(home: Path) -> list[Path]:
    return sorted((home / "cache" / "search").rglob("*.seg"))


def _truncate(p: Path) -> None:
    os.truncate(p, p.stat().st_size // 2)


def _randomize(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) // 3: len(data) // 3 + 4096] = os.urandom(4096)
    p.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated-segment": _truncate,
    "random-bytes-in-segment": _randomize,
    "zero-length-segment": lambda p: os.truncate(p, 0),
    "deleted-segment": lambda p: p.unlink(),
    "deleted-toc": lambda p: [t.unlink() for t in p.parent.glob("*.toc")],
    "garbage-ready-marker": lambda p: (p.parent / "ready.json").write_text("{not json"),
}


def _search_ok(run: Run) -> list[dict[str, object]]:
    assert_clean(run)
    hits = json.loads(run.out)
    assert hits, "no hits for a query the corpus answers"
    return hits  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_index_is_rebuilt_once_and_answers(tmp_path: Path, built_cache: Path,
                                                     kind: str) -> None:
    home = _home_with_cache(tmp_path, built_cache)
    DAMAGE[kind](_segments(home)[0])
    first = cli(home, "search", "attention", "--json", "--limit", "3")
    _search_ok(first)
    assert len(first.err_lines) <= 1, first.err  # at most one line saying it rebuilt
    second = cli(home, "search", "kv cache", "--json", "--limit", "3")
    _search_ok(second)
    assert second.err_lines == [], second.err  # rebuilt once, not at every start


def test_truncating_the_open_index_does_not_kill_a_running_search(
        tmp_path: Path, built_cache: Path) -> None:
    # Was SIGBUS: whoosh mapped the segment files; a file cut under the map killed the
    # process. It now maps a private copy (search/private_copy.py).
    home = _home_with_cache(tmp_path, built_cache)
    queries = "\n".join(["attention", "kv cache", "RoPE", "LoRA"] * 40) + "\n"
    env = dict(os.environ, INTERVIEW_DESK_HOME=str(home), PYTHONPATH=str(REPO / "desktop"))
    proc = subprocess.Popen([sys.executable, "-m", "interview_desk", "search", "--stdin",
                             "--json", "--limit", "2"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("attention\n")
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())  # the index is open and mapped now
    for seg in _segments(home):
        _truncate(seg)
    out, err = proc.communicate(queries, timeout=120)
    assert proc.returncode == 0, (proc.returncode, err[-500:])
    assert "Traceback" not in err
    assert len(out.splitlines()) == 160


def test_two_rebuilds_at_once_both_finish_and_search_answers(tmp_path: Path,
                                                             built_cache: Path) -> None:
    home = _home_with_cache(tmp_path, built_cache)
    runs: list[Run] = []
    threads = [threading.Thread(target=lambda: runs.append(
        cli(home, "index", "rebuild", timeout=300))) for _ in range(2)]
    for t in threads:
        t.start()
    searcher = cli(home, "search", "attention", "--json", "--limit", "2")  # during them
    for t in threads:
        t.join()
    for run in runs:
        assert_clean(run)
    _search_ok(searcher)
    _search_ok(cli(home, "search", "attention", "--json", "--limit", "2"))


def test_a_cache_path_that_is_a_file_still_searches_or_says_why(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").write_text("not a folder")
    run = cli(home, "search", "attention", "--limit", "2")
    assert run.rc in (0, 2), run.err
    assert_clean(run, rc=run.rc)
    assert len(run.err_lines) <= 1, run.err


def test_a_full_disk_during_the_build_is_one_line_and_leaves_no_litter(
        tmp_path: Path, mounts: Mounts) -> None:
    disk = mounts.tmpfs(tmp_path / "disk", "size=3072k")  # a real ENOSPC from the kernel
    run = cli(disk, "search", "attention", "--limit", "2", timeout=300)
    assert_clean(run, rc=2)
    assert len(run.err_lines) == 1, run.err
    assert "space" in run.err_lines[0].lower() or "disk" in run.err_lines[0].lower(), run.err
    # Nothing half-built is left to fill the disk for good (jieba's temp file, segments).
    used = sum(f.stat().st_size for f in disk.rglob("*") if f.is_file())
    assert used < 1024 * 1024, sorted(str(f) for f in disk.rglob("*"))


def test_a_full_disk_with_a_good_index_keeps_answering(tmp_path: Path, mounts: Mounts,
                                                       built_cache: Path) -> None:
    size = sum(f.stat().st_size for f in built_cache.rglob("*") if f.is_file())
    disk = mounts.tmpfs(tmp_path / "disk", f"size={size // 1024 + 512}k")
    shutil.copytree(built_cache, disk / "cache", symlinks=True)
    fill_disk(disk / "filler")  # fill what is left
    run = cli(disk, "search", "attention", "--json", "--limit", "2")
    _search_ok(run)
    assert run.err_lines == [], run.err
