"""One model's facts and what it needs: size, quantization, parameters, context, chat
template, memory at the chosen context against free memory, and GPU offload."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from interview_desk.errors import ModelError
from interview_desk.settings import rule_for
from interview_desk.tutor.backend import context_for
from interview_desk.tutor.estimate import (
    MemoryEstimate,
    available_memory,
    estimate_memory,
    format_bytes,
)
from interview_desk.tutor.gguf_header import GGUFHeader, read_header
from interview_desk.tutor.model_prefs import ModelPrefs
from interview_desk.tutor.models import ModelInfo
from interview_desk.ui.i18n import tr

_GB = 1024 ** 3


def _bounds(name: str) -> tuple[int, int]:
    rule = rule_for(name)
    return int(rule.minimum or 0), int(rule.maximum or 0)


class ModelDetails(QWidget):
    """Facts of the selected model; the context and GPU layers to use it with."""

    sigPrefsChanged = Signal()

    def __init__(self, gpu_offload: bool, *, source_tokens: int, max_tokens: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="modelDetails")
        self._gpu_offload = gpu_offload
        # The spin box is a cap: the tutor loads what its sources and replies need
        # (backend.context_for), and the estimate is for that context, not the cap.
        self._budget = (source_tokens, max_tokens)
        self._header: GGUFHeader | None = None
        self._info: ModelInfo | None = None
        self.facts = QLabel(objectName="modelFacts")
        self.facts.setWordWrap(True)
        self.n_ctx = QSpinBox(objectName="managerNCtx")
        self.n_ctx.setRange(*_bounds("n_ctx"))
        self.n_ctx.setSingleStep(512)
        self.memory = QLabel(objectName="modelMemory")
        self.memory.setWordWrap(True)
        self.vram = QDoubleSpinBox(objectName="managerVram")
        self.vram.setRange(0.0, 256.0)
        self.vram.setDecimals(1)
        self.vram.setSingleStep(1.0)
        self.gpu_fit = QLabel(objectName="modelGpuFit")
        self.gpu_fit.setWordWrap(True)
        self.n_gpu_layers = QSpinBox(objectName="managerGpuLayers")
        self.n_gpu_layers.setRange(*_bounds("n_gpu_layers"))
        self.n_gpu_layers.setEnabled(gpu_offload)
        form = QFormLayout(self)
        self._captions = [QLabel() for _ in range(3)]
        form.addRow(self.facts)
        form.addRow(self._captions[0], self.n_ctx)
        form.addRow(self.memory)
        form.addRow(self._captions[1], self.vram)
        form.addRow(self.gpu_fit)
        form.addRow(self._captions[2], self.n_gpu_layers)
        self.n_ctx.valueChanged.connect(self._on_prefs_edited)
        self.vram.valueChanged.connect(self._refresh_estimate)
        self.n_gpu_layers.valueChanged.connect(self._on_prefs_edited)
        self.retranslate()
        self.show_model(None, None)

    def retranslate(self) -> None:
        self._captions[0].setText(tr("manager.n_ctx"))
        self._captions[1].setText(tr("manager.vram"))
        self._captions[2].setText(tr("manager.gpu_layers"))
        self.vram.setSuffix(tr("manager.gb_suffix"))
        self._refresh_facts()
        self._refresh_estimate()

    def show_model(self, info: ModelInfo | None, prefs: ModelPrefs | None) -> None:
        """Describe ``info`` (None: nothing selected) with its remembered settings."""
        self._info = info
        self._header = None
        if info is not None:
            try:
                self._header = read_header(info.path)
            except ModelError:
                self._header = None
        for spin in (self.n_ctx, self.n_gpu_layers):
            spin.blockSignals(True)
        if prefs is not None:
            self.n_ctx.setValue(prefs.n_ctx)
            self.n_gpu_layers.setValue(prefs.n_gpu_layers)
        for spin in (self.n_ctx, self.n_gpu_layers):
            spin.blockSignals(False)
        for w in (self.n_ctx, self.vram):
            w.setEnabled(info is not None)
        self.n_gpu_layers.setEnabled(info is not None and self._gpu_offload)
        self._refresh_facts()
        self._refresh_estimate()

    def prefs(self) -> ModelPrefs:
        return ModelPrefs(self.n_ctx.value(), self.n_gpu_layers.value())

    def loaded_context(self) -> int:
        """The context the tutor loads this model with under the cap shown."""
        return context_for(*self._budget, self.n_ctx.value())

    def estimate(self) -> MemoryEstimate | None:
        if self._header is None:
            return None
        return estimate_memory(self._header, self.loaded_context())

    def _on_prefs_edited(self) -> None:
        self._refresh_estimate()
        self.sigPrefsChanged.emit()

    def _refresh_facts(self) -> None:
        i = self._info
        if i is None:
            self.facts.setText(tr("manager.nothing_selected"))
            return
        template = tr("manager.template_own") if i.chat_template else tr("manager.template_none")
        self.facts.setText(tr(
            "manager.facts", name=i.name, arch=i.architecture, params=i.size_label,
            quant=i.quantization, ctx=f"{i.context_length:,}", layers=i.layers,
            size=format_bytes(i.file_size), template=template, path=str(i.path)))

    def _refresh_estimate(self) -> None:
        e = self.estimate()
        if e is None:
            self.memory.setText("")
            self.gpu_fit.setText(tr("manager.gpu_yes") if self._gpu_offload
                                 else tr("manager.gpu_no"))
            return
        free = available_memory()
        key = "manager.memory_fits" if e.fits(free) else "manager.memory_too_big"
        text = tr(key, total=format_bytes(e.total), weights=format_bytes(e.weights),
                  kv=format_bytes(e.kv_cache), ctx=f"{e.n_ctx:,}", free=format_bytes(free))
        if e.n_ctx < self.n_ctx.value():
            text += " " + tr("manager.context_needed", ctx=f"{e.n_ctx:,}",
                             cap=f"{self.n_ctx.value():,}")
        self.memory.setText(text)
        vram = int(self.vram.value() * _GB)
        layers = e.gpu_layers_that_fit(vram) if vram else 0
        build = tr("manager.gpu_yes") if self._gpu_offload else tr("manager.gpu_no")
        if not vram:
            self.gpu_fit.setText(build)
        elif layers > e.layers:
            self.gpu_fit.setText(tr("manager.gpu_all_fit", build=build, vram=self.vram.value()))
        else:
            self.gpu_fit.setText(tr("manager.gpu_some_fit", build=build, n=layers,
                                    total=e.layers, vram=self.vram.value()))
