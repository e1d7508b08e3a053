"""The position view's four panels; each redraws itself from ``PositionSettings``.

Each panel is one GraphicsLayoutWidget. ``update_from`` recomputes from numpy functions
in ``viz.positional`` only the parts whose inputs changed and hands the arrays to
existing items (no items are rebuilt unless the head count changes): an untouched item
keeps its pixels, so Qt repaints only what a slider step really moved.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from interview_desk.ui.i18n import tr
from interview_desk.ui.viz import theme
from interview_desk.ui.viz.heatmap import Heatmap
from interview_desk.ui.viz.steady import (
    hold_range,
    keep_pixels,
    nice_ceiling,
    rounded_span,
    steady_axes,
)
from interview_desk.viz import positional as pe
from interview_desk.viz.position_settings import MATRIX_LIMIT, PositionSettings, slope_label

REFERENCE_BASES = (10000.0, 500000.0)  # the original RoPE base vs Llama 3's
COSINE_STEP = 0.25  # cosine curves' y ranges move in quarters: rarely during a drag
ROPE_PAIRS_SHOWN = 3
ROPE_POSITIONS_SHOWN = 24


def _pen(color: QColor | str, width: float = 2.0, dashed: bool = False) -> QPen:
    pen = pg.mkPen(color, width=width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _legend_below(layout: pg.GraphicsLayoutWidget, plot: pg.PlotItem, row: int, col: int,
                  columns: int) -> pg.LegendItem:
    """The plot's legend in its own cell under it: inside the plot it covered the curves.

    Curves added with ``plot.plot(name=...)`` afterwards are listed in it.
    """
    legend = pg.LegendItem(labelTextSize="8pt", verSpacing=-8, horSpacing=12,
                           colCount=columns, frame=False)
    # LegendItem's grid keeps Qt's default 6 px margins: 17 of the 65 px a three-line
    # legend took, and the plots above need them more in a short dock
    legend.layout.setContentsMargins(0, 0, 0, 0)
    layout.addItem(legend, row=row, col=col)
    plot.legend = legend
    grid = layout.ci.layout
    grid.setRowStretchFactor(row - 1, 1)  # the plots take the height, legends what they need
    grid.setRowStretchFactor(row, 0)
    return legend


def _line_plot(layout: pg.GraphicsLayoutWidget, row: int, col: int,
               legend_columns: int = 2) -> pg.PlotItem:
    """A line plot with its legend in the cell below; titles and axis labels are set by
    the panel's ``retranslate``, ranges by ``hold_range``."""
    plot = layout.addPlot(row=row, col=col)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    steady_axes(plot)
    # no grid: its lines are redrawn with every axis change and cost a third of a step
    _legend_below(layout, plot, row + 1, col, legend_columns)
    return plot


def _word_plot(plot: pg.PlotItem, title: str, x: str, y: str) -> None:
    """Title and axis labels (already translated) of one plot."""
    theme.set_title(plot, title)
    plot.setLabel("bottom", x)
    plot.setLabel("left", y)


def _set_legend_text(legend: pg.LegendItem, item: pg.PlotDataItem, text: str) -> None:
    """Change a legend entry only when its text changes (each change re-lays out)."""
    label = legend.getLabel(item)
    if label is not None and label.text != text:
        label.setText(text, color=label.opts.get("color"))


