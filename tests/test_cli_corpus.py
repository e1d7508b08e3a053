"""``interview-desk corpus ...`` through a real subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(home), "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": str(REPO / "desktop")}
    return subprocess.run([sys.executable, "-m", "interview_desk", *args], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def _assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_stats_json_shape_and_counts(home: Path) -> None:
    proc = run(home, "corpus", "stats", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["sources"] == [
        {"file": "000_6e52044bc7ed58c7.md", "questions": 20, "answered": 20, "sections": 1},
        {"file": "001_96f09d82dbe88f95.md", "questions": 158, "answered": 34, "sections": 17},
        {"file": "002_e4b8416c61e22f11.md", "questions": 10, "answered": 10, "sections": 1},
        {"file": "003_44fb7fc701a0187b.md", "questions": 146, "answered": 87, "sections": 12},
        {"file": "004_12b7bcc9e549f3c1.md", "questions": 80, "answered": 15, "sections": 6},
    ]
    assert data["total"] == {"sources": 5, "questions": 414, "answered": 166, "sections": 37}
    assert proc.stderr == ""


def test_stats_human(home: Path) -> None:
    proc = run(home, "corpus", "stats")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["file", "questions", "answered", "sections"]
    assert lines[-1].split() == ["total", "414", "166", "37"]


def test_list_filters_and_show(home: Path) -> None:
    proc = run(home, "corpus", "list", "--source", "004", "--unanswered", "--json")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert len(items) == 65 and not any(i["answered"] for i in items)
    assert items[0]["number"] == "16" and "answer" not in items[0]

    everything = json.loads(run(home, "corpus", "list", "--json").stdout)
    assert len(everything) == 414
    first = everything[0]
    human = run(home, "corpus", "list", "--source", "000_6e52044bc7ed58c7.md")
    assert human.returncode == 0
    lines = human.stdout.splitlines()
    assert lines[0] == "000_6e52044bc7ed58c7.md · 3. 模型訓練與微調"
    assert lines[1].split() == [first["id"], "1.", "如何選擇和準備數據集來訓練或微調", "LLM？"]
    assert len([line for line in lines if line.startswith("  ")]) == 20

    shown = json.loads(run(home, "corpus", "show", first["id"], "--json").stdout)
    assert shown["id"] == first["id"] and shown["answer"].startswith("選擇和準備合適的數據集")
    text = run(home, "corpus", "show", first["id"])
    assert text.returncode == 0
    assert text.stdout.startswith("1. 如何選擇和準備數據集來訓練或微調 LLM？\n")
    assert "**1. 任務需求分析**" in text.stdout


def test_show_unanswered_says_so(home: Path) -> None:
    items = json.loads(run(home, "corpus", "list", "--source", "001", "--unanswered",
                           "--json").stdout)
    proc = run(home, "corpus", "show", items[0]["id"])
    assert proc.returncode == 0 and "(no answer in the source)" in proc.stdout


@pytest.mark.parametrize("args", [
    ("corpus",),
    ("corpus", "frobnicate"),
    ("corpus", "show"),
    ("corpus", "show", "no-such-id"),
    ("corpus", "list", "--source", "nope"),
    ("corpus", "stats", "--bogus"),
    ("corpus", "add", "/no/such/folder"),
    ("corpus", "remove", "/never/added"),
    ("corpus", "add", ""),
])
def test_bad_usage_is_one_line_exit_2(home: Path, args: tuple[str, ...]) -> None:
    _assert_one_line_error(run(home, *args))


def test_add_remove_folders_round_trip(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "my notes"
    notes.mkdir()
    (notes / "rag.md").write_text("# RAG\n\n## 什么是 RAG？\n\n检索增强生成。\n\n## Why rerank?\n",
                                  encoding="utf-8")
    (notes / "broken.md").write_bytes(b"\xff\xfe\x00garbage\x00")
    added = run(home, "corpus", "add", str(notes))
    assert added.returncode == 0, added.stderr
    assert "2 questions in 1 files" in added.stdout
    assert "broken.md" in added.stderr and "Traceback" not in added.stderr

    assert run(home, "corpus", "add", str(notes)).stdout.startswith("already added")
    folders = json.loads(run(home, "corpus", "folders", "--json").stdout)
    assert len(folders) == 1 and folders[0]["path"] == str(notes.resolve())
    assert folders[0]["exists"] and folders[0]["rule"] == "auto"
    assert folders[0]["questions"] == 2
    assert [w for w in folders[0]["warnings"] if "broken.md" in w]  # listed here

    stats = run(home, "corpus", "stats", "--json")
    assert stats.returncode == 0
    data = json.loads(stats.stdout)
    assert data["sources"][-1] == {"file": "my notes/rag.md", "questions": 2, "answered": 1,
                                   "sections": 1}
    assert data["total"]["questions"] == 416
    # Reported once, when adding: later commands do not repeat it (failed before: every
    # command printed the skipped files again).
    assert stats.stderr == ""

    listed = json.loads(run(home, "corpus", "list", "--source", "rag", "--json").stdout)
    assert [i["question"] for i in listed] == ["什么是 RAG？", "Why rerank?"]
    assert all(" " not in i["id"] for i in listed)

    assert run(home, "corpus", "remove", str(notes)).returncode == 0
    assert run(home, "corpus", "folders").stdout.startswith("no folders added")
    assert json.loads(run(home, "corpus", "stats", "--json").stdout)["total"]["sources"] == 5


def test_add_a_file_is_refused(home: Path, tmp_path: Path) -> None:
    doc = tmp_path / "one.md"
    doc.write_text("## q?\n", encoding="utf-8")
    assert "not a folder" in _assert_one_line_error(run(home, "corpus", "add", str(doc)))


def test_selftest_corpus_part(home: Path) -> None:
    proc = run(home, "selftest", "--part", "corpus", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["checks"] == {"corpus": True}


def test_show_json_says_what_the_reader_shows(home: Path) -> None:
    shown = json.loads(run(home, "corpus", "show", "004-a3759c90", "--json").stdout)
    rendered = shown["rendered"]
    assert (rendered["formulas"], rendered["repaired"], rendered["math_fallbacks"]) == (6, 6, [])
    assert "Attention Scores = Q·Kᵀ/√d_k" in rendered["text"]
    assert "dkd_kdk" in shown["source_answer"] and "dkd_kdk" not in rendered["text"]


FIXTURES = REPO / "tests" / "corpus" / "fixtures" / "notes" / "heldout"


def test_add_dry_run_json_previews_and_changes_nothing(home: Path) -> None:
    proc = run(home, "corpus", "add", str(FIXTURES), "--dry-run", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    files = {f["source"].split("/", 1)[1]: f for f in data["files"]}
    log = files["面经/字节跳动-大模型算法一面.md"]
    assert (log["questions"], log["skipped"]) == (10, None)
    assert log["entries"][1] == {"question": "介绍一下你做的 RAG 项目",
                                 "answer_start": "- 数据怎么切分的 - 召回用的什么模型"}
    assert files["qa/rlhf问答.md"]["questions"] == 5  # GBK, Q:/A: pairs and a table
    assert files["README-dir/README.md"]["skipped"] == "no questions found"
    assert data["rule"] == "auto" and len(data["entries"]) == 10
    assert json.loads(run(home, "corpus", "folders", "--json").stdout) == []


def test_add_with_a_rule_keeps_it_with_the_folder(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    notes.mkdir()
    (notes / "a.md").write_text("# 笔记\n\n## 注意力\n\n### 多头\n\n拆成多个子空间。\n\n"
                                "### 缩放\n\n除以根号 d。\n", encoding="utf-8")
    auto = json.loads(run(home, "corpus", "add", str(notes), "--dry-run", "--json").stdout)
    assert auto["files"][0]["skipped"] == "no questions found"
    added = run(home, "corpus", "add", str(notes), "--rule", "headings:3")
    assert added.returncode == 0 and "2 questions in 1 files" in added.stdout
    folders = json.loads(run(home, "corpus", "folders", "--json").stdout)
    assert folders[0]["rule"] == "headings:3" and folders[0]["questions"] == 2
    listed = json.loads(run(home, "corpus", "list", "--source", "a", "--json").stdout)
    assert [i["question"] for i in listed] == ["多头", "缩放"]
    bad = run(home, "corpus", "add", str(notes), "--rule", "headings:9")
    assert bad.returncode != 0 and "unknown rule" in _assert_one_line_error(bad, bad.returncode)
