"""Find in page: the bar under the reader."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from interview_desk.ui.i18n import tr


class _FindLine(QLineEdit):
    sigEscapePressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.sigEscapePressed.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Find in page: Enter finds the next match, Shift+Enter the previous, Esc closes."""

    sigFindRequested = Signal(str, bool)  # text, backwards

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="findBar")
        self.label = QLabel()
        self.line = _FindLine(objectName="findLine")
        self.close_button = QToolButton(text="✕")
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.close_button)
        self.line.returnPressed.connect(self._on_line_return_pressed)
        self.line.textEdited.connect(lambda text: self.sigFindRequested.emit(text, False))
        self.line.sigEscapePressed.connect(self.hide)
        self.close_button.clicked.connect(self.hide)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.label.setText(tr("find.prompt"))

    def open(self) -> None:
        self.show()
        self.line.setFocus()
        self.line.selectAll()

    @Slot()
    def _on_line_return_pressed(self) -> None:
        backwards = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.sigFindRequested.emit(self.line.text(), backwards)
