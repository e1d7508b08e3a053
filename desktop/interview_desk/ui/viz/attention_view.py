"""The attention view: scores and weights per head, an all-heads grid, one query's bars.

Every control change goes through one FrameThrottle, so a dragged slider redraws at most
once a frame. A temperature or mask change only redoes the softmax (``scene.rescene``);
drawing hands arrays to ImageItems with levels from the data already in hand.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.ui.i18n import tr
from interview_desk.ui.viz import theme
from interview_desk.ui.viz.attention_controls import AttentionControls
from interview_desk.ui.viz.heatmap import Heatmap
from interview_desk.ui.viz.token_axis import TokenAxis, nice_step
from interview_desk.ui.viz.widgets import (
    Debouncer,
    FrameThrottle,
    export_with_dialog,
    set_status,
)
from interview_desk.viz import scene as scene_mod
from interview_desk.viz.errors import VizError
from interview_desk.viz.export import write_matrix_csv
from interview_desk.viz.tokens import MAX_TOKENS, tokenize

log = logging.getLogger(__name__)

Tokenizer = Callable[[str], list[str]]
GRID_COLUMNS = 4
GRID_PIXELS = 128  # all-heads thumbnails never need more cells per side than this
MAP_PIXELS = 256  # the main weights map, ditto
WIDE_RATIO = 2.4  # width/height above which the view lays its plots out in one row


class AttentionView(QWidget):
    sigSceneUpdated = Signal()  # after every redraw (tests, benchmarks)
    sigQuerySelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tokenizer: Tokenizer | None = None
        self._scene: scene_mod.AttentionScene | None = None
        self._query = 0
        self._bar_tokens: tuple[str, ...] | None = None
        self._bar_step = 0.0  # the weight axis's tick step now
        self._truncated = False  # the text had more than MAX_TOKENS tokens
        self._text_error = ""  # the text box can't be tokenized: the last picture stays
        self._scores_key: tuple[int, int, int] | None = None
        self._grid_maps: list[Heatmap] = []
        self.controls = AttentionControls()
        self.maps = pg.GraphicsLayoutWidget()
        self.scores_map = Heatmap(self.maps, 0, 0, "", theme.DIVERGING, parent=self)
        self.weights_map = Heatmap(self.maps, 0, 1, "", theme.COLORMAP, parent=self)
        self._row_lines = [pg.InfiniteLine(angle=0, movable=False) for _ in range(2)]
        for hm, line in zip((self.scores_map, self.weights_map), self._row_lines, strict=True):
            hm.plot.addItem(line)
        self.bars = pg.PlotWidget()
        self.bars.setMenuEnabled(False)
        self.bars.setMouseEnabled(x=False, y=False)
        self.bar_item = pg.BarGraphItem(x=[0], height=[0], width=0.8)
        self.bars.addItem(self.bar_item)
        self.bars.getAxis("left").enableAutoSIPrefix(False)
        self.bar_axis = TokenAxis(self.bars.getPlotItem(), "bottom", width=7, offset=0.0,
                                  parent=self)
        self.grid = pg.GraphicsLayoutWidget()
        self.status = QLabel(" ")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._bottom = bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.bars)
        bottom.addWidget(self.grid)
        bottom.setSizes([500, 500])
        self._split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.maps)
        split.addWidget(bottom)
        split.setSizes([430, 260])
        self._wide = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self._redraw = FrameThrottle(self._on_redraw_timer_fired, parent=self)
        self._retokenize = Debouncer(self._on_retokenize_timer_fired, 150, parent=self)
        self.controls.sigSettingsChanged.connect(self._redraw.trigger)
        self.controls.sigTextChanged.connect(self._retokenize.trigger)
        self.controls.sigExportRequested.connect(self._on_controls_export_requested)
        for hm in (self.scores_map, self.weights_map):
            hm.sigCellHovered.connect(self._on_map_cell_hovered)
            hm.sigCellClicked.connect(self._on_map_cell_clicked)
        self._tokens = self._tokenize(self.controls.text.text())
        self._label_axes()
        self.refresh()
        theme.apply(self)

    # -- public API ---------------------------------------------------------------------
    def set_tokenizer(self, tokenizer: Tokenizer | None, name: str = "") -> None:
        """Use a model's tokenizer (text -> token strings); ``None`` for the built-in one."""
        self._tokenizer = tokenizer
        self.controls.set_tokenizer_name(name, tokenizer is not None)
        self._on_retokenize_timer_fired()
        self.refresh()

    def retranslate(self) -> None:
        """Re-word controls, axes, titles and the status line in the current language."""
        self.controls.retranslate()
        self._label_axes()
        if self._scene is not None:
            self._draw()

    def _label_axes(self) -> None:
        for hm in (self.scores_map, self.weights_map):
            hm.plot.setLabel("left", tr("viz.query"))
            hm.plot.setLabel("bottom", tr("viz.key"))
        self.bars.setLabel("left", tr("viz.weight"))
        theme.set_title(self.scores_map.plot, tr("att.scores_title"))

    def set_text(self, text: str) -> None:
        self.controls.text.setText(text)
        self._retokenize.flush()
        self.refresh()

    def set_tokens(self, tokens: list[str]) -> None:
        """Show exactly these tokens (benchmarks, long demos) without re-tokenizing."""
        if not tokens:
            raise VizError("no tokens to attend over")
        self._truncated = len(tokens) > MAX_TOKENS
        self._tokens = list(tokens)[:MAX_TOKENS]
        self._scene = None
        self.refresh()

    def apply_settings(self, values: Mapping[str, Any]) -> None:
        self.controls.apply(values)  # signals blocked: re-tokenize explicitly
        self._on_retokenize_timer_fired()
        self.refresh()

    def refresh(self) -> None:
        """Recompute what changed and redraw now, once (a pending throttled redraw runs now)."""
        self._redraw.run_now()

    @property
    def scene(self) -> scene_mod.AttentionScene | None:
        return self._scene

    @property
    def tokens(self) -> list[str]:
        return list(self._tokens)

    def export_png(self, path: Path) -> Path:
        if not self.grab().save(str(path), "PNG"):
            raise VizError(tr("viz.png_failed", path=path))
        return Path(path)

    def export_csv(self, path: Path) -> Path:
        if self._scene is None:
            raise VizError(tr("viz.nothing_to_export"))
        head = min(self.controls.shown_head(), self._scene.weights.shape[0] - 1)
        return write_matrix_csv(Path(path), self._scene.tokens, self._scene.weights[head])

    # -- computing and drawing ----------------------------------------------------------
    def _tokenize(self, text: str) -> list[str]:
        if self._tokenizer is not None:
            toks = [t for t in self._tokenizer(text) if t.strip()]
            if not toks:
                raise VizError(tr("att.no_model_tokens"))
        else:
            toks = tokenize(text, MAX_TOKENS + 1)
        self._truncated = len(toks) > MAX_TOKENS
        return toks[:MAX_TOKENS]

    def _on_retokenize_timer_fired(self) -> None:
        try:
            tokens = self._tokenize(self.controls.text.text())
        except DeskError as exc:
            self._text_error = str(exc)
            self._show_error(self._text_error)
            return
        self._text_error = ""
        if tokens != self._tokens:
            self._tokens = tokens
            self._scene = None
            self._redraw.trigger()

    def _on_redraw_timer_fired(self) -> None:
        settings = self.controls.settings()
        try:
            if self._scene is None:
                self._scene = scene_mod.compute_scene(self._tokens, settings)
            elif settings != self._scene.settings:
                self._scene = scene_mod.rescene(self._scene, settings)
        except DeskError as exc:
            self._show_error(str(exc))
            return
        self._draw()

    def _draw(self) -> None:
        sc = self._scene
        assert sc is not None
        head = min(self.controls.shown_head(), sc.weights.shape[0] - 1)
        self._query = min(self._query, sc.n - 1)
        key = (id(sc.scores), id(sc.mask), head)
        if key != self._scores_key:  # scores only change with structure, mask or head
            self._scores_key = key
            shown = sc.display_scores(head)
            finite = shown[np.isfinite(shown)]
            bound = float(np.abs(finite).max()) if finite.size else 1.0
            self.scores_map.set_data(shown, (-bound, bound))
            ticks = list(sc.tokens)
            self.scores_map.set_tokens(ticks, ticks)
            self.weights_map.set_tokens(ticks, ticks)
        # the map is a few hundred pixels tall: more cells than MAP_PIXELS per side cannot
        # show anyway, and block maxima keep every peak visible at a quarter of the work
        weights = scene_mod.pool_max(sc.weights[head], MAP_PIXELS)
        self.weights_map.set_data(weights, (0.0, float(weights.max())), shape=(sc.n, sc.n))
        theme.set_title(self.weights_map.plot,
                        tr("att.weights_head", head=head, kv=int(sc.kv_heads[head])))
        self._draw_grid(sc)
        self._draw_bars(sc, head)
        for line in self._row_lines:
            line.setPos(self._query + 0.5)
        if self._text_error:
            self._show_error(self._text_error)
        elif not self.status.property("hovering"):
            self._show_info(sc)
        self.sigSceneUpdated.emit()

    def _draw_grid(self, sc: scene_mod.AttentionScene) -> None:
        n_heads = sc.weights.shape[0]
        if len(self._grid_maps) != n_heads:
            for hm in self._grid_maps:
                hm.detach()
            self.grid.clear()
            self._grid_maps = []
            for h in range(n_heads):
                hm = Heatmap(self.grid, h // GRID_COLUMNS, h % GRID_COLUMNS, "",
                             theme.COLORMAP, with_bar=False, parent=self)
                for axis in ("left", "bottom"):
                    hm.plot.hideAxis(axis)
                hm.sigCellClicked.connect(lambda _r, _c, h=h: self.controls.head.setValue(h))
                self._grid_maps.append(hm)
            theme.apply(self)  # the new thumbnails in the palette's colours
        for h, hm in enumerate(self._grid_maps):
            thumb = scene_mod.pool_max(sc.weights[h], GRID_PIXELS)  # thumbnails: 16x less LUT
            hm.set_data(thumb, (0.0, float(thumb.max())), shape=sc.weights[h].shape)
            theme.set_title(hm.plot, f"h{h}·kv{int(sc.kv_heads[h])}", size="8pt")

    def _draw_bars(self, sc: scene_mod.AttentionScene, head: int) -> None:
        row = sc.weights[head, self._query]
        self.bar_item.setOpts(x=np.arange(sc.n), height=row, width=0.8,
                              brush=theme.colors(self)[2])
        if self._bar_tokens is not sc.tokens:  # ticks and x range change with the tokens only
            self._bar_tokens = sc.tokens
            self.bars.setXRange(-0.5, sc.n - 0.5, padding=0)
            self.bar_axis.set_tokens(sc.tokens)
        theme.set_title(self.bars.getPlotItem(), tr(
            "att.bars_title", query=self._query, token=sc.tokens[self._query], head=head))
        top = max(float(row.max()), 1e-6) * 1.05
        self.bars.setYRange(0, top, padding=0)
        # A short dock leaves the bars ~60 px: three weight labels at most, never overlapping.
        # One tick level only: a minor one at 0.25 would be labelled with the major
        # level's one decimal ("0.2").
        step = nice_step(top / 2)
        if step != self._bar_step:  # each set re-lays the axis out, even to the same step
            self._bar_step = step
            self.bars.getAxis("left").setTickSpacing(levels=[(step, 0.0)])

    # -- interaction --------------------------------------------------------------------
    def hover_text(self, row: int, col: int) -> str:
        """What the status line says for a cell: query, key, weight and score."""
        sc = self._scene
        if sc is None:
            return ""
        head = min(self.controls.shown_head(), sc.weights.shape[0] - 1)
        text = tr("att.hover", head=head, row=row, q=sc.tokens[row], col=col,
                  k=sc.tokens[col], weight=float(sc.weights[head, row, col]))
        if sc.mask is not None and sc.mask[row, col]:
            return text + tr("att.hover_masked")
        return text + tr("att.hover_score", score=float(sc.scores[head, row, col]))

    def _on_map_cell_hovered(self, row: int, col: int) -> None:
        if row < 0:
            self.status.setProperty("hovering", False)
            if self._text_error:
                self._show_error(self._text_error)
            elif self._scene is not None:
                self._show_info(self._scene)
            return
        self.status.setProperty("hovering", True)
        set_status(self.status, self.hover_text(row, col))

    def _on_map_cell_clicked(self, row: int, _col: int) -> None:
        self._query = row
        self.sigQuerySelected.emit(row)
        if self._scene is not None:
            self._draw()

    def select_query(self, row: int) -> None:
        self._on_map_cell_clicked(row, 0)

    def _on_controls_export_requested(self, kind: str) -> None:
        export_with_dialog(self, kind, "attention",
                           self.export_png if kind == "png" else self.export_csv)

    def _show_info(self, sc: scene_mod.AttentionScene) -> None:
        s = sc.settings
        cut = tr("att.first_tokens", n=MAX_TOKENS) if self._truncated else ""
        set_status(self.status, tr("att.info", n=sc.n, cut=cut, heads=s.n_heads,
                                   kv=s.n_kv_heads, dk=s.head_dim, t=s.temperature))

    def _show_error(self, message: str) -> None:
        set_status(self.status, message, error=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A short, wide dock (the bottom of a 1280x800 window) gets the maps and the
        # bars/grid side by side instead of stacked, so no plot is squashed flat.
        wide = event.size().width() > WIDE_RATIO * event.size().height()
        if wide != self._wide:
            self._wide = wide
            self._split.setOrientation(Qt.Orientation.Horizontal if wide
                                       else Qt.Orientation.Vertical)
            self._bottom.setOrientation(Qt.Orientation.Vertical if wide
                                        else Qt.Orientation.Horizontal)
            total = event.size().width() if wide else event.size().height()
            self._split.setSizes([int(total * 0.66), int(total * 0.34)])
            if wide:  # the bars need axes and a title; the thumbnails need little height
                height = event.size().height()
                self._bottom.setSizes([int(height * 0.6), int(height * 0.4)])
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # Qt override: follow palette changes
        if event.type() == QEvent.Type.PaletteChange:
            theme.apply(self)
        super().changeEvent(event)
