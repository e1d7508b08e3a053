"""Small panels of the window: related entries, the find bar, and the optional pieces
(reader, tutor, visualizer) looked up from their own modules.

The optional pieces are imported here, once; when one is missing from a build the
window shows a plainly labelled empty spot instead of failing to start.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interview_desk.corpus.model import Entry
from interview_desk.script import convert
from interview_desk.ui.i18n import tr
from interview_desk.ui.tree import entry_label

ID_ROLE = Qt.ItemDataRole.UserRole


def pending_spot(key: str, name: str) -> QLabel:
    """A clearly marked empty spot for a piece this build does not have."""
    label = QLabel(tr(key), objectName=name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setProperty("i18nKey", key)
    return label


def titled(widget: QWidget, key: str) -> QWidget:
    """``widget`` under a small bold caption (retranslated through its i18n key)."""
    box = QWidget()
    caption = QLabel(tr(key))
    caption.setProperty("i18nKey", key)
    font = caption.font()
    font.setBold(True)
    caption.setFont(font)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 4, 2, 2)
    layout.setSpacing(3)
    layout.addWidget(caption)
    layout.addWidget(widget, 1)
    return box


class RelatedList(QListWidget):
    """More-like-this entries for the open one; activating one opens it."""

    sigEntryActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="relatedList")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def set_entries(self, entries: list[Entry], script: str) -> None:
        self.clear()
        if not entries:
            item = QListWidgetItem(tr("related.none"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
            return
        for entry in entries:
            item = QListWidgetItem(convert(entry_label(entry), script))
            item.setData(ID_ROLE, entry.id)
            item.setToolTip(convert(entry.section, script))
            self.addItem(item)

    def entry_ids(self) -> list[str]:
        return [eid for i in range(self.count()) if (eid := self.item(i).data(ID_ROLE))]

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        entry_id = item.data(ID_ROLE)
        if entry_id:
            self.sigEntryActivated.emit(entry_id)


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
        from PySide6.QtWidgets import QApplication

        backwards = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.sigFindRequested.emit(self.line.text(), backwards)
