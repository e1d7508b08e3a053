"""The model manager's Qt-free core: memory estimates from the header, install (copy or
link, with progress, cancellable, checked first), remove, the recommended list and the
per-model settings. Real GGUF files throughout: tiny ones written with ``gguf`` and the
default model when installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_gguf import write_tiny_gguf

from interview_desk.errors import ModelError
from interview_desk.settings import Settings
from interview_desk.tutor import install as install_module
from interview_desk.tutor.estimate import (
    GPU_RESERVE_BYTES,
    available_memory,
    estimate_memory,
    kv_shape,
)
from interview_desk.tutor.gguf_header import read_header
from interview_desk.tutor.install import check_source, install, install_steps, remove_model
from interview_desk.tutor.model_prefs import ModelPrefs, prefs_for, with_prefs
from interview_desk.tutor.models import inspect_model
from interview_desk.tutor.recommended import RECOMMENDED


@pytest.fixture
def gguf(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    return write_tiny_gguf(tmp_path / "src" / "tiny-a.gguf", n_embd=64, n_layer=3,
                           n_head=4, n_head_kv=2)


# --- estimates ---------------------------------------------------------------------

def test_kv_cache_follows_layers_kv_heads_and_head_dim(gguf: Path) -> None:
    header = read_header(gguf)
    assert kv_shape(header) == (3, 2, 16)
    small, large = estimate_memory(header, 1024), estimate_memory(header, 4096)
    assert small.kv_cache == 2 * 3 * 1024 * 2 * 16 * 2  # K and V, F16
    assert large.kv_cache == 4 * small.kv_cache
    assert small.weights == sum(t.n_bytes for t in header.tensors)
    assert small.weights <= gguf.stat().st_size < small.weights + 200_000  # + vocabulary
    assert small.total == small.weights + small.kv_cache + small.compute


def test_gpu_layers_that_fit_a_vram_size(gguf: Path) -> None:
    e = estimate_memory(read_header(gguf), 2048)
    assert e.gpu_layers_that_fit(0) == 0
    assert e.gpu_layers_that_fit(GPU_RESERVE_BYTES + e.compute + e.per_layer) == 1
    assert e.gpu_layers_that_fit(GPU_RESERVE_BYTES + e.compute + 2 * e.per_layer) == 2
    assert e.gpu_layers_that_fit(64 * 1024 ** 3) == e.layers + 1  # all, output layer too


def test_fits_compares_with_free_memory(gguf: Path) -> None:
    e = estimate_memory(read_header(gguf), 512)
    free = available_memory()
    assert free > 0
    assert e.fits(free) and not e.fits(e.total - 1)


def test_the_default_model_estimate(default_model: Path) -> None:
    # SmolLM2-135M: 30 layers, 3 KV heads of 64; loaded at n_ctx 4096 it added 248 MB.
    header = read_header(default_model)
    assert kv_shape(header) == (30, 3, 64)
    e = estimate_memory(header, 4096)
    assert e.kv_cache == 2 * 30 * 4096 * 3 * 64 * 2
    assert 0.7 * 248e6 <= e.total <= 1.3 * 248e6


# --- install / remove --------------------------------------------------------------

def test_copy_reports_progress_and_lands_whole(gguf: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install_module, "CHUNK_BYTES", 64 * 1024)
    models = tmp_path / "models"
    steps = install_steps(gguf, models)
    seen = []
    try:
        while True:
            seen.append(next(steps))
    except StopIteration as stop:
        target = stop.value
    total = gguf.stat().st_size
    assert seen[0] == (0, total) and seen[-1] == (total, total) and len(seen) > 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert target == models / gguf.name and target.read_bytes() == gguf.read_bytes()
    assert inspect_model(target).layers == 3
    assert not list(models.glob("*.part"))


def test_cancel_leaves_nothing(gguf: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install_module, "CHUNK_BYTES", 64 * 1024)
    models = tmp_path / "models"
    steps = install_steps(gguf, models)
    next(steps), next(steps)
    assert (models / (gguf.name + ".part")).exists()
    steps.close()  # what SerialWorker.stream does on cancel
    assert list(models.iterdir()) == []


def test_link_then_remove_keeps_the_original(gguf: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    target = install(gguf, models, link=True)
    assert target.is_symlink() and inspect_model(target).name == "tiny-test-llama"
    remove_model(target, models)
    assert not target.exists() and not target.is_symlink() and gguf.is_file()


@pytest.mark.parametrize("damage", ["suffix", "truncated", "not_gguf"])
def test_bad_files_are_refused_before_copying(tmp_path: Path, gguf: Path, damage: str) -> None:
    if damage == "suffix":
        bad = gguf.rename(gguf.with_suffix(".bin"))
    elif damage == "truncated":
        bad = tmp_path / "cut.gguf"
        bad.write_bytes(gguf.read_bytes()[: gguf.stat().st_size // 2])
    else:
        bad = tmp_path / "notes.gguf"
        bad.write_text("hello, not a model " * 10)
    models = tmp_path / "models"
    with pytest.raises(ModelError) as err:
        install(bad, models)
    message = str(err.value)
    assert "\n" not in message and bad.name in message
    assert {"suffix": "not a .gguf", "truncated": "truncated",
            "not_gguf": "not a GGUF"}[damage] in message
    assert not models.exists() or list(models.iterdir()) == []


def test_a_second_install_of_the_same_name_is_refused(gguf: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    installed = install(gguf, models)
    with pytest.raises(ModelError, match="already installed"):
        check_source(gguf, models)
    with pytest.raises(ModelError, match="already in the models folder"):
        check_source(installed, models)


def test_remove_refuses_files_outside_the_models_folder(gguf: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not in the models folder"):
        remove_model(gguf, tmp_path / "models")
    assert gguf.is_file()


# --- recommended list, per-model settings --------------------------------------------

def test_recommended_models_put_chinese_first() -> None:
    flags = [m.chinese for m in RECOMMENDED]
    assert flags == sorted(flags, reverse=True) and flags.count(True) >= 3
    names = [m.file_name for m in RECOMMENDED]
    assert len(set(names)) == len(names) and all(n.endswith(".gguf") for n in names)
    assert all(m.licence and m.good_for and m.size_gb > 0 for m in RECOMMENDED)


def test_prefs_round_trip_and_pass_the_settings_rule() -> None:
    lines = with_prefs([], "my model.gguf", ModelPrefs(2048, 0))
    lines = with_prefs(lines, "b.gguf", ModelPrefs(8192, 33))
    lines = with_prefs(lines, "my model.gguf", ModelPrefs(1024, -1))
    assert prefs_for(lines, "my model.gguf") == ModelPrefs(1024, -1)
    assert prefs_for(lines, "b.gguf") == ModelPrefs(8192, 33)
    assert prefs_for(lines, "c.gguf") is None and prefs_for(["junk"], "junk") is None
    assert Settings().replaced(model_prefs=lines).model_prefs == lines
