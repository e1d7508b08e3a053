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
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.ui.i18n import tr
from interview_desk.ui.viz import theme
from interview_desk.ui.viz.position_panels import AlibiPanel, RopePanel, SinusoidalPanel, T5Panel
from interview_desk.ui.viz.widgets import FrameThrottle, ValueSlider, set_status
from interview_desk.ui.widgets import label
from interview_desk.viz.errors import VizError
from interview_desk.viz.position_settings import PositionSettings

log = logging.getLogger(__name__)

PANELS = ("all", "sinusoidal", "rope", "alibi", "t5")  # i18n: pos.panel_<name>
SCALINGS = ("none", "pi", "ntk")  # i18n: pos.scaling_<name>
# Below this the plots, axes and legends no longer fit one another (checked in en and zh
# with the longest legends); a docked visualizer at 1366x768 gives the panels ~215 px.
PANEL_MIN_HEIGHT = 215


class PositionView(QWidget):
    sigSceneUpdated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        s = PositionSettings()
        self.length = ValueSlider(8, 4096, s.length, log=True, steps=300, integer=True)
        self.dim = ValueSlider(4, 256, s.dim, steps=126, integer=True)
        self.base = ValueSlider(100, 1e7, s.base, log=True, steps=500)
        self.scaling = QComboBox()
        for key in SCALINGS:
            self.scaling.addItem(tr(f"pos.scaling_{key}"), key)
        self.factor = ValueSlider(1, 32, s.factor, log=True, steps=100, decimals=1)
        self.heads = QSpinBox(minimum=1, maximum=32, value=s.heads)
        self.panel = QComboBox()
        for key in PANELS:
            self.panel.addItem(tr(f"pos.panel_{key}"), key)
        self.status = QLabel(" ")

        bar = QGridLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        rows = (
            (("pos.length", self.length), ("pos.dim", self.dim), ("pos.base", self.base)),
            (("pos.scaling", self.scaling), ("pos.factor", self.factor),
             ("pos.alibi_heads", self.heads), ("pos.panel", self.panel)),
        )
        for r, row in enumerate(rows):
            for c, (key, widget) in enumerate(row):
                bar.addWidget(label(key), r, 2 * c)
                bar.addWidget(widget, r, 2 * c + 1)
        # The status line sits in the first row's free end, not under the panels: a short
        # dock (1366x768) needs those 20 px for the plots. Its text does not size the row,
        # so a slider step that changes it re-lays nothing out; a cut one is in the tooltip.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.status, 0, 2 * len(rows[0]), 1, 2 * (len(rows[1]) - len(rows[0])))
        for c in range(1, 8, 2):
            bar.setColumnStretch(c, 1)
        self.panels: dict[str, Any] = {"sinusoidal": SinusoidalPanel(), "rope": RopePanel(),
                                       "alibi": AlibiPanel(), "t5": T5Panel()}
        # In a short dock the panels scroll instead of being squeezed flat.
        self.panel_scroll = QScrollArea(frameShape=QFrame.Shape.NoFrame, widgetResizable=True)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel_scroll.setWidget(QWidget())
        grid = QGridLayout(self.panel_scroll.widget())
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for i, panel in enumerate(self.panels.values()):
            grid.addWidget(panel, i // 2, i % 2)
            panel.setMinimumHeight(PANEL_MIN_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addWidget(self.panel_scroll, 1)

        self._redraw = FrameThrottle(self._on_redraw_timer_fired, parent=self)
        for slider in (self.length, self.dim, self.base, self.factor):
            slider.sigValueChanged.connect(self._redraw.trigger)
        self.heads.valueChanged.connect(self._redraw.trigger)
        self.scaling.currentIndexChanged.connect(self._redraw.trigger)
        self.panel.currentIndexChanged.connect(self._on_panel_index_changed)
        self.refresh()
        theme.apply(self)

    def height_short_by(self) -> int:
        """Pixels the panels' area lacks to show a row of panels whole (0: it has them)."""
        return max(0, PANEL_MIN_HEIGHT - self.panel_scroll.viewport().height())

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
        self._redraw.run_now()

    def retranslate(self) -> None:
        """Re-word captions, choices, plot texts and the status line."""
        for caption in self.findChildren(QLabel):
            key = caption.property("i18nKey")
            if isinstance(key, str):
                caption.setText(tr(key))
        for combo, prefix in ((self.scaling, "pos.scaling_"), (self.panel, "pos.panel_")):
            for k in range(combo.count()):
                combo.setItemText(k, tr(prefix + str(combo.itemData(k))))
        for panel in self.panels.values():
            panel.retranslate()
            panel.forget()  # titles and legends carry numbers: redraw them in the new words
        self.refresh()

    def export_png(self, path: Path) -> Path:
        if not self.grab().save(str(path), "PNG"):
            raise VizError(tr("viz.png_failed", path=path))
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
                # hidden panels wait: they are redrawn when shown (see _show_panels); a
                # shown one redraws only the parts whose inputs changed
                if focus in ("all", key):
                    panel.update_from(s)
        except DeskError as exc:
            for panel in self.panels.values():
                panel.forget()
            set_status(self.status, str(exc), error=True)
            return
        set_status(self.status, tr("pos.info", length=s.length, dim=s.dim, base=s.base,
                                   scaling=tr(f"pos.scaling_{s.scaling}"))
                   + (f" ×{s.factor:g}" if s.scaling != "none" else ""))
        self.sigSceneUpdated.emit()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: follow palette changes
        if event.type() == QEvent.Type.PaletteChange:
            theme.apply(self)
        super().changeEvent(event)

