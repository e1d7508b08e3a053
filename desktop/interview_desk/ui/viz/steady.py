"""Plot settings that keep a slider step from re-laying a view out.

A pyqtgraph layout re-lays a whole panel out (and so repaints all of it) whenever an
item in it asks for another size: an axis whose tick labels got one digit shorter, or
one whose label is re-set for an SI prefix at every range change. These settings keep
item sizes steady while a slider moves.
"""

from __future__ import annotations

import pyqtgraph as pg


def steady_axes(plot: pg.PlotItem) -> None:
    """Axes keep the widest label room they needed (shorter labels don't shrink them)
    and never re-set their label for an SI prefix (no values here need one); hidden
    axes too, which follow the view's range all the same."""
    for side in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(side)
        axis.enableAutoSIPrefix(False)
        axis.setStyle(autoReduceTextSpace=False)