class _Panel(pg.GraphicsLayoutWidget):
    """A panel that redraws a part only when that part's inputs changed."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: dict[str, object] = {}  # part -> the inputs it shows

    def changed(self, part: str, inputs: object) -> bool:
        """True (and remembered) when ``part`` must be redrawn for ``inputs``."""
        if self._drawn.get(part) == inputs:
            return False
        self._drawn[part] = inputs
        return True

    def forget(self) -> None:
        """Redraw every part next time (texts re-worded, or a drawing failed half-way)."""
        self._drawn.clear()

    def settle(self) -> None:
        """Map the plots to their new ranges now, not in the paint: a range that changes
        while the panel paints makes Qt paint the whole panel again."""
        self.scene().prepareForPaint()


class SinusoidalPanel(_Panel):
    def __init__(self) -> None:
        super().__init__()
        self.table = Heatmap(self, 0, 0, "", theme.DIVERGING, parent=self)
        self.similarity = _line_plot(self, 0, 1)
        pens = theme.series_pens(self)
        self.sin_curve = self.similarity.plot(name=" ", pen=_pen(pens[0]))
        self.learned_curve = self.similarity.plot(name=" ", pen=_pen(pens[1], 1.5))
        keep_pixels(self.learned_curve)  # the base moves the other curve only
        self.retranslate()

    def retranslate(self) -> None:
        _word_plot(self.table.plot, tr("pos.sin_title"), tr("viz.dimension"),
                   tr("viz.position"))
        _word_plot(self.similarity, tr("pos.similarity_title"), tr("viz.offset"),
                   "cos(PE₀, PEₖ)")
        _set_legend_text(self.similarity.legend, self.sin_curve, tr("pos.sinusoidal"))
        _set_legend_text(self.similarity.legend, self.learned_curve, tr("pos.learned"))

    def update_from(self, s: PositionSettings) -> None:
        offsets = np.arange(s.length)
        if self.changed("table", (s.length, s.dim, s.base)):
            table = pe.sinusoidal(s.length, s.dim, s.base)
            self.table.set_data(table.astype(np.float32), (-1.0, 1.0))
            self.sin_curve.setData(offsets, pe.similarity_by_offset(table, s.length - 1),
                                   skipFiniteCheck=True)
        if self.changed("learned", (s.length, s.dim)):  # the base does not touch it
            learned = pe.learned_table(s.length, s.dim)
            self.learned_curve.setData(offsets, pe.similarity_by_offset(learned, s.length - 1),
                                       skipFiniteCheck=True)
        hold_range(self.similarity, (0.0, nice_ceiling(s.length - 1.0)), rounded_span(
            (self.sin_curve.yData, self.learned_curve.yData), COSINE_STEP))
        self.settle()


class RopePanel(_Panel):
    def __init__(self) -> None:
        super().__init__()
        self.pairs = self.addPlot(row=0, col=0)
        self.pairs.setMenuEnabled(False)
        self.pairs.hideButtons()
        self.pairs.setAspectLocked(True)
        steady_axes(self.pairs)
        # one entry a line: in two columns every θ the dim and base sliders re-word shifted
        # the grid (p95 of a dim step 14 -> 31 ms); the decay legend beside it has
        # three lines anyway
        _legend_below(self, self.pairs, 1, 0, 1)
        pens = theme.series_pens(self)
        t = np.linspace(0, 2 * np.pi, 181)
        self._pair_items: list[pg.ScatterPlotItem] = []
        for k in range(ROPE_PAIRS_SHOWN):
            radius = 1.0 - 0.3 * k
            keep_pixels(self.pairs.plot(radius * np.cos(t), radius * np.sin(t),
                                        pen=_pen(QColor(128, 128, 128, 110), 1, dashed=True)))
            # a bare scatter, not a PlotDataItem with symbols: its setData costs a third
            # (0.12 vs 0.43 ms for 24 points), three times on each dim or base step
            item = pg.ScatterPlotItem(symbol="o", size=6, brush=pens[k], pen=None, name=" ")
            # the points lie on the circles: fitting the view to them (and their symbols'
            # pixels) moved both axes by a hair, and re-laid them out, at every step
            self.pairs.addItem(item, ignoreBounds=True)
            self._pair_items.append(item)
        self.decay = _line_plot(self, 0, 1, legend_columns=1)
        self._decay_items = [self.decay.plot(pen=_pen(pens[i], 1.5 if i < 2 else 2.2),
                                             name="") for i in range(3)]
        keep_pixels(*self._decay_items[:2])  # the reference bases: the length moves them only
        self._train_line = pg.InfiniteLine(angle=90, movable=False,
                                           pen=_pen(QColor(128, 128, 128), 1, dashed=True))
        self.decay.addItem(self._train_line)
        self.retranslate()

    def retranslate(self) -> None:
        """Static texts; legends with numbers are re-worded by the next ``update_from``."""
        _word_plot(self.pairs, tr("pos.pairs_title"), "x₂ᵢ", "x₂ᵢ₊₁")
        _word_plot(self.decay, tr("pos.decay_title"), tr("pos.decay_x"), tr("pos.decay_y"))

    def update_from(self, s: PositionSettings) -> None:
        shown = min(s.length, ROPE_POSITIONS_SHOWN)
        scaling = (s.scaling, s.factor) if s.scaling != "none" else ("none", 1.0)
        if self.changed("pairs", (shown, s.dim, s.base, scaling)):
            self._draw_pairs(s, shown)
        if self.changed("references", (s.length, s.dim)):  # fixed bases: nothing else moves them
            self._draw_decay(s, self._decay_items[:2],
                             [(b, "none", 1.0) for b in REFERENCE_BASES])
        if self.changed("decay", (s.length, s.dim, s.base, scaling)):
            self._draw_decay(s, self._decay_items[2:], [(s.base, *scaling)])
            trained = s.length / s.factor if s.scaling != "none" else None
            self._train_line.setVisible(trained is not None)
            if trained is not None:
                self._train_line.setPos(trained)
        hold_range(self.decay, (0.0, nice_ceiling(s.length - 1.0)), rounded_span(
            (item.yData for item in self._decay_items), COSINE_STEP))
        self.settle()

    def _draw_pairs(self, s: PositionSettings, shown: int) -> None:
        """The first positions of three pairs, rotating on their circles."""
        half = s.dim // 2
        pair_ids = sorted({0, half // 8, half // 4})[:ROPE_PAIRS_SHOWN]
        angles = pe.rope_angles(np.arange(shown), s.dim, s.base, s.scaling, s.factor)
        legend = self.pairs.legend
        for k, item in enumerate(self._pair_items):
            if k >= len(pair_ids):
                item.setData(x=[], y=[])
                continue
            i = pair_ids[k]
            radius = 1.0 - 0.3 * k
            item.setData(x=radius * np.cos(angles[:, i]), y=radius * np.sin(angles[:, i]))
            theta = pe.inverse_frequencies(s.dim, s.base)[i]
            _set_legend_text(legend, item, f"i={i} θ={theta:.2g} (p 0–{shown - 1})" if k == 0
                             else f"i={i} θ={theta:.2g}")

    def _draw_decay(self, s: PositionSettings, items: list[pg.PlotDataItem],
                    curves: list[tuple[float, str, float]]) -> None:
        """RoPE's long-range decay against the offset for (base, scaling, factor) curves:
        the two reference bases, or the one set (the last item, "now")."""
        offsets = np.arange(s.length)
        for item, (base, scaling, factor) in zip(items, curves, strict=True):
            item.setData(offsets, pe.rope_score_by_offset(s.length - 1, s.dim, base, scaling,
                                                          factor), skipFiniteCheck=True)
            name = tr("pos.base_curve", base=base)
            if scaling != "none":  # one decimal, like the slider: "×4.0" is as wide as "×4.2"
                name += f" + {scaling.upper()} ×{factor:.1f}"
            _set_legend_text(self.decay.legend, item,
                             name + (tr("pos.now") if item is self._decay_items[-1] else ""))


class AlibiPanel(_Panel):
    COLUMNS = 4

    def __init__(self) -> None:
        super().__init__()
        self._maps: list[Heatmap] = []
        self.title = self.addLabel("", row=0, col=0, colspan=self.COLUMNS)

    def retranslate(self) -> None:
        """Nothing static: the title carries numbers and is re-worded by ``update_from``."""

    def update_from(self, s: PositionSettings) -> None:
        n = min(s.length, MATRIX_LIMIT)
        if self.changed("maps", (n, s.heads)):
            self._draw_maps(s, n)

    def _draw_maps(self, s: PositionSettings, n: int) -> None:
        if len(self._maps) != s.heads:
            for hm in self._maps:
                hm.detach()
                self.removeItem(hm.plot)
            self._maps = []
            for h in range(s.heads):
                hm = Heatmap(self, 1 + h // self.COLUMNS, h % self.COLUMNS, "",
                             theme.COLORMAP, with_bar=False, parent=self)
                for axis in ("left", "bottom"):
                    hm.plot.hideAxis(axis)
                self._maps.append(hm)
            theme.apply(self)  # the new plots in the palette's colours
        bias = pe.alibi_bias(n, s.heads).astype(np.float32)
        bias[:, np.triu_indices(n, 1)[0], np.triu_indices(n, 1)[1]] = np.nan  # causal
        lo = float(np.nanmin(bias))
        slopes = pe.alibi_slopes(s.heads)
        for h, hm in enumerate(self._maps):
            hm.set_data(bias[h], (lo, 0.0))  # one scale for all heads: slopes compare
            theme.set_title(hm.plot, f"h{h}  m={slope_label(float(slopes[h]))}", size="9pt")
        title = tr("pos.alibi_title", n=n, lo=lo)
        if self.title.text != title:
            self.title.setText(title, color=theme.colors(self)[1])


class T5Panel(_Panel):
    def __init__(self) -> None:
        super().__init__()
        self.matrix = Heatmap(self, 0, 0, "", theme.COLORMAP, parent=self)
        self.chart = _line_plot(self, 0, 1)
        pens = theme.series_pens(self)
        self.bi = self.chart.plot(name=" ", pen=_pen(pens[0]), stepMode="center")
        self.uni = self.chart.plot(name=" ", pen=_pen(pens[1]), stepMode="center")
        keep_pixels(self.bi, self.uni)  # they move with lengths under 512 only
        self.retranslate()

    def retranslate(self) -> None:
        """Static texts; the matrix title (with its size) is re-worded by ``update_from``."""
        _word_plot(self.matrix.plot, tr("pos.t5_title"), tr("viz.key"), tr("viz.query"))
        _word_plot(self.chart, tr("pos.t5_chart"), tr("pos.t5_x"), tr("pos.t5_y"))
        _set_legend_text(self.chart.legend, self.bi, tr("pos.bidirectional"))
        _set_legend_text(self.chart.legend, self.uni, tr("pos.causal"))

    def update_from(self, s: PositionSettings) -> None:
        n = min(s.length, 2 * MATRIX_LIMIT)
        if self.changed("matrix", n):
            rel = np.arange(n)[None, :] - np.arange(n)[:, None]
            self.matrix.set_data(pe.t5_relative_bucket(rel).astype(np.float32), (0.0, 31.0))
            theme.set_title(self.matrix.plot, tr("pos.t5_size", n=n))
        reach = min(s.length, 512)
        if self.changed("chart", reach):
            offsets = np.arange(-reach, reach + 1)
            edges = np.arange(-reach, reach + 2) - 0.5  # stepMode="center": len(x) = len(y)+1
            self.bi.setData(edges, pe.t5_relative_bucket(offsets, True), skipFiniteCheck=True)
            self.uni.setData(edges, pe.t5_relative_bucket(offsets, False), skipFiniteCheck=True)
            hold_range(self.chart, (float(edges[0]), float(edges[-1])),
                       rounded_span((self.bi.yData, self.uni.yData), 1.0))
        self.settle()
