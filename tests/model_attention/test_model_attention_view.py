"""The Model mode under pytest-qt: a real run on a tiny GGUF, off the GUI thread."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetrics
from tiny_model import TinySpec, write_tiny_model

pytest.importorskip("llama_cpp")
pytest.importorskip("pytestqt")

from interview_desk.ui.viz.model_grid import mosaic, tile_at, tile_side
from interview_desk.ui.viz.model_view import ModelAttentionView
from interview_desk.viz.errors import VizError
from interview_desk.viz.presets import links_to_model


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("m") / "tiny.gguf"
    write_tiny_model(path, TinySpec(n_layer=3))
    return path


def _run(qtbot, view: ModelAttentionView, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.sigResultShown, timeout=60_000):
        view.run(text)


def test_run_draws_every_view_and_exports(qtbot, tiny: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = ModelAttentionView()
    qtbot.addWidget(view)
    view.set_model(str(tiny), tiny.name)
    _run(qtbot, view, "the model attention key")
    res = view.result
    assert res.attention.shape[:2] == (3, 4)
    assert view.bar.value() == 3 and view.run_button.isEnabled()
    assert view.layer.maximum() == 2 and view.head.maximum() == 3
    step = tile_side(res.n) + 2
    layers_as_rows = (3 * step - 2, 4 * step - 2)
    # tiles stay square, so the layout follows the grid's shape: 3 layers × 4 heads fill a
    # flat grid best with layers as rows, a tall one with heads as rows
    view.resize(2400, 300)
    view.show()
    qtbot.waitUntil(lambda: not view._heads_as_rows)
    assert view.grid_map.image.image.shape == layers_as_rows
    view.resize(700, 2400)
    qtbot.waitUntil(lambda: view._heads_as_rows)
    assert view.grid_map.image.image.shape == layers_as_rows[::-1]
    view._on_grid_cell_clicked(1 * step + 1, 2 * step + 1)  # row: head 1, column: layer 2
    assert (view.layer.value(), view.head.value()) == (2, 1)
    view.select_head(2, 1)
    assert view.tabs.currentIndex() == 1
    np.testing.assert_array_equal(view.head_map.image.image, res.attention[2, 1])
    assert "weight" in view.hover_text(3, 1) and f"{res.attention[2, 1, 3, 1]:.4f}" in \
        view.hover_text(3, 1)
    view.query.setValue(3)
    assert view.lines.line_count == int((res.attention[2, 1, 3] >= 0.02).sum())
    assert "Layer 2" in view.patterns_label.text()
    csv = view.export_csv(tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv) == res.n + 1
    assert view.export_png(tmp_path / "a.png").stat().st_size > 1000


def test_bad_text_and_bad_model_show_one_line(qtbot, tiny: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = ModelAttentionView()
    qtbot.addWidget(view)
    view.set_model(str(tiny), tiny.name)
    with qtbot.waitSignal(view.sigRunFailed, timeout=30_000) as blocker:
        view.run("   ")
    assert blocker.args == ["the text is empty"]
    bad = tmp_path / "bad.gguf"
    bad.write_text("nope")
    view.set_model(str(bad), "bad")
    with qtbot.waitSignal(view.sigRunFailed, timeout=30_000) as blocker:
        view.run("hello")
    assert "not a GGUF" in blocker.args[0] and "\n" not in blocker.args[0]
    assert view.run_button.isEnabled()


def test_mosaic_tiles_map_back_to_their_head() -> None:
    att = np.random.default_rng(0).random((3, 5, 40, 40)).astype(np.float32)
    side = tile_side(40)
    image = mosaic(att)
    assert side == 20 and image.shape == (3 * 22 - 2, 5 * 22 - 2)
    assert tile_at(22 * 2 + 3, 22 * 4 + 19, side) == (2, 4)
    assert tile_at(21, 0, side) is None  # the gap between layers 0 and 1


@pytest.mark.parametrize("question, linked", [
    ("什么是多头注意力？", True), ("Explain grouped-query attention (GQA)", True),
    ("What is an attention sink in StreamingLLM?", True), ("如何选择学习率?", False),
])
def test_entries_about_attention_link_to_the_model(question: str, linked: bool) -> None:
    assert links_to_model(SimpleNamespace(question=question, answer="")) is linked


def test_cancel_stops_the_run_and_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interview_desk.llama_lock import LLAMA_LOAD_LOCK

    fresh = write_tiny_model(tmp_path / "fresh.gguf", TinySpec()) and tmp_path / "fresh.gguf"
    view = ModelAttentionView()
    qtbot.addWidget(view)
    view.set_model(str(fresh), fresh.name)
    # the tutor is loading a model: the run waits for the load lock, so Cancel lands
    # before its first layer however fast the machine is (the lock is released first)
    with qtbot.waitSignal(view.sigRunFailed, timeout=30_000) as blocker, LLAMA_LOAD_LOCK:
        view.run("the model attention")
        view.cancel()
    assert blocker.args == ["Cancelled."]
    assert view.result is None and view.run_button.isEnabled()
    assert not view.cancel_button.isEnabled()


def test_grid_labels_are_thinned_to_the_tiles_on_screen(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """30 layers in a short, wide dock: the mosaic is narrow (square tiles), so a label on
    every column would overlap (L0L1L2…); only every k-th layer is labelled, k from pixels."""
    path = tmp_path / "deep.gguf"
    write_tiny_model(path, TinySpec(n_layer=30, n_head=8, n_head_kv=2))
    view = ModelAttentionView()
    qtbot.addWidget(view)
    view.resize(1264, 330)
    view.show()
    qtbot.waitExposed(view)
    view.set_model(str(path), path.name)
    _run(qtbot, view, "the cat sat on the mat")
    qtbot.waitUntil(lambda: bool(view.grid_map.col_axis.shown()))
    plot = view.grid_map.plot
    box = plot.getViewBox()
    for axis, side in ((view.grid_map.col_axis, "bottom"), (view.grid_map.row_axis, "left")):
        ticks = axis.shown()
        assert len(ticks) >= 2, (side, ticks)
        metrics = QFontMetrics(plot.getAxis(side).style["tickFont"] or plot.getAxis(side).font())
        horizontal = side == "bottom"
        places = [box.mapViewToScene(QPointF(v, 0) if horizontal else QPointF(0, v))
                  for v, _ in ticks]
        for (a, b), ((_, la), (_, lb)) in zip(pairwise(places), pairwise(ticks), strict=True):
            gap = abs(b.x() - a.x()) if horizontal else abs(b.y() - a.y())
            need = ((metrics.horizontalAdvance(la) + metrics.horizontalAdvance(lb)) / 2
                    if horizontal else metrics.height())
            assert gap >= need, (side, la, lb, gap, need)
    layers = view.grid_map.row_axis if view._heads_as_rows else view.grid_map.col_axis
    assert len(layers.shown()) < 30  # thinned: not every layer fits


def test_before_a_run_the_view_says_what_run_will_show(qtbot, tiny: Path,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    """No empty axes before the first run: a line in their place says what Run shows,
    or, with no model yet, where to add one; the plots replace it once drawn."""
    view = ModelAttentionView()
    qtbot.addWidget(view)
    view.show()
    assert view.pages.currentWidget() is view.placeholder
    assert "Model manager" in view.placeholder.text()
    assert not view.controls.export_png_button.isEnabled()
    with pytest.raises(VizError):
        view.export_png(tmp_path / "empty.png")  # nothing drawn: a message, not a blank PNG
    view.set_model(str(tiny), tiny.name)
    assert tiny.name in view.placeholder.text()
    _run(qtbot, view, "the model attention key")
    assert view.pages.currentWidget() is view.tabs and view.tabs.isVisible()
    assert view.controls.export_png_button.isEnabled()
