"""The position view's four panels; each redraws itself from ``PositionSettings``.

Each panel is one GraphicsLayoutWidget. ``update`` recomputes only from numpy functions
in ``viz.positional`` and hands the arrays to existing items (no items are rebuilt
unless the head count changes).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from interview_desk.ui.viz import theme
from interview_desk.ui.viz.heatmap import Heatmap
from interview_desk.viz import positional as pe
from interview_desk.viz.position_settings import MATRIX_LIMIT, PositionSettings, slope_label

REFERENCE_BASES = (10000.0, 500000.0)  # the original RoPE base vs Llama 3's
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
    layout.addItem(legend, row=row, col=col)
    plot.legend = legend
    grid = layout.ci.layout
    grid.setRowStretchFactor(row - 1, 1)  # the plots take the height, legends what they need
    grid.setRowStretchFactor(row, 0)
    return legend


def _line_plot(layout: pg.GraphicsLayoutWidget, row: int, col: int, title: str, x: str,
               y: str, legend_columns: int = 2) -> pg.PlotItem:
    plot = layout.addPlot(row=row, col=col, title=title)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    # no grid: its lines are redrawn with every axis change and cost a third of a step
    plot.setLabel("bottom", x)
    plot.setLabel("left", y)
    _legend_below(layout, plot, row + 1, col, legend_columns)
    return plot


def _set_legend_text(legend: pg.LegendItem, item: pg.PlotDataItem, text: str) -> None:
    """Change a legend entry only when its text changes (each change re-lays out)."""
    label = legend.getLabel(item)
    if label is not None and label.text != text:
        label.setText(text, color=label.opts.get("color"))


class SinusoidalPanel(pg.GraphicsLayoutWidget):
    def __init__(self) -> None:
        super().__init__()
        self.table = Heatmap(self, 0, 0, "正弦位置编码 Sinusoidal PE", theme.DIVERGING,
                             parent=self)
        self.table.plot.setLabel("left", "位置 position")
        self.table.plot.setLabel("bottom", "维度 dimension")
        self.similarity = _line_plot(self, 0, 1, "相似度 Similarity by offset",
                                     "距离 offset", "cos(PE₀, PEₖ)", legend_columns=1)
        pens = theme.series_pens(self)
        self.sin_curve = self.similarity.plot(name="正弦 sinusoidal", pen=_pen(pens[0]))
        self.learned_curve = self.similarity.plot(name="可学习 learned (untrained)",
                                                  pen=_pen(pens[1], 1.5))

    def update_from(self, s: PositionSettings) -> None:
        table = pe.sinusoidal(s.length, s.dim, s.base)
        self.table.set_data(table.astype(np.float32), (-1.0, 1.0))
        offsets = np.arange(s.length)
        self.sin_curve.setData(offsets, pe.similarity_by_offset(table, s.length - 1))
        learned = pe.learned_table(s.length, s.dim)
        self.learned_curve.setData(offsets, pe.similarity_by_offset(learned, s.length - 1))


class RopePanel(pg.GraphicsLayoutWidget):
    def __init__(self) -> None:
        super().__init__()
        self.pairs = self.addPlot(row=0, col=0, title="RoPE 旋转对 Rotating pairs")
        self.pairs.setMenuEnabled(False)
        self.pairs.hideButtons()
        self.pairs.setAspectLocked(True)
        _legend_below(self, self.pairs, 1, 0, 1)
        self.pairs.setLabel("bottom", "x₂ᵢ")
        self.pairs.setLabel("left", "x₂ᵢ₊₁")
        pens = theme.series_pens(self)
        t = np.linspace(0, 2 * np.pi, 181)
        self._pair_items = []
        for k in range(ROPE_PAIRS_SHOWN):
            radius = 1.0 - 0.3 * k
            self.pairs.plot(radius * np.cos(t), radius * np.sin(t),
                            pen=_pen(QColor(128, 128, 128, 110), 1, dashed=True))
            item = self.pairs.plot(pen=None, symbol="o", symbolSize=6,
                                   symbolBrush=pens[k], symbolPen=None, name=f"pair {k}")
            self._pair_items.append(item)
        self.decay = _line_plot(self, 0, 1, "q·k 衰减 Long-range decay",
                                "距离 offset |m−n|", "q·k (normalised)", legend_columns=1)
        self._decay_items = [self.decay.plot(pen=_pen(pens[i], 1.5 if i < 2 else 2.2),
                                             name="") for i in range(3)]
        self._train_line = pg.InfiniteLine(angle=90, movable=False,
                                           pen=_pen(QColor(128, 128, 128), 1, dashed=True))
        self.decay.addItem(self._train_line)

    def update_from(self, s: PositionSettings) -> None:
        half = s.dim // 2
        shown = min(s.length, ROPE_POSITIONS_SHOWN)
        pair_ids = sorted({0, half // 8, half // 4})[:ROPE_PAIRS_SHOWN]
        angles = pe.rope_angles(np.arange(shown), s.dim, s.base, s.scaling, s.factor)
        legend = self.pairs.legend
        for k, item in enumerate(self._pair_items):
            if k >= len(pair_ids):
                item.setData([], [])
                continue
            i = pair_ids[k]
            radius = 1.0 - 0.3 * k
            item.setData(radius * np.cos(angles[:, i]), radius * np.sin(angles[:, i]))
            theta = pe.inverse_frequencies(s.dim, s.base)[i]
            _set_legend_text(legend, item, f"i={i} θ={theta:.2g} (p 0–{shown - 1})" if k == 0
                             else f"i={i} θ={theta:.2g}")
        offsets = np.arange(s.length)
        curves = [(b, "none", 1.0) for b in REFERENCE_BASES] + [(s.base, s.scaling, s.factor)]
        for item, (base, scaling, factor) in zip(self._decay_items, curves, strict=True):
            item.setData(offsets, pe.rope_score_by_offset(s.length - 1, s.dim, base, scaling,
                                                          factor))
            name = f"base {base:,.0f}"
            if scaling != "none":
                name += f" + {scaling.upper()} ×{factor:g}"
            _set_legend_text(self.decay.legend, item,
                             name + (" ← 当前 now" if item is self._decay_items[-1] else ""))
        trained = s.length / s.factor if s.scaling != "none" else None
        self._train_line.setVisible(trained is not None)
        if trained is not None:
            self._train_line.setPos(trained)


class AlibiPanel(pg.GraphicsLayoutWidget):
    COLUMNS = 4

    def __init__(self) -> None:
        super().__init__()
        self._maps: list[Heatmap] = []
        self.title = self.addLabel("", row=0, col=0, colspan=self.COLUMNS)

    def update_from(self, s: PositionSettings) -> None:
        n = min(s.length, MATRIX_LIMIT)
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
        bias = pe.alibi_bias(n, s.heads).astype(np.float32)
        bias[:, np.triu_indices(n, 1)[0], np.triu_indices(n, 1)[1]] = np.nan  # causal
        lo = float(np.nanmin(bias))
        slopes = pe.alibi_slopes(s.heads)
        for h, hm in enumerate(self._maps):
            hm.set_data(bias[h], (lo, 0.0))  # one scale for all heads: slopes compare
            theme.set_title(hm.plot, f"h{h}  m={slope_label(float(slopes[h]))}", size="9pt")
        title = (f"ALiBi 偏置 bias = −m·(i−j), first {n} positions, shared colour scale "
                 f"{lo:.1f}…0")
        if self.title.text != title:
            self.title.setText(title, color=theme.colors(self)[1])


class T5Panel(pg.GraphicsLayoutWidget):
    def __init__(self) -> None:
        super().__init__()
        self.matrix = Heatmap(self, 0, 0, "T5 桶 buckets (key − query)", theme.COLORMAP,
                              parent=self)
        self.matrix.plot.setLabel("left", "查询 query")
        self.matrix.plot.setLabel("bottom", "键 key")
        self.chart = _line_plot(self, 0, 1, "T5 分桶 Buckets by offset",
                                "相对位置 key − query", "桶 bucket")
        pens = theme.series_pens(self)
        self.bi = self.chart.plot(name="双向 bidirectional", pen=_pen(pens[0]),
                                  stepMode="center")
        self.uni = self.chart.plot(name="单向 causal", pen=_pen(pens[1]),
                                   stepMode="center")

    def update_from(self, s: PositionSettings) -> None:
        n = min(s.length, 2 * MATRIX_LIMIT)
        rel = np.arange(n)[None, :] - np.arange(n)[:, None]
        self.matrix.set_data(pe.t5_relative_bucket(rel).astype(np.float32), (0.0, 31.0))
        theme.set_title(self.matrix.plot, f"T5 桶 buckets ({n}×{n})")
        reach = min(s.length, 512)
        offsets = np.arange(-reach, reach + 1)
        edges = np.arange(-reach, reach + 2) - 0.5  # stepMode="center" wants len(x) = len(y)+1
        self.bi.setData(edges, pe.t5_relative_bucket(offsets, True))
        self.uni.setData(edges, pe.t5_relative_bucket(offsets, False))
