"""The Model mode of the attention dock: the real attention of a local GGUF model.

The forward pass runs in the pool (``run_in_pool``), reports each finished layer through
a queued signal and stops between layers when cancelled. Four views of one result: every
(layer, head) as a mosaic, one head's full map with token labels, hover readout and the
clicked row's distribution, the BertViz-style head view, and rollout + entropy + head
patterns with a line explaining each.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.model_attention.analysis import HeadPattern, classify_heads, rollout
from interview_desk.model_attention.forward import Cancelled
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.workers import run_in_pool
from interview_desk.ui.viz import theme
from interview_desk.ui.viz.head_lines import HeadLines
from interview_desk.ui.viz.heatmap import Heatmap
from interview_desk.ui.viz.model_controls import ModelControls
from interview_desk.ui.viz.model_grid import GAP, mosaic, tile_at, tile_side
from interview_desk.ui.viz.model_patterns import layer_summary, pattern_name
from interview_desk.ui.viz.token_axis import TokenAxis
from interview_desk.ui.viz.widgets import export_with_dialog
from interview_desk.viz.errors import VizError
from interview_desk.viz.export import write_matrix_csv

log = logging.getLogger(__name__)

class _Progress(QObject):
    """Emitted from the worker thread; Qt queues delivery to the GUI thread."""

    sigLayerDone = Signal(int, int, int)  # run number, layers done, layers in all


class ModelAttentionView(QWidget):
    sigResultShown = Signal()  # a run finished and is drawn (tests, screenshots)
    sigRunFailed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: tuple[str, str] | None = None  # (path, name) of the tutor's model
        self._result: Any = None
        self._patterns: list[list[HeadPattern]] = []
        self._rollout: np.ndarray | None = None
        self._run_id = 0
        self._cancel: threading.Event | None = None
        self._progress = _Progress(self)
        self._progress.sigLayerDone.connect(self._on_progress_layer_done)

        self.controls = controls = ModelControls()
        # the controls the view drives, by their short names
        self.model_label, self.text, self.bar = controls.model_label, controls.text, controls.bar
        self.run_button, self.cancel_button = controls.run_button, controls.cancel_button
        self.layer, self.head, self.query = controls.layer, controls.head, controls.query

        self.grid = pg.GraphicsLayoutWidget()
        self.grid_map = Heatmap(self.grid, 0, 0, tr("matt.grid_title"), theme.COLORMAP,
                                with_bar=False, parent=self)
        self.grid_map.plot.setAspectLocked(True)  # square tiles: a diagonal looks diagonal
        self._heads_as_rows = False  # tiles laid out heads × layers (e.g. 9 × 30, a wide dock)
        self.grid.installEventFilter(self)
        self.maps = pg.GraphicsLayoutWidget()
        self.head_map = Heatmap(self.maps, 0, 0, "", theme.COLORMAP, parent=self)
        self.head_map.plot.setLabel("left", tr("matt.query"))
        self.bars = pg.PlotWidget()
        self.bars.setMenuEnabled(False)
        self.bars.setMouseEnabled(x=False, y=False)
        self.bar_item = pg.BarGraphItem(x=[0], height=[0], width=0.8)
        # token labels thinned to the pixels the axis has (never overlapping)
        self.bar_axis = TokenAxis(self.bars.getPlotItem(), "bottom", width=7, offset=0.0,
                                  parent=self)
        self.bars.addItem(self.bar_item)
        self._row_line = pg.InfiniteLine(angle=0, movable=False)
        self.head_map.plot.addItem(self._row_line)
        map_split = QSplitter(Qt.Orientation.Vertical)
        map_split.addWidget(self.maps)
        map_split.addWidget(self.bars)
        map_split.setSizes([420, 200])
        self.lines = HeadLines()
        self.rollouts = pg.GraphicsLayoutWidget()
        self.rollout_map = Heatmap(self.rollouts, 0, 0, "", theme.COLORMAP, parent=self)
        self.entropy_map = Heatmap(self.rollouts, 0, 1, tr("matt.entropy_title"), "inferno",
                                   parent=self)
        self.patterns_label = QLabel()
        self.patterns_label.setWordWrap(True)
        self.patterns_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.patterns_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rollout_split = QSplitter(Qt.Orientation.Vertical)
        rollout_split.addWidget(self.rollouts)
        rollout_split.addWidget(self.patterns_label)
        rollout_split.setSizes([460, 160])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grid, tr("matt.tab_grid"))
        self.tabs.addTab(map_split, tr("matt.tab_map"))
        self.tabs.addTab(self.lines, tr("matt.tab_lines"))
        self.tabs.addTab(rollout_split, tr("matt.tab_rollout"))
        # Until a run has drawn something, a line saying what Run will show (or that a
        # model is missing) stands where the plots go: empty axes explained nothing.
        self.placeholder = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.placeholder.setMargin(24)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.tabs)
        self.status = QLabel(" ")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(controls)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)

        self.run_button.clicked.connect(self.run)
        self.text.returnPressed.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        for box in (self.layer, self.head, self.query):
            box.valueChanged.connect(self._draw_selection)
        self.grid_map.sigCellHovered.connect(self._on_grid_cell_hovered)
        self.grid_map.sigCellClicked.connect(self._on_grid_cell_clicked)
        self.head_map.sigCellHovered.connect(self._on_head_map_cell_hovered)
        self.head_map.sigCellClicked.connect(lambda row, _col: self.query.setValue(row))
        self.lines.sigQueryPicked.connect(self.query.setValue)
        controls.export_png_button.clicked.connect(lambda: self._on_export_clicked("png"))
        controls.export_csv_button.clicked.connect(lambda: self._on_export_clicked("csv"))
        self._word_placeholder()
        self._follow_result()
        theme.apply(self)

    # -- public API ---------------------------------------------------------------------
    def set_model(self, path: str, name: str) -> None:
        """The tutor's model: the one whose attention is shown from the next run on."""
        self._model = (path, name)
        self.model_label.setText(tr("matt.model", name=name))
        self._word_placeholder()

    def retranslate(self) -> None:
        """Re-read every string after a language switch."""
        self.controls.retranslate(self._model[1] if self._model else "")
        for i, key in enumerate(("matt.tab_grid", "matt.tab_map", "matt.tab_lines",
                                 "matt.tab_rollout")):
            self.tabs.setTabText(i, tr(key))
        theme.set_title(self.entropy_map.plot, tr("matt.entropy_title"))
        theme.set_title(self.grid_map.plot, tr("matt.grid_title_wide" if self._heads_as_rows
                                               else "matt.grid_title"))
        self.head_map.plot.setLabel("left", tr("matt.query"))
        self._word_placeholder()
        if self._result is not None:
            self._draw_grid()
            self._draw_selection()

    @property
    def result(self) -> Any:
        return self._result

    @property
    def patterns(self) -> list[list[HeadPattern]]:
        return self._patterns

    def run(self, text: str | None = None) -> None:
        """Run the model over the text box (or ``text``) off the GUI thread."""
        if isinstance(text, str):
            self.text.setText(text)
        self.cancel()
        self._run_id += 1
        run_id, cancel = self._run_id, threading.Event()
        self._cancel = cancel
        chosen, source = self.text.text(), self._model
        relay = self._progress

        def job() -> Any:
            from interview_desk.model_attention.runner import model_attention

            path = source[0] if source else _default_model_path()
            return model_attention(path, chosen, cancel=cancel, progress=lambda done, total:
                                   relay.sigLayerDone.emit(run_id, done, total))

        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setValue(0)
        run_in_pool(job, lambda res: self._on_run_done(run_id, res),
                    lambda exc: self._on_run_failed(run_id, exc))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def export_png(self, path: Path) -> Path:
        self._drawn_result()
        if not self.tabs.currentWidget().grab().save(str(path), "PNG"):
            raise VizError(tr("viz.png_failed", path=path))
        return Path(path)

    def export_csv(self, path: Path) -> Path:
        result = self._drawn_result()
        matrix = result.attention[self.layer.value(), self.head.value()]
        return write_matrix_csv(Path(path), list(result.tokens), matrix)

    def _drawn_result(self) -> Any:
        """The result on screen; ``VizError`` before the first run has drawn one."""
        if self._result is None:
            raise VizError(tr("viz.nothing_to_export"))
        return self._result

    # -- running --------------------------------------------------------------------------
    def _on_progress_layer_done(self, run_id: int, done: int, total: int) -> None:
        if run_id == self._run_id:
            self.bar.setMaximum(total)
            self.bar.setValue(done)
            name = self._model[1] if self._model else ""
            self._show(tr("matt.running", name=name, done=done, total=total))

    def _finish(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self._cancel = None

    def _on_run_done(self, run_id: int, result: Any) -> None:
        if run_id != self._run_id:
            return
        self._finish()
        self._result = result
        self._patterns = classify_heads(result.attention)
        self._rollout = rollout(result.attention)
        if self._model is None:
            self.model_label.setText(tr("matt.model", name=result.model))
        cfg = result.config
        self.layer.setRange(0, cfg.n_layers - 1)
        self.head.setRange(0, cfg.n_heads - 1)
        self.query.setMaximum(result.n - 1)
        self._follow_result()
        self._draw_grid()
        self._draw_entropy()
        self._draw_selection()
        self._show(tr("matt.done", n=result.n, layers=cfg.n_layers, heads=cfg.n_heads,
                      kv=cfg.n_kv_heads, seconds=result.seconds))
        self.sigResultShown.emit()

    def _on_run_failed(self, run_id: int, exc: BaseException) -> None:
        if run_id != self._run_id:
            return
        self._finish()
        if isinstance(exc, Cancelled):
            message = tr("matt.cancelled")
        elif isinstance(exc, DeskError):
            message = str(exc)
        else:
            log.error("model attention failed", exc_info=exc)
            message = f"{type(exc).__name__}: {exc}"
        self._show(message, error=not isinstance(exc, Cancelled))
        self.sigRunFailed.emit(message)

    # -- drawing ---------------------------------------------------------------------------
    def _grid_wants_heads_as_rows(self) -> bool:
        """Lay the tiles out the way whose shape is closer to the grid's (square tiles)."""
        cfg = self._result.config
        size = self.grid.size()
        view = max(size.width(), 1) / max(size.height(), 1)
        layers_as_rows = cfg.n_heads / cfg.n_layers  # the mosaic's width / height
        return abs(np.log(view / layers_as_rows)) > abs(np.log(view * layers_as_rows))

    def _draw_grid(self) -> None:
        res = self._result
        self._heads_as_rows = flip = self._grid_wants_heads_as_rows()
        att = res.attention.transpose(1, 0, 2, 3) if flip else res.attention
        side = tile_side(res.n)
        self.grid_map.set_data(mosaic(att), (0.0, 1.0))
        layers = [f"L{i}" for i in range(res.config.n_layers)]
        heads = [f"h{h}" for h in range(res.config.n_heads)]
        rows, cols = (heads, layers) if flip else (layers, heads)
        # thinned to what the tiles' on-screen pitch leaves room for (a short dock)
        for axis, names in ((self.grid_map.row_axis, rows), (self.grid_map.col_axis, cols)):
            axis.set_tokens(names, pitch=side + GAP, offset=side / 2)
        theme.set_title(self.grid_map.plot, tr("matt.grid_title_wide" if flip
                                               else "matt.grid_title"))

    def _draw_entropy(self) -> None:
        ent = self._result.entropy
        self.entropy_map.set_data(ent, (0.0, float(ent.max()) or 1.0))
        cfg = self._result.config
        every = max(1, cfg.n_layers // 16)
        self.entropy_map.plot.getAxis("left").setTicks(
            [[(i + 0.5, f"L{i}") for i in range(0, cfg.n_layers, every)], []])
        self.entropy_map.plot.getAxis("bottom").setTicks(
            [[(h + 0.5, f"h{h}") for h in range(cfg.n_heads)], []])

    def _draw_selection(self) -> None:
        res = self._result
        if res is None:
            return
        layer, head, query = self.layer.value(), self.head.value(), self.query.value()
        weights = res.attention[layer, head]
        tokens = list(res.tokens)
        cfg = res.config
        pattern = self._patterns[layer][head].pattern
        self.head_map.set_data(weights, (0.0, float(weights.max())))
        self.head_map.set_tokens(tokens, tokens)
        theme.set_title(self.head_map.plot, tr(
            "matt.map_title", layer=layer, head=head,
            kv=head // (cfg.n_heads // cfg.n_kv_heads), pattern=pattern_name(pattern)))
        row = query if query >= 0 else res.n - 1
        self._row_line.setPos(row + 0.5)
        _, fg, accent = theme.colors(self)
        self.bar_item.setOpts(x=np.arange(res.n), height=weights[row], width=0.8, brush=accent)
        self.bars.setXRange(-0.5, res.n - 0.5, padding=0)
        self.bar_axis.set_tokens(tokens)
        self.bars.setYRange(0, max(float(weights[row].max()), 1e-6) * 1.05, padding=0)
        theme.set_title(self.bars.getPlotItem(), tr("matt.row_title", q=row, token=tokens[row]))
        self.lines.show_head(tokens, weights, query, accent, fg)
        roll = self._rollout[layer]  # type: ignore[index]
        self.rollout_map.set_data(roll, (0.0, float(roll.max())))
        self.rollout_map.set_tokens(tokens, tokens)
        theme.set_title(self.rollout_map.plot, tr("matt.rollout_title", layer=layer))
        self.patterns_label.setText(layer_summary(layer, self._patterns[layer]))
        theme.apply(self)

    # -- interaction ----------------------------------------------------------------------
    def _grid_head(self, row: int, col: int) -> tuple[int, int] | None:
        if self._result is None or row < 0:
            return None
        spot = tile_at(row, col, tile_side(self._result.n))
        return (spot[1], spot[0]) if spot is not None and self._heads_as_rows else spot

    def _on_grid_cell_hovered(self, row: int, col: int) -> None:
        spot = self._grid_head(row, col)
        if spot is None:
            return
        layer, head = spot
        p = self._patterns[layer][head]
        self._show(tr("matt.hover_head", layer=layer, head=head,
                      pattern=pattern_name(p.pattern),
                      entropy=float(self._result.entropy[layer, head])))

    def _on_grid_cell_clicked(self, row: int, col: int) -> None:
        spot = self._grid_head(row, col)
        if spot is not None:
            self.select_head(*spot)

    def select_head(self, layer: int, head: int) -> None:
        """Show one head's full map (a grid click, tests)."""
        self.layer.setValue(layer)
        self.head.setValue(head)
        self.tabs.setCurrentIndex(1)

    def hover_text(self, row: int, col: int) -> str:
        res = self._result
        layer, head = self.layer.value(), self.head.value()
        return tr("matt.hover", layer=layer, head=head, q=row, qt=res.tokens[row], k=col,
                  kt=res.tokens[col], w=float(res.attention[layer, head, row, col]))

    def _on_head_map_cell_hovered(self, row: int, col: int) -> None:
        if self._result is not None and row >= 0:
            self._show(self.hover_text(row, col))

    def _on_export_clicked(self, kind: str) -> None:
        export_with_dialog(self, kind, "model-attention",
                           self.export_png if kind == "png" else self.export_csv)

    def changeEvent(self, event: QEvent) -> None:  # Qt override: follow palette changes
        if event.type() == QEvent.Type.PaletteChange:
            theme.apply(self)
            self._draw_selection()  # the head view's lines and labels take palette colours
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # the grid's own resize (the view's comes before its layout has sized the tabs)
        if (watched is self.grid and event.type() == QEvent.Type.Resize
                and self._result is not None
                and self._grid_wants_heads_as_rows() != self._heads_as_rows):
            self._draw_grid()
        return super().eventFilter(watched, event)

    def _follow_result(self) -> None:
        """The plots and the exports once a run has drawn; the placeholder line before."""
        drawn = self._result is not None
        self.pages.setCurrentWidget(self.tabs if drawn else self.placeholder)
        for button in (self.controls.export_png_button, self.controls.export_csv_button):
            button.setEnabled(drawn)

    def _word_placeholder(self) -> None:
        name = self._model[1] if self._model else ""
        self.placeholder.setText(tr("matt.before_run", name=name) if name
                                 else tr("matt.before_run_no_model"))

    def _show(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #d03030;" if error else "")
        self.status.setText(message)


def _default_model_path() -> str:
    """No tutor model loaded yet: the one the tutor would pick (settings, then default)."""
    from interview_desk.settings import load_settings
    from interview_desk.tutor.models import resolve_model

    settings = load_settings()
    return str(resolve_model(settings.model, settings.model_paths).path)
