"""``interview-desk attention`` through a real subprocess, on a tiny GGUF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_model import TinySpec, write_tiny_model

REPO = Path(__file__).resolve().parents[2]
pytest.importorskip("llama_cpp")


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEW_DESK_HOME": str(home), "PYTHONPATH": str(REPO / "desktop")}
    return subprocess.run([sys.executable, "-m", "interview_desk", "attention", *args],
                          env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("m") / "tiny.gguf"
    write_tiny_model(path, TinySpec(n_layer=3))
    return path


def test_json_shape(tmp_path: Path, model: Path) -> None:
    proc = run(tmp_path, "the model attention", "--model", str(model), "--layers", "0,2",
               "--logits", "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    n = len(data["tokens"])
    assert data["tokens"][0] == "<s>" and n > 4  # BOS, then byte-fallback pieces
    assert data["token_ids"][0] == 1 and len(data["token_ids"]) == n
    assert (data["layers"], data["n_layers"], data["heads"], data["kv_heads"]) == (
        [0, 2], 3, 4, 2)
    assert [len(data["attention"]), len(data["attention"][0]), len(data["attention"][0][0]),
            len(data["attention"][0][0][0])] == [2, 4, n, n]
    assert all(abs(sum(row) - 1) < 1e-4 for row in data["attention"][1][3])
    assert len(data["logits_last"]) == 8 + 259 and data["seconds"] >= 0


@pytest.mark.parametrize("args, message", [
    (("hello", "--model", "{bad}"), "not a GGUF model file"),
    (("hello", "--model", "{missing}"), "not found"),
    (("   ", "--model", "{model}"), "the text is empty"),
    (("hello", "--model", "{model}", "--layers", "7"), "layers 0–2"),
    (("hello", "--model", "{model}", "--layers", "x"), "comma-separated"),
])
def test_bad_model_or_text_one_line_exit_2(tmp_path: Path, model: Path, args: tuple[str, ...],
                                           message: str) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_text("no")
    filled = [a.format(bad=bad, missing=tmp_path / "none.gguf", model=model) for a in args]
    proc = run(tmp_path, *filled)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
