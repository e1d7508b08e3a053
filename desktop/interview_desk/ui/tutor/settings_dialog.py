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

GPU_HELP = ("This llama.cpp build can offload layers to the GPU.",
            "This llama.cpp build is CPU-only: GPU layers are ignored. Install a CUDA, "
            "Metal or Vulkan build of llama-cpp-python to use a GPU (see models/README.md).")


class TutorSettingsDialog(QDialog):
    def __init__(self, settings: Settings, *, gpu_offload: bool, layers: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorSettings")
        self.setWindowTitle("Tutor settings")
        self._settings = settings
        form = QFormLayout(self)

        self.gpu_layers = QSpinBox(objectName="gpuLayers")
        self.gpu_layers.setRange(-1, layers or 999)  # the model's block count when known
        self.gpu_layers.setSpecialValueText("all layers")  # shown for -1
        self.gpu_layers.setValue(settings.n_gpu_layers)
        self.gpu_layers.setToolTip("0 = CPU only; -1 = every layer on the GPU")
        gpu_note = QLabel(GPU_HELP[0] if gpu_offload else GPU_HELP[1], objectName="gpuNote")
        gpu_note.setWordWrap(True)
        form.addRow("GPU layers", self.gpu_layers)
        form.addRow("", gpu_note)

        self.n_ctx = QSpinBox(objectName="nCtx")
        self.n_ctx.setRange(512, 131072)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setValue(settings.n_ctx)
        form.addRow("Context size (tokens)", self.n_ctx)

        self.n_threads = QSpinBox(objectName="nThreads")
        self.n_threads.setRange(0, 256)
        self.n_threads.setSpecialValueText("automatic")
        self.n_threads.setValue(settings.n_threads)
        form.addRow("CPU threads", self.n_threads)

        self.temperature = QDoubleSpinBox(objectName="temperature")
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.05)
        self.temperature.setValue(settings.temperature)
        form.addRow("Temperature", self.temperature)

        self.top_p = QDoubleSpinBox(objectName="topP")
        self.top_p.setRange(0.05, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setValue(settings.top_p)
        form.addRow("Top-p", self.top_p)

        self.max_tokens = QSpinBox(objectName="maxTokens")
        self.max_tokens.setRange(16, 32768)
        self.max_tokens.setValue(settings.max_tokens)
        form.addRow("Max tokens per reply", self.max_tokens)

        self.chat_format = QComboBox(objectName="chatFormat")
        self.chat_format.addItem("From the model (GGUF template)", "")
        for name in OVERRIDE_FORMATS:
            self.chat_format.addItem(name, name)
        index = self.chat_format.findData(settings.chat_format)
        self.chat_format.setCurrentIndex(max(index, 0))
        form.addRow("Chat format", self.chat_format)

        self.remote_url = QLineEdit(settings.remote_url, objectName="remoteUrl")
        self.remote_url.setPlaceholderText("empty = local model; e.g. http://127.0.0.1:8080")
        form.addRow("Remote endpoint", self.remote_url)
        self.remote_model = QLineEdit(settings.remote_model, objectName="remoteModel")
        form.addRow("Remote model name", self.remote_model)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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
