"""Self-test part ``visualizers``: the math against known values, then both views drawn.

Drawing offscreen catches what the source tree hides in a frozen build: pyqtgraph's
colour-map data files (viridis, CET-D1) and the Qt platform plugins.
"""

from __future__ import annotations

import time

import numpy as np

from interview_desk.viz import positional
from interview_desk.viz.errors import VizError
from interview_desk.viz.presets import PRESETS
from interview_desk.viz.scene import AttentionSettings, compute_scene
from interview_desk.viz.tokens import sample_text


def _check_math() -> None:
    if not np.allclose(positional.alibi_slopes(8), [2.0 ** -k for k in range(1, 9)]):
        raise VizError("ALiBi slopes for 8 heads are wrong")
    if positional.t5_relative_bucket(np.array([0, -1, 1, -1000, 1000])).tolist() != [
            0, 1, 17, 15, 31]:
        raise VizError("T5 relative buckets are wrong")
    x = np.random.default_rng(0).standard_normal((16, 8))
    rotated = positional.rope_rotate(x, np.arange(16))
    if not np.allclose(np.linalg.norm(rotated, axis=1), np.linalg.norm(x, axis=1)):
        raise VizError("RoPE does not preserve norms")
    sc = compute_scene(sample_text(32), AttentionSettings(n_heads=8, n_kv_heads=2,
                                                          position="alibi"))
    if not np.allclose(sc.weights.sum(-1), 1, atol=1e-5) or sc.weights[:, sc.mask].any():
        raise VizError("attention rows do not sum to 1 or masked weights are not 0")


# A QApplication made here must outlive every widget: if it were a local, Python could
# free it before the widgets at interpreter exit, and Qt crashes on shutdown.
_APP: list[object] = []


def check() -> str:
    _check_math()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([])
        _APP.append(app)
    from interview_desk.ui.viz.dock import VisualizerDock

    start = time.perf_counter()
    dock = VisualizerDock()
    try:
        dock.resize(1000, 700)
        for preset_id in PRESETS:
            dock.show_preset(preset_id)
        app.processEvents()
        image = dock.grab().toImage()
        if image.isNull() or image.width() < 100:
            raise VizError("the visualizer dock did not render")
        # a blank (single-colour) picture means the plots did not draw
        sample = {image.pixel(x, y) for x in range(0, image.width(), 37)
                  for y in range(0, image.height(), 37)}
        if len(sample) < 8:
            raise VizError("the visualizer rendered a blank picture")
    finally:
        dock.close()
        dock.deleteLater()
        # delete it now, while the application still exists (there is no event loop here)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return (f"math ok; {len(PRESETS)} presets drawn in "
            f"{(time.perf_counter() - start) * 1000:.0f} ms")
