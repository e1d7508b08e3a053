"""The right side of the window: a Study tab (related entries over the note) and the
Tutor tab. The tutor panel is built once the corpus and the user's data file are
loaded (it grounds answers in the corpus and keeps chats in the store); until then its
tab says it is on its way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.user_data import UserData
from interview_desk.ui.study.notes import NoteEditor
from interview_desk.ui.study.related import RelatedList
from interview_desk.ui.widgets import placeholder, titled

if TYPE_CHECKING:
    from interview_desk.search.index import SearchIndex
    from interview_desk.tutor.session import Reply
    from interview_desk.ui.tutor.panel import TutorPanel

log = logging.getLogger(__name__)

STUDY_TAB, TUTOR_TAB = 0, 1


class SidePanel(QTabWidget):
    sigEntryRequested = Signal(str)  # from the related list or the tutor's citations
    sigModelLoaded = Signal(object)  # the tutor's LoadedModel
    sigModelManagerRequested = Signal()  # the tutor's models button
    sigDraftFinished = Signal(str)  # entry id: the tutor finished drafting its answer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="sideTabs")
        self.related = RelatedList()
        self.notes = NoteEditor()
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="studySplitter")
        self.splitter.addWidget(titled(self.related, "panel.related"))
        self.splitter.addWidget(titled(self.notes, "panel.note"))
        self.splitter.setSizes([260, 440])
        self.tutor: TutorPanel | None = None
        self._model_requested = False
        self._entry: Entry | None = None
        self.addTab(self.splitter, "")
        self.addTab(placeholder("panel.tutor_loading", "tutorPending"), "")
        self.related.sigEntryActivated.connect(self.sigEntryRequested)
        self.currentChanged.connect(self._on_self_current_changed)
        self.retranslate()

    @Slot(object)
    def _on_tutor_reply_finished(self, reply: Reply) -> None:
        if reply.drafted_for:
            self.sigDraftFinished.emit(reply.drafted_for)

    def load_tutor(self, corpus: Corpus, index_provider: Callable[[], SearchIndex | None],
                   user_data: UserData) -> None:
        """Build the tutor panel (once; the window calls it when corpus and store are in)."""
        if self.tutor is not None:
            return
        from interview_desk.ui.tutor.panel import TutorPanel  # llama.cpp: after show

        # The model loads when the tab is first opened (or a question is asked), not at
        # start: a browsing session then stays ~200 MB lighter and the index opens sooner.
        self.tutor = TutorPanel(corpus, index_provider, user_data, autoload=False)
        self.tutor.sigEntryRequested.connect(self.sigEntryRequested)
        self.tutor.sigModelLoaded.connect(self.sigModelLoaded)
        self.tutor.sigModelManagerRequested.connect(self.sigModelManagerRequested)
        # "Add a model…" in the no-model notice opens the manager too (it adds from disk)
        self.tutor.sigAddModelRequested.connect(self.sigModelManagerRequested)
        self.tutor.sigReplyFinished.connect(self._on_tutor_reply_finished)
        current = self.currentIndex()
        old = self.widget(TUTOR_TAB)
        self.removeTab(TUTOR_TAB)
        if old is not None:
            old.deleteLater()
        self.insertTab(TUTOR_TAB, self.tutor, tr("panel.tutor"))
        self.setCurrentIndex(current)
        if self._entry is not None:
            self.set_entry(self._entry)
        self._on_self_current_changed(self.currentIndex())

    def _on_self_current_changed(self, index: int) -> None:
        if index == TUTOR_TAB and self.tutor is not None and not self._model_requested:
            self._model_requested = True
            if self.tutor.loaded_model is None:
                self.tutor.load_model()

    def shutdown(self) -> None:
        """Stop the tutor's model thread (the window is closing)."""
        if self.tutor is not None:
            self.tutor.shutdown()

    def set_entry(self, entry: Entry) -> None:
        self._entry = entry
        if self.tutor is not None:
            self.tutor.set_entry(entry)

    def retranslate(self) -> None:
        self.setTabText(STUDY_TAB, tr("panel.study"))
        self.setTabText(TUTOR_TAB, tr("panel.tutor"))
        if self.tutor is not None:
            self.tutor.retranslate()
