"""pytest-qt: the real views, driven through their real widgets and signals."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from interview_desk.ui.i18n import tr
from interview_desk.ui.viz import theme
from interview_desk.ui.viz.attention_view import AttentionView
from interview_desk.ui.viz.dock import VisualizerDock
from interview_desk.ui.viz.position_view import PositionView
from interview_desk.viz.errors import VizError
from interview_desk.viz.presets import PRESETS


@pytest.fixture
def attention(qtbot) -> AttentionView:  # type: ignore[no-untyped-def]
    view = AttentionView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def position(qtbot) -> PositionView:  # type: ignore[no-untyped-def]
    view = PositionView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def _image(hm) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array(hm.image.image, copy=True)


def test_moving_the_temperature_slider_changes_the_weights_image(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    before = _image(attention.weights_map)
    scores_before = _image(attention.scores_map)
    slider = attention.controls.temperature.slider
    with qtbot.waitSignal(attention.sigSceneUpdated, timeout=2000):
        slider.setValue(slider.value() - 120)  # colder: sharper rows
    after = _image(attention.weights_map)
    assert after.shape == before.shape
    assert not np.allclose(after, before)
    assert after.max(axis=1).mean() > before.max(axis=1).mean()  # colder rows are peakier
    np.testing.assert_array_equal(_image(attention.scores_map), scores_before)  # logits kept
    np.testing.assert_allclose(after.sum(axis=1), 1.0, rtol=1e-5)


def test_a_dragged_slider_redraws_once_per_frame_not_per_step(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    redraws: list[int] = []
    attention.sigSceneUpdated.connect(lambda: redraws.append(1))
    slider = attention.controls.temperature.slider
    for step in range(30):  # a burst of steps with no event loop in between
        slider.setValue(50 + step)
    qtbot.waitUntil(lambda: len(redraws) >= 1, timeout=2000)
    qtbot.wait(60)
    assert len(redraws) == 1
    assert attention.scene.settings.temperature == pytest.approx(
        attention.controls.temperature.value())  # ends on the final value


def test_hover_text_names_query_key_and_weight(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    attention.set_text("alpha beta gamma delta")
    sc = attention.scene
    assert sc is not None and sc.tokens == ("alpha", "beta", "gamma", "delta")
    qtbot.wait(50)  # let the view lay out the new 4x4 range before aiming at a cell
    hm = attention.weights_map
    view = attention.maps
    point = view.mapFromScene(hm.scene_pos_of(3, 1))
    # the pointer arrives from a neighbouring pixel, as a real one does
    QTest.mouseMove(view.viewport(), point - QPoint(3, 0))
    qtbot.wait(20)
    QTest.mouseMove(view.viewport(), point)
    qtbot.waitUntil(lambda: "delta" in attention.status.text(), timeout=2000)
    text = attention.status.text()
    assert "“delta”" in text and "“beta”" in text
    assert f"{sc.weights[0, 3, 1]:.4f}" in text
    # a blocked cell (causal: query 0 cannot see key 2) says so, with weight exactly 0
    assert attention.hover_text(0, 2).endswith(tr("att.hover_masked"))
    assert "0.0000" in attention.hover_text(0, 2)


def test_clicking_a_row_shows_that_query_as_bars(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    hm = attention.weights_map
    view = attention.maps
    point = view.mapFromScene(hm.scene_pos_of(5, 0))
    with qtbot.waitSignal(attention.sigQuerySelected, timeout=2000) as blocker:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [5]
    heights = np.asarray(attention.bar_item.opts["height"])
    np.testing.assert_allclose(heights, attention.scene.weights[0, 5])
    assert "#5" in attention.bars.getPlotItem().titleLabel.text


def test_export_writes_png_and_csv(tmp_path: Path, attention) -> None:  # type: ignore[no-untyped-def]
    png = attention.export_png(tmp_path / "a.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() == attention.width()
    path = attention.export_csv(tmp_path / "a.csv")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    sc = attention.scene
    assert rows[0][1:] == [f"{i}:{t}" for i, t in enumerate(sc.tokens)]
    values = np.array([[float(v) for v in row[1:]] for row in rows[1:]])
    np.testing.assert_allclose(values, sc.weights[0], rtol=1e-5, atol=1e-7)
    with pytest.raises(VizError, match="could not write"):
        attention.export_csv(tmp_path / "missing-dir" / "a.csv")


def test_export_buttons_save_where_the_dialog_says(tmp_path: Path, attention,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    """The shared export dialog path: PNG and CSV land where the user chose; cancelling
    writes nothing. (Only the modal file dialog's answer is supplied.)"""
    from PySide6.QtWidgets import QFileDialog

    answers = iter([str(tmp_path / "a.png"), str(tmp_path / "a.csv"), ""])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (next(answers), "")))
    attention._on_controls_export_requested("png")
    attention._on_controls_export_requested("csv")
    attention._on_controls_export_requested("png")  # cancelled
    assert QImage(str(tmp_path / "a.png")).width() > 0
    assert len(list(csv.reader((tmp_path / "a.csv").open(encoding="utf-8")))) > 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.png"]


