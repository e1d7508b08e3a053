"""A heat map item: image, colour bar, token tick labels, and cell hover/click signals.

Rows are queries (top to bottom), columns are keys. ``set_data`` only hands the array
to ``ImageItem.setImage`` with fixed levels: no per-frame level computation and no
ImageView machinery, which keeps a 512x512 update well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph import functions as pg_functions
from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QImage, qRgb, qRgba

from interview_desk.ui.viz.steady import steady_axes
from interview_desk.ui.viz.token_axis import TokenAxis


class _LutImage(pg.ImageItem):
    """An ``ImageItem`` that keeps its colour table from one render to the next.

    pyqtgraph builds a 256-entry Qt colour table in Python at every render of an indexed
    image (~0.13 ms): nine maps a temperature step, ~1.2 ms of a 16 ms frame. A finite
    2-D float image with levels and a fixed lookup table (every map here) is rescaled as
    pyqtgraph does (``(x - lo) * n / (hi - lo)`` in the same precision, clipped,
    truncated) into the same indexed QImage; anything else (NaN cells, RGB data) renders
    the stock way.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._table_of: np.ndarray | None = None
        self._table: list[int] = []
        super().__init__(*args, **kwargs)

    def render(self) -> None:
        image, levels, lut = self.image, self.levels, self.lut
        if (image is None or image.ndim != 2 or image.dtype.kind != "f" or levels is None
                or np.ndim(levels) != 1 or not isinstance(lut, np.ndarray)
                or lut.dtype != np.uint8 or lut.ndim != 2 or lut.shape[1] not in (3, 4)
                or self.autoDownsample or self.axisOrder != "row-major"
                or np.isnan(image.min())):
            super().render()
            return
        if self._table_of is not lut:  # the lookup table itself is held: no id reuse
            make = qRgb if lut.shape[1] == 3 else qRgba
            self._table_of, self._table = lut, [make(*c) for c in lut.tolist()]
        lo, hi = float(levels[0]), float(levels[1])
        n = len(self._table)
        work = np.float32 if np.can_cast(image, np.float32) else np.float64  # as pyqtgraph
        scaled = np.subtract(image, lo, dtype=work)
        scaled *= n / ((hi - lo) or 1.0)
        np.clip(scaled, 0, n - 1, out=scaled)
        qimage = pg_functions.ndarray_to_qimage(scaled.astype(np.uint8),
                                                QImage.Format.Format_Indexed8)
        qimage.setColorTable(self._table)
        self.qimage = qimage
        self._renderRequired = False
        self._unrenderable = False


class Heatmap(QObject):
    """One heat map inside a ``pg.GraphicsLayout`` (a cell of a GraphicsLayoutWidget)."""

    sigCellHovered = Signal(int, int)  # row, column; (-1, -1) when the pointer leaves
    sigCellClicked = Signal(int, int)

    def __init__(self, layout: pg.GraphicsLayoutWidget, row: int, col: int, title: str,
                 colormap: str, *, with_bar: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plot: pg.PlotItem = layout.addPlot(row=row, col=col, title=title)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.invertY(True)
        self.plot.setAspectLocked(False)
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        steady_axes(self.plot)
        self.image = _LutImage(axisOrder="row-major")
        cmap = pg.colormap.get(colormap)
        self.image.setColorMap(cmap)
        self.plot.addItem(self.image)
        self.bar: pg.ColorBarItem | None = None
        if with_bar:
            self.bar = pg.ColorBarItem(values=(0, 1), colorMap=cmap, interactive=False,
                                       width=14)
            self.bar.setImageItem(self.image, insert_in=self.plot)
        self._shape: tuple[int, int] = (0, 0)
        self._geometry: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        self._levels: tuple[float, float] = (0.0, 1.0)
        self._scene = layout.scene()
        self._scene.sigMouseMoved.connect(self._on_scene_mouse_moved)
        self._scene.sigMouseClicked.connect(self._on_scene_mouse_clicked)
        self._hovered: tuple[int, int] = (-1, -1)
        # Column labels sit side by side, so they are cut shorter than row labels.
        self.row_axis = TokenAxis(self.plot, "left", width=8, parent=self)
        self.col_axis = TokenAxis(self.plot, "bottom", width=6, parent=self)

    def detach(self) -> None:
        """Stop listening to the scene (before the layout drops this map's plot)."""
        self._scene.sigMouseMoved.disconnect(self._on_scene_mouse_moved)
        self._scene.sigMouseClicked.disconnect(self._on_scene_mouse_clicked)
        self.deleteLater()

    def set_data(self, array: np.ndarray, levels: tuple[float, float],
                 shape: tuple[int, int] | None = None) -> None:
        """Show ``array`` with fixed ``levels``; ``shape`` is the logical (rows, columns)
        when ``array`` is a shrunken thumbnail of a bigger matrix (cells keep their units)."""
        lo, hi = levels
        if not hi > lo:  # a constant image still needs a non-empty range
            hi = lo + 1e-9
        self.image.setImage(array, levels=(lo, hi), autoLevels=False)
        if self.bar is not None and (lo, hi) != self._levels:  # each set re-lays its axis out
            self.bar.setLevels((lo, hi))
        self._levels = (lo, hi)
        logical = shape or array.shape
        geometry = (array.shape, logical)
        if shape is not None and geometry != self._geometry:  # moving the rect re-lays out
            self.image.setRect(QRectF(0, 0, logical[1], logical[0]))
        self._geometry = geometry
        if logical != self._shape:
            self._shape = logical
            self.plot.setRange(xRange=(0, logical[1]), yRange=(0, logical[0]), padding=0)

    @property
    def levels(self) -> tuple[float, float]:
        return self._levels

    def set_tokens(self, row_tokens: Sequence[str] | None,
                   col_tokens: Sequence[str] | None) -> None:
        """Label rows/columns with tokens (thinned to fit); ``None``: numeric ticks."""
        self.row_axis.set_tokens(row_tokens)
        self.col_axis.set_tokens(col_tokens)

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(row, column) under a scene position, or None outside the image."""
        if self.image.image is None or not self.plot.getViewBox().sceneBoundingRect().contains(
                scene_pos):
            return None
        p = self.plot.getViewBox().mapSceneToView(scene_pos)  # in cells, whatever the pixels
        rows, cols = self._shape
        r, c = int(np.floor(p.y())), int(np.floor(p.x()))
        if 0 <= r < rows and 0 <= c < cols:
            return r, c
        return None

    def scene_pos_of(self, row: int, col: int) -> QPointF:
        """The scene position of a cell's centre (tests and keyboard navigation)."""
        return self.plot.getViewBox().mapViewToScene(QPointF(col + 0.5, row + 0.5))

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        cell = self.cell_at(scene_pos) or (-1, -1)
        if cell != self._hovered:
            self._hovered = cell
            self.sigCellHovered.emit(*cell)

    def _on_scene_mouse_clicked(self, event: object) -> None:
        cell = self.cell_at(event.scenePos())  # type: ignore[attr-defined]
        if cell is not None:
            self.sigCellClicked.emit(*cell)
