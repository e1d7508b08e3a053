"""pyqtgraph colours that follow the Qt palette, so light and dark themes both read well.

pyqtgraph defaults to white-on-black regardless of the app; every plot in the
visualizers is restyled from the palette here, and again when the palette changes.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

COLORMAP = "viridis"  # perceptually uniform, readable in grey, shipped with pyqtgraph
DIVERGING = "CET-D1"  # for signed values (scores, biases)


def colors(widget: QWidget | None = None) -> tuple[QColor, QColor, QColor]:
    """(background, foreground, accent) from the widget's (or the app's) palette."""
    palette = widget.palette() if widget is not None else QApplication.palette()
    return (palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text),
            palette.color(QPalette.ColorRole.Highlight))


def series_pens(widget: QWidget | None = None) -> list[QColor]:
    """Line colours that stay distinct on light and dark backgrounds."""
    bg, _, accent = colors(widget)
    dark = bg.lightness() < 128
    extra = ["#ff9e4a", "#7fd37f", "#e377c2", "#c9c94f"] if dark else [
        "#d6621c", "#2a9d3a", "#b0338f", "#8c7e00"]
    return [accent, *[QColor(c) for c in extra]]


_STYLED = "_viz_theme"  # attribute on each styled item: the colours it was styled with


def apply(root: QWidget) -> None:
    """Restyle every pyqtgraph view under ``root`` from ``root``'s palette.

    Items already styled with these colours are skipped: restyling re-lays out axis and
    title text, which would cost more than a whole slider step if done every redraw.
    """
    bg, fg, _ = colors(root)
    key = (bg.rgba(), fg.rgba())
    views = root.findChildren(pg.GraphicsView)
    if isinstance(root, pg.GraphicsView):
        views.append(root)
    for view in views:
        if getattr(view, _STYLED, None) != key:
            view.setBackground(bg)
            setattr(view, _STYLED, key)
        for item in view.scene().items():
            if getattr(item, _STYLED, None) == key:
                continue
            if isinstance(item, pg.AxisItem):
                item.setPen(fg)
                item.setTextPen(fg)
            elif isinstance(item, pg.LabelItem):
                item.setText(item.text, color=fg)
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextColor(fg)
            else:
                continue
            setattr(item, _STYLED, key)


def set_title(plot: pg.PlotItem, text: str, **opts: object) -> None:
    """Set a plot title only when it changes (each set re-lays out the text).

    Titles take the palette's text colour directly, so a restyle is not needed for them.
    """
    if getattr(plot, "_viz_title", None) == text:
        return
    plot._viz_title = text
    widget = plot.scene().views()[0] if plot.scene() and plot.scene().views() else None
    plot.setTitle(text, color=colors(widget)[1], **opts)


def dark_palette() -> QPalette:
    """A plain dark palette (examples and screenshots use it; the app has its own theme)."""
    p = QPalette()
    window, base, text = QColor(37, 37, 38), QColor(30, 30, 30), QColor(220, 220, 220)
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.Highlight, QColor(66, 150, 250)),
        (QPalette.ColorRole.HighlightedText, QColor(0, 0, 0)),
        (QPalette.ColorRole.ToolTipBase, window), (QPalette.ColorRole.ToolTipText, text),
    ):
        p.setColor(role, color)
    return p
