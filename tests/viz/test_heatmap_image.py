"""The heat maps' image item keeps its colour table between renders; the pixels must be
the ones pyqtgraph's own ImageItem makes from the same data, levels and colour map."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from interview_desk.ui.viz.heatmap import _LutImage


def _pixels(item: pg.ImageItem) -> np.ndarray:
    item.render()
    assert item.qimage is not None
    image = item.qimage.convertToFormat(QImage.Format.Format_ARGB32)
    bits = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return bits.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4].copy()


def _pair(colormap: str) -> tuple[pg.ImageItem, _LutImage]:
    stock, fast = pg.ImageItem(axisOrder="row-major"), _LutImage(axisOrder="row-major")
    for item in (stock, fast):
        item.setColorMap(pg.colormap.get(colormap))
    return stock, fast


@pytest.mark.parametrize("colormap", ["viridis", "CET-D1"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_same_pixels_as_pyqtgraph(qapp, colormap: str, dtype: type) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    stock, fast = _pair(colormap)
    for data, levels in (
            (rng.random((128, 96)), (0.0, 1.0)),
            (rng.standard_normal((64, 64)) * 3, (-1.0, 1.0)),  # clipped at both ends
            (np.array([[-np.inf, 0.0], [0.5, 2.0]]), (0.0, 1.0)),  # masked scores: -inf
            (np.full((8, 8), 0.25), (0.25, 0.25))):  # a constant map, empty range
        data = data.astype(dtype)
        for item in (stock, fast):
            item.setImage(data, levels=levels, autoLevels=False)
        assert np.array_equal(_pixels(fast), _pixels(stock))


def test_nan_cells_render_the_stock_way(qapp) -> None:  # type: ignore[no-untyped-def]
    stock, fast = _pair("viridis")
    data = np.tril(np.ones((16, 16), np.float32))
    data[np.triu_indices(16, 1)] = np.nan  # ALiBi's causal maps blank the upper triangle
    for item in (stock, fast):
        item.setImage(data, levels=(0.0, 1.0), autoLevels=False)
    assert np.array_equal(_pixels(fast), _pixels(stock))


def test_the_colour_table_is_built_once_per_lookup_table(qapp) -> None:  # type: ignore[no-untyped-def]
    _, fast = _pair("viridis")
    fast.setImage(np.zeros((4, 4), np.float32), levels=(0.0, 1.0), autoLevels=False)
    fast.render()
    table = fast._table
    fast.setImage(np.ones((4, 4), np.float32), levels=(0.0, 2.0), autoLevels=False)
    fast.render()
    assert fast._table is table
    fast.setColorMap(pg.colormap.get("CET-D1"))  # a new map: a new table
    fast.render()
    assert fast._table is not table and fast.qimage is not None
