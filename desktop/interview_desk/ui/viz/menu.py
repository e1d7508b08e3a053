"""The Visualize menu (the presets that fit the open entry) and the visualizer dock,
which is built the first time it is wanted: pyqtgraph takes ~2 s to set up and most
study sessions never open it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from interview_desk.corpus.model import Entry
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.workers import run_in_pool

log = logging.getLogger(__name__)

# A new dock takes this share of the window's height at most: left to its size hint it
# took ~60% at 1280x800, leaving the reader ~250 px and the tutor's chat ~70 px.
DOCK_HEIGHT_SHARE = 0.45


class Visualizer(QObject):
    def __init__(self, window: QMainWindow, menu: QMenu, toggle: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._menu = menu
        self._toggle = toggle
        self.dock: Any = None
        self._entry: Entry | None = None
        self._model: tuple[str, str] | None = None  # (path, name) of the tutor's model
        self._size_on_show = False  # a new dock (not restored) is sized when first shown
        toggle.toggled.connect(self._on_toggle_toggled)
        self.fill(None)

    def ensure_dock(self) -> Any:
        """The dock, built on first use (pyqtgraph is imported only then)."""
        if self.dock is None:
            from interview_desk.ui.viz.dock import VisualizerDock

            self.dock = VisualizerDock(self._window)
            self.dock.hide()
            if not self._window.restoreDockWidget(self.dock):  # where the user left it
                self._window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
                self._size_on_show = True
            self.dock.visibilityChanged.connect(self._toggle.setChecked)
            if self._model is not None:
                self._load_tokenizer(*self._model)
                self.dock.model.set_model(*self._model)
        return self.dock

    def set_model(self, model: Any) -> None:
        """The tutor loaded a model: the attention view tokenizes with its vocabulary."""
        path = getattr(model, "path", "")
        if not path:
            return
        self._model = (path, model.name)
        if self.dock is not None:
            self._load_tokenizer(path, model.name)
            self.dock.model.set_model(path, model.name)

    def _load_tokenizer(self, path: str, name: str) -> None:
        def build() -> Any:  # a vocab-only load, ~0.15 s: off the GUI thread
            from interview_desk.viz.model_tokens import ModelTokenizer

            return ModelTokenizer(path)

        def apply(tokenizer: Any) -> None:
            if self.dock is not None and self._model == (path, name):
                self.dock.attention.set_tokenizer(tokenizer, name)

        # Tied to the dock: a window closed meanwhile (its dock deleted) gets nothing.
        run_in_pool(build, apply, lambda exc: log.warning("model tokenizer: %s", exc),
                    context=self.dock)

    def show_preset(self, preset_id: str) -> None:
        dock = self._show_dock()
        dock.show_preset(preset_id)

    def _show_dock(self) -> Any:
        dock = self.ensure_dock()
        dock.show()
        if self._size_on_show and not dock.isFloating():
            self._size_on_show = False
            height = max(dock.minimumSizeHint().height(),
                         round(self._window.height() * DOCK_HEIGHT_SHARE))
            self._window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
        return dock

    def show_model(self) -> None:
        """"See it in the model": the loaded model's real attention, in the Model tab."""
        self.ensure_dock().show_model()

    def fill(self, entry: Entry | None) -> None:
        """Offer the presets that fit ``entry`` (best first)."""
        self._entry = entry
        menu = self._menu
        menu.clear()
        menu.addAction(self._toggle)
        if entry is None:
            return
        menu.addSeparator()
        from interview_desk.viz.presets import links_to_model, presets_for_entry

        presets = presets_for_entry(entry)
        linked = links_to_model(entry, presets)
        if linked:
            model = menu.addAction(tr("matt.see_in_model"))
            model.setObjectName("see_in_model")
            model.triggered.connect(self.show_model)
        if not presets and not linked:
            none = menu.addAction(tr("act.no_presets"))
            none.setEnabled(False)
            return
        for preset in presets:
            action = menu.addAction(tr(f"preset.{preset.id}"))
            action.setObjectName(f"preset_{preset.id}")
            action.triggered.connect(lambda _=False, pid=preset.id: self.show_preset(pid))

    def retranslate(self) -> None:
        self.fill(self._entry)
        if self.dock is not None:
            self.dock.retranslate()

    def _on_toggle_toggled(self, on: bool) -> None:
        if on:
            self._show_dock()
        elif self.dock is not None and self.dock.isVisible():
            self.dock.hide()
