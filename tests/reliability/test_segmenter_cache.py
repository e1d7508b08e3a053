"""The Chinese segmenter's dictionary cache: a folder in its place, a read-only or full
cache folder. Each must search in Chinese anyway (the dictionary built in memory for the
run), print nothing of jieba's, and leave no temp file behind (jieba's is 9 MB a run)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.reliability.conftest import Run, assert_clean, cli, fill_disk

if TYPE_CHECKING:  # tests/conftest.py's fixture (importing it would run the set-up twice)
    from tests.conftest import Mounts

QUERY = "注意力机制"


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache with a finished index and the segmenter's dictionary file."""
    home = tmp_path_factory.mktemp("segmenter-home")
    assert_clean(cli(home, "index", "rebuild", timeout=300))
    assert list((home / "cache").glob("segmenter-*.bin"))
    return home / "cache"


def _copy_cache(built_cache: Path, cache: Path) -> str:
    """The index into ``cache``, without the dictionary file; returns that file's name."""
    shutil.copytree(
        built_cache,
        cache,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("segmenter-*.bin", "jieba.cache"),
    )
    return next(built_cache.glob("segmenter-*.bin")).name


def _chinese_search_ok(run: Run) -> None:
    assert_clean(run)
    assert "jieba" not in run.err.lower() and "Building prefix dict" not in run.err, run.err
    assert run.err_lines == [], run.err
    hits = json.loads(run.out)
    assert hits, "no hits for a Chinese query the corpus answers"


def _leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith("tmp") or p.name.endswith(".tmp")
    )


@pytest.mark.parametrize("which", ["jieba.cache", "segmenter"])
def test_a_folder_at_the_dictionary_cache_path_still_segments(
    tmp_path: Path, built_cache: Path, which: str
) -> None:
    home = tmp_path / "home"
    name = _copy_cache(built_cache, home / "cache")
    (home / "cache" / (name if which == "segmenter" else which)).mkdir()
    for _ in range(2):  # and again: nothing accumulates run after run
        _chinese_search_ok(cli(home, "search", QUERY, "--json", "--limit", "3", timeout=180))
    assert _leftovers(home / "cache") == []


def test_a_read_only_cache_folder_with_a_good_index_still_searches(
    tmp_path: Path, built_cache: Path, mounts: Mounts
) -> None:
    home = tmp_path / "home"
    cache = mounts.tmpfs(home / "cache", "size=64m")
    _copy_cache(built_cache, cache)
    mounts.read_only(cache)
    _chinese_search_ok(cli(home, "search", QUERY, "--json", "--limit", "3", timeout=180))
    assert _leftovers(cache) == []


def test_a_full_disk_under_the_dictionary_cache_still_segments(
    tmp_path: Path, built_cache: Path, mounts: Mounts
) -> None:
    home = tmp_path / "home"
    cache = mounts.tmpfs(home / "cache", "size=64m")  # then filled: it holds the index first
    _copy_cache(built_cache, cache)
    fill_disk(cache / "filler")
    for _ in range(2):
        _chinese_search_ok(cli(home, "search", QUERY, "--json", "--limit", "3", timeout=180))
    assert _leftovers(cache) == []


def test_a_read_only_empty_cache_folder_is_one_line(tmp_path: Path, mounts: Mounts) -> None:
    home = tmp_path / "home"
    mounts.tmpfs(home / "cache", "size=1m,ro")
    run = cli(home, "search", QUERY, "--json", "--limit", "3", timeout=180)
    assert_clean(run, rc=2)
    assert len(run.err_lines) == 1 and "search index" in run.err_lines[0], run.err
