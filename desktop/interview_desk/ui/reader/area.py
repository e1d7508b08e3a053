"""The centre of the window: the reader (created just after the window is shown) and
the find-in-page bar.

The reader pulls in the Markdown/Pygments/LaTeX renderer (~0.5 s of imports), so the
window first shows a short hint in its place, imports the reader module on the thread
pool, then builds the widget on the GUI thread and shows whatever entry was asked for
meanwhile. Nothing the user does is lost while it arrives.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from interview_desk.corpus.model import Entry
from interview_desk.ui.i18n import tr
from interview_desk.ui.reader.find_bar import FindBar
from interview_desk.ui.runtime.workers import run_in_pool
from interview_desk.ui.widgets import placeholder

if TYPE_CHECKING:
    from interview_desk.ui.reader.view import ReaderView

log = logging.getLogger(__name__)


def _import_reader() -> type[ReaderView]:
    """The reader widget class; imported here, on whichever thread calls this."""
    from interview_desk.ui.reader.view import ReaderView

    return ReaderView


class ReaderArea(QWidget):
    sigEntryLinkActivated = Signal(str)
    sigReaderReady = Signal()
    sigNotFound = Signal(str)
    # "Draft an answer" under an entry the notes leave unanswered: the window hands it
    # to the tutor, which drafts it (machine-labelled, saved apart from the notes).
    sigDraftRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader: Any = None
        self._pending: tuple[Entry, str, str | None] | None = None
        self._theme = "light"
        self._zoom: float | None = None
        self._warm_stop: threading.Event | None = None
        self.math_warmed: int | None = None  # formulas rendered by warm_math, when done
        self.stack = QStackedWidget()
        self.hint = placeholder("reader.welcome", "readerHint")
        self.stack.addWidget(self.hint)
        self.find_bar = FindBar()
        self.draft_button = QPushButton(tr("tutor.draft"), objectName="readerDraft")
        self.draft_button.setProperty("i18nKey", "tutor.draft")  # the window retranslates
        self.draft_button.hide()
        self.draft_button.clicked.connect(self._on_draft_button_clicked)
        draft_row = QHBoxLayout()
        draft_row.setContentsMargins(8, 4, 8, 4)
        draft_row.addWidget(self.draft_button)
        draft_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(draft_row)
        layout.addWidget(self.find_bar)
        self.find_bar.sigFindRequested.connect(self._on_find_bar_find_requested)

    # -- creating the reader -----------------------------------------------------------
    def load_reader(self) -> None:
        """Import the reader off the GUI thread, then build it here."""
        run_in_pool(_import_reader, self._on_reader_imported, self._on_reader_import_failed,
                    context=self)

    def _on_reader_imported(self, reader_class: type[ReaderView]) -> None:
        if self.reader is not None:
            return
        self.reader = reader_class()
        self.reader.set_theme(self._theme)
        if self._zoom is not None:
            self.reader.set_zoom(self._zoom)
        self.reader.sigEntryLinkActivated.connect(self.sigEntryLinkActivated)
        self.reader.sigExternalLinkActivated.connect(self._on_reader_external_link_activated)
        self.stack.addWidget(self.reader)
        if self._pending is not None:
            self.show_entry(*self._pending)
        self.sigReaderReady.emit()

    @staticmethod
    def _on_reader_external_link_activated(url: str) -> None:
        # The app itself fetches nothing: a clicked web link goes to the user's browser.
        target = QUrl(url)
        if target.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(target)
        else:
            log.info("ignored link %s", url)

    def _on_reader_import_failed(self, exc: BaseException) -> None:
        log.error("the reader could not be loaded", exc_info=exc)
        self.hint.setProperty("i18nKey", "reader.load_failed")
        self.hint.setText(tr("reader.load_failed"))

    # -- what the window asks of it ----------------------------------------------------
    def show_entry(self, entry: Entry, script: str, draft: str | None = None) -> None:
        """Show ``entry`` (with its machine draft, if it has one, labelled as such)."""
        self._pending = (entry, script, draft)
        self.draft_button.setVisible(not entry.answered and not draft)
        if self.reader is None:
            return
        self.stack.setCurrentWidget(self.reader)
        self.reader.show_entry(entry, script=script, draft=draft)

    @Slot()
    def _on_draft_button_clicked(self) -> None:
        if self._pending is not None:
            self.sigDraftRequested.emit(self._pending[0].id)

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        if self.reader is not None:
            self.reader.set_theme(theme)

    def warm_math(self, entries: list[Entry]) -> None:
        """Render every formula once on the pool (memory and disk cache), so the first
        look at a math-heavy answer takes milliseconds instead of up to 0.6 s."""
        if self._warm_stop is not None:
            return
        stop = self._warm_stop = threading.Event()
        theme = self._theme

        def job() -> int:
            from interview_desk.render import warm_math as warm

            return int(warm((e for e in entries if not stop.is_set()), theme=theme))

        run_in_pool(job, self._on_math_warmed,
                    lambda exc: log.warning("math warm-up failed: %s", exc), context=self)

    def stop_warming(self) -> None:
        if self._warm_stop is not None:
            self._warm_stop.set()

    def _on_math_warmed(self, formulas: int) -> None:
        self.math_warmed = formulas
        log.info("math warm-up: %d formulas cached", formulas)

    def zoom(self) -> float:
        return float(self.reader.zoom) if self.reader is not None else (self._zoom or 1.0)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        if self.reader is not None:
            self.reader.set_zoom(factor)

    def call(self, method: str) -> None:
        if self.reader is not None:
            getattr(self.reader, method)()

    def selected_text(self) -> str:
        return self.reader.selected_text() if self.reader is not None else ""

    @Slot(str, bool)
    def _on_find_bar_find_requested(self, text: str, backwards: bool) -> None:
        if self.reader is None or not text:
            return
        if not self.reader.find_text(text, backwards=backwards):
            self.sigNotFound.emit(text)
