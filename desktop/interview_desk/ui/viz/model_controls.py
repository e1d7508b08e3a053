"""The Model mode's control bar: model, text, Run/Cancel, progress, layer/head/query, export."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_desk.ui.i18n import tr

# previous-token heads show on "sat on the", a sink on "The"; repeats invite induction
DEFAULT_TEXT = "The cat sat on the mat. The dog sat on the log. The cat sat on the"


class ModelControls(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel()
        self.text = QLineEdit(DEFAULT_TEXT)
        self.run_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(140)
        self.layer = QSpinBox()
        self.head = QSpinBox()
        self.query = QSpinBox()  # -1: every query (the head view draws all rows)
        self.query.setMinimum(-1)
        self.query.setValue(-1)
        self.export_png_button = QPushButton()
        self.export_csv_button = QPushButton()
        top = QHBoxLayout()
        for w in (self.model_label, self.text, self.run_button, self.cancel_button, self.bar):
            top.addWidget(w, 1 if w is self.text else 0)
        pick = QHBoxLayout()
        self._labels: list[tuple[QLabel, str]] = []
        for key, box in (("matt.layer", self.layer), ("matt.head", self.head),
                         ("matt.query", self.query)):
            label = QLabel()
            self._labels.append((label, key))
            pick.addWidget(label)
            pick.addWidget(box)
        pick.addStretch(1)
        pick.addWidget(self.export_png_button)
        pick.addWidget(self.export_csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(pick)
        self.retranslate("")

    def retranslate(self, model_name: str) -> None:
        """Every string, in the current language; ``model_name`` empty: no model yet."""
        self.model_label.setText(tr("matt.model", name=model_name) if model_name
                                 else tr("matt.no_model"))
        self.text.setPlaceholderText(tr("matt.text_hint"))
        self.run_button.setText(tr("matt.run"))
        self.cancel_button.setText(tr("button.cancel"))
        self.query.setSpecialValueText(tr("matt.all_queries"))
        self.export_png_button.setText(tr("att.export_png"))
        self.export_csv_button.setText(tr("att.export_csv"))
        for label, key in self._labels:
            label.setText(tr(key))
