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
from interview_desk.ui.i18n import tr


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
        self._settings = settings
        self._gpu_offload = gpu_offload
        form = QFormLayout(self)
        self._labels: list[tuple[QLabel, str]] = []  # (row label, i18n key)

        def row(key: str, field: QWidget) -> None:
            label = QLabel()
            self._labels.append((label, key))
            form.addRow(label, field)

        self.gpu_layers = _int_box("n_gpu_layers", settings, "gpuLayers")
        if layers:  # the model's block count when known
            self.gpu_layers.setMaximum(min(layers, self.gpu_layers.maximum()))
        self.gpu_note = QLabel(objectName="gpuNote")
        self.gpu_note.setWordWrap(True)
        row("tset.gpu_layers", self.gpu_layers)
        form.addRow("", self.gpu_note)

        self.n_ctx = _int_box("n_ctx", settings, "nCtx")
        self.n_ctx.setSingleStep(512)
        row("tset.n_ctx", self.n_ctx)

        self.n_threads = _int_box("n_threads", settings, "nThreads")
        row("tset.threads", self.n_threads)

        self.temperature = _float_box("temperature", settings, "temperature")
        row("tset.temperature", self.temperature)

        self.top_p = _float_box("top_p", settings, "topP")
        row("tset.top_p", self.top_p)

        self.max_tokens = _int_box("max_tokens", settings, "maxTokens")
        row("tset.max_tokens", self.max_tokens)

        self.source_tokens = _int_box("source_tokens", settings, "sourceTokens")
        self.source_tokens.setSingleStep(100)
        row("tset.source_tokens", self.source_tokens)

        self.chat_format = QComboBox(objectName="chatFormat")
        self.chat_format.addItem("", "")  # "from the model": text set by retranslate
        for name in OVERRIDE_FORMATS:
            self.chat_format.addItem(name, name)
        index = self.chat_format.findData(settings.chat_format)
        self.chat_format.setCurrentIndex(max(index, 0))
        row("tset.chat_format", self.chat_format)

        self.remote_url = QLineEdit(settings.remote_url, objectName="remoteUrl")
        self.remote_url.setToolTip(RULES["remote_url"].description)
        row("tset.remote_url", self.remote_url)
        self.remote_model = QLineEdit(settings.remote_model, objectName="remoteModel")
        row("tset.remote_model", self.remote_model)
        self.remote_timeout = _float_box("remote_timeout", settings, "remoteTimeout")
        self.remote_timeout.setDecimals(0)
        self.remote_timeout.setSingleStep(10)
        row("tset.remote_timeout", self.remote_timeout)

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
        self.temperature.setSpecialValueText(tr("tset.temperature_auto"))  # shown for -1
        self.chat_format.setItemText(0, tr("tset.format_model"))
        self.remote_url.setPlaceholderText(tr("tset.remote_hint"))
        # Qt's own button texts come from its .qm files, which the app does not ship
        for button, key in ((QDialogButtonBox.StandardButton.Ok, "button.ok"),
                            (QDialogButtonBox.StandardButton.Cancel, "button.cancel")):
            self.buttons.button(button).setText(tr(key))

    def result_settings(self) -> Settings:
        """A copy of the settings with the dialog's values (each within its field's rule)."""
        return dataclasses.replace(
            self._settings,
            n_gpu_layers=self.gpu_layers.value(), n_ctx=self.n_ctx.value(),
            n_threads=self.n_threads.value(), temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2), max_tokens=self.max_tokens.value(),
            source_tokens=self.source_tokens.value(),
            chat_format=str(self.chat_format.currentData() or ""),
            remote_url=self.remote_url.text().strip(),
            remote_model=self.remote_model.text().strip(),
            remote_timeout=self.remote_timeout.value(),
        )
