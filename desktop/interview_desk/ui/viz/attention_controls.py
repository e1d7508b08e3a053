"""The attention view's control bar: text, heads, d_model, mask, positions, temperature."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_desk.ui.i18n import tr
from interview_desk.ui.viz.widgets import ValueSlider
from interview_desk.ui.widgets import label
from interview_desk.viz.attention import valid_kv_heads
from interview_desk.viz.scene import AttentionSettings

DEFAULT_TEXT = "The cat sat on the mat because it was warm"

MASKS = ("none", "causal", "padding", "sliding", "prefix")  # i18n: att.mask_<name>
POSITIONS = ("none", "sinusoidal", "learned", "rope", "alibi", "t5")  # att.pos_<name>
# the mask's extra number: its label's i18n key and the settings field it feeds
MASK_EXTRA: dict[str, tuple[str, str]] = {
    "sliding": ("att.extra_sliding", "window"), "prefix": ("att.extra_prefix", "prefix"),
    "padding": ("att.extra_padding", "n_pad"),
}
HEAD_DIMS = (2, 4, 8, 16, 32, 64, 128)


def kv_label(n_heads: int, n_kv: int) -> str:
    kind = "MHA" if n_kv == n_heads else "MQA" if n_kv == 1 else "GQA"
    return f"{n_kv} ({kind})"


class AttentionControls(QWidget):
    """Emits ``sigSettingsChanged`` on any change and ``sigTextChanged`` when the text does."""

    sigSettingsChanged = Signal()
    sigTextChanged = Signal()
    sigExportRequested = Signal(str)  # "png" or "csv"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._extra_values = {"window": 3, "prefix": 3, "n_pad": 2}
        self.text = QLineEdit(DEFAULT_TEXT)
        self.tokenizer_label = QLabel(objectName="tokenizerName")
        self.tokenizer_label.setContentsMargins(0, 0, 8, 0)
        self._tokenizer_name = ""  # a model's name, or "" for the built-in word splitter
        self._model_tokens = False
        self.heads = QSpinBox(minimum=1, maximum=16, value=4)
        self.kv_heads = QComboBox()
        self.d_model = QComboBox()
        self.mask_combo = QComboBox()
        for key in MASKS:
            self.mask_combo.addItem("", key)
        self.extra_label = QLabel()
        self.extra = QSpinBox(minimum=0, maximum=512)
        self.position = QComboBox()
        for key in POSITIONS:
            self.position.addItem("", key)
        self.temperature = ValueSlider(0.05, 20.0, 1.0, log=True, steps=400)
        self.head = QSpinBox(minimum=0, maximum=3)
        self.export_png = QPushButton()
        self.export_csv = QPushButton()

        rows = QVBoxLayout(self)
        rows.setContentsMargins(4, 4, 4, 0)
        rows.setSpacing(2)
        # "Tokens: <model>" so the model's name does not read as part of "Heads"
        row0 = [(label("att.text"), 0), (self.text, 1), (label("att.tokens"), 0),
                (self.tokenizer_label, 0),
                (label("att.heads"), 0), (self.heads, 0), (label("att.kv_heads"), 0),
                (self.kv_heads, 0), (QLabel("d_model"), 0), (self.d_model, 0)]
        row1 = [(label("att.mask"), 0), (self.mask_combo, 0), (self.extra_label, 0),
                (self.extra, 0),
                (label("att.position"), 0), (self.position, 0),
                (label("att.temperature"), 0), (self.temperature, 1),
                (label("att.show_head"), 0), (self.head, 0), (self.export_png, 0),
                (self.export_csv, 0)]
        for items in (row0, row1):  # separate rows: one row's widths don't widen the other
            line = QHBoxLayout()
            for widget, stretch in items:
                line.addWidget(widget, stretch)
            rows.addLayout(line)
        for combo in (self.mask_combo, self.position, self.kv_heads, self.d_model):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)

        self.mask_combo.setCurrentIndex(self.mask_combo.findData("causal"))  # what decoder LLMs use
        self._fill_heads_dependent()
        self.retranslate()
        self.text.textChanged.connect(self.sigTextChanged)
        self.heads.valueChanged.connect(self._on_heads_value_changed)
        for combo in (self.kv_heads, self.d_model, self.position):
            combo.currentIndexChanged.connect(self.sigSettingsChanged)
        self.mask_combo.currentIndexChanged.connect(self._on_mask_index_changed)
        self.extra.valueChanged.connect(self._on_extra_value_changed)
        self.temperature.sigValueChanged.connect(self.sigSettingsChanged)
        self.head.valueChanged.connect(self.sigSettingsChanged)
        self.export_png.clicked.connect(lambda: self.sigExportRequested.emit("png"))
        self.export_csv.clicked.connect(lambda: self.sigExportRequested.emit("csv"))

    def retranslate(self) -> None:
        """Word the controls in the current UI language (row captions follow their key)."""
        self.text.setPlaceholderText(tr("att.text_hint"))
        for combo, prefix in ((self.mask_combo, "att.mask_"), (self.position, "att.pos_")):
            for k in range(combo.count()):
                combo.setItemText(k, tr(prefix + str(combo.itemData(k))))
        self.export_png.setText(tr("att.export_png"))
        self.export_csv.setText(tr("att.export_csv"))
        self.export_png.setToolTip(tr("att.export_png_tip"))
        self.export_csv.setToolTip(tr("att.export_csv_tip"))
        for caption in self.findChildren(QLabel):
            key = caption.property("i18nKey")
            if isinstance(key, str):
                caption.setText(tr(key))
        self.set_tokenizer_name(self._tokenizer_name, self._model_tokens)
        self._update_extra()

    def set_tokenizer_name(self, name: str, model: bool) -> None:
        """Say which tokenizer splits the text: a model's (by name) or the word splitter."""
        self._tokenizer_name, self._model_tokens = name, model
        self.tokenizer_label.setText(name or tr("att.model_tokens" if model else "att.words"))

    # -- reading and writing settings -------------------------------------------------
    def settings(self) -> AttentionSettings:
        return AttentionSettings(
            n_heads=self.heads.value(), n_kv_heads=int(self.kv_heads.currentData()),
            d_model=int(self.d_model.currentData()), temperature=self.temperature.value(),
            mask=str(self.mask_combo.currentData()), position=str(self.position.currentData()),
            **self._extra_values)

    def shown_head(self) -> int:
        return self.head.value()

    def apply(self, values: Mapping[str, Any]) -> None:
        """Set controls from preset-style settings (unknown keys are ignored)."""
        widgets = [self.heads, self.kv_heads, self.d_model, self.mask_combo, self.position,
                   self.extra, self.head, self.temperature, self.text]
        for w in widgets:
            w.blockSignals(True)
        try:
            if "n_heads" in values:
                self.heads.setValue(int(values["n_heads"]))
            self._fill_heads_dependent(values.get("n_kv_heads"), values.get("d_model"))
            for key in ("window", "prefix", "n_pad"):
                if key in values:
                    self._extra_values[key] = int(values[key])
            for combo, key in ((self.mask_combo, "mask"), (self.position, "position")):
                if key in values:
                    combo.setCurrentIndex(max(0, combo.findData(values[key])))
            if "temperature" in values:
                self.temperature.setValue(float(values["temperature"]))
            if "text" in values:
                self.text.setText(str(values["text"]))
            self._update_extra()
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.sigSettingsChanged.emit()

    # -- keeping dependent controls valid ------------------------------------------------
    def _fill_heads_dependent(self, kv: int | str | None = None,
                              d_model: int | str | None = None) -> None:
        n = self.heads.value()
        kv_want = int(kv) if kv is not None else self.kv_heads.currentData()
        d_want = int(d_model) if d_model is not None else self.d_model.currentData() or 64
        for combo in (self.kv_heads, self.d_model):
            combo.blockSignals(True)
            combo.clear()
        options = valid_kv_heads(n)
        for g in reversed(options):
            self.kv_heads.addItem(kv_label(n, g), g)
        # keep the kind (MHA stays MHA when heads change) where the old value no longer fits
        pick = kv_want if kv_want in options else n
        self.kv_heads.setCurrentIndex(self.kv_heads.findData(pick))
        for head_dim in HEAD_DIMS:  # d_model = heads x head size, head size even for RoPE
            d = n * head_dim
            if 8 <= d <= 512:
                self.d_model.addItem(f"{d} ({n}×{head_dim})", d)
        best = min(range(self.d_model.count()),
                   key=lambda i: abs(self.d_model.itemData(i) - d_want))
        self.d_model.setCurrentIndex(best)
        for combo in (self.kv_heads, self.d_model):
            combo.blockSignals(False)
        self.head.setMaximum(n - 1)

    def _update_extra(self) -> None:
        mask = str(self.mask_combo.currentData())
        caption, key = MASK_EXTRA.get(mask, ("", ""))
        self.extra_label.setText(tr(caption) if caption else "")
        self.extra_label.setVisible(bool(key))
        self.extra.setVisible(bool(key))
        if key:
            self.extra.blockSignals(True)
            self.extra.setValue(self._extra_values[key])
            self.extra.blockSignals(False)

    def _on_heads_value_changed(self, _value: int) -> None:
        self._fill_heads_dependent()
        self.sigSettingsChanged.emit()

    def _on_mask_index_changed(self, _index: int) -> None:
        self._update_extra()
        self.sigSettingsChanged.emit()

    def _on_extra_value_changed(self, value: int) -> None:
        key = MASK_EXTRA.get(str(self.mask_combo.currentData()), ("", ""))[1]
        if key:
            self._extra_values[key] = value
            self.sigSettingsChanged.emit()
