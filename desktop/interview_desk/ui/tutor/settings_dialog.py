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

from interview_desk.setting_rules import Rule
from interview_desk.settings import RULES, Settings
from interview_desk.tutor.chat_format import OVERRIDE_FORMATS

GPU_HELP = ("This llama.cpp build can offload layers to the GPU.",
            "This llama.cpp build is CPU-only: GPU layers are ignored. Install a CUDA, "
            "Metal or Vulkan build of llama-cpp-python to use a GPU (see models/README.md).")


def _bounds(name: str) -> tuple[Rule, float, float]:
    rule = RULES[name]
    assert rule.minimum is not None and rule.maximum is not None, name
    return rule, rule.minimum, rule.maximum


def _int_box(name: str, settings: Settings, object_name: str) -> QSpinBox:
    """A spin box whose range and tooltip come from the setting's rule."""
    rule, low, high = _bounds(name)
    box = QSpinBox(objectName=object_name)
    box.setRange(int(low), int(high))
    box.setToolTip(rule.description)
    box.setValue(getattr(settings, name))
    return box


def _float_box(name: str, settings: Settings, object_name: str) -> QDoubleSpinBox:
    rule, low, high = _bounds(name)
    box = QDoubleSpinBox(objectName=object_name)
    box.setRange(low, high)
    box.setSingleStep(0.05)
    box.setToolTip(rule.description)
    box.setValue(getattr(settings, name))
    return box


class TutorSettingsDialog(QDialog):
    def __init__(self, settings: Settings, *, gpu_offload: bool, layers: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tutorSettings")
        self.setWindowTitle("Tutor settings")
        self._settings = settings
        form = QFormLayout(self)

        self.gpu_layers = _int_box("n_gpu_layers", settings, "gpuLayers")
        if layers:  # the model's block count when known
            self.gpu_layers.setMaximum(min(layers, self.gpu_layers.maximum()))
        self.gpu_layers.setSpecialValueText("all layers")  # shown for -1
        gpu_note = QLabel(GPU_HELP[0] if gpu_offload else GPU_HELP[1], objectName="gpuNote")
        gpu_note.setWordWrap(True)
        form.addRow("GPU layers", self.gpu_layers)
        form.addRow("", gpu_note)

        self.n_ctx = _int_box("n_ctx", settings, "nCtx")
        self.n_ctx.setSingleStep(512)
        form.addRow("Context size (tokens)", self.n_ctx)

        self.n_threads = _int_box("n_threads", settings, "nThreads")
        self.n_threads.setSpecialValueText("automatic")
        form.addRow("CPU threads", self.n_threads)

        self.temperature = _float_box("temperature", settings, "temperature")
        form.addRow("Temperature", self.temperature)

        self.top_p = _float_box("top_p", settings, "topP")
        form.addRow("Top-p", self.top_p)

        self.max_tokens = _int_box("max_tokens", settings, "maxTokens")
        form.addRow("Max tokens per reply", self.max_tokens)

        self.chat_format = QComboBox(objectName="chatFormat")
        self.chat_format.addItem("From the model (GGUF template)", "")
        for name in OVERRIDE_FORMATS:
            self.chat_format.addItem(name, name)
        index = self.chat_format.findData(settings.chat_format)
        self.chat_format.setCurrentIndex(max(index, 0))
        form.addRow("Chat format", self.chat_format)

        self.remote_url = QLineEdit(settings.remote_url, objectName="remoteUrl")
        self.remote_url.setToolTip(RULES["remote_url"].description)
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
        """A copy of the settings with the dialog's values (each within its field's rule)."""
        return dataclasses.replace(
            self._settings,
            n_gpu_layers=self.gpu_layers.value(), n_ctx=self.n_ctx.value(),
            n_threads=self.n_threads.value(), temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2), max_tokens=self.max_tokens.value(),
            chat_format=str(self.chat_format.currentData() or ""),
            remote_url=self.remote_url.text().strip(),
            remote_model=self.remote_model.text().strip(),
        )
