"""The window's connection to the core: corpus, user store and search index.

Everything slow or disk-bound runs off the GUI thread: the corpus loads on the pool,
the user's file is owned by ``UserData`` (its own single writer thread), and the search
index by another worker (opening, building, queries, note updates). Results come back
as signals; the window never waits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import DeskError, SearchError
from interview_desk.ui.i18n import tr
from interview_desk.ui.runtime.marks import Marks
from interview_desk.ui.runtime.user_data import NoteSaved, Opened, UserData
from interview_desk.ui.runtime.workers import Latest, SerialWorker, run_in_pool

if TYPE_CHECKING:
    from interview_desk.search.index import SearchIndex

log = logging.getLogger(__name__)

# Index states shown in the status bar.
INDEX_WAITING = "waiting"
INDEX_OPENING = "opening"
INDEX_READY = "ready"
INDEX_FAILED = "failed"


def _load_corpus() -> Corpus:
    from interview_desk.corpus import load_corpus

    return load_corpus()


class Desk(QObject):
    """Owns the core objects for one window; all access goes through its workers."""

    sigCorpusLoaded = Signal(object)  # Corpus
    sigMarksLoaded = Signal(object)  # Marks
    sigIndexStateChanged = Signal(str)  # one of INDEX_*
    sigIndexProgressed = Signal(int, int)  # done, total (only while building)
    sigNoticeRaised = Signal(str)  # a one-line remark for the status bar
    sigErrorRaised = Signal(object, str)  # exception, "dialog" | "status"
    sigNoteSaved = Signal(str)  # entry id
    sigNoteNotSaved = Signal(str)  # entry id: no data file is open this session
    sigNoteMerged = Signal(str, str)  # entry id, the stored text (both instances' kept)

    def __init__(self, store_path: Path | None = None,
                 corpus_loader: Callable[[], Corpus] = _load_corpus) -> None:
        super().__init__()
        self._corpus_loader = corpus_loader
        self.user_data = UserData(store_path)
        self.search_worker = SerialWorker("search")
        self.corpus: Corpus | None = None
        self.marks = Marks()
        self.marks_loaded = False
        self.index: SearchIndex | None = None
        self.index_state = INDEX_WAITING
        self._closed = False
        self._cancel = threading.Event()  # stops an index build when the window closes

    # -- start-up --------------------------------------------------------------------
    def start(self) -> None:
        """Begin loading; called once the window is on screen."""
        run_in_pool(self._corpus_loader, self._on_corpus_loaded, self._on_corpus_failed)
        self.user_data.open(self._on_store_opened, self._on_store_failed)

    def reload_corpus(self) -> None:
        """Read the corpus again (a folder was added) and open the index for it; the
        search worker is serial, so the new index replaces any older one."""
        def loaded(corpus: Corpus) -> None:
            self.index_state = INDEX_WAITING
            self._on_corpus_loaded(corpus)

        run_in_pool(self._corpus_loader, loaded, self._on_corpus_failed)

    # Loads that finish after close() (nothing waits for them) are dropped.
    def _on_corpus_loaded(self, corpus: Corpus) -> None:
        if self._closed:
            return
        self.corpus = corpus
        for warning in corpus.warnings:
            log.warning("corpus: %s", warning)
        self.sigCorpusLoaded.emit(corpus)
        self._maybe_open_index()

    def _on_corpus_failed(self, exc: BaseException) -> None:
        if not self._closed:
            self.sigErrorRaised.emit(exc, "dialog")

    def _on_store_opened(self, opened: Opened) -> None:
        if self._closed:
            return
        recovery, marks = opened.recovery_message, opened.marks
        # Keep marks made before the file finished opening (a very fast first click).
        marks.bookmarked |= self.marks.bookmarked
        marks.seen |= self.marks.seen
        marks.known |= self.marks.known
        marks.notes.update(self.marks.notes)
        self.marks = marks
        self.marks_loaded = True
        self.sigMarksLoaded.emit(marks)
        if recovery:
            self.sigErrorRaised.emit(DeskError(recovery), "dialog")
        self._maybe_open_index()

    def _on_store_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.marks_loaded = True  # carry on without saved marks; the user is told why
        self.sigErrorRaised.emit(exc, "dialog")
        self._maybe_open_index()

    def _maybe_open_index(self) -> None:
        if self.corpus is None or not self.marks_loaded or self.index_state != INDEX_WAITING:
            return
        from interview_desk.search import IndexCancelled, SearchIndex  # Whoosh

        corpus, notes, cancel = self.corpus, dict(self.marks.notes), self._cancel

        def open_index() -> SearchIndex:
            # on_progress runs on the search thread; the signal is queued to the GUI thread.
            index = SearchIndex.open(corpus, notes=notes, cancel=cancel,
                                     on_progress=self.sigIndexProgressed.emit)
            if cancel.is_set():  # the window closed while it opened: nobody will use it
                index.close()
                raise IndexCancelled("the window closed")
            return index

        self._set_index_state(INDEX_OPENING)
        self.search_worker.submit(open_index, self._on_index_opened, self._on_index_failed)

    def _on_index_opened(self, index: SearchIndex) -> None:
        if self._closed:  # it finished opening just as the window closed
            index.close()
            return
        self.index = index
        self._set_index_state(INDEX_READY)
        reason = index.rebuilt_reason
        if reason:
            self.sigNoticeRaised.emit(reason)

    def _on_index_failed(self, exc: BaseException) -> None:
        if self._closed:  # cancelled by close(), or refused by the closed worker
            return
        self._set_index_state(INDEX_FAILED)
        self.sigErrorRaised.emit(exc, "status")

    def _set_index_state(self, state: str) -> None:
        self.index_state = state
        self.sigIndexStateChanged.emit(state)

    # -- queries (results arrive on the GUI thread) ---------------------------------
    def entry(self, entry_id: str) -> Entry | None:
        return self.corpus.get(entry_id) if self.corpus is not None else None

    def run_search(self, job: Callable[[SearchIndex], Any], on_done: Callable[[Any], None],
                   on_error: Callable[[BaseException], None] | None = None, *,
                   context: QObject | None = None, latest: Latest | None = None) -> None:
        """Run ``job(index)`` on the search thread (``latest``: only the newest counts)."""
        if self.index is None:
            raise SearchError(tr("error.index_not_ready"))
        index = self.index
        self.search_worker.submit(lambda: job(index), on_done,
                                  on_error or self._report_status, context=context,
                                  latest=latest)

    def _report_status(self, exc: BaseException) -> None:
        self.sigErrorRaised.emit(exc, "status")

    # -- writes: marks change here at once, the store follows in order ---------------
    def _report_dialog(self, exc: BaseException) -> None:
        self.sigErrorRaised.emit(exc, "dialog")

    def set_bookmark(self, entry_id: str, on: bool) -> None:
        (self.marks.bookmarked.add if on else self.marks.bookmarked.discard)(entry_id)
        self.user_data.set_bookmark(entry_id, on, self._report_dialog)

    def set_known(self, entry_id: str, known: bool) -> None:
        (self.marks.known.add if known else self.marks.known.discard)(entry_id)
        if known:
            self.marks.seen.add(entry_id)
        self.user_data.set_known(entry_id, known, self._report_dialog)

    def mark_seen(self, entry_id: str) -> None:
        self.marks.seen.add(entry_id)
        self.user_data.mark_seen(entry_id, self._report_dialog)

    def save_note(self, entry_id: str, text: str) -> None:
        """Queue the note for the store, then for the index (notes are searchable)."""
        base = self.marks.notes.get(entry_id, "")
        if base == text:
            return
        self.marks.notes[entry_id] = text
        self.user_data.save_note(entry_id, text, base,
                                 lambda saved: self._on_note_saved(entry_id, saved),
                                 self._report_dialog)
        self._index_note(entry_id, text)

    def _on_note_saved(self, entry_id: str, saved: NoteSaved) -> None:
        if not saved.written:
            self.sigNoteNotSaved.emit(entry_id)
            return
        self.sigNoteSaved.emit(entry_id)
        if saved.conflict is not None:
            self.sigNoteMerged.emit(entry_id, saved.conflict.merged)

    def accept_merged_note(self, entry_id: str, merged: str) -> None:
        """The window shows the merged note: the next save is typed over it."""
        self.marks.notes[entry_id] = merged
        self._index_note(entry_id, merged)

    def _index_note(self, entry_id: str, text: str) -> None:
        index = self.index
        if index is not None:
            self.search_worker.submit(lambda: index.update_note(entry_id, text), None,
                                      self._report_status)

    # -- shutdown ----------------------------------------------------------------------
    def close(self) -> None:
        """Finish the queued writes to the user's file and close it; let the search
        thread go without waiting for it.

        The user's data must reach the disk, and those writes take milliseconds. The
        search index is a cache: a build still running when the
        window closes (seconds; that was most of a 2.5 s quit) is cancelled and
        abandoned, and a half-built index is never used (it is built beside the real
        one and swept next time). The index is closed on its own thread, after the
        query it may be running.
        """
        if self._closed:
            return
        self._closed = True
        self._cancel.set()
        index = self.index
        if index is not None:
            self.search_worker.submit(index.close, None, _log_close_failure)
        self.search_worker.close(timeout=0)
        self.user_data.close()


def _log_close_failure(exc: BaseException) -> None:
    log.warning("closing the search index: %s", exc)  # best effort; it is a cache
