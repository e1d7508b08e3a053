"""The position view: sinusoidal, RoPE, ALiBi and T5 panels side by side, with sliders."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.ui.viz import theme
from interview_desk.ui.viz.position_panels import AlibiPanel, RopePanel, SinusoidalPanel, T5Panel
from interview_desk.ui.viz.widgets import Debouncer, ValueSlider
from interview_desk.viz.errors import VizError
from interview_desk.viz.position_settings import PositionSettings

log = logging.getLogger(__name__)

PANEL_MIN_HEIGHT = 240

PANEL_LABELS: dict[str, str] = {
    "all": "全部 All", "sinusoidal": "正弦 Sinusoidal", "rope": "RoPE",
    "alibi": "ALiBi", "t5": "T5 相对 relative",
}
SCALING_LABELS: dict[str, str] = {"none": "无 None", "pi": "PI 位置插值", "ntk": "NTK-aware"}


class PositionView(QWidget):
    sigSceneUpdated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        s = PositionSettings()
        self.length = ValueSlider(8, 4096, s.length, log=True, steps=300, integer=True)
        self.dim = ValueSlider(4, 256, s.dim, steps=126, integer=True)
        self.base = ValueSlider(100, 1e7, s.base, log=True, steps=500)
        self.scaling = QComboBox()
        for key, label in SCALING_LABELS.items():
            self.scaling.addItem(label, key)
        self.factor = ValueSlider(1, 32, s.factor, log=True, steps=100, decimals=1)
        self.heads = QSpinBox(minimum=1, maximum=32, value=s.heads)
        self.panel = QComboBox()
        for key, label in PANEL_LABELS.items():
            self.panel.addItem(label, key)
        self.status = QLabel(" ")

        bar = QGridLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        rows = (
            (("长度 Length", self.length), ("维度 Dim", self.dim), ("底数 Base", self.base)),
            (("缩放 Scaling", self.scaling), ("倍数 Factor", self.factor),
             ("ALiBi 头 heads", self.heads), ("面板 Panel", self.panel)),
        )
        for r, row in enumerate(rows):
            for c, (label, widget) in enumerate(row):
                bar.addWidget(QLabel(label), r, 2 * c)
                bar.addWidget(widget, r, 2 * c + 1)
        for c in range(1, 8, 2):
            bar.setColumnStretch(c, 1)
        self.panels: dict[str, Any] = {"sinusoidal": SinusoidalPanel(), "rope": RopePanel(),
                                       "alibi": AlibiPanel(), "t5": T5Panel()}
        # In a short dock the panels scroll instead of being squeezed flat: below this
        # height the plots, their axes and legends no longer fit one another.
        self.scroll = QScrollArea(frameShape=QFrame.Shape.NoFrame, widgetResizable=True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(QWidget())
        grid = QGridLayout(self.scroll.widget())
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for i, panel in enumerate(self.panels.values()):
            grid.addWidget(panel, i // 2, i % 2)
            panel.setMinimumHeight(PANEL_MIN_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)

        self._drawn: dict[str, tuple[object, ...]] = {}  # panel -> inputs it shows
        self._redraw = Debouncer(self._on_redraw_timer_fired, parent=self)
        for slider in (self.length, self.dim, self.base, self.factor):
            slider.sigValueChanged.connect(self._redraw.trigger)
        self.heads.valueChanged.connect(self._redraw.trigger)
        self.scaling.currentIndexChanged.connect(self._redraw.trigger)
        self.panel.currentIndexChanged.connect(self._on_panel_index_changed)
        self.refresh()

    def settings(self) -> PositionSettings:
        dim = int(self.dim.value())
        return PositionSettings(
            length=int(self.length.value()), dim=dim - dim % 2, base=self.base.value(),
            scaling=str(self.scaling.currentData()), factor=self.factor.value(),
            heads=self.heads.value(), panel=str(self.panel.currentData()))

    def apply_settings(self, values: Mapping[str, Any]) -> None:
        """Set sliders from preset-style values (unknown keys are ignored)."""
        s = replace(PositionSettings(), **{k: v for k, v in values.items()
                                           if k in PositionSettings.__dataclass_fields__})
        s.validate()
        widgets = (self.length, self.dim, self.base, self.factor, self.heads, self.scaling,
                   self.panel)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.length.setValue(s.length)
            self.dim.setValue(s.dim)
            self.base.setValue(s.base)
            self.factor.setValue(s.factor)
            self.heads.setValue(s.heads)
            self.scaling.setCurrentIndex(self.scaling.findData(s.scaling))
            self.panel.setCurrentIndex(self.panel.findData(s.panel))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._show_panels(s.panel)
        self.refresh()

    def refresh(self) -> None:
        """Redraw now, once (a pending throttled redraw runs now)."""
        if self._redraw.pending:
            self._redraw.flush()
        else:
            self._on_redraw_timer_fired()

    def export_png(self, path: Path) -> Path:
        if not self.grab().save(str(path), "PNG"):
            raise VizError(f"could not write {path}")
        return Path(path)

    def _on_panel_index_changed(self, _index: int) -> None:
        self._show_panels(str(self.panel.currentData()))

    def _show_panels(self, focus: str) -> None:
        for key, panel in self.panels.items():
            panel.setVisible(focus in ("all", key))
        self.refresh()  # a panel hidden during slider moves catches up now

    def _on_redraw_timer_fired(self) -> None:
        s = self.settings()
        focus = s.panel
        try:
            s.validate()
            for key, panel in self.panels.items():
                inputs = _panel_inputs(key, s)
                # hidden panels wait: they are redrawn when shown (see _show_panels)
                if focus in ("all", key) and self._drawn.get(key) != inputs:
                    panel.update_from(s)
                    self._drawn[key] = inputs
        except DeskError as exc:
            self.status.setStyleSheet("color: #d03030;")
            self.status.setText(str(exc))
            return
        self.status.setStyleSheet("")
        self.status.setText(
            f"长度 length {s.length} · 维度 dim {s.dim} · base {s.base:,.0f} · "
            f"{SCALING_LABELS[s.scaling]}" + (f" ×{s.factor:g}" if s.scaling != "none" else ""))
        theme.apply(self)
        self.sigSceneUpdated.emit()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: follow palette changes
        if event.type() == QEvent.Type.PaletteChange:
            theme.apply(self)
        super().changeEvent(event)


def _panel_inputs(panel: str, s: PositionSettings) -> tuple[object, ...]:
    """The settings a panel depends on: a slider that doesn't touch it won't redraw it."""
    if panel == "sinusoidal":
        return (s.length, s.dim, s.base)
    if panel == "rope":
        return (s.length, s.dim, s.base, s.scaling, s.factor)
    if panel == "alibi":
        return (min(s.length, 64), s.heads)
    return (min(s.length, 512),)
