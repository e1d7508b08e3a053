"""The BertViz-style head view: a line from each query token to each key it attends,
as thick and as opaque as the weight. Click a token on the left to see only its lines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QWidget

MIN_WEIGHT = 0.02  # lines lighter than this are invisible anyway; skipping them keeps it fast
MAX_WIDTH = 7.0


class HeadLines(pg.PlotWidget):
    sigQueryPicked = Signal(int)  # -1: all queries again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        for axis in ("left", "bottom"):
            self.getPlotItem().hideAxis(axis)
        self._items: list[object] = []
        self._n = 0
        self.line_count = 0
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    def show_head(self, tokens: Sequence[str], weights: np.ndarray, query: int,
                  color: QColor, text_color: QColor) -> None:
        """Draw one head's (n, n) weights; ``query`` ≥ 0 shows only that row's lines."""
        plot = self.getPlotItem()
        for item in self._items:
            plot.removeItem(item)
        self._items = []
        n = self._n = len(tokens)
        for side, anchor in ((0.0, (1.0, 0.5)), (1.0, (0.0, 0.5))):
            for i, tok in enumerate(tokens):
                bold = side == 0.0 and i == query
                label = pg.TextItem(tok if len(tok) <= 14 else tok[:13] + "…", anchor=anchor,
                                    color=color if bold else text_color)
                label.setPos(side, -i)
                plot.addItem(label)
                self._items.append(label)
        rows = range(n) if query < 0 else [query]
        self.line_count = 0
        for i in rows:
            for j in np.nonzero(weights[i] >= MIN_WEIGHT)[0]:
                w = float(weights[i, j])
                pen_color = QColor(color)
                pen_color.setAlphaF(min(1.0, 0.15 + 0.85 * w))
                pen = QPen(pen_color, 0.5 + MAX_WIDTH * w)
                pen.setCosmetic(True)
                line = QGraphicsLineItem(QLineF(QPointF(0.04, -i), QPointF(0.96, -float(j))))
                line.setPen(pen)
                plot.addItem(line)
                self._items.append(line)
                self.line_count += 1
        plot.setRange(xRange=(-0.5, 1.5), yRange=(-(n - 1) - 0.5, 0.5), padding=0)

    def _on_scene_mouse_clicked(self, event: object) -> None:
        pos = self.getPlotItem().vb.mapSceneToView(event.scenePos())  # type: ignore[attr-defined]
        row = round(-pos.y())
        if pos.x() < 0.2 and 0 <= row < self._n:
            self.sigQueryPicked.emit(row)
        elif event.button() == Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            self.sigQueryPicked.emit(-1)
