"""``interview-desk search`` as a learner runs it: a fresh process each time.

The first process builds every cache (index, parsed corpus, segmenter dictionary,
thesaurus); later ones read them. Both must print exactly what the library returns, and
a later one must import only what the command needs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from relevance_eval import EXISTING, load_set

from interview_desk.corpus import load_corpus
from interview_desk.search import SearchIndex

REPO = Path(__file__).resolve().parents[2]
# The relevance set's queries, plus operators, filters and a typo (other code paths).
QUERIES = [q["q"] for q in load_set(EXISTING)] + [
    '"rope" OR 位置', "atention", "source:003 注意力", "difficulty:>=4 lora", "kv NOT cache",
    "atten*", "旋轉位置編碼 answered:no"]
# Never needed by a search (or only by a Chinese one: the Chinese dictionary and the
# script tables); each was imported by every search before issue 15.
NEVER = ("asyncio", "urllib.request", "email", "ssl", "pkg_resources", "jieba", "numpy",
         "whoosh.qparser", "whoosh.lang.morph_en", "logging.handlers", "interview_desk.store",
         "PySide6", "multiprocessing", "secrets")
LATIN_NEVER = ("opencc",)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-process-home")


# ``python -m interview_desk ARGS``, then every module the process imported, on stderr.
_LISTING = """
import runpy, sys
sys.argv[0] = "interview-desk"
try:
    runpy.run_module("interview_desk", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
print("MODULES " + " ".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _run(home: Path, *argv: str, stdin: str | None = None,
         list_modules: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(home),
           "PYTHONPATH": str(REPO / "desktop")}
    how = ["-c", _LISTING] if list_modules else ["-m", "interview_desk"]
    return subprocess.run([sys.executable, *how, *argv], env=env, input=stdin,
                          capture_output=True, text=True, timeout=600, check=True)


def _imported(stderr: str) -> set[str]:
    line = next(x for x in stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_cold_and_warm_processes_print_what_the_library_finds(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(QUERIES) + "\n"
    cold = _run(home, "search", "--stdin", "--json", stdin=lines)  # builds every cache
    warm = _run(home, "search", "--stdin", "--json", stdin=lines)
    assert warm.stdout == cold.stdout
    monkeypatch.setenv("INTERVIEW_DESK_HOME", str(home))
    with SearchIndex.open(load_corpus()) as index:
        expected = [[h.to_json() for h in index.search(q, limit=10).hits] for q in QUERIES]
    printed = [json.loads(line) for line in warm.stdout.splitlines()]
    assert printed == expected
    assert sum(map(len, printed)) > 5 * len(QUERIES)


@pytest.mark.parametrize("query", ["RoPE", "位置编码"])
def test_a_search_imports_only_what_it_needs(home: Path, query: str) -> None:
    _run(home, "search", "--json", query)  # the caches exist (or are made) first
    listed = _run(home, "search", "--json", query, list_modules=True)
    assert json.loads(listed.stdout)  # it did search
    imported = _imported(listed.stderr)
    assert "whoosh.searching" in imported  # the measurement works
    never = NEVER + (LATIN_NEVER if query.isascii() else ())
    assert sorted(m for m in imported
                  if any(m == n or m.startswith(n + ".") for n in never)) == []
