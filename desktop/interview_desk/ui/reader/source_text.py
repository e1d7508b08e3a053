"""A window with an answer's text exactly as its document has it ("Show source text")."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Entry
from interview_desk.render.limits import CODE_LINE_CHARS, wrap_code
from interview_desk.ui.i18n import tr


class SourceTextDialog(QDialog):
    """Read-only source of one entry; says how many formulas the reader rebuilt.

    Qt lays a text block out whole (a 1 MB line took ~3 s to open, one without spaces
    far longer), so lines over ``CODE_LINE_CHARS`` are shown broken into lines of that
    length, said in the label; "Copy all" copies the text as written.
    """

    def __init__(self, entry: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceTextDialog")
        self.setWindowTitle(tr("reader.source_title", q=entry.question[:60]))
        self._source = entry.shown_source
        shown, _ = wrap_code(self._source, CODE_LINE_CHARS, limit=len(self._source))
        repaired = len(entry.repaired)
        info = (tr("reader.source_repaired", n=repaired) if repaired
                else tr("reader.source_as_written"))
        if shown != self._source:
            info += " " + tr("reader.source_broken", n=CODE_LINE_CHARS)
        self.info = QLabel(info, objectName="sourceInfo")
        self.info.setWordWrap(True)
        self.text = QPlainTextEdit(objectName="sourceText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_all = buttons.addButton(tr("reader.source_copy_all"),
                                          QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_all.setObjectName("sourceCopyAll")
        self.copy_all.clicked.connect(self._copy_all)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def _copy_all(self) -> None:
        QApplication.clipboard().setText(self._source)
