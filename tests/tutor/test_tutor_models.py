"""GGUF header reading, model description, discovery and bad files (no llama.cpp load)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interview_desk.errors import ModelError
from interview_desk.tutor import models as models_mod
from interview_desk.tutor.gguf_header import read_header
from interview_desk.tutor.models import discover_models, inspect_model, resolve_model


def test_inspect_tiny_model(tiny_model: Path) -> None:
    info = inspect_model(tiny_model)
    header = read_header(tiny_model)
    assert info.architecture == "llama"
    assert info.quantization == "F32"
    assert info.context_length == 8192
    assert info.layers == 2
    assert info.chat_template.startswith("{% for message in messages %}")
    assert info.parameters == sum(t.n_elements for t in header.tensors) > 100_000
    assert info.size_label == f"{round(info.parameters / 1e3)}K"  # not "0M"
    # The tensor table accounts for every byte of the file.
    assert header.data_end == tiny_model.stat().st_size == info.file_size
    assert header.array_lengths["tokenizer.ggml.tokens"] == 275


def test_inspect_default_model(default_model: Path) -> None:
    info = inspect_model(default_model)
    assert (info.architecture, info.size_label, info.quantization) == ("llama", "135M", "Q4_1")
    assert info.context_length == 8192 and info.layers == 30
    assert "<|im_start|>" in info.chat_template


def _bad_files(tmp_path: Path, tiny_model: Path) -> dict[str, Path]:
    data = tiny_model.read_bytes()
    files = {
        "random": bytes(range(256)) * 40,
        "text": b"this is a README, not a model\n" * 10,
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "header_cut": data[:40],
        "magic_only": b"GGUF" + b"\xff" * 60,
    }
    out = {}
    for name, content in files.items():
        path = tmp_path / f"{name}.gguf"
        path.write_bytes(content)
        out[name] = path
    out["missing"] = tmp_path / "missing.gguf"
    out["folder"] = tmp_path
    return out


@pytest.mark.parametrize("kind", ["random", "text", "empty", "truncated", "header_cut",
                                  "magic_only", "missing", "folder"])
def test_bad_files_give_one_line_errors(tmp_path: Path, tiny_model: Path, kind: str) -> None:
    path = _bad_files(tmp_path, tiny_model)[kind]
    with pytest.raises(ModelError) as err:
        inspect_model(path)
    message = str(err.value)
    assert message and "\n" not in message
    expected = {"random": "not a GGUF", "text": "not a GGUF", "empty": "not a GGUF",
                "truncated": "truncated", "header_cut": "cut short", "magic_only": "GGUF",
                "missing": "not found", "folder": "folder"}[kind]
    assert expected in message


def test_discovery_lists_good_and_broken(tmp_path: Path, tiny_model: Path,
                                         isolated_home: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(tiny_model, folder / "sub" / "good.gguf")
    (folder / "broken.gguf").write_bytes(b"nope")
    (folder / "notes.txt").write_text("ignored")
    found = {m.path.name: m for m in discover_models([str(folder)])
             if m.origin == "settings"}
    assert set(found) == {"good.gguf", "broken.gguf"}
    assert found["good.gguf"].info is not None
    assert found["broken.gguf"].info is None and "not a GGUF" in found["broken.gguf"].error
    assert found["broken.gguf"].to_json()["ok"] is False


def test_resolve_model_prefers_choice_then_default(tmp_path: Path, tiny_model: Path,
                                                   isolated_home: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models_mod, "app_models_dir", lambda: tmp_path / "no-app-models")
    with pytest.raises(ModelError, match="fetch-default"):
        resolve_model("", [])
    user_dir = isolated_home / "data" / "models"
    shutil.copy(tiny_model, user_dir / "a.gguf")
    assert resolve_model("", []).path.name == "a.gguf"
    shutil.copy(tiny_model, user_dir / models_mod.DEFAULT_MODEL_FILE)
    assert resolve_model("", []).path.name == models_mod.DEFAULT_MODEL_FILE
    assert resolve_model("a", []).path.name == "a.gguf"
    assert resolve_model(str(tiny_model), []).path == tiny_model
    with pytest.raises(ModelError, match="not found"):
        resolve_model("nonexistent-model", [])
    with pytest.raises(ModelError, match="not found"):
        resolve_model(str(tmp_path / "gone" / "x.gguf"), [])
