"""The visualizer dock: the attention, position and Model views in tabs, opened by preset."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from interview_desk.ui.i18n import tr
from interview_desk.ui.viz.attention_view import AttentionView
from interview_desk.ui.viz.model_view import ModelAttentionView
from interview_desk.ui.viz.position_view import PositionView
from interview_desk.viz.presets import VizPreset, get_preset

log = logging.getLogger(__name__)


class VisualizerDock(QDockWidget):
    """``show_preset(preset_id)`` switches to the preset's view and applies its settings."""

    sigPresetShown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VisualizerDock")  # saveState/restoreState need a name
        self.attention = AttentionView()
        self.position = PositionView()
        self.tabs = QTabWidget()
        self.model = ModelAttentionView()
        self.tabs.addTab(self.attention, "")
        self.tabs.addTab(self.position, "")
        self.tabs.addTab(self.model, "")
        self.setWidget(self.tabs)
        self.tabs.currentChanged.connect(self._fit_later)
        self.position.panel.currentIndexChanged.connect(self._fit_later)
        self.retranslate()

    def _fit_later(self, *_args: object) -> None:
        QTimer.singleShot(0, self, self.fit_current_view)  # once the new tab is laid out

    def fit_current_view(self) -> None:
        """Grow the docked dock until the position panels' first row is whole, where the
        dock's share is too short for it (made smaller by hand, a larger font): legends
        cut off, the second row out of sight. The window keeps the centre's minimum
        height; a dock the user made smaller stays so until the next tab or panel change."""
        window = self.parentWidget()
        if (self.tabs.currentWidget() is not self.position or self.isFloating()
                or not isinstance(window, QMainWindow)):
            return
        short = self.position.height_short_by()
        if short > 0:
            window.resizeDocks([self], [self.height() + short], Qt.Orientation.Vertical)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("viz.dock"))
        self.tabs.setTabText(0, tr("viz.tab_attention"))
        self.tabs.setTabText(1, tr("viz.tab_positions"))
        self.tabs.setTabText(2, tr("matt.tab"))
        self.attention.retranslate()
        self.position.retranslate()
        self.model.retranslate()

    def show_preset(self, preset_id: str) -> VizPreset:
        """Show and raise the dock on the preset's view; raises ``VizError`` for unknown ids."""
        preset = get_preset(preset_id)
        view = self.attention if preset.view == "attention" else self.position
        view.apply_settings(preset.settings)
        self.tabs.setCurrentWidget(view)
        self.show()
        self.raise_()
        self._fit_later()  # the tab may have been current already
        log.info("visualizer preset %s", preset_id)
        self.sigPresetShown.emit(preset_id)
        return preset

    def show_model(self) -> None:
        """Raise the Model tab and run the loaded model over its text (cached per text)."""
        self.tabs.setCurrentWidget(self.model)
        self.show()
        self.raise_()
        self.model.run()
