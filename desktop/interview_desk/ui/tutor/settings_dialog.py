"""Tutor settings: GPU layers, context, threads, sampling, chat format, remote endpoint."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from interview_desk.settings import Settings
from interview_desk.tutor.chat_format import OVERRIDE_FORMATS
from interview_desk.ui.i18n import tr


class TutorSettingsDialog(QDialog):
    def __init__(self, settings: Settings, *, gpu_offload: bool, layers: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorSettings")
        self._settings = settings
        self._gpu_offload = gpu_offload
        form = QFormLayout(self)
        self._labels: list[tuple[QLabel, str]] = []  # (row label, i18n key)

        def row(key: str, field: QWidget) -> None:
            label = QLabel()
            self._labels.append((label, key))
            form.addRow(label, field)

        self.gpu_layers = QSpinBox(objectName="gpuLayers")
        self.gpu_layers.setRange(-1, layers or 999)  # the model's block count when known
        self.gpu_layers.setValue(settings.n_gpu_layers)
        self.gpu_note = QLabel(objectName="gpuNote")
        self.gpu_note.setWordWrap(True)
        row("tset.gpu_layers", self.gpu_layers)
        form.addRow("", self.gpu_note)

        self.n_ctx = QSpinBox(objectName="nCtx")
        self.n_ctx.setRange(512, 131072)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setValue(settings.n_ctx)
        row("tset.n_ctx", self.n_ctx)

        self.n_threads = QSpinBox(objectName="nThreads")
        self.n_threads.setRange(0, 256)
        self.n_threads.setValue(settings.n_threads)
        row("tset.threads", self.n_threads)

        self.temperature = QDoubleSpinBox(objectName="temperature")
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.05)
        self.temperature.setValue(settings.temperature)
        row("tset.temperature", self.temperature)

        self.top_p = QDoubleSpinBox(objectName="topP")
        self.top_p.setRange(0.05, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setValue(settings.top_p)
        row("tset.top_p", self.top_p)

        self.max_tokens = QSpinBox(objectName="maxTokens")
        self.max_tokens.setRange(16, 32768)
        self.max_tokens.setValue(settings.max_tokens)
        row("tset.max_tokens", self.max_tokens)

        self.chat_format = QComboBox(objectName="chatFormat")
        self.chat_format.addItem("", "")  # "from the model": text set by retranslate
        for name in OVERRIDE_FORMATS:
            self.chat_format.addItem(name, name)
        index = self.chat_format.findData(settings.chat_format)
        self.chat_format.setCurrentIndex(max(index, 0))
        row("tset.chat_format", self.chat_format)

        self.remote_url = QLineEdit(settings.remote_url, objectName="remoteUrl")
        row("tset.remote_url", self.remote_url)
        self.remote_model = QLineEdit(settings.remote_model, objectName="remoteModel")
        row("tset.remote_model", self.remote_model)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("tset.title"))
        for label, key in self._labels:
            label.setText(tr(key))
        self.gpu_layers.setSpecialValueText(tr("tset.gpu_all"))  # shown for -1
        self.gpu_layers.setToolTip(tr("tset.gpu_tip"))
        self.gpu_note.setText(tr("tset.gpu_yes" if self._gpu_offload else "tset.gpu_no"))
        self.n_threads.setSpecialValueText(tr("tset.threads_auto"))  # shown for 0
        self.chat_format.setItemText(0, tr("tset.format_model"))
        self.remote_url.setPlaceholderText(tr("tset.remote_hint"))
        # Qt's own button texts come from its .qm files, which the app does not ship
        for button, key in ((QDialogButtonBox.StandardButton.Ok, "button.ok"),
                            (QDialogButtonBox.StandardButton.Cancel, "button.cancel")):
            self.buttons.button(button).setText(tr(key))

    def result_settings(self) -> Settings:
        """A copy of the settings with the dialog's values."""
        return dataclasses.replace(
            self._settings,
            n_gpu_layers=self.gpu_layers.value(), n_ctx=self.n_ctx.value(),
            n_threads=self.n_threads.value(), temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2), max_tokens=self.max_tokens.value(),
            chat_format=str(self.chat_format.currentData() or ""),
            remote_url=self.remote_url.text().strip(),
            remote_model=self.remote_model.text().strip(),
        )
