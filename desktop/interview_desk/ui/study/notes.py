"""The note editor: autosaves while you type, so a crash loses at most the last second.

Another instance may have changed the same note since it was loaded: the store then
keeps both texts and every editor on that note (the window's, the review screen's) shows
the merged note with a one-line notice (``show_merged``).

A change starts a one-second timer that further typing does *not* restart, so during
continuous typing a save still happens every second, and one second after the last
keystroke at the latest. Focus-out, switching entries and closing save at once. The
editor only emits ``sigNoteEdited``; the window sends it to the store's writer thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from interview_desk.ui.i18n import tr

AUTOSAVE_MS = 1000


class _Editor(QPlainTextEdit):
    sigFocusLost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.sigFocusLost.emit()


class NoteEditor(QWidget):
    sigNoteEdited = Signal(str, str)  # entry id, full text

    def __init__(self, parent: QWidget | None = None,
                 placeholder: str = "note.placeholder") -> None:
        super().__init__(parent)
        self._placeholder = placeholder  # string key
        self._entry_id: str | None = None
        self._dirty = False
        self.editor = _Editor(objectName="noteEditor")
        self.editor.setTabChangesFocus(True)
        self.state = QLabel(objectName="noteState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.state)
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.sigFocusLost.connect(self.flush)
        self.retranslate()
        self.set_entry(None, "")

    @property
    def entry_id(self) -> str | None:
        return self._entry_id

    def text(self) -> str:
        return self.editor.toPlainText()

    def retranslate(self) -> None:
        self.editor.setPlaceholderText(tr(self._placeholder) if self._entry_id
                                       else tr("note.no_entry"))

    def set_entry(self, entry_id: str | None, text: str) -> None:
        """Show another entry's note (saving the current one first)."""
        self.flush()
        self._entry_id = entry_id
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.editor.setEnabled(entry_id is not None)
        self._dirty = False
        self.state.clear()
        self.retranslate()

    @Slot()
    def _on_editor_text_changed(self) -> None:
        if self._entry_id is None:
            return
        self._dirty = True
        self.state.setText(tr("note.saving"))
        if not self._timer.isActive():  # throttle, not debounce: see the module docstring
            self._timer.start()

    @Slot()
    def flush(self) -> None:
        """Save now if there are unsaved changes."""
        self._timer.stop()
        if not self._dirty or self._entry_id is None:
            return
        self._dirty = False
        self.sigNoteEdited.emit(self._entry_id, self.text())

    def mark_not_saved(self, entry_id: str) -> None:
        if entry_id == self._entry_id:
            self.state.setText(tr("note.not_saved"))

    def mark_saved(self, entry_id: str) -> None:
        if entry_id == self._entry_id and not self._dirty:
            self.state.setText(tr("note.saved", time=datetime.now().strftime("%H:%M:%S")))

    @property
    def dirty(self) -> bool:
        """Typing here not saved yet."""
        return self._dirty

    def _show_text(self, text: str) -> None:
        position = self.editor.textCursor().position()  # this window's text comes first
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)


def show_merged(editors: Iterable[NoteEditor], entry_id: str, merged: str) -> bool:
    """Another window had changed this note; the store kept both texts (``merged``).

    Each editor on the note says so in one line (until the next edit) and shows the
    merge, unless one of them holds typing not saved yet: then none changes, and that
    next save meets the other text again and keeps it too. Returns whether the merge is
    shown (the window's next save is then typed over it).
    """
    showing = [e for e in editors if e.entry_id == entry_id]
    for editor in showing:
        editor.state.setText(tr("note.merged"))
    if any(e.dirty for e in showing):
        return False
    for editor in showing:
        editor._show_text(merged)
    return True
