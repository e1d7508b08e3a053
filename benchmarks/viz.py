"""Visualizer speed: what one slider step costs at 512 tokens x 8 heads.

Prints JSON. For a temperature step (the slider a learner drags): the compute (softmax
from cached centred scores), the redraw (ImageItem/bar updates for 2 maps + 8-head grid +
bars) and the synchronous paint of the plot areas of a 1280x800 view, against the 16 ms
frame target; and the naive paths it replaces, as ratios: recomputing q/k/scores on
every step, an uncached softmax, and pyqtgraph's default setImage (autoLevels on
float64). A full recompute (heads, d_model or position encoding changed; one BLAS thread
vs numpy's default pool) and the position view's slider steps are reported too. Load
average is recorded, and CPU time is printed next to wall time, because these machines
are shared.

    .venv/bin/python benchmarks/viz.py [--repeat 30] [--tokens 512] [--heads 8]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 16.0  # one frame at 60 Hz


def _timed(fn: Callable[[int], object], repeat: int) -> dict[str, float]:
    """Wall time (what the user sees) and CPU time of this process (the work itself,
    steadier than wall time on a machine shared with other jobs)."""
    fn(-1)  # warm-up (first-call allocations, caches)
    samples, cpu = [], []
    for i in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 3),
            "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 3),
            "cpu_median_ms": round(statistics.median(cpu), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--tokens", type=int, default=512)
    parser.add_argument("--heads", type=int, default=8)
    args = parser.parse_args()
    load_before = os.getloadavg()

    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from interview_desk.ui.viz.attention_view import AttentionView
    from interview_desk.ui.viz.position_view import PositionView
    from interview_desk.viz import attention, scene
    from interview_desk.viz.tokens import sample_text

    app = QApplication.instance() or QApplication([])
    tokens = sample_text(args.tokens)
    settings = scene.AttentionSettings(n_heads=args.heads, n_kv_heads=args.heads, d_model=64,
                                       mask="causal", position="rope")
    base = scene.compute_scene(tokens, settings)
    temps = np.geomspace(0.2, 5.0, max(args.repeat, 2))

    def temp_settings(i: int) -> scene.AttentionSettings:
        return replace(settings, temperature=float(temps[i % len(temps)]))

    compute_step = _timed(lambda i: scene.rescene(base, temp_settings(i)), args.repeat)
    uncached_softmax = _timed(lambda i: attention.attention_weights(
        base.scores, base.mask, temp_settings(i).temperature), args.repeat)
    full_recompute = _timed(lambda i: scene.compute_scene(tokens, temp_settings(i)), args.repeat)
    # the same without the one-BLAS-thread limit: numpy's default thread pool
    blas_default = _timed(lambda i: scene._compute_scene(tuple(tokens), temp_settings(i)),
                          args.repeat)

    view = AttentionView()
    view.resize(1280, 800)
    view.show()
    view.apply_settings({"n_heads": args.heads, "n_kv_heads": args.heads, "d_model": 64,
                         "mask": "causal", "position": "rope"})
    view.set_tokens(tokens)
    for _ in range(3):
        app.processEvents()
    scenes = [scene.rescene(view.scene, temp_settings(i)) for i in range(len(temps))]

    def redraw(i: int) -> None:
        view._scene = scenes[i % len(scenes)]
        view._draw()

    redraw_step = _timed(redraw, args.repeat)
    plots = (view.maps, view.grid, view.bars)

    def rasterize() -> None:
        # a synchronous paint of each plot area into the window's backing store: image
        # LUTs, axes, bars; what the event loop would do after the redraw
        for widget in plots:
            widget.viewport().repaint()

    def paint_step(i: int) -> None:
        redraw(i)
        rasterize()

    paint = _timed(lambda i: rasterize(), args.repeat)
    redraw_and_paint = _timed(paint_step, args.repeat)

    def slider_to_frame(i: int) -> None:  # what the user waits for: value -> pixels
        slider = view.controls.temperature.slider
        slider.setValue(40 + (i % 300))
        view.refresh()
        rasterize()

    frame = _timed(slider_to_frame, args.repeat)

    # pyqtgraph's default path for the same ten images: float64 and autoLevels each frame
    items = [view.weights_map.image, view.scores_map.image] + [
        hm.image for hm in view._grid_maps]
    weights64 = [s.weights.astype(np.float64) for s in scenes[:4]]

    def naive_images(i: int) -> None:
        w = weights64[i % len(weights64)]
        for k, item in enumerate(items):
            item.setImage(w[k % w.shape[0]], autoLevels=True)
        rasterize()

    def fast_images(i: int) -> None:
        w = scenes[i % len(scenes)].weights
        for k, item in enumerate(items):
            item.setImage(w[k % w.shape[0]], levels=(0.0, 1.0), autoLevels=False)
        rasterize()

    naive_redraw = _timed(naive_images, args.repeat)
    fast_redraw = _timed(fast_images, args.repeat)
    view.close()

    pos = PositionView()
    pos.resize(1280, 800)
    pos.show()
    pos.apply_settings({"panel": "all", "length": 512, "dim": 64})
    app.processEvents()
    lengths = [500 + (i % 40) for i in range(args.repeat + 1)]

    def position_step(i: int) -> None:
        pos.length.setValue(lengths[i])
        pos.refresh()
        for panel in pos.panels.values():
            panel.viewport().repaint()

    def base_step(i: int) -> None:
        pos.base.setValue(10000.0 + 500 * (i % 40))
        pos.refresh()
        for panel in pos.panels.values():
            panel.viewport().repaint()

    position_length = _timed(position_step, args.repeat)
    position_base = _timed(base_step, args.repeat)
    pos.apply_settings({"panel": "rope", "length": 512, "dim": 64})  # as a preset opens it
    rope_base = _timed(base_step, args.repeat)
    pos.close()

    step_total = compute_step["median_ms"] + redraw_step["median_ms"]
    result = {
        "size": {"tokens": args.tokens, "heads": args.heads, "d_model": 64, "mask": "causal",
                 "position": "rope", "view": "1280x800 offscreen"},
        "temperature_step": {
            "compute": compute_step, "redraw": redraw_step,
            "paint_plots_unchanged": paint, "redraw_and_paint": redraw_and_paint,
            "slider_to_frame": frame,
            "compute_plus_redraw_ms": round(step_total, 3),
            "target_ms": TARGET_MS,
            "frame_over_target": round(frame["median_ms"] / TARGET_MS, 3),
            "frame_cpu_over_target": round(frame["cpu_median_ms"] / TARGET_MS, 3),
        },
        "naive_paths": {
            "full_recompute_per_step": full_recompute,
            "full_recompute_default_blas_threads": blas_default,
            "uncached_softmax_per_step": uncached_softmax,
            "setImage_autolevels_float64_10_images_plus_raster": naive_redraw,
            "setImage_fixed_levels_float32_10_images_plus_raster": fast_redraw,
        },
        "ratios_of_cpu_time": {
            "default_blas_threads_over_single_thread_recompute": round(
                blas_default["cpu_median_ms"] / full_recompute["cpu_median_ms"], 2),
            "full_recompute_over_cached_step": round(
                full_recompute["cpu_median_ms"] / compute_step["cpu_median_ms"], 2),
            "uncached_softmax_over_cached_step": round(
                uncached_softmax["cpu_median_ms"] / compute_step["cpu_median_ms"], 2),
            "autolevels_over_fixed_levels_redraw": round(
                naive_redraw["cpu_median_ms"] / fast_redraw["cpu_median_ms"], 2),
            "redraw_over_compute": round(
                redraw_step["cpu_median_ms"] / compute_step["cpu_median_ms"], 2),
        },
        "position_view": {"all_panels_length_step": position_length,
                          "all_panels_base_step": position_base,
                          "rope_panel_only_base_step": rope_base, "target_ms": TARGET_MS},
        "environment": {
            "pyqtgraph": pg.__version__, "numpy": np.__version__, "cpus": os.cpu_count(),
            "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "(default)"),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        },
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
