"""A broken model file is reported in the learner's language, naming the file: real
files on disk read by the real header reader and installer, and the line the window
shows for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_gguf import write_tiny_gguf

from interview_desk.errors import ModelError
from interview_desk.tutor.gguf_header import read_header
from interview_desk.tutor.install import install
from interview_desk.ui.runtime.report import user_message


def _raised(call) -> str:
    with pytest.raises(ModelError) as caught:
        call()
    return str(caught.value)


def test_a_file_that_is_not_gguf(language: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_bytes(b"this is not a model at all\n" * 4)
    message = _raised(lambda: read_header(path))
    assert message == {"en": "notes.gguf: not a GGUF model file (no GGUF signature)",
                       "zh": "notes.gguf：不是 GGUF 模型文件（没有 GGUF 签名）"}[language]


def test_a_truncated_model_and_what_the_window_shows(language: str, tmp_path: Path) -> None:
    path = write_tiny_gguf(tmp_path / "tiny.gguf")
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 4096])  # the download stopped early
    with pytest.raises(ModelError) as caught:
        read_header(path)
    shown = user_message(caught.value)
    expected = {"en": "tiny.gguf: file is truncated (4,096 bytes missing); download it again",
                "zh": "tiny.gguf：文件不完整（缺少 4,096 字节）；请重新下载"}
    assert shown == expected[language]


def test_a_missing_model_file_names_the_path(language: str, tmp_path: Path) -> None:
    path = tmp_path / "gone" / "model.gguf"
    message = _raised(lambda: read_header(path))
    assert message == {"en": f"model file not found: {path}",
                       "zh": f"找不到模型文件：{path}"}[language]


def test_installing_a_file_that_is_not_gguf(language: str, tmp_path: Path) -> None:
    source = tmp_path / "model.bin"
    source.write_bytes(b"GGUF" + b"\x00" * 64)
    message = _raised(lambda: install(source, tmp_path / "models"))
    assert message == {"en": "model.bin: not a .gguf file",
                       "zh": "model.bin：不是 .gguf 文件"}[language]
