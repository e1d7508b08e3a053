"""Visualizer speed: what one slider step costs at 512 tokens x 8 heads.

Prints JSON. For every slider (the attention view's temperature; the position view's
length, dim, base and factor with all four panels shown), the time from the slider's
new value to the painted frame: the redraw runs (as the frame throttle would run it),
then the event loop paints what became dirty, round after round until nothing is left
to paint (``frame``); and the same redraw followed by a forced repaint of every plot
area, dirty or not (``full_repaint``, the worst case: a window uncovered mid-drag).
Each next to its peer in the same run, a bare pyqtgraph redraw of comparable pictures
(images with fixed levels, curves through setData, pyqtgraph's defaults otherwise)
painted the same way, and the 16 ms frame. ``--before DIR`` measures the sliders of
another checkout and of this one, each in a subprocess, alternating for ``--rounds`` rounds,
for before/after ratios (plain, and each side over its own peer run).

Also: the compute of a temperature step (softmax from cached centred scores) and the
naive paths it replaces (recomputing q/k/scores, an uncached softmax, pyqtgraph's
default setImage with autoLevels on float64), a full recompute on one BLAS thread vs
numpy's default pool. CPU time (process and GUI thread) is printed next to wall time,
and the load average, because these machines are shared: compare ratios.

    .venv/bin/python benchmarks/viz.py [--repeat 30] [--tokens 512] [--heads 8] [--before DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 16.0  # one frame at 60 Hz
SIZE = (1280, 800)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def _timed(fn: Callable[[int], object], repeat: int) -> dict[str, float]:
    """Wall time (what the user sees), CPU time of the process and of this (the GUI)
    thread: the work itself, steadier than wall time on a machine shared with others."""
    fn(-1)  # warm-up (first-call allocations, caches)
    wall, cpu, thread = [], [], []
    for i in range(repeat):
        c0, g0, t0 = time.process_time(), time.thread_time(), time.perf_counter()
        fn(i)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        thread.append((time.thread_time() - g0) * 1000)
    return {"median_ms": round(statistics.median(wall), 3), "p95_ms": _pct(wall, 0.95),
            "cpu_median_ms": round(statistics.median(cpu), 3), "cpu_p95_ms": _pct(cpu, 0.95),
            "thread_cpu_median_ms": round(statistics.median(thread), 3)}


class _Painter:
    """Counts paint events on plot viewports and lets the event loop paint until done."""

    def __init__(self, app: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self._app = app
        self.paints = 0
        paint = QEvent.Type.Paint
        owner = self

        class Filter(QObject):
            def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # Qt override
                if event.type() == paint:
                    owner.paints += 1
                return False

        self._filter = Filter()

    def watch(self, views: Sequence[Any]) -> None:
        for view in views:
            view.viewport().installEventFilter(self._filter)

    def settle(self) -> None:
        """Process events until a round paints nothing: scene updates and layout
        requests are queued, so one change can take a few rounds to reach the pixels."""
        rounds = 0
        while rounds < 10:
            before = self.paints
            self._app.processEvents()
            rounds += 1
            if self.paints == before and rounds >= 2:
                return


def _slider_steps(app: Any, repeat: int, tokens: int, heads: int) -> dict[str, Any]:
    """Each slider's step to the painted frame (and to a forced full repaint)."""
    import numpy as np

    from interview_desk.ui.viz.attention_view import AttentionView
    from interview_desk.ui.viz.position_view import PositionView
    from interview_desk.viz.tokens import sample_text

    painter = _Painter(app)
    out: dict[str, Any] = {}

    def measure(view: Any, plots: Sequence[Any], slider: Any, positions: list[int]) -> dict:
        def step(i: int) -> None:
            slider.setValue(positions[i % len(positions)])  # the QSlider, as a drag moves it
            view.refresh()  # what the frame throttle runs at the next turn of the loop

        paints: list[int] = []

        def frame(i: int) -> None:
            before = painter.paints
            step(i)
            painter.settle()
            paints.append(painter.paints - before)

        def full(i: int) -> None:
            step(i)
            for plot in plots:
                plot.viewport().repaint()

        result = {"frame": _timed(frame, repeat), "full_repaint": _timed(full, repeat)}
        result["paints_per_step"] = statistics.median(paints)
        return result

    att = AttentionView()
    att.resize(*SIZE)
    att.show()
    att.apply_settings({"n_heads": heads, "n_kv_heads": heads, "d_model": 64,
                        "mask": "causal", "position": "rope"})
    att.set_tokens(sample_text(tokens))
    plots = [att.maps, att.grid, att.bars]
    painter.watch(plots)
    painter.settle()
    temp = att.controls.temperature.slider
    out["temperature"] = measure(att, plots, temp, [temp.value() - 60 + (i % 120)
                                                    for i in range(repeat + 1)])
    att.close()

    pos = PositionView()
    pos.resize(*SIZE)
    pos.show()
    pos.apply_settings({"panel": "all", "length": 512, "dim": 64, "scaling": "pi",
                        "factor": 4.0})
    plots = list(pos.panels.values())
    painter.watch(plots)
    painter.settle()
    for name in ("length", "dim", "base", "factor"):
        slider = getattr(pos, name).slider
        start = slider.value()
        span = max(2, min(20, slider.maximum() - start))
        # a drag back and forth around the preset value, one position at a time
        wave = [start + int(v) for v in np.round(span * np.sin(np.linspace(0, 2 * np.pi,
                                                                            repeat + 1)))]
        out[name] = measure(pos, plots, slider, wave)
        pos.apply_settings({"panel": "all", "length": 512, "dim": 64, "scaling": "pi",
                            "factor": 4.0})
        painter.settle()
    pos.close()
    return out


