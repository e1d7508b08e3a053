"""The model manager dialog under pytest-qt: real tiny GGUFs in a real models folder,
the real install worker, the real settings file (an isolated home)."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from tiny_gguf import write_tiny_gguf

from interview_desk.settings import Settings, load_settings
from interview_desk.tutor import install as install_module
from interview_desk.tutor.backend import LoadParams
from interview_desk.tutor.estimate import estimate_memory
from interview_desk.tutor.gguf_header import read_header
from interview_desk.tutor.model_prefs import ModelPrefs, prefs_for
from interview_desk.tutor.recommended import RECOMMENDED
from interview_desk.ui.tutor.manager import ModelManagerDialog


@pytest.fixture
def models_dir(isolated_home: Path) -> Path:
    from interview_desk.paths import user_models_dir

    return user_models_dir()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    (tmp_path / "downloads").mkdir()
    return write_tiny_gguf(tmp_path / "downloads" / "tiny-b.gguf", n_layer=4)


@pytest.fixture
def make_dialog(qtbot, models_dir: Path):
    def make(settings: Settings | None = None) -> ModelManagerDialog:
        dialog = ModelManagerDialog(settings or load_settings(), models_dir=models_dir,
                                    gpu_offload=False)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return make


def _names(dialog: ModelManagerDialog) -> list[str]:
    return [dialog.models.topLevelItem(i).text(0)
            for i in range(dialog.models.topLevelItemCount())]


def test_lists_a_model_with_its_facts_and_needs(make_dialog, models_dir: Path) -> None:
    write_tiny_gguf(models_dir / "tiny-a.gguf", n_layer=3)
    dialog = make_dialog()
    assert "tiny-a.gguf" in _names(dialog)
    item = dialog.models.findItems("tiny-a.gguf", Qt.MatchFlag.MatchExactly)[0]
    dialog.models.setCurrentItem(item)
    assert item.text(2) == "F32" and item.text(4) == "8,192"
    facts = dialog.details.facts.text()
    assert "tiny-test-llama" in facts and "3 layers" in facts and "its own" in facts
    before = dialog.details.memory.text()
    assert "KV cache" in before and "fits" in before
    dialog.details.n_ctx.setValue(8192)
    assert dialog.details.memory.text() != before
    assert "CPU only" in dialog.details.gpu_fit.text()
    dialog.details.vram.setValue(64.0)
    assert "every layer fits" in dialog.details.gpu_fit.text()
    # the context chosen is remembered for this model, in the settings file
    assert prefs_for(load_settings().model_prefs, "tiny-a.gguf") == ModelPrefs(8192, 0)


def test_memory_is_estimated_at_the_context_the_tutor_loads(make_dialog,
                                                            models_dir: Path) -> None:
    """The spin box is a cap: the tutor loads what its notes and replies need, so the
    memory shown is for that context (it read the cap, ~30 MB too much for the default
    model), and says so when it is below the cap."""
    write_tiny_gguf(models_dir / "tiny-a.gguf", n_layer=3)
    settings = Settings(source_tokens=700, max_tokens=512)
    dialog = make_dialog(settings)
    dialog.models.setCurrentItem(dialog.models.findItems("tiny-a.gguf",
                                                         Qt.MatchFlag.MatchExactly)[0])
    details = dialog.details
    details.n_ctx.setValue(8192)
    loads = LoadParams.from_settings(replace(settings, n_ctx=8192)).n_ctx
    assert loads < 8192
    estimate = details.estimate()
    assert estimate is not None and estimate.n_ctx == loads
    assert f"loads {loads:,} of the 8,192" in details.memory.text()
    big = estimate_memory(read_header(models_dir / "tiny-a.gguf"), 8192)
    assert estimate.kv_cache < big.kv_cache
    details.n_ctx.setValue(1024)  # below the need: the cap is what loads
    estimate = details.estimate()
    assert estimate is not None and estimate.n_ctx == 1024
    assert "loads" not in details.memory.text()


def test_add_copies_with_progress_and_selects_it(qtbot, make_dialog, source: Path,
                                                 models_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install_module, "CHUNK_BYTES", 16 * 1024)
    dialog = make_dialog()
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(dialog.sigModelsChanged, timeout=10_000):
        assert dialog.add_file(source)
        assert dialog.progress.isVisible() and not dialog.add_button.isEnabled()
    assert (models_dir / source.name).read_bytes() == source.read_bytes()
    assert dialog.models.currentItem().text(0) == source.name
    assert len(set(values)) > 3 and max(values) == 1000
    assert "Added tiny-b.gguf" in dialog.message.text()
    assert not dialog.progress.isVisible() and dialog.add_button.isEnabled()


def test_cancel_before_a_byte_is_copied(qtbot, make_dialog, source: Path,
                                        models_dir: Path) -> None:
    dialog = make_dialog()
    gate = threading.Event()
    dialog._worker.submit(gate.wait)  # hold the install worker so cancel comes first
    assert dialog.add_file(source)
    assert not dialog.add_file(source) and "being added" in dialog.message.text()
    dialog.cancel_install()
    gate.set()
    qtbot.waitUntil(lambda: "Cancelled" in dialog.message.text(), timeout=10_000)
    assert list(models_dir.iterdir()) == []
    assert dialog.add_button.isEnabled()


def test_a_bad_file_is_refused_in_one_line(make_dialog, tmp_path: Path,
                                           models_dir: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 40)
    dialog = make_dialog()
    assert not dialog.add_file(bad)
    text = dialog.message.text()
    assert text.startswith("Not added: broken.gguf") and "\n" not in text
    assert list(models_dir.iterdir()) == []


def test_a_dropped_gguf_is_added(qtbot, make_dialog, source: Path, models_dir: Path) -> None:
    dialog = make_dialog()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(dialog.sigModelsChanged, timeout=10_000):
        dialog.dropEvent(event)
    assert (models_dir / source.name).is_file()


def test_remove_only_what_the_folder_holds(qtbot, make_dialog, source: Path,
                                           models_dir: Path) -> None:
    write_tiny_gguf(models_dir / "tiny-a.gguf")
    dialog = make_dialog(Settings(model_paths=[str(source)]))
    outside = dialog.models.findItems(source.name, Qt.MatchFlag.MatchExactly)[0]
    dialog.models.setCurrentItem(outside)
    assert not dialog.remove_button.isEnabled()
    inside = dialog.models.findItems("tiny-a.gguf", Qt.MatchFlag.MatchExactly)[0]
    dialog.models.setCurrentItem(inside)
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.sigModelsChanged):
        dialog.remove_button.click()
    assert not (models_dir / "tiny-a.gguf").exists() and source.is_file()
    assert _names(dialog) == [source.name]


def test_use_switches_with_remembered_settings(qtbot, make_dialog, models_dir: Path) -> None:
    write_tiny_gguf(models_dir / "tiny-a.gguf")
    write_tiny_gguf(models_dir / "tiny-c.gguf")
    dialog = make_dialog()
    dialog.models.setCurrentItem(dialog.models.findItems("tiny-c.gguf",
                                                         Qt.MatchFlag.MatchExactly)[0])
    dialog.details.n_ctx.setValue(2048)
    with qtbot.waitSignal(dialog.sigModelChosen) as chosen:
        dialog.use_button.click()
    assert chosen.args == [str(models_dir / "tiny-c.gguf"), 2048, 0]
    dialog.close()
    again = make_dialog()  # a new dialog shows what was remembered for each model
    again.models.setCurrentItem(again.models.findItems("tiny-c.gguf",
                                                       Qt.MatchFlag.MatchExactly)[0])
    assert again.details.n_ctx.value() == 2048
    again.models.setCurrentItem(again.models.findItems("tiny-a.gguf",
                                                       Qt.MatchFlag.MatchExactly)[0])
    assert again.details.n_ctx.value() == Settings().n_ctx


def test_recommended_tab_lists_exact_files(make_dialog) -> None:
    dialog = make_dialog()
    table = dialog.recommended
    assert table.topLevelItemCount() == len(RECOMMENDED)
    assert table.topLevelItem(0).text(0).startswith("[ZH]")
    assert table.topLevelItem(0).text(1) == RECOMMENDED[0].file_name
    assert "never downloads" in dialog.never_downloads.text()
