"""Plot text never overlaps: token labels are thinned to fit, legends sit off the curves."""

from __future__ import annotations

from itertools import pairwise

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetrics

from interview_desk.ui.viz.attention_view import AttentionView
from interview_desk.ui.viz.position_view import PositionView
from interview_desk.ui.viz.token_axis import label_stride, nice_step

TEXT = "The cat sat on the mat because it was warm and then it slept all afternoon"


def _pixel_gaps(plot: pg.PlotItem, side: str) -> tuple[list[float], list[str], float]:
    """Distances in pixels between neighbouring tick labels, the labels, the font height."""
    axis = plot.getAxis(side)
    ticks = list(axis._tickLevels[0])  # what setTicks handed the axis
    view = plot.getViewBox()
    horizontal = side == "bottom"

    def at(v: float) -> float:
        point = view.mapViewToScene(QPointF(v, 0) if horizontal else QPointF(0, v))
        return point.x() if horizontal else point.y()

    places = [at(v) for v, _ in ticks]
    gaps = [abs(b - a) for a, b in pairwise(places)]
    metrics = QFontMetrics(axis.style["tickFont"] or axis.font())
    return gaps, [label for _, label in ticks], metrics.height()


@pytest.mark.parametrize("size", [(1264, 340), (1264, 600), (700, 900)])
def test_token_labels_never_overlap(qtbot, size) -> None:  # type: ignore[no-untyped-def]
    view = AttentionView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.sigSceneUpdated, timeout=3000):
        view.set_text(TEXT)
    qtbot.wait(50)  # the views have their final sizes
    plots = [(view.scores_map.plot, s) for s in ("left", "bottom")]
    plots += [(view.weights_map.plot, s) for s in ("left", "bottom")]
    plots.append((view.bars.getPlotItem(), "bottom"))
    for plot, side in plots:
        gaps, labels, line_height = _pixel_gaps(plot, side)
        assert len(labels) >= 2, (side, labels)
        metrics = QFontMetrics(plot.getAxis(side).style["tickFont"]
                               or plot.getAxis(side).font())
        for gap, (a, b) in zip(gaps, pairwise(labels), strict=True):
            need = ((metrics.horizontalAdvance(a) + metrics.horizontalAdvance(b)) / 2
                    if side == "bottom" else line_height)
            assert gap >= need, (size, side, a, b, gap, need)


def test_legends_sit_outside_the_plotted_area(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = PositionView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    panels = view.panels
    plots = [panels["sinusoidal"].similarity, panels["rope"].pairs, panels["rope"].decay,
             panels["t5"].chart]
    for plot in plots:
        legend = plot.legend
        assert legend is not None and legend.items, plot
        area = plot.getViewBox().sceneBoundingRect()
        box = legend.sceneBoundingRect()
        assert not box.intersects(area), (plot.titleLabel.text, box, area)
        assert box.width() > 0 and box.height() > 0


def test_stride_and_step_arithmetic() -> None:
    assert label_stride(40, 20) == 1
    assert label_stride(9, 13) == 3  # ten rows in 90 px, 13 px labels: every third
    assert label_stride(0, 13) == 1
    assert [nice_step(v) for v in (0.525, 0.15, 0.02, 3)] == [1, 0.2, 0.02, 5]
