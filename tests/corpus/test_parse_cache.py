"""The parsed-corpus cache: same corpus as a fresh parse, no parser import when cached."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from interview_desk.corpus import loader, parse_cache


def test_a_cached_load_equals_a_fresh_parse(isolated_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    doc = folder / "notes.md"
    doc.write_text("# 笔记\n\n## 基础\n\n### 1. 什么是注意力？\n\n加权求和。\n", encoding="utf-8")
    (folder / "empty.md").write_text("   \n", encoding="utf-8")
    first = loader.load_corpus([folder])
    assert list(isolated_home.rglob("parsed-*.pickle")), "nothing was cached"
    again = loader.load_corpus([folder])
    assert again.entries == first.entries and again.sources == first.sources
    assert again.warnings == first.warnings and again.content_hash == first.content_hash
    assert again.skipped == first.skipped
    # a user folder's empty file is reported as skipped (not a warning), cached or not
    assert any("empty.md" in w for w in again.skipped)
    doc.write_text("# 笔记\n\n## 基础\n\n### 1. 什么是位置编码？\n\n位置。\n", encoding="utf-8")
    changed = loader.load_corpus([folder])
    assert "位置编码" in changed.entries[-1].question  # new bytes: parsed afresh
    assert changed.content_hash != first.content_hash


def test_a_damaged_cache_is_parsed_again(isolated_home: Path) -> None:
    first = loader.load_corpus([])
    for path in isolated_home.rglob("parsed-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert loader.load_corpus([]).entries == first.entries


def test_a_cached_load_does_not_import_the_parser(isolated_home: Path) -> None:
    # Every command paid the parser's import and the KaTeX repair pass on each run.
    script = ("import sys\nfrom interview_desk.corpus import load_corpus\n"
              "assert load_corpus([]).entries\n"
              "print('interview_desk.corpus.parser' in sys.modules)\n")
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(isolated_home)}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env=env, timeout=120, check=True).stdout.strip()
            for _ in range(2)]
    assert runs == ["True", "False"]


def test_the_key_follows_the_parser_code() -> None:
    signature = parse_cache.code_signature()
    assert signature is not None and "parser.py:" in signature and "katex.py:" in signature