def test_heads_kv_heads_and_grid(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    attention.apply_settings({"n_heads": 8, "n_kv_heads": 1, "d_model": 64})
    assert len(attention._grid_maps) == 8
    assert attention.controls.kv_heads.currentText() == "1 (MQA)"
    assert attention.scene.kv_heads.tolist() == [0] * 8
    attention.controls.heads.setValue(6)  # 6 heads: kv 1 still valid, d_model must divide
    attention.refresh()
    assert attention.scene.settings.n_heads == 6
    assert attention.scene.settings.d_model % 6 == 0


def test_bad_text_shows_a_message_and_keeps_the_picture(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    before = attention.scene
    attention.set_text("   ")
    assert "no tokens" in attention.status.text()
    assert attention.scene is before


def test_a_model_tokenizer_can_replace_the_word_splitter(attention) -> None:  # type: ignore[no-untyped-def]
    attention.set_tokenizer(lambda text: ["▁" + p for p in text.split("-")], "toy BPE")
    attention.set_text("un-believ-able")
    attention.refresh()
    assert attention.scene.tokens == ("▁un", "▁believ", "▁able")
    assert attention.controls.tokenizer_label.text() == "toy BPE"
    # captioned, so a model's name does not read as part of the "Heads" label after it
    row = attention.controls.layout().itemAt(0).layout()
    at = row.indexOf(attention.controls.tokenizer_label)
    assert row.itemAt(at - 1).widget().text() == "Tokens:"


def test_long_sequences_are_capped_and_say_so(attention) -> None:  # type: ignore[no-untyped-def]
    attention.set_tokens(["w"] * 2000)
    assert attention.scene.n == 512
    attention.set_text("word " * 600)
    assert attention.scene.n == 512
    assert "first 512" in attention.status.text()
    attention.set_text("a short one")
    assert "first" not in attention.status.text()


def test_moving_position_sliders_changes_the_pictures(qtbot, position) -> None:  # type: ignore[no-untyped-def]
    table = position.panels["sinusoidal"].table
    assert _image(table).shape == (128, 64)
    with qtbot.waitSignal(position.sigSceneUpdated, timeout=2000):
        position.length.slider.setValue(position.length.slider.value() + 40)
    assert _image(table).shape[0] > 128
    decay = position.panels["rope"]._decay_items[2]
    before = np.array(decay.yData, copy=True)
    with qtbot.waitSignal(position.sigSceneUpdated, timeout=2000):
        position.base.slider.setValue(position.base.slider.value() + 80)
    assert position.settings().base > 10000
    assert not np.array_equal(decay.yData[: len(before)], before)


def test_alibi_panel_titles_show_the_slopes(position) -> None:  # type: ignore[no-untyped-def]
    position.apply_settings({"heads": 12, "panel": "alibi"})
    titles = [hm.plot.titleLabel.text for hm in position.panels["alibi"]._maps]
    assert len(titles) == 12
    assert "m=1/2" in titles[0] and "m=1/256" in titles[7] and "m=2^-0.5" in titles[8]
    assert not position.panels["rope"].isVisibleTo(position)


def test_views_follow_the_palette(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    attention.setPalette(theme.dark_palette())
    qtbot.waitUntil(lambda: attention.maps.backgroundBrush().color().lightness() < 60,
                    timeout=2000)
    axis = attention.weights_map.plot.getAxis("left")
    assert axis.textPen().color().lightness() > 180


def test_dock_shows_every_preset(qtbot) -> None:  # type: ignore[no-untyped-def]
    dock = VisualizerDock()
    qtbot.addWidget(dock)
    for pid, preset in PRESETS.items():
        dock.show_preset(pid)
        current = dock.tabs.currentWidget()
        assert current is (dock.attention if preset.view == "attention" else dock.position)
    dock.show_preset("attention-gqa")
    s = dock.attention.scene.settings
    assert (s.n_heads, s.n_kv_heads, s.position) == (8, 2, "rope")
    dock.show_preset("position-alibi")
    assert dock.position.settings().panel == "alibi"
    with pytest.raises(VizError):
        dock.show_preset("no-such-preset")


def test_a_preset_with_text_retokenizes(attention) -> None:  # type: ignore[no-untyped-def]
    attention.apply_settings({"text": "one two three", "mask": "none"})
    assert attention.scene.tokens == ("one", "two", "three")


def test_a_short_wide_dock_puts_the_plots_in_one_row(qtbot, attention) -> None:  # type: ignore[no-untyped-def]
    attention.resize(1280, 380)
    qtbot.waitUntil(lambda: attention._split.orientation() == Qt.Orientation.Horizontal,
                    timeout=2000)
    attention.resize(1280, 800)
    qtbot.waitUntil(lambda: attention._split.orientation() == Qt.Orientation.Vertical,
                    timeout=2000)
