"""A window with an answer's text exactly as its document has it ("Show source text")."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Entry
from interview_desk.ui.i18n import tr


class SourceTextDialog(QDialog):
    """Read-only source of one entry; says how many formulas the reader rebuilt."""

    def __init__(self, entry: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceTextDialog")
        self.setWindowTitle(tr("reader.source_title", q=entry.question[:60]))
        repaired = len(entry.repaired)
        self.info = QLabel(tr("reader.source_repaired", n=repaired) if repaired
                           else tr("reader.source_as_written"), objectName="sourceInfo")
        self.info.setWordWrap(True)
        self.text = QPlainTextEdit(objectName="sourceText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(entry.shown_source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
