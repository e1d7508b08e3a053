"""The window's connection to the core: corpus, user store and search index.

Everything slow or disk-bound runs off the GUI thread: the corpus loads on the pool,
the store lives on its own single writer thread (Anki's taskman shape: writes in order,
one connection), and the search index on another (opening, building, queries, note
updates). Results come back as signals; the window never waits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from interview_desk.corpus.model import Corpus, Entry
from interview_desk.errors import DeskError, SearchError
from interview_desk.ui.runtime.marks import Marks
from interview_desk.ui.runtime.workers import SerialWorker, run_in_pool

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

    def __init__(self, store_path: Path | None = None,
                 corpus_loader: Callable[[], Corpus] = _load_corpus) -> None:
        super().__init__()
        self._store_path = store_path
        self._corpus_loader = corpus_loader
        self.store_worker = SerialWorker("store-writer")
        self.search_worker = SerialWorker("search")
        self.corpus: Corpus | None = None
        self.marks = Marks()
        self.marks_loaded = False
        self.index: Any = None
        self.index_state = INDEX_WAITING
        self._store: Any = None
        self._closed = False
        self._cancel = threading.Event()  # stops an index build when the window closes

    # -- start-up --------------------------------------------------------------------
    def start(self) -> None:
        """Begin loading; called once the window is on screen."""
        run_in_pool(self._corpus_loader, self._on_corpus_loaded, self._on_corpus_failed)
        self.store_worker.submit(self._open_store, self._on_store_opened,
                                 self._on_store_failed)

    def reload_corpus(self) -> None:
        """Read the corpus again (a folder was added) and open the index for it; the
        search worker is serial, so the new index replaces any older one."""
        def loaded(corpus: Corpus) -> None:
            if self._closed:
                return
            self.index_state = INDEX_WAITING
            self._on_corpus_loaded(corpus)

        run_in_pool(self._corpus_loader, loaded, self._on_corpus_failed)

    def _on_corpus_loaded(self, corpus: Corpus) -> None:
        self.corpus = corpus
        for warning in corpus.warnings:
            log.warning("corpus: %s", warning)
        self.sigCorpusLoaded.emit(corpus)
        self._maybe_open_index()

    def _on_corpus_failed(self, exc: BaseException) -> None:
        self.sigErrorRaised.emit(exc, "dialog")

    def _open_store(self) -> tuple[str | None, Marks]:
        from interview_desk.store import UserStore

        self._store = UserStore.open(self._store_path)
        progress = self._store.progress_all()
        marks = Marks(
            bookmarked=set(self._store.bookmarks()),
            seen={k for k, p in progress.items() if p.seen},
            known={k for k, p in progress.items() if p.known},
            notes=self._store.notes(),
        )
        return self._store.recovery_message, marks

    def _on_store_opened(self, result: tuple[str | None, Marks]) -> None:
        recovery, marks = result
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
        self.marks_loaded = True  # carry on without saved marks; the user is told why
        self.sigErrorRaised.emit(exc, "dialog")
        self._maybe_open_index()

    def _maybe_open_index(self) -> None:
        if self.corpus is None or not self.marks_loaded or self.index_state != INDEX_WAITING:
            return
        from interview_desk.search import SearchIndex  # Whoosh + jieba: off the start path

        corpus, notes = self.corpus, dict(self.marks.notes)
        self._set_index_state(INDEX_OPENING)
        # on_progress runs on the search thread; the signal is queued to the GUI thread.
        self.search_worker.submit(
            lambda: SearchIndex.open(corpus, notes=notes, cancel=self._cancel,
                                     on_progress=self.sigIndexProgressed.emit),
            self._on_index_opened, self._on_index_failed)

    def _on_index_opened(self, index: Any) -> None:
        self.index = index
        self._set_index_state(INDEX_READY)
        reason = index.rebuilt_reason
        if reason:
            self.sigNoticeRaised.emit(reason)

    def _on_index_failed(self, exc: BaseException) -> None:
        self._set_index_state(INDEX_FAILED)
        if not self._closed:
            self.sigErrorRaised.emit(exc, "status")

    def _set_index_state(self, state: str) -> None:
        self.index_state = state
        self.sigIndexStateChanged.emit(state)

    @property
    def store(self) -> Any:
        """The open UserStore (thread-safe), or None; GUI code writes through ``_write``."""
        return self._store

    # -- queries (results arrive on the GUI thread) ---------------------------------
    def entry(self, entry_id: str) -> Entry | None:
        return self.corpus.get(entry_id) if self.corpus is not None else None

    def run_search(self, job: Callable[[Any], Any], on_done: Callable[[Any], None],
                   on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``job(index)`` on the search thread."""
        if self.index is None:
            raise SearchError("the search index is not ready yet")
        index = self.index
        self.search_worker.submit(lambda: job(index), on_done,
                                  on_error or self._report_status)

    def _report_status(self, exc: BaseException) -> None:
        self.sigErrorRaised.emit(exc, "status")

    # -- writes: marks change here at once, the store follows in order ---------------
    def _write(self, fn: Callable[[Any], None]) -> None:
        def job() -> None:
            if self._store is not None:
                fn(self._store)

        self.store_worker.submit(job, None, self._report_dialog)

    def _report_dialog(self, exc: BaseException) -> None:
        self.sigErrorRaised.emit(exc, "dialog")

    def set_bookmark(self, entry_id: str, on: bool) -> None:
        (self.marks.bookmarked.add if on else self.marks.bookmarked.discard)(entry_id)
        self._write(lambda s: s.set_bookmark(entry_id, on))

    def set_known(self, entry_id: str, known: bool) -> None:
        (self.marks.known.add if known else self.marks.known.discard)(entry_id)
        if known:
            self.marks.seen.add(entry_id)
        self._write(lambda s: s.set_known(entry_id, known))

    def mark_seen(self, entry_id: str) -> None:
        self.marks.seen.add(entry_id)
        self._write(lambda s: s.mark_seen(entry_id))

    def save_note(self, entry_id: str, text: str) -> None:
        """Queue the note for the store, then for the index (notes are searchable)."""
        if self.marks.notes.get(entry_id, "") == text:
            return
        self.marks.notes[entry_id] = text

        def job() -> None:
            if self._store is not None:
                self._store.save_note(entry_id, text)

        self.store_worker.submit(job, lambda _: self.sigNoteSaved.emit(entry_id),
                                 self._report_dialog)
        index = self.index
        if index is not None:
            self.search_worker.submit(lambda: index.update_note(entry_id, text), None,
                                      self._report_status)

    # -- shutdown ----------------------------------------------------------------------
    def close(self) -> None:
        """Finish queued writes, then close the store and the index."""
        if self._closed:
            return
        self._closed = True
        self._cancel.set()
        self.search_worker.close()

        def close_store() -> None:
            if self._store is not None:
                self._store.close()

        self.store_worker.submit(close_store)
        self.store_worker.close()
        if self.index is not None:
            try:
                self.index.close()
            except Exception:  # closing is best effort; the index is a cache
                log.exception("closing the search index")
