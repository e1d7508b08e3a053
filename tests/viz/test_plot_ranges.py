"""Line plots show their data's whole domain and values, held steady between steps."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QApplication

from interview_desk.ui.viz.position_view import PositionView
from interview_desk.ui.viz.steady import RANGE_PADDING, nice_ceiling, rounded_span


def _plots(view: PositionView) -> list:  # type: ignore[type-arg]
    return [view.panels["sinusoidal"].similarity, view.panels["rope"].decay,
            view.panels["t5"].chart]


def _assert_shows_all_data(plot) -> None:  # type: ignore[no-untyped-def]
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    for item in plot.listDataItems():
        x, y = item.xData, item.yData
        assert x0 <= float(x.min()) and float(x.max()) <= x1
        assert y0 <= float(np.min(y)) and float(np.max(y)) <= y1
    # the x range is the domain, padded; a range from offset 0 ends at the domain's
    # nice ceiling (steady while the length moves within it): at most a quarter empty
    xs = np.concatenate([item.xData for item in plot.listDataItems()])
    lo, hi = float(xs.min()), float(xs.max())
    end = nice_ceiling(hi) if lo == 0 else hi
    pad = (x1 - x0) * RANGE_PADDING * 1.01
    assert x0 >= lo - pad and hi <= x1 <= end + pad
    assert end <= 4 / 3 * hi


def test_after_a_burst_of_length_steps_the_plots_span_the_last_length(  # type: ignore[no-untyped-def]
        qtbot, make_position_view) -> None:
    view = make_position_view()
    slider = view.length.slider
    for step in range(1, 12):  # a drag: many values within a frame, coalesced
        slider.setValue(slider.value() + (step % 3) - 3)
    with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
        slider.setValue(slider.value() - 4)
    qtbot.waitUntil(lambda: not view._redraw.pending, timeout=3000)
    QApplication.processEvents()
    length = view.settings().length
    assert len(view.panels["sinusoidal"].sin_curve.xData) == length
    assert len(view.panels["rope"]._decay_items[2].xData) == length
    for plot in _plots(view):
        _assert_shows_all_data(plot)


def test_dim_and_base_steps_keep_every_curve_inside_its_plot(qtbot, make_position_view) -> None:  # type: ignore[no-untyped-def]
    view = make_position_view()
    for slider, to in ((view.dim.slider, 0), (view.base.slider, 0), (view.dim.slider, 60),
                       (view.base.slider, view.base.slider.maximum())):
        with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
            slider.setValue(to)
        for plot in _plots(view):
            _assert_shows_all_data(plot)


def test_rounded_span_rounds_out_and_ignores_non_finite_values() -> None:
    assert rounded_span([np.array([-0.3, 0.9999999, np.nan])], 0.25) == (-0.5, 1.0)
    assert rounded_span([np.array([0.0, 31.0]), np.array([-np.inf, 3.0])], 1.0) == (0.0, 31.0)
    assert rounded_span([np.array([0.5, 0.5])], 0.25) == (0.5, 0.75)  # never an empty range
    assert rounded_span([np.array([np.nan])], 0.25) == (0.0, 0.25)


def test_nice_ceiling_steps_by_at_most_a_third() -> None:
    assert [nice_ceiling(v) for v in (7, 10, 11, 127, 511, 600, 601, 4095)] == [
        8, 10, 12.5, 150, 600, 600, 800, 5000]
    values = np.geomspace(7, 8191, 400)
    ends = np.array([nice_ceiling(float(v)) for v in values])
    assert np.all(ends >= values) and np.all(ends <= 4 / 3 * values + 1e-9)


def test_a_length_drag_within_a_range_keeps_the_axes_still(qtbot, make_position_view) -> None:  # type: ignore[no-untyped-def]
    """Each move of an axis regenerates its ticks and re-strokes the cached curves: the
    decay and similarity plots' x ranges change only when the length leaves the range."""
    view = make_position_view()
    view.apply_settings({"panel": "all", "length": 520})
    QApplication.processEvents()
    plots = _plots(view)[:2]
    ranges = [plot.getViewBox().viewRange()[0] for plot in plots]
    for length in (530, 545, 560, 580, 599):
        with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
            view.apply_settings({"panel": "all", "length": length})
        assert view.settings().length == length
        assert [plot.getViewBox().viewRange()[0] for plot in plots] == ranges
    with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
        view.apply_settings({"panel": "all", "length": 700})
    assert all(plot.getViewBox().viewRange()[0][1] > ranges[0][1] for plot in plots)


def _pixels(widget) -> np.ndarray:  # type: ignore[no-untyped-def]
    image = widget.grab().toImage().convertToFormat(widget.grab().toImage().Format.Format_RGB32)
    view = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return view.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4].copy()


def test_panels_reached_by_a_drag_look_like_panels_drawn_fresh(qtbot, make_position_view) -> None:  # type: ignore[no-untyped-def]
    dragged = make_position_view()
    for slider, steps in ((dragged.length, (3, -5, 2)), (dragged.dim, (2, -4)),
                          (dragged.base, (9, -3)), (dragged.factor, (4,))):
        for step in steps:
            with qtbot.waitSignal(dragged.sigSceneUpdated, timeout=3000):
                slider.slider.setValue(slider.slider.value() + step)
            QApplication.processEvents()
    s = dragged.settings()
    fresh = make_position_view()
    fresh.apply_settings({"panel": "all", "length": s.length, "dim": s.dim, "base": s.base,
                          "scaling": s.scaling, "factor": s.factor})
    for _ in range(4):
        QApplication.processEvents()
    assert fresh.settings() == s
    for key in ("sinusoidal", "rope", "t5"):
        a, b = _pixels(dragged.panels[key]), _pixels(fresh.panels[key])
        assert a.shape == b.shape
        differ = np.mean(np.any(a.reshape(-1, 4) != b.reshape(-1, 4), axis=1))
        assert differ < 0.002, (key, differ)  # cached curves and held ranges: nothing stale
