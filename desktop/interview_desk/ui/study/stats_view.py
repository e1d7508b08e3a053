"""The statistics window (pyqtgraph): reviews per day (90 days, Again in its own colour),
the due forecast (30 days), true retention by interval, and coverage per source.
Colours follow the Qt palette (light and dark) through the visualizers' theme helper."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from interview_desk.study import BUILTIN_DECKS
from interview_desk.study.clock import utc_now
from interview_desk.ui.i18n import tr
from interview_desk.ui.shell.geometry import resize_within_screen
from interview_desk.ui.study.access import StudyAccess
from interview_desk.ui.study.deck_names import deck_label, fill_deck_box, relabel_deck_box
from interview_desk.ui.viz import theme as viz_theme
from interview_desk.ui.viz.steady import round_up

# study.stats.INTERVAL_BUCKETS' labels (kept as ids in the command line's JSON), as shown.
_BUCKET_KEYS = {
    "<1d": "stats.bucket_under_1d", "1d": "stats.bucket_1d", "2-3d": "stats.bucket_2_3d",
    "4-7d": "stats.bucket_4_7d", "1-2w": "stats.bucket_1_2w", "2w-1mo": "stats.bucket_2w_1mo",
    "1-3mo": "stats.bucket_1_3mo", ">3mo": "stats.bucket_over_3mo",
}

AGAIN_COLOR = "#d9534f"


def _bars(plot: pg.PlotItem, x: np.ndarray, heights: np.ndarray, color: QColor | str,
          width: float = 0.8, y0: np.ndarray | float = 0.0) -> pg.BarGraphItem:
    bars = pg.BarGraphItem(x=x, height=heights, width=width, y0=y0, brush=pg.mkBrush(color),
                           pen=pg.mkPen(None))
    plot.addItem(bars)
    return bars


def _ticks(plot: pg.PlotItem, labels: list[str], every: int = 1) -> None:
    plot.getAxis("bottom").setTicks([[(i, t) for i, t in enumerate(labels) if i % every == 0]])


def _counts_axis(plot: pg.PlotItem, top: float) -> None:
    """Whole-number ticks on a count axis (a day with one review read 0, 0.5, 1.0), about
    five of them: steps of 1, 2 or 5 times a power of ten."""
    step = round_up(max(1.0, top / 5), (1, 2, 5, 10))
    plot.getAxis("left").setTickSpacing(step, step)
    plot.setYRange(0, max(1.0, top) * 1.1)


class StatsWindow(QWidget):
    def __init__(self, access: StudyAccess, parent: QWidget | None = None, *,
                 theme: str = "light") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("studyStats")
        self._access = access
        self._theme = theme
        self.data: dict[str, Any] | None = None
        self.deck_box = QComboBox(objectName="statsDeck")
        fill_deck_box(self.deck_box, BUILTIN_DECKS, None)
        self.deck_box.activated.connect(lambda _i: self.load(self.deck_box.currentData()))
        self.summary = QLabel(objectName="statsSummary")
        self.summary.setWordWrap(True)
        self.plots = pg.GraphicsLayoutWidget()
        self.reviews_plot = self.plots.addPlot(row=0, col=0)
        self.forecast_plot = self.plots.addPlot(row=0, col=1)
        self.retention_plot = self.plots.addPlot(row=1, col=0)
        self.coverage_plot = self.plots.addPlot(row=1, col=1)
        self.mock_plot = self.plots.addPlot(row=2, col=0, colspan=2)
        self.plots.ci.layout.setRowStretchFactor(2, 0)
        self.mock_plot.setMaximumHeight(170)
        for plot in self._all_plots():
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.showGrid(y=True, alpha=0.25)
        top = QHBoxLayout()
        top.addWidget(self.deck_box)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.plots, 1)
        # Esc closes it, as it does the review and mock interview windows
        QShortcut(QKeySequence("Escape"), self, activated=self.close)
        self.retranslate()
        resize_within_screen(self, QSize(1200, 760))

    def retranslate(self) -> None:
        self.setWindowTitle(tr("stats.title"))
        relabel_deck_box(self.deck_box)
        if self.data is not None:
            self.show_stats(self.data)  # titles and the summary line

    def _all_plots(self) -> tuple[pg.PlotItem, ...]:
        return (self.reviews_plot, self.forecast_plot, self.retention_plot, self.coverage_plot,
                self.mock_plot)

    def load(self, deck: str | None = None) -> None:
        self._access.stats(deck, utc_now(), self.show_stats)

    def show_stats(self, data: dict[str, Any]) -> None:
        """Draw ``StudyService.stats`` output (public for tests and screenshots)."""
        self.data = data
        if self.deck_box.findData(data["deck"]) < 0:
            self.deck_box.addItem(deck_label(data["deck"]), data["deck"])
        self.deck_box.setCurrentIndex(self.deck_box.findData(data["deck"]))
        s = data["summary"]
        retention = s["retention_30d"]
        self.summary.setText(tr(
            "stats.summary", cards=s["cards"], new=s["new"], learning=s["learning"],
            review=s["review"], due=data["due_today"], today=s["reviews_today"],
            retention="–" if retention is None else f"{retention:.0%}"))
        for plot in self._all_plots():
            plot.clear()
        accent, second, third, fourth = viz_theme.series_pens(self)[:4]
        self._draw_reviews(data["reviews_per_day"], accent)
        self._draw_forecast(data["due_forecast"], second)
        self._draw_retention(data["retention_by_interval"], third)
        self._draw_coverage(data["coverage"], (accent, second, fourth))
        self._draw_mock_scores(data.get("mock_scores", []), third)
        viz_theme.apply(self)

    def _draw_reviews(self, days: list[Any], color: QColor) -> None:
        plot = self.reviews_plot
        plot.setTitle(tr("stats.reviews_per_day", n=len(days)))
        x = np.arange(len(days), dtype=float)
        total = np.array([d.reviews for d in days], dtype=float)
        again = np.array([d.again for d in days], dtype=float)
        _bars(plot, x, total - again, color, y0=again)
        _bars(plot, x, again, AGAIN_COLOR)
        _ticks(plot, [d.day.strftime("%m-%d") for d in days], every=15)
        _counts_axis(plot, float(total.max(initial=0)))

    def _draw_forecast(self, forecast: list[tuple[Any, int]], color: QColor) -> None:
        plot = self.forecast_plot
        plot.setTitle(tr("stats.forecast", n=len(forecast)))
        counts = np.array([n for _d, n in forecast], dtype=float)
        _bars(plot, np.arange(len(counts), dtype=float), counts, color)
        _ticks(plot, [d.strftime("%m-%d") for d, _n in forecast], every=5)
        _counts_axis(plot, float(counts.max(initial=0)))

    def _draw_retention(self, buckets: list[Any], color: QColor) -> None:
        plot = self.retention_plot
        plot.setTitle(tr("stats.retention"))
        values = np.array([(b.retention or 0.0) * 100 for b in buckets], dtype=float)
        _bars(plot, np.arange(len(buckets), dtype=float), values, color)
        _ticks(plot, [tr(_BUCKET_KEYS[b.label]) for b in buckets])
        plot.setYRange(0, 112)
        _bg, fg, _accent = viz_theme.colors(self)
        for i, b in enumerate(buckets):
            if b.reviews:
                label = pg.TextItem(f"{b.retention:.0%} · {b.reviews}", color=fg,
                                    anchor=(0.5, 1.0))
                label.setPos(i, values[i])
                plot.addItem(label)

    def _draw_mock_scores(self, rows: list[tuple[float, float, int]], color: QColor) -> None:
        plot = self.mock_plot
        for side in ("left", "bottom"):  # no interview yet: a line saying so, not bare axes
            plot.showAxis(side, bool(rows))
        if not rows:
            plot.setTitle(tr("stats.mock_none"))
            return
        plot.setTitle(tr("stats.mock_scores", n=len(rows)))
        plot.setYRange(0.5, 5.5)
        x = np.arange(len(rows), dtype=float)
        y = np.array([r[1] for r in rows], dtype=float)
        plot.plot(x, y, pen=pg.mkPen(color, width=2), symbol="o", symbolBrush=color,
                  symbolPen=None, symbolSize=7)
        _ticks(plot, [datetime.fromtimestamp(r[0]).strftime("%m-%d") for r in rows],
               every=max(1, len(rows) // 12))
        plot.setXRange(-0.5, max(len(rows) - 0.5, 0.5))

    def _draw_coverage(self, rows: list[Any], colors: tuple[QColor, QColor, QColor]) -> None:
        plot = self.coverage_plot
        plot.setTitle(tr("stats.coverage"))
        plot.addLegend(offset=(10, 2), colCount=3)
        x = np.arange(len(rows), dtype=float)
        total = np.array([max(r.total, 1) for r in rows], dtype=float)
        series = (("seen", "stats.seen"), ("known", "stats.known"),
                  ("in_review", "stats.studied"))  # learning or in review
        for offset, (attr, key), color in zip((-0.27, 0.0, 0.27), series, colors, strict=True):
            share = np.array([getattr(r, attr) for r in rows], dtype=float) / total * 100
            bars = _bars(plot, x + offset, share, color, width=0.25)
            plot.legend.addItem(bars, tr(key))
        _ticks(plot, [r.source.split("_", 1)[0] for r in rows])
        plot.setYRange(0, 118)  # room for the legend above the bars
