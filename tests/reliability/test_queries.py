"""Odd queries: through `search`, `search --stdin --json` line by line, and the real window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.reliability.conftest import assert_clean, cli

ODD_QUERIES: list[str] = [
    "", " ", "\t \t", "a" * 10_000, "注意力" * 3000, "\x00", "a\x00b", "\x01\x02\x1b[31m",
    "\u200b\u200e\u202e", '"', '"unbalanced', "((((", "))))", "(a OR (b", "a)", "AND", "OR",
    "NOT", "AND OR NOT", "*", "?", "a*", "*a", "field:", "source:", "nosuch:field",
    ":", "::::", "section:", "difficulty:>=99", "difficulty:<-5", "difficulty:abc",
    "answered:maybe", "source:999", "[a TO", "{x TO y}", "^2", "a^", "~", "a~~~~",
    ".*+?()[]{}|\\^$", "\\", "/regex/", "😀🔥", "注意力😀", "مرحبا بالعالم", "שלום",
    "\u202eevil", "ÀÉÎÕÜ", "𝔸𝕥𝕥𝕖𝕟𝕥𝕚𝕠𝕟", "ＡＴＴＥＮＴＩＯＮ", "atention", "kv cache",
    "<script>alert(1)</script>", "' OR 1=1 --", "%s%s%n", "{{7*7}}",
    "Attention weighs every token against every other. " * 100,  # a pasted 5 KB answer
]


def test_every_odd_query_through_stdin_json_gets_one_array_per_line(home: Path) -> None:
    lines = [q.replace("\n", " ").replace("\r", " ") for q in ODD_QUERIES]
    # Surrogates and NUL cannot travel in argv; stdin carries them.
    run = cli(home, "search", "--stdin", "--json", "--limit", "3",
              stdin="\n".join(lines) + "\n", timeout=180)
    assert_clean(run)
    answers = run.out.splitlines()
    assert len(answers) == len(lines), (len(answers), run.err)
    for query, answer in zip(lines, answers, strict=True):
        hits = json.loads(answer)
        assert isinstance(hits, list), (query, answer[:200])
        assert len(hits) <= 3
    assert "Traceback" not in run.err


# Each costs a process start (~3 s here): the wide sweep is the stdin test above.
ARGV_QUERIES = ['(("unbalanced field: difficulty:>=99', "a" * 10_000, "😀 \u202eevil AND OR",
                "atention\x1b[31m"]


@pytest.mark.parametrize("query", ARGV_QUERIES, ids=range(len(ARGV_QUERIES)))
def test_odd_queries_as_arguments_finish_cleanly(home: Path, query: str) -> None:
    run = cli(home, "search", query, "--limit", "2")
    assert run.rc in (0, 2), run.err
    assert_clean(run, rc=run.rc)
    if run.rc == 2:  # a refusal is one line
        assert len(run.err_lines) == 1, run.err
    # "did you mean" and the echo never carry raw control characters to the terminal.
    assert "\x1b" not in run.out and "\x1b" not in run.err


def test_a_10000_character_query_says_it_was_shortened_everywhere(home: Path) -> None:
    essay = " ".join(f"word{i}x attention" for i in range(1500))
    single = cli(home, "search", essay[:10_000], "--limit", "2")
    assert_clean(single)
    assert any(line.startswith("note: query shortened to") for line in single.err_lines)
    lines = cli(home, "search", "--stdin", "--json", "--limit", "2",
                stdin=f"{essay}\nattention\n")
    assert_clean(lines)
    assert len(lines.out.splitlines()) == 2  # stdout stays one JSON array per line
    notes = [line for line in lines.err_lines if line.startswith("note: query shortened")]
    assert len(notes) == 1, lines.err  # for the long line only


def test_json_search_of_an_empty_query_is_a_refusal_or_an_empty_list(home: Path) -> None:
    run = cli(home, "search", "   ", "--json")
    if run.rc == 0:
        assert json.loads(run.out) == []
    else:
        assert_clean(run, rc=2)
        assert len(run.err_lines) == 1
