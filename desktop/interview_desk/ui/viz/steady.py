"""Plot settings that keep a slider step from re-laying a view out.

A pyqtgraph layout re-lays a whole panel out (and so repaints all of it) whenever an
item in it asks for another size: an axis whose tick labels got one digit shorter, or
one whose label is re-set for an SI prefix at every range change. These settings keep
item sizes steady while a slider moves, and line plots' ranges set from the data in
hand instead of auto-ranged: fitting every curve's bounds at each step cost more than
drawing them, and an auto-ranged y axis moved (and redrew its ticks) at every step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

RANGE_PADDING = 0.05  # each side, a fraction of the range: what auto-ranging added here
_RANGE = "_viz_range"  # attribute on each held plot: the ranges it shows


def steady_axes(plot: pg.PlotItem) -> None:
    """Axes keep the widest label room they needed (shorter labels don't shrink them)
    and never re-set their label for an SI prefix (no values here need one); hidden
    axes too, which follow the view's range all the same."""
    for side in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(side)
        axis.enableAutoSIPrefix(False)
        axis.setStyle(autoReduceTextSpace=False)
    # An end label may reach a little past its axis, into the corner or the gap beside
    # the plot: hidden as pyqtgraph does by default, a narrow T5 chart at ±512 showed "0"
    # alone on its axis.
    plot.getAxis("bottom").setStyle(hideOverlappingLabels=14)


def keep_pixels(*items: pg.PlotDataItem) -> None:
    """Paint these curves from a pixmap of their last drawing while they are unchanged.

    A step repaints the whole area of a plot one of whose curves moved: its other
    curves (reference curves, the RoPE circles, dashed lines being the dearest) would
    be stroked again point by point. Qt redraws the pixmap whenever the curve or the
    plot's scale changes, so the pixels are the ones a fresh paint gives.
    """
    for item in items:
        item.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def hold_range(plot: pg.PlotItem, x: tuple[float, float], y: tuple[float, float]) -> None:
    """Show ``x`` by ``y`` (padded), auto-ranging off; set only when it changes (each
    set moves the axes, which redraw their ticks)."""
    key = (x, y)
    if getattr(plot, _RANGE, None) == key:
        return
    setattr(plot, _RANGE, key)
    plot.setRange(xRange=x, yRange=y, padding=RANGE_PADDING)  # also turns auto-range off


# Each 1.2-1.33x the last: a length slider (a log scale, ~2% a step) crosses one every
# ~10-15 steps, and a range rounded up to one is at most a third wider than its data.
_NICE = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def round_up(value: float, mantissas: Iterable[float]) -> float:
    """The smallest ``m x 10^k`` not below ``value`` (> 0), for ``m`` in ``mantissas``
    (ascending, from 1 up to and including 10)."""
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in mantissas if m * power >= value * (1 - 1e-9))


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k not below ``value``: the
    end of an axis that stays put while a length slider moves within it (each move of an
    axis regenerates its ticks and re-strokes every cached curve, ~4 ms a step)."""
    return round_up(value, _NICE) if value > 0 else value


def rounded_span(arrays: Iterable[np.ndarray], step: float) -> tuple[float, float]:
    """The finite values' min and max rounded out to multiples of ``step``: a range
    that stays put while a slider moves the data within it."""
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [a for a in finite if a.size]
    if not finite:
        return 0.0, step
    lo = min(float(a.min()) for a in finite)
    hi = max(float(a.max()) for a in finite)
    lo, hi = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    return (lo, hi) if hi > lo else (lo, lo + step)
