"""``interview-desk search|related|index`` end to end, through the real dispatcher."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from interview_desk.cli import main

BAD = ["", "*", "((", '"unbalanced', "\\", "AND", "x" * 5000, "difficulty:>=9", "source:"]


@pytest.fixture(autouse=True, scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One private home for the module: the index is built once, then reused."""
    path = tmp_path_factory.mktemp("cli-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INTERVIEW_DESK_HOME", str(path))
        yield path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_lists_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "旋轉位置編碼", "--json", "--limit", "3")
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 3
    assert set(hits[0]) == {"id", "question", "source", "section", "difficulty", "answered",
                            "score", "snippet"}
    assert "旋转位置编码" in hits[0]["question"]


def test_search_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "RoPE", "--limit", "2")
    assert code == 0 and "matching" in out and " 1. " in out


@pytest.mark.parametrize("query", BAD, ids=range(len(BAD)))
def test_bad_queries_exit_0_with_json(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, _ = run(capsys, "search", query, "--json")
    assert code == 0
    assert isinstance(json.loads(out), list)


def test_stdin_gives_one_json_array_per_line_in_order(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    queries = ["RoPE", "", "((", "kv cache", "知識蒸餾"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(queries) + "\n"))
    code, out, _ = run(capsys, "search", "--stdin", "--json", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(queries)
    arrays = [json.loads(line) for line in lines]
    assert arrays[1] == [] and arrays[2] == []
    assert all(len(a) == 2 for i, a in enumerate(arrays) if i not in (1, 2))


def test_did_you_mean_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "hallucinaton", "--json")
    assert code == 0 and json.loads(out)
    assert "did you mean: hallucination" in err


@pytest.mark.parametrize("setting", ["auto", "zh"])
def test_search_json_notes_follow_the_language_setting(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        setting: str) -> None:
    """English unless the ``language`` setting is exactly zh (a Chinese locale alone
    keeps the command line English), like the core's errors."""
    from interview_desk.settings import update_settings
    from interview_desk.strings import set_language

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    update_settings(language=setting)
    try:
        code, out, err = run(capsys, "search", "difficulty:9 attention", "--json")
    finally:
        update_settings(language="auto")
        set_language("en")
    assert code == 0 and json.loads(out)
    assert err.splitlines() == [{
        "auto": "note: ignored difficulty:9 (use 1-5, >=4, <3 or 2-4)",
        "zh": "note: 已忽略 difficulty:9（可用 1-5、>=4、<3 或 2-4）"}[setting]]


def test_related_and_unknown_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "知识蒸馏", "--json", "--limit", "1")
    entry_id = json.loads(out)[0]["id"]
    code, out, _ = run(capsys, "related", entry_id, "--json")
    assert code == 0 and len(json.loads(out)) == 5
    code, _, err = run(capsys, "related", "no-such-id")
    assert code == 2 and "no entry" in err and "Traceback" not in err


def test_index_rebuild_and_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "index", "rebuild", "--json")
    assert code == 0 and json.loads(out)["entries"] > 300
    code, out, _ = run(capsys, "index", "status", "--json")
    assert code == 0 and json.loads(out)["built_now"] is False


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "search", "x", "--limit", "0")
    assert code == 2
