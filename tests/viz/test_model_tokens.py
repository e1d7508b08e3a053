"""The attention view with a real GGUF model's tokenizer (the shipped SmolLM2 file)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from interview_desk.errors import ModelError
from interview_desk.viz.model_tokens import ModelTokenizer, piece_label

MODEL = Path(os.environ.get("INTERVIEW_DESK_TEST_MODEL", "/nonexistent"))  # see conftest


def test_piece_labels() -> None:
    assert piece_label(b" cat") == "▁cat"
    assert piece_label(b"The") == "The"
    assert piece_label(b"\xe6") == "\\xe6"
    assert piece_label("注".encode()) == "注"


def test_bad_model_paths_are_one_line_model_errors(language: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.gguf"
    with pytest.raises(ModelError) as caught:
        ModelTokenizer(missing)
    assert str(caught.value) == {"en": f"model file not found: {missing}",
                                 "zh": f"找不到模型文件：{missing}"}[language]
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelError) as caught:
        ModelTokenizer(bad)
    assert str(caught.value) == {"en": "bad.gguf is not a readable GGUF model",
                                 "zh": "bad.gguf 不是可读取的 GGUF 模型"}[language]


@pytest.mark.skipif(not MODEL.is_file(),
                    reason="default model not installed (scripts/setup.sh fetches it)")
def test_real_model_tokens_drive_the_attention_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    from interview_desk.ui.viz.attention_view import AttentionView

    tokenizer = ModelTokenizer(MODEL)
    assert tokenizer("The cat sat") == ["The", "▁cat", "▁sat"]
    pieces = tokenizer("注意力")
    assert len(pieces) > 3 and any(p.startswith("\\x") for p in pieces)  # byte-level BPE
    view = AttentionView()
    qtbot.addWidget(view)
    view.set_tokenizer(tokenizer, tokenizer.name)
    view.set_text("The cat sat on the mat")
    assert view.scene.tokens == ("The", "▁cat", "▁sat", "▁on", "▁the", "▁mat")
    assert view.controls.tokenizer_label.text() == MODEL.stem


def test_a_tokenizer_arriving_after_the_dock_is_gone_is_dropped(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The vocab-only load runs on the pool; a window closed meanwhile must not be
    touched (this raised "Internal C++ object already deleted" at the next event)."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QMenu

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tutor"))
    from tiny_gguf import write_tiny_gguf

    from interview_desk.ui.tutor.worker import LoadedModel
    from interview_desk.ui.viz.menu import Visualizer

    model = write_tiny_gguf(tmp_path / "tiny.gguf")
    window = QMainWindow()
    menu, toggle = QMenu(window), QAction(window, checkable=True)
    visualizer = Visualizer(window, menu, toggle)
    dock = visualizer.ensure_dock()
    with qtbot.captureExceptions() as exceptions:
        visualizer.set_model(LoadedModel("tiny", "chatml", "", False, 0, 2, str(model)))
        dock.deleteLater()  # the window going away while the vocabulary loads
        qtbot.wait(1)
        assert QThreadPool.globalInstance().waitForDone(20_000)
        qtbot.wait(50)
    assert exceptions == []
    window.deleteLater()


@pytest.mark.skipif(not MODEL.is_file(),
                    reason="default model not installed (scripts/setup.sh fetches it)")
def test_a_closed_or_dropped_vocabulary_lets_its_model_go_at_once() -> None:
    """close() frees llama.cpp's model and drops the Llama (with its buffers) now; a
    tokenizer dropped without close() frees it when collected, not at exit."""
    import gc
    import weakref

    from interview_desk.model_attention.vocab import ModelVocab

    vocab = ModelVocab(MODEL)
    llm = weakref.ref(vocab._llm)
    model = vocab._llm._model
    vocab.close()
    vocab.close()  # twice is harmless
    gc.collect()
    assert model.model is None and llm() is None
    tokenizer = ModelTokenizer(MODEL)
    llm = weakref.ref(tokenizer._llm)
    model = tokenizer._llm._model
    del tokenizer
    gc.collect()
    assert model.model is None and llm() is None
