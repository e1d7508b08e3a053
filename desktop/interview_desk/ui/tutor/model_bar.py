"""The top of the tutor panel: which model (picker, add, settings, model manager), the
tutor's settings that go with it, and the model's state (loading with progress, loaded
with its format and GPU use, the demonstration note, or why it failed).

The bar owns the panel's copy of the settings and writes only the fields it changes, so
theme, language and folders changed elsewhere are kept. When the choice or a load
setting changes it asks for a reload (``sigLoadWanted``); loading itself is the panel's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interview_desk.errors import DeskError
from interview_desk.settings import Settings, changed_fields, update_settings
from interview_desk.tutor.backend import LoadParams
from interview_desk.tutor.local import gpu_offload_supported
from interview_desk.tutor.models import DEFAULT_MODEL_FILE
from interview_desk.tutor.opening import BackendSpec
from interview_desk.ui.i18n import tr
from interview_desk.ui.tutor.chat_view import ADD_MODEL_URL, palette_of, with_link
from interview_desk.ui.tutor.model_combo import REMOTE, ModelCombo
from interview_desk.ui.tutor.settings_dialog import TutorSettingsDialog
from interview_desk.ui.tutor.worker import LoadedModel

log = logging.getLogger(__name__)


class ModelBar(QWidget):
    sigLoadWanted = Signal()  # the model or a load setting changed: load it
    sigModelManagerRequested = Signal()  # the ▦ button
    sigLinkActivated = Signal(str)  # "Add a model…" in the demonstration note

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorModelBar")
        self._settings = settings
        self._loaded: LoadedModel | None = None
        self._status_text: Callable[[], str] = str  # re-read by retranslate

        self.model_combo = ModelCombo()
        self.browse_button = QToolButton(text="…", objectName="tutorBrowse")
        self.settings_button = QToolButton(text="⚙", objectName="tutorSettingsButton")
        self.models_button = QToolButton(text="▦", objectName="tutorModelsButton")
        self.status = QLabel(objectName="tutorStatus")
        self.status.setWordWrap(True)
        self.note = QLabel(objectName="tutorNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.demo = QLabel(objectName="tutorDemo")
        self.demo.setWordWrap(True)
        self.demo.setTextFormat(Qt.TextFormat.RichText)
        self.demo.hide()
        self.progress = QProgressBar(objectName="tutorProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()

        top = QHBoxLayout()
        top.addWidget(self.model_combo, 1)
        top.addWidget(self.browse_button)
        top.addWidget(self.settings_button)
        top.addWidget(self.models_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        for widget in (self.status, self.note, self.demo, self.progress):
            layout.addWidget(widget)

        self.demo.linkActivated.connect(self.sigLinkActivated)
        self.settings_button.clicked.connect(self._on_settings_clicked)
        self.browse_button.clicked.connect(self.browse)
        self.models_button.clicked.connect(self.sigModelManagerRequested)
        self.populate_models()
        self.model_combo.currentIndexChanged.connect(self._on_model_combo_changed)

    @property
    def settings(self) -> Settings:
        return self._settings

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._loaded is not None:
            self.show_loaded(self._loaded)  # the note's colour follows the theme

    def retranslate(self) -> None:
        self.browse_button.setToolTip(tr("tutor.browse_tip"))
        self.settings_button.setToolTip(tr("tutor.settings_tip"))
        self.models_button.setToolTip(tr("tutor.models_tip"))
        self.model_combo.retranslate()
        if self._loaded is not None:
            self.show_loaded(self._loaded)  # the status line and the chat-format note
        elif self.spec() is None:
            self.show_no_model()
        else:
            self.status.setText(self._status_text())
        for dialog in self.findChildren(TutorSettingsDialog):
            dialog.retranslate()

    # -- which model ------------------------------------------------------------------
    def populate_models(self) -> None:
        self.model_combo.populate(self._settings)

    def spec(self) -> BackendSpec | None:
        """What to load for the current choice (None: nothing usable is chosen)."""
        data = self.model_combo.choice()
        if not data:
            return None
        if data.startswith(REMOTE):
            return BackendSpec.remote(self._settings)
        return BackendSpec.local(self._settings, data)

    def set_busy(self, busy: bool, loading: bool) -> None:
        self.model_combo.setEnabled(not busy and not loading)
        self.settings_button.setEnabled(not busy and not loading)

    # -- the state shown --------------------------------------------------------------
    def show_status(self, text: Callable[[], str]) -> None:
        """Show a status line that follows language switches."""
        self._status_text = text
        self.status.setText(text())
        self.status.show()

    def show_loading(self, spec: BackendSpec) -> None:
        self._loaded = None
        self.progress.setValue(0)
        self.progress.show()
        name = spec.remote_url or Path(spec.path).name
        self.show_status(lambda: tr("tutor.loading", name=name))

    def show_progress(self, value: float) -> None:
        self.progress.setValue(round(value * 100))

    def show_failed(self, message: str) -> None:
        self._loaded = None
        self.progress.hide()
        self.show_status(lambda: tr("tutor.not_loaded", message=message))

    def show_no_model(self) -> None:
        """Nothing usable is chosen: say how to get a model, with the manager one click
        away (the combo box only says "No model installed", which fits its width)."""
        self._loaded = None
        self.progress.hide()
        self.note.hide()
        self.show_status(lambda: tr("tutor.no_model"))
        self.status.hide()  # the hint below says it, with the way out
        self.demo.setText(with_link(tr("tutor.no_model_hint"), ADD_MODEL_URL,
                                    tr("tutor.add_model_link"), palette_of(self).link))
        self.demo.setToolTip(tr("tutor.no_model_tip"))  # one line: the chat keeps its room
        self.demo.show()

    def show_loaded(self, m: LoadedModel) -> None:
        self._loaded = m
        self.progress.hide()
        self.show_status(lambda: m.status_text)
        p = palette_of(self)
        self.note.setStyleSheet(f"color: {p.draft_border}")
        self.note.setVisible(bool(m.chat_note))
        self.note.setText(tr("tutor.chat_note", note=m.chat_note) if m.chat_note else "")
        self.demo.setText(
            with_link(tr("tutor.demo"), ADD_MODEL_URL, tr("tutor.add_model_link"), p.link)
        )
        self.demo.setToolTip("")
        self.demo.setVisible(Path(m.path).name == DEFAULT_MODEL_FILE)

    # -- settings (each writer saves only its own fields) ------------------------------
    def use_model(self, path: str, n_ctx: int, n_gpu_layers: int) -> None:
        """Switch to ``path`` with its load settings (the model manager's choice)."""
        self.save_settings(model=path, n_ctx=n_ctx, n_gpu_layers=n_gpu_layers)
        self.populate_models()
        self.sigLoadWanted.emit()

    def add_model_path(self, path: str) -> None:
        paths = self._settings.model_paths
        self.save_settings(model_paths=paths if path in paths else [*paths, path], model=path)
        self.populate_models()
        self.sigLoadWanted.emit()

    def apply_settings(self, new: Settings) -> None:
        """Use new tutor settings; reload the model when a load setting changed."""
        old = self._settings
        reload = LoadParams.from_settings(old) != LoadParams.from_settings(new) or (
            old.remote_url,
            old.remote_model,
            old.remote_timeout,
        ) != (new.remote_url, new.remote_model, new.remote_timeout)
        self.save_settings(**changed_fields(old, new))
        if reload:
            self.populate_models()
            self.sigLoadWanted.emit()

    def save_settings(self, **changes: object) -> None:
        """Use these fields now and save only them over the file, so theme, language and
        folders changed elsewhere since the panel read it are kept."""
        try:
            self._settings = self._settings.replaced(**changes)
            update_settings(**changes)
        except (OSError, DeskError) as exc:  # a failed write: kept for this session
            log.warning("could not save settings: %s", exc)

    @Slot(int)
    def _on_model_combo_changed(self, _index: int) -> None:
        data = self.model_combo.choice()
        if not data:
            return
        self.save_settings(model="" if data.startswith(REMOTE) else data)
        self.sigLoadWanted.emit()

    @Slot()
    def browse(self) -> None:
        """Add a model with the file dialog."""
        path, _ = QFileDialog.getOpenFileName(
            self, tr("tutor.add_model"), "", tr("tutor.gguf_filter")
        )
        if path:
            self.add_model_path(path)

    @Slot()
    def _on_settings_clicked(self) -> None:
        dialog = TutorSettingsDialog(
            self._settings,
            gpu_offload=gpu_offload_supported(),
            layers=self._loaded.layers if self._loaded else 0,
            parent=self,
        )
        if dialog.exec():
            self.apply_settings(dialog.result_settings())