def _bare_pyqtgraph_peer(app: Any, repeat: int, tokens: int, heads: int) -> dict[str, Any]:
    """The floor: bare pyqtgraph redraws of comparable pictures, painted the same way.

    Position view: four 2x2 panels at 1280x800, each an image (tokens x 64) and two
    curves of ``tokens`` points. Attention view: two maps (tokens^2 and 256^2), one per
    head of 128^2 thumbnails, and a bar chart of ``tokens`` bars.
    """
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QGridLayout, QWidget

    painter = _Painter(app)
    rng = np.random.default_rng(0)
    frames = repeat + 1
    window = QWidget()
    grid = QGridLayout(window)
    panels = []
    for k in range(4):
        view = pg.GraphicsLayoutWidget()
        image = pg.ImageItem(axisOrder="row-major")
        view.addPlot(row=0, col=0).addItem(image)
        lines = view.addPlot(row=0, col=1)
        curves = [lines.plot(pen=pg.mkPen(c, width=2)) for c in ("b", "r")]
        grid.addWidget(view, k // 2, k % 2)
        panels.append((view, image, curves))
    window.resize(*SIZE)
    window.show()
    painter.watch([view for view, _, _ in panels])
    painter.settle()
    images = rng.uniform(-1, 1, (frames, tokens, 64)).astype(np.float32)
    ys = rng.normal(size=(frames, 2, tokens)).cumsum(axis=2)
    x = np.arange(tokens)

    def position_frame(i: int) -> None:
        for _view, image, curves in panels:
            image.setImage(images[i % frames], levels=(-1.0, 1.0), autoLevels=False)
            for curve, y in zip(curves, ys[i % frames], strict=True):
                curve.setData(x, y)
        painter.settle()

    position = _timed(position_frame, repeat)
    window.close()

    maps = pg.GraphicsLayoutWidget()
    big = [pg.ImageItem(axisOrder="row-major") for _ in range(2)]
    for c, item in enumerate(big):
        maps.addPlot(row=0, col=c).addItem(item)
    thumbs = pg.GraphicsLayoutWidget()
    small = [pg.ImageItem(axisOrder="row-major") for _ in range(heads)]
    for h, item in enumerate(small):
        thumbs.addPlot(row=h // 4, col=h % 4).addItem(item)
    bars = pg.PlotWidget()
    bar_item = pg.BarGraphItem(x=np.arange(tokens), height=np.zeros(tokens), width=0.8)
    bars.addItem(bar_item)
    window = QWidget()
    grid = QGridLayout(window)
    grid.addWidget(maps, 0, 0, 1, 2)
    grid.addWidget(bars, 1, 0)
    grid.addWidget(thumbs, 1, 1)
    window.resize(*SIZE)
    window.show()
    painter.watch([maps, thumbs, bars])
    painter.settle()
    full = rng.uniform(0, 1, (4, tokens, tokens)).astype(np.float32)
    pooled = rng.uniform(0, 1, (4, 256, 256)).astype(np.float32)
    thumb = rng.uniform(0, 1, (4, 128, 128)).astype(np.float32)

    def attention_frame(i: int) -> None:
        k = i % 4
        big[0].setImage(full[k], levels=(0.0, 1.0), autoLevels=False)
        big[1].setImage(pooled[k], levels=(0.0, 1.0), autoLevels=False)
        for item in small:
            item.setImage(thumb[k], levels=(0.0, 1.0), autoLevels=False)
        bar_item.setOpts(height=full[k, tokens // 2])
        painter.settle()

    attention = _timed(attention_frame, repeat)
    window.close()
    return {"position_4_panels": position, "attention_10_images_and_bars": attention}


def _sliders_in_subprocess(code: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The slider steps and the peer measured from the sources under ``code``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--sliders-only",
               "--code", str(code), "--repeat", str(args.repeat),
               "--tokens", str(args.tokens), "--heads", str(args.heads)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _before_and_now(directory: Path, args: argparse.Namespace) -> dict[str, Any]:
    """This checkout and ``directory``'s, each in its own subprocess, alternating for
    ``--rounds`` rounds (so a changing load falls on both alike): per slider the median
    over rounds of each side's CPU median, the plain ratio, and the ratio with each side
    first divided by its own run's bare-pyqtgraph peer (what load cannot skew)."""
    runs: dict[str, list[dict[str, Any]]] = {"before": [], "now": []}
    for i in range(args.rounds):
        order = (("before", directory / "desktop"), ("now", REPO / "desktop"))
        for side, code in order if i % 2 == 0 else order[::-1]:
            runs[side].append(_sliders_in_subprocess(code, args))

    def median_of(side: str, name: str, key: str) -> float:
        return statistics.median(r["sliders"][name]["frame"][key] for r in runs[side])

    def over_peer(side: str, name: str) -> float:
        return statistics.median(r["sliders"][name]["frame_cpu_over_peer"] for r in runs[side])

    names = list(runs["now"][0]["sliders"])
    return {
        "rounds": args.rounds,
        "cpu_median_ms": {side: {n: round(median_of(side, n, "cpu_median_ms"), 2)
                                 for n in names} for side in runs},
        "wall_median_ms": {side: {n: round(median_of(side, n, "median_ms"), 2)
                                  for n in names} for side in runs},
        "frame_cpu_before_over_now": {
            n: round(median_of("before", n, "cpu_median_ms")
                     / median_of("now", n, "cpu_median_ms"), 2) for n in names},
        "frame_cpu_over_own_peer_before_over_now": {
            n: round(over_peer("before", n) / over_peer("now", n), 2) for n in names},
    }


def _with_ratios(steps: dict[str, Any], peer: dict[str, Any]) -> dict[str, Any]:
    for name, step in steps.items():
        floor = peer["attention_10_images_and_bars" if name == "temperature"
                     else "position_4_panels"]
        frame = step["frame"]
        step["frame_cpu_over_peer"] = round(frame["cpu_median_ms"] / floor["cpu_median_ms"], 2)
        step["frame_wall_over_peer"] = round(frame["median_ms"] / floor["median_ms"], 2)
        step["frame_cpu_over_target"] = round(frame["cpu_median_ms"] / TARGET_MS, 2)
        step["frame_wall_over_target"] = round(frame["median_ms"] / TARGET_MS, 2)
    return steps


def _compute_paths(app: Any, args: argparse.Namespace) -> dict[str, Any]:
    """A temperature step's compute and the naive paths it replaces."""
    import numpy as np

    from interview_desk.ui.viz.attention_view import AttentionView
    from interview_desk.viz import attention, scene
    from interview_desk.viz.tokens import sample_text

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
    view.resize(*SIZE)
    view.show()
    view.apply_settings({"n_heads": args.heads, "n_kv_heads": args.heads, "d_model": 64,
                         "mask": "causal", "position": "rope"})
    view.set_tokens(tokens)
    for _ in range(3):
        app.processEvents()
    scenes = [scene.rescene(view.scene, temp_settings(i)) for i in range(len(temps))]
    plots = (view.maps, view.grid, view.bars)

    def rasterize() -> None:
        for widget in plots:
            widget.viewport().repaint()

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
    return {
        "temperature_compute": compute_step,
        "full_recompute_per_step": full_recompute,
        "full_recompute_default_blas_threads": blas_default,
        "uncached_softmax_per_step": uncached_softmax,
        "setImage_autolevels_float64_10_images_plus_raster": naive_redraw,
        "setImage_fixed_levels_float32_10_images_plus_raster": fast_redraw,
        "ratios_of_cpu_time": {
            "default_blas_threads_over_single_thread_recompute": round(
                blas_default["cpu_median_ms"] / full_recompute["cpu_median_ms"], 2),
            "full_recompute_over_cached_step": round(
                full_recompute["cpu_median_ms"] / compute_step["cpu_median_ms"], 2),
            "uncached_softmax_over_cached_step": round(
                uncached_softmax["cpu_median_ms"] / compute_step["cpu_median_ms"], 2),
            "autolevels_over_fixed_levels_redraw": round(
                naive_redraw["cpu_median_ms"] / fast_redraw["cpu_median_ms"], 2),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--tokens", type=int, default=512)
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=3,
                        help="with --before: alternating subprocess runs of each side")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)  # for --before
    parser.add_argument("--sliders-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code or REPO / "desktop"))
    load_before = os.getloadavg()

    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    steps = _slider_steps(app, args.repeat, args.tokens, args.heads)
    peer = _bare_pyqtgraph_peer(app, args.repeat, args.tokens, args.heads)
    if args.sliders_only:
        print(json.dumps({"sliders": _with_ratios(steps, peer), "peer": peer}))
        return 0
    result: dict[str, Any] = {
        "size": {"tokens": args.tokens, "heads": args.heads, "d_model": 64, "mask": "causal",
                 "position": "rope", "view": "1280x800 offscreen",
                 "position_view": "all panels, length 512, dim 64, PI x4"},
        "target_ms": TARGET_MS,
        "sliders": _with_ratios(steps, peer),
        "bare_pyqtgraph_peer": peer,
    }
    if args.before:
        result["before_and_now"] = _before_and_now(args.before.resolve(), args)
    result["compute"] = _compute_paths(app, args)
    result["environment"] = {
        "pyqtgraph": pg.__version__, "numpy": np.__version__, "cpus": os.cpu_count(),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "(default)"),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
